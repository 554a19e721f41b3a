import { type AlertKind, type Lang, mediationLabel } from '@anju/contracts';
import { shanghaiClock } from '../../platform/time.ts';
import { alertsMessages as m } from './messages.ts';

/** What the one-line title of an alert is made from (names already masked for the viewer). */
export interface TitleFacts {
  kind: AlertKind;
  count: number;
  gateName: string | null;
  personName: string | null;
  roomLabel: string | null;
  firstAt: Date;
  data: Record<string, unknown>;
  /** police side: the wording may say "关注人员"; the property desk gets a neutral wording */
  policeSide: boolean;
}

type Key = keyof typeof m.entries;
/** A catalogue key built from a code (`reason.unknown_card`), when the catalogue has it. */
const known = (key: string): Key | null => (Object.hasOwn(m.entries, key) ? (key as Key) : null);
/** The text of a key that takes no parameters. */
const plain = (lang: Lang, key: Key): string => (m.text as (l: Lang, k: Key) => string)(lang, key);

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

type Unit = 'minute' | 'hour' | 'day' | 'time';
/** "10 分钟" / "1 minute", "3 minutes". */
const units = (lang: Lang, n: number, unit: Unit): string =>
  m.text(lang, n === 1 ? `unit.${unit}` : `unit.${unit}s`, { n });

function who(lang: Lang, f: TitleFacts): string {
  const name = f.personName ?? m.text(lang, 'title.unknownPerson');
  return f.roomLabel ? m.text(lang, 'title.who', { name, room: f.roomLabel }) : name;
}

const gateOf = (lang: Lang, f: TitleFacts) => f.gateName ?? m.text(lang, 'title.gate');

function verb(lang: Lang, direction: unknown): string {
  return m.text(lang, direction === 'in' ? 'title.in' : direction === 'out' ? 'title.out' : 'title.through');
}

/** Why a lock controller call failed (relay-failures.ts `cause`), in a few words. */
function relayCause(lang: Lang, d: Record<string, unknown>): string {
  if (d.cause === 'http') {
    const status = num(d.statusCode);
    return status === null ? m.text(lang, 'cause.httpError') : m.text(lang, 'cause.http', { status });
  }
  return plain(lang, known(`cause.${String(d.cause)}`) ?? 'cause.other');
}

/**
 * The alert's title, built at read time for each viewer from the stored facts (nothing of it is
 * stored), in the viewer's language: Chinese, the console's first language, unless the viewer
 * asked for English. Outbound notifications (channels.ts) always use the Chinese one.
 */
