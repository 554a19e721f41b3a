/**
 * ID-card (居民身份证) and residence-permit (居住证) applications: who may apply (a pure rule with a
 * table test), what the kiosk offers after a check, submission with an ID-standard photo (stored
 * encrypted, police only), the console's state machine (409 on a wrong transition, audited by the
 * routes) and the applicant's own view, with a notice on every status change.
 */
import crypto from 'node:crypto';
import { and, count, desc, eq, inArray, notInArray, or } from 'drizzle-orm';
import {
  APPLICATION_TRANSITIONS,
  type Application,
  type ApplicationAction,
  type ApplicationKind,
  type ApplicationStatus,
  DEFAULT_LANG,
  kioskIdentityMessages as cm,
  type Lang,
  maskIdNumber,
  maskName,
  type MyApplication,
  renderKey,
  renderMessage,
  renderStored,
  type ServiceOffer,
} from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { HttpError, notFound } from '../../platform/errors.ts';
import { enqueueMessage, sendQueuedNow } from '../../platform/notify/outbox.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { persons } from '../registry/schema.ts';
import { cityPrefixOf, isFloating } from '../registry/settings.ts';
import { idNumberHash } from '../registry/sql.ts';
import { ageOn } from '../registry/validity.ts';
import type { VerifiedCheck } from './identity-check.ts';
import { kioskIdentityServerMessages as m } from './identity.messages.ts';
import { type KioskPersonFacts, kioskPersonFacts } from './registry-facts.ts';
import { kioskApplicationEvents, kioskApplicationNotices, kioskApplications } from './schema-identity.ts';

export const RESIDENCE_MIN_MONTHS = 6;
export const ID_CARD_MIN_AGE = 16;
/** Statuses in which an application is still in progress (a second one of its kind is refused). */
export const OPEN_STATUSES: readonly ApplicationStatus[] = [
  'submitted',
  'accepted',
  'changes_requested',
  'resubmitted',
  'approved',
  'ready_for_pickup',
];

export type ApplicationRefusal =
  | 'not_in_registry'
  | 'under_16'
  | 'hukou_local'
  | 'hukou_unknown'
  | 'resident_under_6_months'
  | 'no_tenancy_or_job';

const REFUSAL_KEYS = {
  not_in_registry: 'offer.notInRegistry',
  under_16: 'offer.under16',
  hukou_local: 'offer.hukouLocal',
  hukou_unknown: 'offer.hukouUnknown',
  resident_under_6_months: 'offer.under6Months',
  no_tenancy_or_job: 'offer.noTenancyOrJob',
} as const satisfies Record<ApplicationRefusal, Parameters<typeof m.msg>[0]>;
export const refusalMessage = (r: ApplicationRefusal) => m.msg(REFUSAL_KEYS[r]);

