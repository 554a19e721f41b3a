/**
 * The team of a case and the roster it is drawn from. The "2" is required: one police officer or
 * auxiliary of the site (a user) and one active people's mediator of the roster; the N are other
 * roster members. Recusal: a member whose registry person shares an active household with a
 * party, or who declared a relation to the case, is refused with the reason and nothing is written.
 */
import {
  can,
  type Lang,
  maskPhone,
  renderMessage,
  type MediationRosterMember,
  type mediationRecusalInputSchema,
  type mediationRosterInputSchema,
  type mediationRosterPatchSchema,
  type MediationStatus,
  type mediationTeamInputSchema,
  ROSTER_KINDS,
} from '@anju/contracts';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Db, queryRows } from '../../db/client.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { conflict, HttpError, notFound } from '../../platform/errors.ts';
import { users, userSites } from '../../platform/org/schema.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { staffOfSite } from '../appointments/config.ts';
import { openSealed, sealPhone } from '../registry/sql.ts';
import { persons } from '../registry/schema.ts';
import { type CaseRow, caseDetail, caseForWork, type MediationCaller } from './cases.ts';
import { assertTransition } from './machine.ts';
import { mediationMessages as m } from './messages.ts';
import { mediationCases, mediationRecusalDeclarations, mediationRoster, mediationTeam } from './schema.ts';

type RosterRow = typeof mediationRoster.$inferSelect;

// ---- Roster ----

function rosterView(ctx: AppContext, caller: MediationCaller, r: RosterRow): MediationRosterMember {
  const phone = openSealed(ctx.keyring, 'phone', r.phoneEnc);
  return {
    id: r.id,
    siteId: r.siteId,
    userId: r.userId,
    personId: r.personId,
    name: r.name,
    kind: r.kind,
    specialities: r.specialities,
    availability: r.availability,
    // Those who manage the roster see the number; the others see it masked.
    phone: phone && !can(caller.role, 'mediation.roster') ? maskPhone(phone) : phone,
    active: r.active,
  };
}

const KIND_ORDER = new Map(ROSTER_KINDS.map((k, i) => [k, i]));
const byKindThenName = (a: RosterRow, b: RosterRow) =>
  (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) || a.name.localeCompare(b.name, 'zh-CN');

export async function listRoster(
  ctx: AppContext,
  caller: MediationCaller,
  siteId: string,
): Promise<{ items: MediationRosterMember[] }> {
  const rows = await ctx.db.select().from(mediationRoster).where(eq(mediationRoster.siteId, siteId));
  return { items: rows.sort(byKindThenName).map((r) => rosterView(ctx, caller, r)) };
}

async function rosterRow(db: Db, caller: MediationCaller, id: string): Promise<RosterRow> {
  const [row] = await db
    .select()
    .from(mediationRoster)
    .where(and(eq(mediationRoster.id, id), inArray(mediationRoster.siteId, [...caller.siteIds])));
  if (!row) throw notFound(m.msg('error.rosterNotFound'));
  return row;
}

const fieldError = (status: number, code: string, field: string, message: ReturnType<typeof m.msg>) =>
  new HttpError(status, code, message, [{ field, message }]);

/** The login of a member: an active mediator account of the site. */
async function checkLogin(db: Db, siteId: string, userId: string, field: string): Promise<void> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userSites, eq(userSites.userId, users.id))
    .where(
      and(
        eq(users.id, userId),
        eq(users.role, 'mediator'),
        eq(users.active, true),
        eq(userSites.siteId, siteId),
      ),
    );
  if (!row) throw fieldError(400, 'validation_error', field, m.msg('error.userNotFound'));
}

async function checkPerson(db: Db, siteId: string, personId: string, field: string): Promise<void> {
  const [row] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.id, personId), eq(persons.siteId, siteId)));
  if (!row) throw fieldError(400, 'validation_error', field, m.msg('error.personNotFound'));
}

