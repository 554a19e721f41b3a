/**
 * Cases: intake (from a police call, a walk-in, a phone call or a referral), the list with its
 * filters and overdue flags, the detail, first contact, settling on the spot, grading as a "2+N"
 * case and extending the deadline. Scoping is one rule everywhere (`caseForWork`): a case of
 * another site, or — for a mediator — of a team without them, does not exist (404).
 */
import {
  can,
  MEDIATION_CALL_SOURCES,
  MEDIATION_CONCLUDE_MONTHS,
  MEDIATION_FIRST_CONTACT_HOURS,
  MEDIATION_GRADING_HOURS,
  type MediationCaseDetail,
  type MediationCaseListItem,
  type mediationCaseInputSchema,
  type mediationContactInputSchema,
  type mediationExtendInputSchema,
  type mediationGradeInputSchema,
  type mediationListQuerySchema,
  type mediationSettleOnSpotInputSchema,
  type Role,
} from '@anju/contracts';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { type AuditActor, appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { conflict, HttpError, notFound } from '../../platform/errors.ts';
import { users } from '../../platform/org/schema.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { incidents } from '../incidents/schema.ts';
import { openSealed, sealPhone } from '../registry/sql.ts';
import { persons } from '../registry/schema.ts';
import { allowedActions, assertTransition } from './machine.ts';
import { mediationMessages as m } from './messages.ts';
import {
  mediationAgreements,
  mediationCases,
  mediationFiles,
  mediationFollowups,
  mediationParties,
  mediationRoster,
  mediationSessions,
  mediationTeam,
  mediationTerms,
  mediationViolationRecords,
} from './schema.ts';
import { agreementViewOf } from './views.ts';

export type CaseRow = typeof mediationCases.$inferSelect;

/** Who asks: their sites, role and login, and who they are for the audit log. */
export interface MediationCaller {
  siteIds: readonly string[];
  actor: AuditActor;
  userId: string;
  role: Role;
}

/** Mediators (and roster members logging in) see only the cases whose team includes them. */
export const teamScoped = (caller: MediationCaller): boolean => caller.role === 'mediator';

/** The condition "the caller may see this case" on mediation_cases. */
export function visibleTo(caller: MediationCaller): SQL {
  const site = inArray(mediationCases.siteId, [...caller.siteIds]);
  if (!teamScoped(caller)) return site;
  return and(
    site,
    sql`EXISTS (SELECT 1 FROM mediation_team t WHERE t.case_id = ${mediationCases.id} AND t.user_id = ${caller.userId})`,
  )!;
}

/**
 * The case, if the caller may see it (else 404, never 403, so its existence does not leak). With
 * `forUpdate` the row is locked for the transaction: every state change goes through here.
 */
export async function caseForWork(
  db: Db,
  caller: MediationCaller,
  caseId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CaseRow> {
  if (caller.siteIds.length === 0) throw notFound(m.msg('error.caseNotFound'));
  const q = db
    .select()
    .from(mediationCases)
    .where(and(eq(mediationCases.id, caseId), visibleTo(caller)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound(m.msg('error.caseNotFound'));
  return row;
}

const bad = (code: string, key: 'error.acceptedInFuture' | 'error.personNotFound', field: string) =>
  new HttpError(400, code, m.msg(key), [{ field, message: m.msg(key) }]);

/** The site's serial lock: numbering is max + 1 under it. */
const serialLock = (siteId: string) =>
  sql`SELECT pg_advisory_xact_lock(hashtextextended(${`mediation-serial:${siteId}`}, 0))`;

async function nextSerial(db: Db, siteId: string, acceptedAt: Date): Promise<string> {
  await db.execute(serialLock(siteId));
  const prefix = `TJ-${shanghaiDate(acceptedAt).replaceAll('-', '')}-`;
  const [row] = await db
    .select({ max: sql<string | null>`max(${mediationCases.serial})` })
    .from(mediationCases)
    .where(and(eq(mediationCases.siteId, siteId), sql`${mediationCases.serial} LIKE ${`${prefix}%`}`));
  const last = row?.max ? Number(row.max.slice(prefix.length)) : 0;
  return `${prefix}${String(last + 1).padStart(4, '0')}`;
}

const HOUR = 3600_000;
function addMonths(at: Date, months: number): Date {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** Intake: the case, its parties, its deadlines; from a police call it marks the incident. */
export async function createCase(
  ctx: AppContext,
  caller: MediationCaller,
  input: z.output<typeof mediationCaseInputSchema>,
): Promise<MediationCaseDetail> {
  const now = ctx.now();
  const acceptedAt = input.acceptedAt ? new Date(input.acceptedAt) : now;
  // A minute's grace for a client clock slightly ahead of ours.
  if (acceptedAt.getTime() > now.getTime() + 60_000)
    throw bad('accepted_in_future', 'error.acceptedInFuture', 'body.acceptedAt');
  const id = await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    let incidentId: string | null = null;
    if (input.source === 'incident' && input.incidentId) {
      const [incident] = await db
        .select({ id: incidents.id, ref: incidents.mediationCaseRef })
        .from(incidents)
        .where(and(eq(incidents.id, input.incidentId), eq(incidents.siteId, input.siteId)))
        .for('update');
      if (!incident)
        throw new HttpError(400, 'validation_error', m.msg('error.incidentNotFound'), [
          { field: 'body.incidentId', message: m.msg('error.incidentNotFound') },
        ]);
      if (incident.ref)
        throw conflict('incident_has_case', m.msg('error.incidentHasCase', { serial: incident.ref }), [
          { field: 'body.incidentId', message: m.msg('error.incidentHasCase', { serial: incident.ref }) },
        ]);
      incidentId = incident.id;
    }
    const personIds = input.parties.flatMap((p) => (p.personId ? [p.personId] : []));
    const known = personIds.length
      ? await db
          .select({ id: persons.id, name: persons.name })
          .from(persons)
          .where(and(inArray(persons.id, personIds), eq(persons.siteId, input.siteId)))
      : [];
    const nameOf = new Map(known.map((p) => [p.id, p.name]));
    input.parties.forEach((p, i) => {
      if (p.personId && !nameOf.has(p.personId))
        throw bad('validation_error', 'error.personNotFound', `body.parties.${i}.personId`);
    });
    const serial = await nextSerial(db, input.siteId, acceptedAt);
    const [row] = await db
      .insert(mediationCases)
      .values({
        siteId: input.siteId,
        serial,
        source: input.source,
        incidentId,
        sourceNote: input.sourceNote,
        type: input.type,
        facts: input.facts,
        amountCents: input.amountCents,
        risk: input.risk,
        riskReasons: input.riskReasons,
        violationInvolved: input.violationInvolved,
        acceptedAt,
        firstContactDue: MEDIATION_CALL_SOURCES.includes(input.source)
          ? new Date(acceptedAt.getTime() + MEDIATION_FIRST_CONTACT_HOURS * HOUR)
          : null,
        gradingDue: new Date(acceptedAt.getTime() + MEDIATION_GRADING_HOURS * HOUR),
        concludeDue: addMonths(acceptedAt, MEDIATION_CONCLUDE_MONTHS),
        createdBy: caller.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: mediationCases.id });
    await db.insert(mediationParties).values(
      input.parties.map((p) => {
        const phone = sealPhone(ctx.keyring, p.phone);
        return {
          caseId: row!.id,
          role: p.role,
          personId: p.personId,
          name: p.personId ? nameOf.get(p.personId)! : p.name!,
          phoneEnc: phone.enc,
          phoneHash: phone.hash,
          address: p.address,
        };
      }),
    );
    if (incidentId) {
      await db
        .update(incidents)
        .set({ mediationCaseRef: serial, updatedAt: now })
        .where(eq(incidents.id, incidentId));
      await appendAudit(db, caller.actor, {
        action: 'incidents.update',
        subjectType: 'incident',
        subjectId: incidentId,
        fields: ['mediationCaseRef'],
        siteId: input.siteId,
      });
    }
    await appendAudit(db, caller.actor, {
      action: 'mediation.case.create',
      subjectType: 'mediation_case',
      subjectId: row!.id,
      fields: ['source', 'type', 'facts', 'risk', 'parties', ...(incidentId ? ['incidentId'] : [])],
      siteId: input.siteId,
    });
    return row!.id;
  });
  return caseDetail(ctx, caller, id, { audit: false });
}

// ---- Overdue (computed at read time from the stored deadlines; the dashboard's counts too) ----

const OPEN_BEFORE_CONCLUSION = sql`('intake', 'graded', 'team_ready', 'in_mediation')`;
export const overdueFirstContact = (now: Date) =>
  sql`(${mediationCases.firstContactDue} IS NOT NULL AND ${mediationCases.firstContactAt} IS NULL
       AND ${mediationCases.status} <> 'closed' AND ${mediationCases.firstContactDue} < ${now.toISOString()})`;
export const overdueGrading = (now: Date) =>
  sql`(${mediationCases.status} = 'intake' AND ${mediationCases.gradingDue} < ${now.toISOString()})`;
export const overdueConclude = (now: Date) =>
  sql`(${mediationCases.status} IN ${OPEN_BEFORE_CONCLUSION} AND ${mediationCases.concludeDue} < ${now.toISOString()})`;

function overdueOf(c: CaseRow, now: Date) {
  const open = c.status !== 'closed';
  const beforeConclusion = ['intake', 'graded', 'team_ready', 'in_mediation'].includes(c.status);
  return {
    firstContact: open && !!c.firstContactDue && !c.firstContactAt && c.firstContactDue < now,
    grading: c.status === 'intake' && c.gradingDue < now,
    conclude: beforeConclusion && c.concludeDue < now,
  };
}

function listItem(c: CaseRow, partyNames: string[], now: Date): MediationCaseListItem {
  return {
    id: c.id,
    siteId: c.siteId,
    serial: c.serial,
    source: c.source,
    type: c.type,
    status: c.status,
    grade: c.grade,
    outcome: c.outcome,
    risk: c.risk,
    violationInvolved: c.violationInvolved,
    acceptedAt: c.acceptedAt.toISOString(),
    firstContactDue: c.firstContactDue?.toISOString() ?? null,
    gradingDue: c.gradingDue.toISOString(),
    concludeDue: c.concludeDue.toISOString(),
    overdue: overdueOf(c, now),
    partyNames,
  };
}

export async function listCases(
  ctx: AppContext,
  caller: MediationCaller,
  q: z.output<typeof mediationListQuerySchema>,
): Promise<{ items: MediationCaseListItem[]; total: number }> {
  const now = ctx.now();
  const conds: SQL[] = [visibleTo(caller), eq(mediationCases.siteId, q.siteId)];
  if (q.status) conds.push(eq(mediationCases.status, q.status));
  if (q.type) conds.push(eq(mediationCases.type, q.type));
  if (q.grade) conds.push(eq(mediationCases.grade, q.grade));
  const anyOverdue = sql`(${overdueFirstContact(now)} OR ${overdueGrading(now)} OR ${overdueConclude(now)})`;
  if (q.overdue === true) conds.push(anyOverdue);
  if (q.overdue === false) conds.push(sql`NOT ${anyOverdue}`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(
      sql`(${mediationCases.serial} ILIKE ${like} OR ${mediationCases.facts} ILIKE ${like}
           OR EXISTS (SELECT 1 FROM mediation_parties p WHERE p.case_id = ${mediationCases.id} AND p.name ILIKE ${like}))`,
    );
  }
  const where = and(...conds);
  const [rows, [count]] = await Promise.all([
    ctx.db
      .select({
        c: mediationCases,
        // Qualified by hand: Drizzle writes a single-table select's columns bare, and a bare "id"
        // here would be the party's own id (the names were always empty).
        names: sql<
          string[]
        >`coalesce((SELECT json_agg(p.name ORDER BY p.role, p.name) FROM mediation_parties p
                                  WHERE p.case_id = mediation_cases.id), '[]'::json)`,
      })
      .from(mediationCases)
      .where(where)
      .orderBy(desc(mediationCases.acceptedAt), desc(mediationCases.serial))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(mediationCases).where(where),
  ]);
  return {
    items: rows.map((r) => listItem(r.c, typeof r.names === 'string' ? JSON.parse(r.names) : r.names, now)),
    total: Number(count?.n ?? 0),
  };
}

/** The full case; every read of it (parties' contact details included) is audited. */
export async function caseDetail(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  opts: { audit?: boolean } = {},
): Promise<MediationCaseDetail> {
  const db = ctx.db;
  const c = await caseForWork(db, caller, caseId);
  const now = ctx.now();
  const [parties, team, sessions, files, violation, agreement, followups] = await Promise.all([
    db
      .select()
      .from(mediationParties)
      .where(eq(mediationParties.caseId, c.id))
      .orderBy(asc(mediationParties.role)),
    db
      .select({
        t: mediationTeam,
        userName: users.displayName,
        rosterName: mediationRoster.name,
        kind: mediationRoster.kind,
      })
      .from(mediationTeam)
      .leftJoin(users, eq(users.id, mediationTeam.userId))
      .leftJoin(mediationRoster, eq(mediationRoster.id, mediationTeam.rosterId))
      .where(eq(mediationTeam.caseId, c.id))
      .orderBy(asc(mediationTeam.addedAt)),
    db
      .select()
      .from(mediationSessions)
      .where(eq(mediationSessions.caseId, c.id))
      .orderBy(asc(mediationSessions.startsAt)),
    db
      .select({
        id: mediationFiles.id,
        sessionId: mediationFiles.sessionId,
        fileName: mediationFiles.fileName,
        contentType: mediationFiles.contentType,
        size: mediationFiles.size,
        createdAt: mediationFiles.createdAt,
      })
      .from(mediationFiles)
      .where(eq(mediationFiles.caseId, c.id))
      .orderBy(asc(mediationFiles.createdAt)),
    db.select().from(mediationViolationRecords).where(eq(mediationViolationRecords.caseId, c.id)),
    db.select().from(mediationAgreements).where(eq(mediationAgreements.caseId, c.id)),
    db
      .select()
      .from(mediationFollowups)
      .where(eq(mediationFollowups.caseId, c.id))
      .orderBy(asc(mediationFollowups.dueOn)),
  ]);
  const a = agreement[0];
  const terms = a
    ? await db
        .select()
        .from(mediationTerms)
        .where(eq(mediationTerms.agreementId, a.id))
        .orderBy(asc(mediationTerms.seq))
    : [];
  const v = violation[0];
  const seesViolation = can(caller.role, 'mediation.violation');
  if (opts.audit !== false) {
    await appendAudit(db, caller.actor, {
      action: 'mediation.case.read',
      subjectType: 'mediation_case',
      subjectId: c.id,
      fields: [
        'parties.name',
        'parties.phone',
        'parties.address',
        ...(v && seesViolation ? ['violation'] : []),
      ],
      siteId: c.siteId,
    });
  }
  return {
    ...listItem(
      c,
      parties.map((p) => p.name),
      now,
    ),
    incidentId: c.incidentId,
    sourceNote: c.sourceNote,
    facts: c.facts,
    amountCents: c.amountCents,
    riskReasons: c.riskReasons,
    referredTo: c.referredTo,
    outcomeNote: c.outcomeNote,
    firstContactAt: c.firstContactAt?.toISOString() ?? null,
    extensionNote: c.extensionNote,
    gradedAt: c.gradedAt?.toISOString() ?? null,
    concludedAt: c.concludedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    parties: parties.map((p) => ({
      id: p.id,
      role: p.role,
      personId: p.personId,
      name: p.name,
      phone: openSealed(ctx.keyring, 'phone', p.phoneEnc),
      address: p.address,
    })),
    team: team.map(({ t, userName, rosterName, kind }) => ({
      id: t.id,
      role: t.role,
      userId: t.userId,
      rosterId: t.rosterId,
      name: rosterName ?? userName ?? '',
      kind: kind ?? null,
      addedAt: t.addedAt.toISOString(),
    })),
    sessions: sessions.map(sessionView),
    files: files.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })),
    violation:
      v && seesViolation
        ? {
            facts: v.facts,
            consequencesTold: v.consequencesTold,
            toldAt: v.toldAt.toISOString(),
            recordedBy: v.recordedBy,
          }
        : null,
    violationRecorded: !!v,
    agreement: a ? agreementViewOf(a, terms) : null,
    followups: followups.map((f) => ({
      id: f.id,
      termId: f.termId,
      dueOn: f.dueOn,
      doneAt: f.doneAt?.toISOString() ?? null,
      byUserId: f.byUserId,
      note: f.note,
    })),
    allowed: allowedActions(c.status).filter((a) => a !== 'violation' || seesViolation),
  };
}