/** The date `months` months before `date` (YYYY-MM-DD; the day is clamped to the month's end). */
export function monthsBefore(date: string, months: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (mo - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Who may apply, from the registry facts (null = not in this site's registry):
 * - id_card: a registry person aged 16 or more (first issue at 16; renewal, loss and damage too);
 * - residence_permit: a registry person whose hukou is outside the city (`cityPrefix`), resident
 *   in the compound for at least 6 months (an active residency that started 6 months ago or more)
 *   with a tenancy or a job on record (a tenancy contract, an employee / shop-operator residency,
 *   or a workplace).
 */
export function applicationEligibility(
  kind: ApplicationKind,
  facts: Pick<KioskPersonFacts, 'birthDate' | 'hukouRegionCode' | 'workplace' | 'residencies'> | null,
  today: string,
  cityPrefix: string,
): { eligible: true } | { eligible: false; reason: ApplicationRefusal } {
  if (!facts) return { eligible: false, reason: 'not_in_registry' };
  if (kind === 'id_card') {
    return ageOn(facts.birthDate, today) >= ID_CARD_MIN_AGE
      ? { eligible: true }
      : { eligible: false, reason: 'under_16' };
  }
  if (!facts.hukouRegionCode) return { eligible: false, reason: 'hukou_unknown' };
  if (!isFloating(facts.hukouRegionCode, cityPrefix)) return { eligible: false, reason: 'hukou_local' };
  const active = facts.residencies.filter((r) => r.status === 'active');
  const since = monthsBefore(today, RESIDENCE_MIN_MONTHS);
  if (!active.some((r) => r.validFrom <= since))
    return { eligible: false, reason: 'resident_under_6_months' };
  const job =
    !!facts.workplace?.trim() || active.some((r) => r.type === 'employee' || r.type === 'shop_operator');
  if (!job && !active.some((r) => r.hasTenancy)) return { eligible: false, reason: 'no_tenancy_or_job' };
  return { eligible: true };
}

async function openApplication(db: Db, siteId: string, idHash: string, kind: ApplicationKind) {
  const [open] = await db
    .select({ reference: kioskApplications.reference })
    .from(kioskApplications)
    .where(
      and(
        eq(kioskApplications.siteId, siteId),
        eq(kioskApplications.idNumberHash, idHash),
        eq(kioskApplications.kind, kind),
        inArray(kioskApplications.status, [...OPEN_STATUSES]),
      ),
    );
  return open ?? null;
}

/** The applications side of the kiosk's menu after a passed check. */
export async function applicationOffers(
  ctx: AppContext,
  check: VerifiedCheck,
  lang: Lang,
): Promise<ServiceOffer[]> {
  const today = shanghaiDate(ctx.now());
  const facts = check.personId ? await kioskPersonFacts(ctx, check.siteId, check.personId, today) : null;
  const cityPrefix = await cityPrefixOf(ctx.db, check.siteId);
  const idHash = idNumberHash(ctx.keyring, check.idNumber);
  const offers: ServiceOffer[] = [];
  for (const kind of ['id_card', 'residence_permit'] as const) {
    const verdict = applicationEligibility(kind, facts, today, cityPrefix);
    if (!verdict.eligible) {
      offers.push({
        service: kind,
        available: false,
        reasonCode: verdict.reason,
        reason: renderMessage(refusalMessage(verdict.reason), lang),
      });
      continue;
    }
    const open = await openApplication(ctx.db, check.siteId, idHash, kind);
    offers.push(
      open
        ? {
            service: kind,
            available: false,
            reasonCode: 'application_open',
            reason: m.text(lang, 'offer.applicationOpen', { reference: open.reference }),
          }
        : { service: kind, available: true },
    );
  }
  return offers;
}

/** 403 not_eligible unless the checked person may apply for `kind` now; 409 when one is open. */
export async function assertMayApply(ctx: AppContext, check: VerifiedCheck, kind: ApplicationKind) {
  const today = shanghaiDate(ctx.now());
  const facts = check.personId ? await kioskPersonFacts(ctx, check.siteId, check.personId, today) : null;
  const verdict = applicationEligibility(kind, facts, today, await cityPrefixOf(ctx.db, check.siteId));
  if (!verdict.eligible) {
    const message = m.msg('app.notEligible', { reason: m.key(REFUSAL_KEYS[verdict.reason]) });
    throw new HttpError(403, 'not_eligible', message, [
      { field: 'body.kind', message, reasonCode: verdict.reason },
    ]);
  }
  const open = await openApplication(ctx.db, check.siteId, idNumberHash(ctx.keyring, check.idNumber), kind);
  if (open)
    throw new HttpError(
      409,
      'application_open',
      m.msg('offer.applicationOpen', { reference: open.reference }),
    );
}

function newReference(now: Date): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let tail = '';
  for (let i = 0; i < 6; i++) tail += alphabet[crypto.randomInt(0, alphabet.length)];
  return `SQ${shanghaiDate(now).replaceAll('-', '')}${tail}`;
}

type AppRow = typeof kioskApplications.$inferSelect;

/**
 * Records the status change's notice for the applicant (the resident page reads them) and, when
 * the applicant has a phone on record, queues it as an SMS in the same transaction (the outbox
 * retries it, and a rolled-back change sends nothing). In Chinese, like every outgoing text (a
 * phone has told us no language).
 *
 * The notice's `channel` says how else it went ('sms' once queued); its `delivered` stays
 * 'queued': the outcome (sent / retrying / failed after five attempts) lives in one place, the
 * outbox row with ref `kiosk.notice:<noticeId>` (messagesFor), rather than being copied back
 * into the notice by the outbox, which knows nothing of kiosks.
 */
async function notify(
  db: Db,
  keyring: Keyring,
  app: AppRow,
  status: ApplicationStatus,
  note: string | null,
  now: Date,
): Promise<Notice> {
  const kind = cm.key(`kind.${app.kind}`);
  const key = `notice.${status}` as const;
  const text =
    key === 'notice.changes_requested' || key === 'notice.rejected'
      ? m.key(key, { kind, reference: app.reference, note: note ?? '' })
      : m.key(key, { kind, reference: app.reference });
  const [person] = app.personId
    ? await db.select({ phoneEnc: persons.phoneEnc }).from(persons).where(eq(persons.id, app.personId))
    : [];
  const phone = person?.phoneEnc ? keyring.decrypt('phone', person.phoneEnc).toString('utf8') : null;
  const [notice] = await db
    .insert(kioskApplicationNotices)
    .values({
      applicationId: app.id,
      personId: app.personId,
      at: now,
      status,
      text,
      channel: phone ? 'sms' : 'resident_page',
      delivered: phone ? 'queued' : 'stored',
    })
    .returning({ id: kioskApplicationNotices.id });
  const messageId = phone
    ? await enqueueMessage(db, keyring, {
        siteId: app.siteId,
        channel: 'sms',
        to: phone,
        text: renderKey(text, DEFAULT_LANG),
        sendAfter: now,
        ref: `kiosk.notice:${notice!.id}`,
        purpose: 'kiosk.application',
      })
    : null;
  return { id: notice!.id, messageId };
}

interface Notice {
  id: string;
  /** the queued SMS, if the applicant has a phone on record */
  messageId: string | null;
}

/**
 * Tries the committed notice's SMS at once (the outbox job would otherwise take up to 15 s);
 * whatever does not go now is retried by the job. Never fails the change it reports.
 */
async function textApplicant(ctx: AppContext, notice: Notice): Promise<void> {
  if (!notice.messageId) return;
  await sendQueuedNow(
    { db: ctx.db, keyring: ctx.keyring, config: ctx.config },
    [notice.messageId],
    ctx.now(),
  );
}

export interface NewApplication {
  check: VerifiedCheck;
  deviceId: string | null;
  kind: ApplicationKind;
  details: Record<string, string>;
  photo: Buffer | null;
}

export async function createApplication(ctx: AppContext, input: NewApplication): Promise<AppRow> {
  const now = ctx.now();
  const { check } = input;
  const created = await ctx.db.transaction(async (tx) => {
    const [app] = await tx
      .insert(kioskApplications)
      .values({
        reference: newReference(now),
        siteId: check.siteId,
        kind: input.kind,
        status: 'submitted',
        personId: check.personId,
        applicantName: check.name,
        idNumberEnc: ctx.keyring.encrypt('id-number', check.idNumber),
        idNumberHash: idNumberHash(ctx.keyring, check.idNumber),
        details: input.details,
        photoEnc: input.photo ? ctx.keyring.encrypt('file', input.photo) : null,
        checkId: check.checkId || null,
        deviceId: input.deviceId,
        submittedAt: now,
        updatedAt: now,
      })
      .returning();
    await tx
      .insert(kioskApplicationEvents)
      .values({ applicationId: app!.id, at: now, status: 'submitted', note: null, by: 'applicant' });
    return { app: app!, notice: await notify(tx, ctx.keyring, app!, 'submitted', null, now) };
  });
  await textApplicant(ctx, created.notice);
  return created.app;
}

/** An application of the caller's sites, or 404 (another site's too). */
export async function applicationInScope(db: Db, siteIds: string[], id: string): Promise<AppRow> {
  const [row] = /^[0-9a-f-]{36}$/i.test(id)
    ? await db
        .select()
        .from(kioskApplications)
        .where(and(eq(kioskApplications.id, id), inArray(kioskApplications.siteId, siteIds)))
    : [];
  if (!row) throw notFound(m.msg('app.notFound'));
  return row;
}

export interface TransitionInput {
  note?: string | null;
  fixFields?: string[];
  rejectReason?: string;
  pickupAt?: string | null;
}

/** Moves an application along APPLICATION_TRANSITIONS (409 invalid_transition otherwise). */
export async function transition(
  ctx: AppContext,
  app: AppRow,
  action: ApplicationAction,
  input: TransitionInput,
  userId: string | null,
): Promise<AppRow> {
  const rule = APPLICATION_TRANSITIONS[action];
  const now = ctx.now();
  const badTransition = () =>
    new HttpError(
      409,
      'invalid_transition',
      m.msg('app.badTransition', { status: cm.key(`status.${app.status}`) }),
    );
  if (!rule.from.includes(app.status)) throw badTransition();
  const note = input.rejectReason ?? input.note ?? null;
  const changed = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(kioskApplications)
      .set({
        status: rule.to,
        updatedAt: now,
        note: action === 'request-changes' ? (input.note ?? null) : app.note,
        fixFields: action === 'request-changes' ? (input.fixFields ?? []) : app.fixFields,
        rejectReason: action === 'reject' ? (input.rejectReason ?? null) : app.rejectReason,
        pickupAt: action === 'ready' && input.pickupAt ? new Date(input.pickupAt) : app.pickupAt,
      })
      // the status read above still holds (two officers at once: one wins, the other gets 409)
      .where(and(eq(kioskApplications.id, app.id), eq(kioskApplications.status, app.status)))
      .returning();
    if (!updated) throw badTransition();
    await tx
      .insert(kioskApplicationEvents)
      .values({ applicationId: app.id, at: now, status: rule.to, note, by: 'staff', userId });
    return { updated, notice: await notify(tx, ctx.keyring, updated, rule.to, note, now) };
  });
  await textApplicant(ctx, changed.notice);
  return changed.updated;
}

