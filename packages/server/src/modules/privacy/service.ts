import { and, count, eq, ne, sql } from 'drizzle-orm';
import {
  alertLabel,
  ALERT_KINDS,
  type AlertKind,
  can,
  CORRECTION_DESKS,
  type Correction,
  type CorrectionDetail,
  correctionPatch,
  type CorrectionField,
  type correctionDecisionSchema,
  type correctionInputSchema,
  type Lang,
  maskIdNumber,
  messageFromRef,
  SUBJECT_EXPORT_FORMAT,
  type SubjectExport,
} from '@anju/contracts';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { appendAudit, type AuditActor } from '../../platform/audit/service.ts';
import type { UserAuth } from '../../platform/auth/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { conflict, HttpError, notFound } from '../../platform/errors.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { personInSites } from '../access/credentials.ts';
import { siteAccessSettings } from '../access/gates.ts';
import { subjectAccessRecord } from '../access/subject.ts';
import { resolve, viewerOf } from '../alerts/lifecycle.ts';
import { afterCommit } from '../alerts/pipeline.ts';
import { alerts } from '../alerts/schema.ts';
import {
  ALERT_LOCK_ID,
  type AlertRow,
  alertsAboutPerson,
  canSee,
  createAlert,
  toViews,
  withAlertWrite,
} from '../alerts/store.ts';
import type { RegistryCaller } from '../registry/caller.ts';
import { type PersonPatchParsed, updatePerson } from '../registry/persons.ts';
import { subjectRegistryRecord } from '../registry/subject.ts';
import { privacyModuleMessages as m } from './messages.ts';

/**
 * Alerts that name a person are disclosed to them, except watch-rule matches (布控): telling the
 * watched person would defeat a police measure of public security, which PIPL Art. 18 and 35
 * exempt from notification. Built-in operational alerts (a lapsed tenancy at the gate, repeated
 * refusals, the elderly-care check, door events) are the compound's handling of the person and
 * are shown with kind, time, gate and status — not the staff's working notes on them.
 */
export const WITHHELD_ALERT_KINDS: readonly AlertKind[] = ['watch_match'];
const DISCLOSED_ALERT_KINDS = ALERT_KINDS.filter((k) => !WITHHELD_ALERT_KINDS.includes(k));

/** At most this many corrections of one person open at once (a desk is not flooded). */
export const MAX_OPEN_CORRECTIONS = 10;

/** What a correction alert stores: which field, and the value and note sealed (they may be an ID number). */
interface CorrectionData {
  field: CorrectionField;
  proposedValueEnc: string;
  noteEnc: string | null;
  outcome?: 'accepted' | 'rejected';
  applied?: boolean;
}

const dataOf = (row: AlertRow) => row.data as unknown as CorrectionData;
const open = (ctx: AppContext, sealed: string) => ctx.keyring.decrypt('correction', sealed).toString('utf8');

function toCorrection(ctx: AppContext, row: AlertRow): Correction {
  const d = dataOf(row);
  return {
    id: row.id,
    field: d.field,
    proposedValue: open(ctx, d.proposedValueEnc),
    note: d.noteEnc ? open(ctx, d.noteEnc) : null,
    desk: row.desk,
    status:
      row.status === 'new'
        ? 'pending'
        : row.status === 'acknowledged'
          ? 'in_progress'
          : (d.outcome ?? 'closed'),
    createdAt: row.firstAt.toISOString(),
    decidedAt: row.resolvedAt?.toISOString() ?? null,
    decisionNote: row.resolution,
    applied: d.applied === true,
  };
}

// ---------------------------------------------------------------------------------------------
// The subject export

export type ExportRequester =
  | { kind: 'self' }
  | { kind: 'counter'; staffName: string; requesterNote: string };

/** The sections of the file, named in the audit entry of every export. */
const SECTIONS = [
  'person',
  'idNumber',
  'phone',
  'residencies',
  'households',
  'tenancies',
  'visits',
  'consents',
  'credentials',
  'faceTemplates',
  'visitorPasses',
  'accessLog',
  'alerts',
  'corrections',
];

/**
 * The wording of what this module stores for staff to read later — audit purposes, the visit
 * record of an applied correction — is Chinese, whoever's request wrote it: the audit log is the
 * office's hash-chained legal record, its readers (police, administrators) read the office's
 * language, and the purposes beside these are typed by staff in Chinese.
 */
const STORED: Lang = 'zh-CN';

/**
 * Everything held about one person and their household, as one file (PIPL Art. 45), written to
 * the audit log with who asked, for whom and why. `siteIds`: the sites the caller may see (a
 * person elsewhere is 404). `lang`: the language of the one who asked for the file (its legal
 * basis and notes are written in it).
 */