export function alertTitle(f: TitleFacts, lang: Lang = 'zh-CN'): string {
  const gate = gateOf(lang, f);
  const time = shanghaiClock(f.firstAt).hhmm;
  switch (f.kind) {
    case 'watch_match':
      return m.text(lang, f.policeSide ? 'title.watchMatch' : 'title.watchMatchNeutral', {
        who: who(lang, f),
        time,
        verb: verb(lang, f.data.direction),
        gate,
      });
    case 'stranger':
      return f.count > 1
        ? m.text(lang, 'title.strangers', {
            gate,
            window: units(lang, num(f.data.windowMinutes) ?? 10, 'minute'),
            times: units(lang, f.count, 'time'),
          })
        : m.text(lang, 'title.stranger', { gate });
    case 'repeated_denial': {
      const code = str(f.data.reason);
      const reasonKey = code ? known(`reason.${code}`) : null;
      const reason = reasonKey ? plain(lang, reasonKey) : (code ?? m.text(lang, 'title.refused'));
      const method = plain(lang, known(`method.${str(f.data.method) ?? ''}`) ?? 'method.other');
      const subject = f.personName
        ? m.text(lang, 'title.subjectOf', { who: who(lang, f), method })
        : m.text(lang, 'title.subjectUnregistered', { method });
      return m.text(lang, 'title.repeatedDenial', {
        gate,
        subject,
        window: units(lang, num(f.data.windowMinutes) ?? 10, 'minute'),
        times: units(lang, f.count, 'time'),
        reason,
      });
    }
    case 'expired_tenant':
      return f.count > 1
        ? m.text(lang, 'title.expiredTenantRepeated', { who: who(lang, f), gate, count: f.count })
        : m.text(lang, 'title.expiredTenant', { who: who(lang, f), gate });
    case 'tenancy_expiring': {
      const count = num(f.data.total) ?? f.count;
      const within = units(lang, num(f.data.withinDays) ?? 7, 'day');
      return m.text(lang, count === 1 ? 'title.tenancyExpiring' : 'title.tenanciesExpiring', {
        count,
        within,
      });
    }
    case 'elderly_not_seen':
      return m.text(lang, 'title.elderlyNotSeen', {
        who: who(lang, f),
        hours: units(lang, num(f.data.hours) ?? 48, 'hour'),
      });
    case 'gate_offline':
      return m.text(lang, 'title.gateOffline', {
        gate,
        minutes: units(lang, num(f.data.minutes) ?? 10, 'minute'),
      });
    case 'emergency_release': {
      const reason = str(f.data.reason);
      const ended = f.data.open === false;
      if (reason)
        return m.text(lang, ended ? 'title.emergencyEndedWhy' : 'title.emergencyStartedWhy', { reason });
      return m.text(lang, ended ? 'title.emergencyEnded' : 'title.emergencyStarted');
    }
    case 'manual_open': {
      const operator = str(f.data.operatorName);
      const reason = str(f.data.reason);
      if (operator && reason) return m.text(lang, 'title.manualOpenByWhy', { gate, operator, reason });
      if (operator) return m.text(lang, 'title.manualOpenBy', { gate, operator });
      if (reason) return m.text(lang, 'title.manualOpenWhy', { gate, reason });
      return m.text(lang, 'title.manualOpen', { gate });
    }
    case 'relay_failed': {
      const what = m.text(
        lang,
        f.data.action === 'hold'
          ? 'title.relayHold'
          : f.data.action === 'release'
            ? 'title.relayRelease'
            : 'title.relayOpen',
      );
      const cause = relayCause(lang, f.data);
      return f.count > 1
        ? m.text(lang, 'title.relayFailedRepeated', {
            gate,
            what,
            cause,
            times: units(lang, f.count, 'time'),
          })
        : m.text(lang, 'title.relayFailed', { gate, what, cause });
    }
    case 'correction_request': {
      const field = plain(
        lang,
        known(`correctionField.${str(f.data.field) ?? ''}`) ?? 'correctionField.unknown',
      );
      return m.text(lang, 'title.correction', { who: who(lang, f), field });
    }
    case 'mediation_no_agreement':
    case 'mediation_overdue':
    case 'mediation_term_overdue':
    case 'mediation_judicial_due':
      return mediationTitle(lang, f);
    default:
      return String(f.kind);
  }
}

/** Mediation alerts carry the case's serial and type (no party names) in `data`. */
function mediationTitle(lang: Lang, f: TitleFacts): string {
  const serial = str(f.data.serial) ?? '';
  const type = mediationLabel(lang, 'type', str(f.data.type) ?? 'other');
  switch (f.kind) {
    case 'mediation_no_agreement':
      return m.text(lang, 'title.mediationNoAgreement', { serial, type });
    case 'mediation_overdue': {
      const deadline = plain(
        lang,
        known(`mediationDeadline.${str(f.data.deadline) ?? ''}`) ?? 'mediationDeadline.conclude',
      );
      return m.text(lang, 'title.mediationOverdue', { serial, type, deadline });
    }
    case 'mediation_term_overdue':
      return m.text(lang, 'title.mediationTermOverdue', {
        serial,
        seq: num(f.data.seq) ?? 1,
        dueOn: str(f.data.dueOn) ?? '',
      });
    default:
      return m.text(lang, 'title.mediationJudicialDue', { serial, deadline: str(f.data.deadline) ?? '' });
  }
}