/** The applicant fixes what was asked (details and/or photo): changes_requested → resubmitted. */
export async function resubmit(
  ctx: AppContext,
  app: AppRow,
  patch: { details?: Record<string, string>; photo?: Buffer },
): Promise<AppRow> {
  const now = ctx.now();
  if (app.status !== 'changes_requested')
    throw new HttpError(409, 'invalid_transition', m.msg('app.nothingToFix'));
  const fixed = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(kioskApplications)
      .set({
        status: 'resubmitted',
        updatedAt: now,
        details: patch.details ? { ...app.details, ...patch.details } : app.details,
        photoEnc: patch.photo ? ctx.keyring.encrypt('file', patch.photo) : app.photoEnc,
        fixFields: [],
      })
      .where(and(eq(kioskApplications.id, app.id), eq(kioskApplications.status, 'changes_requested')))
      .returning();
    if (!updated) throw new HttpError(409, 'invalid_transition', m.msg('app.nothingToFix'));
    await tx
      .insert(kioskApplicationEvents)
      .values({ applicationId: app.id, at: now, status: 'resubmitted', note: null, by: 'applicant' });
    return { updated, notice: await notify(tx, ctx.keyring, updated, 'resubmitted', null, now) };
  });
  await textApplicant(ctx, fixed.notice);
  return fixed.updated;
}