export async function subjectExport(
  ctx: AppContext,
  actor: AuditActor,
  siteIds: string[],
  personId: string,
  requester: ExportRequester,
  lang: Lang = 'zh-CN',
): Promise<SubjectExport> {
  const now = ctx.now();
  const registry = await subjectRegistryRecord(
    ctx.db,
    ctx.keyring,
    siteIds,
    personId,
    shanghaiDate(now),
    lang,
  );
  const siteId = registry.site.id;
  const [access, alertRows, settings] = await Promise.all([
    subjectAccessRecord(ctx.db, [siteId], personId, lang),
    alertsAboutPerson(ctx.db, personId, [siteId], DISCLOSED_ALERT_KINDS),
    siteAccessSettings(ctx.db, siteId),
  ]);
  const operational = alertRows.filter((r) => r.kind !== 'correction_request');
  const views = await toViews(ctx.db, operational, null);
  const file: SubjectExport = {
    format: SUBJECT_EXPORT_FORMAT,
    version: 1,
    generatedAt: now.toISOString(),
    legalBasis: m.text(lang, 'export.legalBasis'),
    requestedBy:
      requester.kind === 'self'
        ? { kind: 'self', staffName: null, requesterNote: null }
        : { kind: 'counter', staffName: requester.staffName, requesterNote: requester.requesterNote },
    site: registry.site,
    person: registry.person,
    residencies: registry.residencies,
    households: registry.households,
    tenancies: registry.tenancies,
    visits: registry.visits,
    ...access,
    alerts: views.map((v) => ({
      kind: v.kind,
      kindLabel: alertLabel(lang, 'kind', v.kind),
      firstAt: v.firstAt,
      lastAt: v.lastAt,
      count: v.count,
      statusLabel: alertLabel(lang, 'status', v.status),
      gateName: v.gateName,
    })),
    corrections: alertRows.filter((r) => r.kind === 'correction_request').map((r) => toCorrection(ctx, r)),
    notes: [
      m.text(lang, 'export.note.contents'),
      m.text(lang, 'export.note.otherMembers'),
      m.text(lang, 'export.note.credentials'),
      m.text(lang, 'export.note.withheld'),
      m.text(lang, 'export.note.retention', { days: settings.accessEventDays }),
      m.text(lang, 'export.note.corrections'),
    ],
  };
  await appendAudit(ctx.db, actor, {
    action: 'privacy.subject_export',
    subjectType: 'person',
    subjectId: personId,
    siteId,
    fields: SECTIONS,
    purpose:
      requester.kind === 'self'
        ? m.text(STORED, 'audit.selfExport')
        : m.text(STORED, 'audit.counterExport', { note: requester.requesterNote }),
  });
  return file;
}

// ---------------------------------------------------------------------------------------------
// Correction requests

/** 409 for an account that no registered person is linked to. */
export function linkedPerson(auth: UserAuth): string {
  if (!auth.personId) throw new HttpError(409, 'no_person_linked', m.msg('noPersonLinked'));
  return auth.personId;
}

/** A resident asks for a correction: an alert of kind correction_request to the desk that keeps the field. */
export async function fileCorrection(
  ctx: AppContext,
  auth: UserAuth,
  actor: AuditActor,
  input: z.output<typeof correctionInputSchema>,
): Promise<Correction> {
  const person = await personInSites(ctx.db, auth.siteIds, linkedPerson(auth));
  const now = ctx.now();
  const write = await withAlertWrite(ctx.db, now, async (w) => {
    const [pending] = await w.db
      .select({ n: count() })
      .from(alerts)
      .where(
        and(
          eq(alerts.personId, person.id),
          eq(alerts.kind, 'correction_request'),
          ne(alerts.status, 'resolved'),
        ),
      );
    if ((pending?.n ?? 0) >= MAX_OPEN_CORRECTIONS) {
      throw conflict('too_many_corrections', m.msg('tooManyCorrections', { max: MAX_OPEN_CORRECTIONS }));
    }
    const data: CorrectionData = {
      field: input.field,
      proposedValueEnc: ctx.keyring.encrypt('correction', input.proposedValue),
      noteEnc: input.note ? ctx.keyring.encrypt('correction', input.note) : null,
    };
    const row = await createAlert(
      w,
      {
        siteId: person.siteId,
        kind: 'correction_request',
        level: 'info',
        desk: CORRECTION_DESKS[input.field],
        at: now,
        personId: person.id,
        data: data as unknown as Record<string, unknown>,
      },
      { id: auth.userId, name: auth.displayName },
    );
    await appendAudit(w.db, actor, {
      action: 'privacy.correction_request',
      subjectType: 'person',
      subjectId: person.id,
      siteId: person.siteId,
      fields: [input.field],
    });
    return row;
  });
  await afterCommit(ctx, write);
  return toCorrection(ctx, write.result);
}

