import {
  ACCESS_REASONS,
  type AccessReason,
  type AlertKind,
  CORRECTION_FIELD_LABELS,
  type CorrectionField,
} from '@anju/contracts';
import { prefersEnglish } from '../../platform/error-messages-en.ts';
import { shanghaiClock } from '../../platform/time.ts';

/** The language of a viewer's titles: English for a caller sending Accept-Language: en…. */
export type TitleLang = 'zh-CN' | 'en';

export const titleLangOf = (acceptLanguage: string | string[] | undefined): TitleLang =>
  prefersEnglish(acceptLanguage) ? 'en' : 'zh-CN';

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

const METHOD_LABELS: Record<string, string> = {
  face: '人脸',
  card: '门禁卡',
  qr: '二维码',
  pin: '密码',
  visitor: '访客码',
  manual: '人工开门',
  emergency: '紧急放行',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function who(f: TitleFacts): string {
  const name = f.personName ?? '未知人员';
  return f.roomLabel ? `${name}（${f.roomLabel}）` : name;
}

function verb(direction: unknown): string {
  return direction === 'in' ? '进入' : direction === 'out' ? '离开' : '通过';
}

/**
 * The alert's title, built at read time for each viewer from the stored facts (nothing of it is
 * stored): Chinese, the console's first language, unless the viewer asked for English. Outbound
 * notifications (channels.ts) always use the Chinese one.
 */
export function alertTitle(f: TitleFacts, lang: TitleLang = 'zh-CN'): string {
  if (lang === 'en') return EN_TITLES[f.kind]?.(f) ?? String(f.kind);
  const gate = f.gateName ?? '门禁';
  const hhmm = shanghaiClock(f.firstAt).hhmm;
  switch (f.kind) {
    case 'watch_match':
      return f.policeSide
        ? `关注人员 ${who(f)} ${hhmm} ${verb(f.data.direction)}${gate}`
        : `人员核查：${who(f)} ${hhmm} ${verb(f.data.direction)}${gate}`;
    case 'stranger':
      return f.count > 1
        ? `陌生人员：${gate} ${num(f.data.windowMinutes) ?? 10} 分钟内 ${f.count} 次出现未登记人脸`
        : `陌生人员：${gate} 出现未登记人脸`;
    case 'repeated_denial': {
      const reason = ACCESS_REASONS[str(f.data.reason) as AccessReason] ?? str(f.data.reason) ?? '被拒';
      const method = METHOD_LABELS[str(f.data.method) ?? ''] ?? '凭证';
      const subject = f.personName ? `${who(f)}的${method}` : `未登记${method}`;
      return `多次被拒：${gate} ${subject} ${num(f.data.windowMinutes) ?? 10} 分钟内 ${f.count} 次（${reason}）`;
    }
    case 'expired_tenant':
      return `合同已到期：${who(f)} 在${gate}尝试通行${f.count > 1 ? `（${f.count} 次）` : ''}，请通知其到警务室重新登记`;
    case 'tenancy_expiring':
      return `${num(f.data.total) ?? f.count} 份租赁合同将在 ${num(f.data.withinDays) ?? 7} 天内到期`;
    case 'elderly_not_seen':
      return `独居老人 ${who(f)} 已超过 ${num(f.data.hours) ?? 48} 小时未经过门禁，请上门关怀`;
    case 'gate_offline':
      return `门禁离线：${gate} 超过 ${num(f.data.minutes) ?? 10} 分钟无心跳`;
    case 'emergency_release':
      return f.data.open === false
        ? `已解除紧急放行${str(f.data.reason) ? `：${str(f.data.reason)}` : ''}`
        : `已开启紧急放行（所有门常开）${str(f.data.reason) ? `：${str(f.data.reason)}` : ''}`;
    case 'manual_open':
      return `人工开门：${gate}${str(f.data.operatorName) ? `（${str(f.data.operatorName)}` : '（'}${str(f.data.reason) ? `：${str(f.data.reason)}` : ''}）`;
    case 'relay_failed': {
      const what =
        f.data.action === 'hold'
          ? '紧急放行保持开门失败'
          : f.data.action === 'release'
            ? '解除紧急放行失败'
            : '开门失败';
      return `门锁控制器故障：${gate} ${what}（${relayCauseZh(f.data)}）${f.count > 1 ? `，共 ${f.count} 次` : ''}`;
    }
    case 'correction_request':
      return `更正申请：${who(f)} 申请更正「${CORRECTION_FIELD_LABELS[str(f.data.field) as CorrectionField] ?? '登记信息'}」`;
    default:
      return String(f.kind);
  }
}

/** Why a lock controller call failed (relay-failures.ts `cause`), in a few words. */
function relayCauseZh(d: Record<string, unknown>): string {
  switch (d.cause) {
    case 'http':
      return `HTTP ${num(d.statusCode) ?? '错误'}`;
    case 'timeout':
      return '无响应';
    case 'refused':
      return '连接被拒绝';
    case 'unreachable':
      return '网络不通';
    case 'dns':
      return '地址无法解析';
    case 'blocked':
      return '地址不允许调用';
    default:
      return '无法连接';
  }
}

function relayCauseEn(d: Record<string, unknown>): string {
  switch (d.cause) {
    case 'http':
      return `HTTP ${num(d.statusCode) ?? 'error'}`;
    case 'timeout':
      return 'no answer';
    case 'refused':
      return 'connection refused';
    case 'unreachable':
      return 'network unreachable';
    case 'dns':
      return 'address not found';
    case 'blocked':
      return 'address not allowed';
    default:
      return 'cannot connect';
  }
}

// ---------------------------------------------------------------------------------------------
// English. Typed by kind, so a new alert kind does not compile without its English title.

/** Reason codes in English: short forms of the console's access-trail words (web access/labels.ts). */
const EN_REASONS: Record<AccessReason, string> = {
  resident: 'welcome home',
  visitor: 'visitor',
  manual: 'opened by staff',
  emergency_release: 'emergency release',
  unknown_face: 'face not registered',
  no_face: 'no face seen',
  poor_quality: 'poor image quality',
  face_too_small: 'face too small',
  liveness_failed: 'liveness check failed',
  ambiguous_match: 'uncertain match',
  invalid_image: 'invalid image',
  engine_error: 'recognition unavailable',
  unknown_card: 'card not registered',
  card_revoked: 'card cancelled',
  invalid_pin: 'wrong PIN',
  qr_invalid: 'invalid QR code',
  qr_expired: 'QR code expired',
  qr_replayed: 'QR code already used',
  person_inactive: 'person record inactive',
  no_residency: 'no residence on file',
  moved_out: 'moved out',
  tenancy_expired: 'tenancy expired',
  credential_expired: 'credential expired',
  credential_not_yet_valid: 'credential not yet valid',
  gate_not_allowed: 'not allowed through this gate',
  outside_schedule: 'closed at this time',
  gate_inactive: 'gate out of service',
  visitor_pass_expired: 'visitor pass expired',
  visitor_pass_not_yet_valid: 'visitor pass not yet valid',
  visitor_pass_used_up: 'visitor pass used up',
  visitor_pass_revoked: 'visitor pass cancelled',
  visitors_not_allowed: 'no visitors through this gate',
};

const EN_METHODS: Record<string, string> = {
  face: 'face',
  card: 'card',
  qr: 'QR code',
  pin: 'PIN',
  visitor: 'visitor code',
  manual: 'manual opening',
  emergency: 'emergency release',
};

/** "1 minute", "3 minutes". */
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

function whoEn(f: TitleFacts): string {
  const name = f.personName ?? 'Unknown person';
  return f.roomLabel ? `${name} (${f.roomLabel})` : name;
}

const gateEn = (f: TitleFacts) => f.gateName ?? 'the gate';

function passedEn(f: TitleFacts): string {
  const d = f.data.direction;
  const how = d === 'in' ? 'entered through' : d === 'out' ? 'left through' : 'passed';
  return `${how} ${gateEn(f)} at ${shanghaiClock(f.firstAt).hhmm}`;
}

const EN_CORRECTION_FIELDS: Record<CorrectionField, string> = {
  name: 'name',
  idNumber: 'ID number',
  gender: 'gender',
  ethnicity: 'ethnic group',
  phone: 'mobile number',
  hukouAddress: 'household registration address',
  hukouRegionCode: 'household registration region code',
  workplace: 'workplace or school',
  emergencyContactName: 'emergency contact',
  emergencyContactPhone: 'emergency contact phone',
  vehiclePlates: 'licence plates',
  residency: 'residence details',
  tenancy: 'tenancy details',
  other: 'record',
};

const EN_TITLES: Record<AlertKind, (f: TitleFacts) => string> = {
  watch_match: (f) =>
    f.policeSide
      ? `Person of interest ${whoEn(f)} ${passedEn(f)}`
      : `Person check: ${whoEn(f)} ${passedEn(f)}`,
  stranger: (f) =>
    f.count > 1
      ? `Stranger: unregistered face seen ${f.count} times at ${gateEn(f)} within ${plural(num(f.data.windowMinutes) ?? 10, 'minute')}`
      : `Stranger: unregistered face at ${gateEn(f)}`,
  repeated_denial: (f) => {
    const code = str(f.data.reason);
    const reason = (code ? EN_REASONS[code as AccessReason] : undefined) ?? code ?? 'refused';
    const method = EN_METHODS[str(f.data.method) ?? ''] ?? 'credential';
    const subject = f.personName ? `${whoEn(f)}'s ${method}` : `unregistered ${method}`;
    return `Repeated refusals: ${subject} at ${gateEn(f)}, ${plural(f.count, 'time')} within ${plural(num(f.data.windowMinutes) ?? 10, 'minute')} (${reason})`;
  },
  expired_tenant: (f) =>
    `Tenancy expired: ${whoEn(f)} tried to pass ${gateEn(f)}${f.count > 1 ? ` (${f.count} times)` : ''}; ask them to register again at the police office`,
  tenancy_expiring: (f) => {
    const n = num(f.data.total) ?? f.count;
    const days = num(f.data.withinDays) ?? 7;
    return `${n} ${n === 1 ? 'tenancy ends' : 'tenancies end'} within ${plural(days, 'day')}`;
  },
  elderly_not_seen: (f) =>
    `Elderly resident living alone ${whoEn(f)} has not passed a gate for over ${plural(num(f.data.hours) ?? 48, 'hour')}; please visit`,
  gate_offline: (f) =>
    `Gate offline: no heartbeat from ${gateEn(f)} for over ${plural(num(f.data.minutes) ?? 10, 'minute')}`,
  emergency_release: (f) => {
    const why = str(f.data.reason);
    return f.data.open === false
      ? `Emergency release ended${why ? `: ${why}` : ''}`
      : `Emergency release started (all doors held open)${why ? `: ${why}` : ''}`;
  },
  manual_open: (f) => {
    const parts = [str(f.data.operatorName), str(f.data.reason)].filter(Boolean);
    return `Manual opening: ${gateEn(f)}${parts.length ? ` (${parts.join(': ')})` : ''}`;
  },
  relay_failed: (f) => {
    const what =
      f.data.action === 'hold'
        ? 'emergency hold-open failed'
        : f.data.action === 'release'
          ? 'ending the emergency hold failed'
          : 'door opening failed';
    return `Door controller failure: ${gateEn(f)}, ${what} (${relayCauseEn(f.data)})${f.count > 1 ? `, ${plural(f.count, 'time')}` : ''}`;
  },
  correction_request: (f) =>
    `Correction request: ${whoEn(f)} asks to correct their ${EN_CORRECTION_FIELDS[str(f.data.field) as CorrectionField] ?? 'record'}`,
};