export function sessionView(s: typeof mediationSessions.$inferSelect) {
  return {
    id: s.id,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    placeKind: s.placeKind,
    placeText: s.placeText,
    roomResourceId: s.roomResourceId,
    roomReservationRef: s.roomReservationRef,
    attendees: s.attendees,
    statements: s.statements,
    legalAdvice: s.legalAdvice,
    record: s.record,
    recordedAt: s.recordedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
  };
}

// ---- Simple actions on a case: each locks it, asks the machine, writes, audits ----

async function onCase(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  work: (db: Db, c: CaseRow, now: Date) => Promise<{ set: Partial<CaseRow>; action: string }>,
): Promise<MediationCaseDetail> {
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const c = await caseForWork(db, caller, caseId, { forUpdate: true });
    const now = ctx.now();
    const { set, action } = await work(db, c, now);
    await db
      .update(mediationCases)
      .set({ ...set, updatedAt: now })
      .where(eq(mediationCases.id, c.id));
    await appendAudit(db, caller.actor, {
      action,
      subjectType: 'mediation_case',
      subjectId: c.id,
      fields: Object.keys(set),
      siteId: c.siteId,
    });
  });
  return caseDetail(ctx, caller, caseId, { audit: false });
}

export function recordContact(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: z.output<typeof mediationContactInputSchema>,
) {
  return onCase(ctx, caller, caseId, async (_db, c, now) => {
    assertTransition(c.status, 'contact');
    if (c.firstContactAt) throw conflict('already_contacted', m.msg('error.alreadyContacted'));
    return {
      set: { firstContactAt: now, ...(input.note ? { sourceNote: joinNote(c.sourceNote, input.note) } : {}) },
      action: 'mediation.case.contact',
    };
  });
}