/** The resident's own correction requests, newest first. */
export async function myCorrections(ctx: AppContext, auth: UserAuth): Promise<Correction[]> {
  const rows = await alertsAboutPerson(ctx.db, linkedPerson(auth), auth.siteIds, ['correction_request']);
  return rows.map((r) => toCorrection(ctx, r));
}

/** A correction alert the staff member may see (their sites; the property desk only its own desk's). */
async function visibleCorrection(db: Db, auth: UserAuth, alertId: string): Promise<AlertRow> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, alertId));
  if (row?.kind !== 'correction_request' || !row.personId || !canSee(viewerOf(auth), row)) {
    throw notFound(m.msg('correctionNotFound'));
  }
  return row;
}

/** Values that reveal an ID number stay masked for roles that see ID numbers masked. */
function proposedFor(auth: UserAuth, field: CorrectionField, value: string): string {
  if (can(auth.role, 'registry.fullIdNumber')) return value;
  if (field === 'idNumber') return maskIdNumber(value);
  if (field === 'hukouRegionCode') return `${value.slice(0, 4)}**`;
  return value;
}

async function detailOf(
  ctx: AppContext,
  auth: UserAuth,
  row: AlertRow,
  lang: Lang | undefined,
): Promise<CorrectionDetail> {
  const [view] = await toViews(ctx.db, [row], viewerOf(auth, lang));
  const c = toCorrection(ctx, row);
  return {
    ...c,
    proposedValue: proposedFor(auth, c.field, c.proposedValue),
    personId: row.personId!,
    personName: view!.personName ?? '',
    roomLabel: view!.roomLabel,
    applicable: correctionPatch(c.field, c.proposedValue) !== null,
  };
}

/** A correction as its desk sees it; the read is audited (it shows what the person asked for). */
export async function correctionDetail(
  ctx: AppContext,
  auth: UserAuth,
  actor: AuditActor,
  alertId: string,
  lang?: Lang,
): Promise<CorrectionDetail> {
  const row = await visibleCorrection(ctx.db, auth, alertId);
  const detail = await detailOf(ctx, auth, row, lang);
  await appendAudit(ctx.db, actor, {
    action: 'privacy.correction_read',
    subjectType: 'person',
    subjectId: row.personId!,
    siteId: row.siteId,
    fields: [detail.field],
  });
  return detail;
}

/**
 * The desk decides: accepted (optionally writing the proposed value into the record through the
 * registry's own edit, with its checks, visit record and audit) or rejected with a reason. The
 * record change and the alert's resolution commit together, or neither does.
 */
export async function decideCorrection(
  ctx: AppContext,
  auth: UserAuth,
  actor: AuditActor,
  caller: RegistryCaller,
  alertId: string,
  decision: z.output<typeof correctionDecisionSchema>,
  lang?: Lang,
): Promise<CorrectionDetail> {
  const row = await visibleCorrection(ctx.db, auth, alertId);
  const d = dataOf(row);
  const apply = decision.outcome === 'accepted' && decision.apply;
  const write = await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    // The alert lock before the audit lock (the record change appends audit entries), the order
    // every alert write takes them in: two writers never wait on each other crosswise.
    await db.execute(sql`SELECT pg_advisory_xact_lock(${ALERT_LOCK_ID})`);
    if (apply) {
      const checked = correctionPatch(d.field, open(ctx, d.proposedValueEnc));
      if (!checked) {
        throw new HttpError(400, 'correction_not_applicable', m.msg('notApplicable'), [
          { field: 'body.apply', message: m.msg('notApplicable') },
        ]);
      }
      if (!checked.ok) {
        throw new HttpError(400, 'correction_invalid', m.msg('notValidForRecord'), [
          {
            field: 'body.apply',
            message: messageFromRef(checked.message),
          },
        ]);
      }
      await updatePerson({ ...ctx, db }, caller, row.personId!, {
        ...(checked.patch as PersonPatchParsed),
        visitNote: m.text(STORED, 'visitNote'),
      });
    }
    await appendAudit(db, actor, {
      action: `privacy.correction_${decision.outcome}`,
      subjectType: 'person',
      subjectId: row.personId!,
      siteId: row.siteId,
      fields: [d.field],
      purpose: m.text(
        STORED,
        apply
          ? 'audit.acceptedApplied'
          : decision.outcome === 'accepted'
            ? 'audit.accepted'
            : 'audit.rejected',
      ),
    });
    return resolve(db, {
      auth,
      actor,
      alertId,
      now: ctx.now(),
      note: decision.note,
      data: { outcome: decision.outcome, applied: apply },
      ...(lang ? { lang } : {}),
    });
  });
  await afterCommit(ctx, write);
  const [updated] = await ctx.db.select().from(alerts).where(eq(alerts.id, alertId));
  return detailOf(ctx, auth, updated!, lang);
}