export async function createRosterMember(
  ctx: AppContext,
  caller: MediationCaller,
  input: z.output<typeof mediationRosterInputSchema>,
): Promise<MediationRosterMember> {
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    if (input.userId) await checkLogin(db, input.siteId, input.userId, 'body.userId');
    if (input.personId) await checkPerson(db, input.siteId, input.personId, 'body.personId');
    const now = ctx.now();
    const [row] = await db
      .insert(mediationRoster)
      .values({
        siteId: input.siteId,
        userId: input.userId,
        personId: input.personId,
        name: input.name,
        kind: input.kind,
        specialities: [...new Set(input.specialities)],
        availability: input.availability,
        phoneEnc: sealPhone(ctx.keyring, input.phone).enc,
        active: input.active,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendAudit(db, caller.actor, {
      action: 'mediation.roster.create',
      subjectType: 'mediation_roster',
      subjectId: row!.id,
      fields: Object.keys(input).filter((k) => k !== 'siteId'),
      siteId: input.siteId,
    });
    return rosterView(ctx, caller, row!);
  });
}

export async function updateRosterMember(
  ctx: AppContext,
  caller: MediationCaller,
  id: string,
  patch: z.output<typeof mediationRosterPatchSchema>,
): Promise<MediationRosterMember> {
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const r = await rosterRow(db, caller, id);
    if (patch.userId) await checkLogin(db, r.siteId, patch.userId, 'body.userId');
    if (patch.personId) await checkPerson(db, r.siteId, patch.personId, 'body.personId');
    const set: Partial<RosterRow> = {};
    if (patch.userId !== undefined) set.userId = patch.userId;
    if (patch.personId !== undefined) set.personId = patch.personId;
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.kind !== undefined) set.kind = patch.kind;
    if (patch.specialities !== undefined) set.specialities = [...new Set(patch.specialities)];
    if (patch.availability !== undefined) set.availability = patch.availability;
    if (patch.phone !== undefined) set.phoneEnc = sealPhone(ctx.keyring, patch.phone).enc;
    if (patch.active !== undefined) set.active = patch.active;
    const [row] = await db
      .update(mediationRoster)
      .set({ ...set, updatedAt: ctx.now() })
      .where(eq(mediationRoster.id, r.id))
      .returning();
    await appendAudit(db, caller.actor, {
      action: 'mediation.roster.update',
      subjectType: 'mediation_roster',
      subjectId: r.id,
      fields: Object.keys(patch),
      siteId: r.siteId,
    });
    return rosterView(ctx, caller, row!);
  });
}

/**
 * Deletes a roster member who never served: no team seat and no declared relation on any case.
 * One who did stays (the cases' history names them): 409 `roster_served` — deactivate instead.
 */