const joinNote = (before: string | null, note: string) => (before ? `${before}\n${note}` : note);

export function settleOnSpot(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: z.output<typeof mediationSettleOnSpotInputSchema>,
) {
  return onCase(ctx, caller, caseId, async (_db, c, now) => {
    const status = assertTransition(c.status, 'settleOnSpot');
    return {
      set: {
        status,
        grade: 'on_spot',
        outcome: input.outcome,
        outcomeNote: input.note,
        gradedAt: now,
        concludedAt: now,
        closedAt: now,
        firstContactAt: c.firstContactAt ?? now,
      },
      action: 'mediation.case.settleOnSpot',
    };
  });
}

export function gradeTwoPlusN(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: z.output<typeof mediationGradeInputSchema>,
) {
  return onCase(ctx, caller, caseId, async (_db, c, now) => {
    const status = assertTransition(c.status, 'grade');
    return {
      set: {
        status,
        grade: 'two_plus_n',
        gradedAt: now,
        ...(input.note ? { riskReasons: joinNote(c.riskReasons, input.note) } : {}),
      },
      action: 'mediation.case.grade',
    };
  });
}

export function extendDeadline(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: z.output<typeof mediationExtendInputSchema>,
) {
  return onCase(ctx, caller, caseId, async (_db, c) => {
    assertTransition(c.status, 'extend');
    const due = new Date(input.concludeDue);
    if (due <= c.concludeDue)
      throw new HttpError(400, 'validation_error', m.msg('error.extendNotLater'), [
        { field: 'body.concludeDue', message: m.msg('error.extendNotLater') },
      ]);
    return {
      set: { concludeDue: due, extensionNote: joinNote(c.extensionNote, input.consentNote) },
      action: 'mediation.case.extend',
    };
  });
}