export async function listApplications(
  db: Db,
  siteIds: string[],
  q: { status?: ApplicationStatus; kind?: ApplicationKind; page: number; pageSize: number },
) {
  const where = and(
    inArray(kioskApplications.siteId, siteIds),
    q.status ? eq(kioskApplications.status, q.status) : undefined,
    q.kind ? eq(kioskApplications.kind, q.kind) : undefined,
  );
  const rows = await db
    .select()
    .from(kioskApplications)
    .where(where)
    .orderBy(desc(kioskApplications.submittedAt))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [total] = await db.select({ n: count() }).from(kioskApplications).where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function historyOf(db: Db, applicationId: string) {
  return db
    .select()
    .from(kioskApplicationEvents)
    .where(eq(kioskApplicationEvents.applicationId, applicationId))
    .orderBy(kioskApplicationEvents.at);
}

/** The console's view; the ID number in full only for `fullId` readers. */
export function toApplication(
  ctx: AppContext,
  row: AppRow,
  fullId: boolean,
  history: Awaited<ReturnType<typeof historyOf>> = [],
): Application {
  const id = ctx.keyring.decrypt('id-number', row.idNumberEnc).toString('utf8');
  return {
    id: row.id,
    reference: row.reference,
    siteId: row.siteId,
    kind: row.kind,
    status: row.status,
    applicantName: fullId ? row.applicantName : maskName(row.applicantName),
    applicantIdNumber: fullId ? id : maskIdNumber(id),
    personId: row.personId,
    details: row.details,
    hasPhoto: !!row.photoEnc,
    fixFields: row.fixFields as Application['fixFields'],
    note: row.note,
    rejectReason: row.rejectReason,
    pickupAt: row.pickupAt?.toISOString() ?? null,
    submittedAt: row.submittedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    history: history.map((h) => ({
      at: h.at.toISOString(),
      status: h.status as ApplicationStatus,
      note: h.note,
      by: h.by,
    })),
  };
}

/** A resident's own applications (by their registry person, or their ID number at that site). */
export async function myApplications(ctx: AppContext, personId: string, siteIds: string[], lang: Lang) {
  const [person] = await ctx.db
    .select({ siteId: persons.siteId, idHash: persons.idNumberHash })
    .from(persons)
    .where(eq(persons.id, personId));
  const mine = or(
    eq(kioskApplications.personId, personId),
    person
      ? and(eq(kioskApplications.siteId, person.siteId), eq(kioskApplications.idNumberHash, person.idHash))
      : undefined,
  );
  const rows = await ctx.db
    .select()
    .from(kioskApplications)
    .where(and(mine, inArray(kioskApplications.siteId, siteIds)))
    .orderBy(desc(kioskApplications.submittedAt));
  const ids = rows.map((r) => r.id);
  const notices = ids.length
    ? await ctx.db
        .select()
        .from(kioskApplicationNotices)
        .where(inArray(kioskApplicationNotices.applicationId, ids))
        .orderBy(desc(kioskApplicationNotices.at))
    : [];
  const items: Array<MyApplication & { notices: Array<{ at: string; status: string; text: string }> }> = [];
  for (const row of rows) {
    const {
      applicantIdNumber: _i,
      siteId: _s,
      personId: _p,
      ...view
    } = toApplication(ctx, row, true, await historyOf(ctx.db, row.id));
    items.push({
      ...view,
      notices: notices
        .filter((n) => n.applicationId === row.id)
        .map((n) => ({ at: n.at.toISOString(), status: n.status, text: renderStored(n.text, lang) ?? '' })),
    });
  }
  return items;
}

/** Applications not rejected or collected, for the dashboard and the queue badge. */
export async function openCount(db: Db, siteIds: string[]): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(kioskApplications)
    .where(
      and(
        inArray(kioskApplications.siteId, siteIds),
        notInArray(kioskApplications.status, ['rejected', 'collected']),
      ),
    );
  return row?.n ?? 0;
}