export async function deleteRosterMember(
  ctx: AppContext,
  caller: MediationCaller,
  id: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const r = await rosterRow(db, caller, id);
    // Lock the member so no team takes them between the count and the delete.
    await db
      .select({ id: mediationRoster.id })
      .from(mediationRoster)
      .where(eq(mediationRoster.id, r.id))
      .for('update');
    const [served] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(DISTINCT case_id)::int AS n FROM (
            SELECT case_id FROM mediation_team WHERE roster_id = ${r.id}
            UNION ALL SELECT case_id FROM mediation_recusal_declarations WHERE roster_id = ${r.id}) x`,
    );
    const n = Number(served?.n ?? 0);
    if (n > 0) throw conflict('roster_served', m.msg('error.rosterServed', { name: r.name, n }));
    await db.delete(mediationRoster).where(eq(mediationRoster.id, r.id));
    await appendAudit(db, caller.actor, {
      action: 'mediation.roster.delete',
      subjectType: 'mediation_roster',
      subjectId: r.id,
      fields: ['name', 'kind'],
      siteId: r.siteId,
    });
  });
}

// ---- Recusal ----

/**
 * Why a roster member must step aside from a case, or null: a declared relation, being a party,
 * or sharing an active household (registry residencies) with a party.
 */
export async function recusalOf(
  db: Db,
  c: CaseRow,
  member: RosterRow,
  today: string,
): Promise<
  { key: 'error.recusedDeclared'; reason: string } | { key: 'error.recusedHousehold'; party: string } | null
> {
  const [declared] = await db
    .select({ reason: mediationRecusalDeclarations.reason })
    .from(mediationRecusalDeclarations)
    .where(
      and(
        eq(mediationRecusalDeclarations.caseId, c.id),
        eq(mediationRecusalDeclarations.rosterId, member.id),
      ),
    );
  if (declared) return { key: 'error.recusedDeclared', reason: declared.reason };
  if (!member.personId) return null;
  const [shared] = await queryRows<{ party: string }>(
    db,
    sql`SELECT p.name AS party FROM mediation_parties p
        WHERE p.case_id = ${c.id} AND p.person_id IS NOT NULL
          AND (p.person_id = ${member.personId} OR EXISTS (
            SELECT 1 FROM residencies a JOIN residencies b ON b.household_id = a.household_id
            WHERE a.person_id = p.person_id AND b.person_id = ${member.personId}
              AND a.household_id IS NOT NULL
              AND a.status = 'active' AND (a.valid_to IS NULL OR a.valid_to >= ${today})
              AND b.status = 'active' AND (b.valid_to IS NULL OR b.valid_to >= ${today})))
        LIMIT 1`,
  );
  return shared ? { key: 'error.recusedHousehold', party: shared.party } : null;
}

function recusedError(
  member: RosterRow,
  why: NonNullable<Awaited<ReturnType<typeof recusalOf>>>,
  field: string,
) {
  const message =
    why.key === 'error.recusedDeclared'
      ? m.msg('error.recusedDeclared', { name: member.name, reason: why.reason })
      : m.msg('error.recusedHousehold', { name: member.name, party: why.party });
  return new HttpError(409, 'recused', message, [
    {
      field,
      message,
      rosterId: member.id,
      reason: why.key === 'error.recusedDeclared' ? 'declared' : 'household',
    },
  ]);
}

/** A member declares a relation to a party of the case: they can no longer join its team. */
export async function declareRecusal(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: z.output<typeof mediationRecusalInputSchema>,
) {
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const c = await caseForWork(db, caller, caseId, { forUpdate: true });
    assertTransition(c.status, 'recusal');
    const member = await siteMember(db, c, input.rosterId, 'body.rosterId', { activeOnly: false });
    const [onTeam] = await db
      .select({ id: mediationTeam.id })
      .from(mediationTeam)
      .where(and(eq(mediationTeam.caseId, c.id), eq(mediationTeam.rosterId, member.id)));
    if (onTeam)
      throw fieldError(
        409,
        'recusal_on_team',
        'body.rosterId',
        m.msg('error.recusalOnTeam', { name: member.name }),
      );
    await db
      .insert(mediationRecusalDeclarations)
      .values({ caseId: c.id, rosterId: member.id, reason: input.reason, createdBy: caller.userId })
      .onConflictDoUpdate({
        target: [mediationRecusalDeclarations.caseId, mediationRecusalDeclarations.rosterId],
        set: { reason: input.reason },
      });
    await appendAudit(db, caller.actor, {
      action: 'mediation.team.recusal',
      subjectType: 'mediation_case',
      subjectId: c.id,
      fields: ['rosterId', 'reason'],
      siteId: c.siteId,
    });
  });
  return caseDetail(ctx, caller, caseId, { audit: false });
}

/** A roster member of the case's site (400 naming the field otherwise). */
async function siteMember(
  db: Db,
  c: CaseRow,
  rosterId: string,
  field: string,
  opts: { activeOnly: boolean },
): Promise<RosterRow> {
  const [row] = await db
    .select()
    .from(mediationRoster)
    .where(and(eq(mediationRoster.id, rosterId), eq(mediationRoster.siteId, c.siteId)));
  if (!row || (opts.activeOnly && !row.active))
    throw fieldError(400, 'validation_error', field, m.msg('error.memberNotFound'));
  return row;
}

// ---- The team ----

/**
 * Sets the case's team (replacing the previous one). Everything is checked before anything is
 * written: the officer, the people's mediator, each member, recusal of every roster member.
 */
export async function assignTeam(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: z.output<typeof mediationTeamInputSchema>,
) {
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const c = await caseForWork(db, caller, caseId, { forUpdate: true });
    const to: MediationStatus = c.status === 'graded' ? 'team_ready' : c.status;
    const status = assertTransition(c.status, 'assignTeam', to);
    const officer = (await staffOfSite(db, c.siteId)).find((s) => s.id === input.officerUserId);
    if (!officer)
      throw fieldError(409, 'team_incomplete', 'body.officerUserId', m.msg('error.officerRequired'));
    const [mediator] = await db
      .select()
      .from(mediationRoster)
      .where(and(eq(mediationRoster.id, input.mediatorRosterId), eq(mediationRoster.siteId, c.siteId)));
    if (!mediator?.active || mediator.kind !== 'people_mediator')
      throw fieldError(409, 'team_incomplete', 'body.mediatorRosterId', m.msg('error.mediatorRequired'));
    const members: RosterRow[] = [];
    const seen = new Set([mediator.id]);
    for (const [i, id] of input.memberRosterIds.entries()) {
      const field = `body.memberRosterIds.${i}`;
      if (seen.has(id)) throw fieldError(400, 'validation_error', field, m.msg('error.memberTwice'));
      seen.add(id);
      members.push(await siteMember(db, c, id, field, { activeOnly: true }));
    }
    const today = shanghaiDate(ctx.now());
    const checks: [RosterRow, string][] = [
      [mediator, 'body.mediatorRosterId'],
      ...members.map((r, i): [RosterRow, string] => [r, `body.memberRosterIds.${i}`]),
    ];
    for (const [member, field] of checks) {
      const why = await recusalOf(db, c, member, today);
      if (why) throw recusedError(member, why, field);
    }
    // One row per login: several roster members may share one mediator account.
    const logins = new Set([officer.id]);
    const login = (userId: string | null) => {
      if (!userId || logins.has(userId)) return null;
      logins.add(userId);
      return userId;
    };
    const now = ctx.now();
    await db.delete(mediationTeam).where(eq(mediationTeam.caseId, c.id));
    await db.insert(mediationTeam).values([
      { caseId: c.id, role: 'officer', userId: officer.id, addedAt: now },
      { caseId: c.id, role: 'mediator', rosterId: mediator.id, userId: login(mediator.userId), addedAt: now },
      ...members.map((r) => ({
        caseId: c.id,
        role: 'member' as const,
        rosterId: r.id,
        userId: login(r.userId),
        addedAt: now,
      })),
    ]);
    await db.update(mediationCases).set({ status, updatedAt: now }).where(eq(mediationCases.id, c.id));
    await appendAudit(db, caller.actor, {
      action: 'mediation.team.assign',
      subjectType: 'mediation_case',
      subjectId: c.id,
      fields: [
        'officerUserId',
        'mediatorRosterId',
        'memberRosterIds',
        ...(status !== c.status ? ['status'] : []),
      ],
      siteId: c.siteId,
    });
  });
  return caseDetail(ctx, caller, caseId, { audit: false });
}

/**
 * Roster members suggested for a case: active, those whose specialities include the dispute type
 * first, each with the reason they must step aside (if any).
 */
export async function suggestions(ctx: AppContext, caller: MediationCaller, caseId: string, lang: Lang) {
  const c = await caseForWork(ctx.db, caller, caseId);
  const rows = await ctx.db
    .select()
    .from(mediationRoster)
    .where(and(eq(mediationRoster.siteId, c.siteId), eq(mediationRoster.active, true)))
    .orderBy(asc(mediationRoster.name));
  const today = shanghaiDate(ctx.now());
  const items = [];
  for (const r of rows.sort(byKindThenName)) {
    const why = await recusalOf(ctx.db, c, r, today);
    items.push({
      ...rosterView(ctx, caller, r),
      matches: r.specialities.includes(c.type),
      recusedReason: why ? renderMessage(recusedError(r, why, 'rosterId').msg, lang) : null,
    });
  }
  items.sort((a, b) => Number(b.matches) - Number(a.matches));
  return { items };
}
