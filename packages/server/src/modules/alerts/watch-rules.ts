import { and, desc, eq, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import {
  can,
  WATCH_RULE_MAX_DAYS,
  type WatchRule,
  type WatchRuleInput,
  type WatchRuleStatus,
  type WatchRuleUpdate,
} from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import type { UserAuth } from '../../platform/auth/service.ts';
import { conflict, invalidField, notFound } from '../../platform/errors.ts';
import { users } from '../../platform/org/schema.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../platform/time.ts';
import { gates } from '../access/schema.ts';
import { persons } from '../registry/schema.ts';
import { alertsMessages as m } from './messages.ts';
import { watchRules } from './schema.ts';

type Row = typeof watchRules.$inferSelect;

/**
 * The latest allowed expiry: the end of the 30th day from today (Asia/Shanghai), so "30 days"
 * picked in a date field at 23:59 is accepted.
 */
export function maxExpiry(now: Date): Date {
  return shanghaiDayStart(addDays(shanghaiDate(now), WATCH_RULE_MAX_DAYS + 1));
}

function checkExpiry(expiresAt: string, now: Date): Date {
  const at = new Date(expiresAt);
  if (at.getTime() <= now.getTime()) throw invalidField('body.expiresAt', m.msg('watch.expiryPast'));
  if (at.getTime() > maxExpiry(now).getTime()) {
    throw invalidField('body.expiresAt', m.msg('watch.tooLong', { days: WATCH_RULE_MAX_DAYS }));
  }
  return at;
}

async function checkGate(db: Db, siteId: string, gateId: string | null | undefined): Promise<void> {
  if (!gateId) return;
  const [gate] = await db
    .select({ id: gates.id })
    .from(gates)
    .where(and(eq(gates.id, gateId), eq(gates.siteId, siteId)));
  if (!gate) throw invalidField('body.gateId', m.msg('watch.gateNotInSite'));
}

export function statusOf(row: Pick<Row, 'status' | 'expiresAt'>, now: Date): WatchRuleStatus {
  if ((row.status === 'active' || row.status === 'pending') && row.expiresAt.getTime() <= now.getTime())
    return 'expired';
  return row.status;
}

/** Police create active rules; an auxiliary officer's rule waits for a police officer's approval. */
export async function createWatchRule(
  db: Db,
  auth: UserAuth,
  input: WatchRuleInput,
  now: Date,
): Promise<Row> {
  const expiresAt = checkExpiry(input.expiresAt, now);
  const [person] = await db
    .select({ id: persons.id, siteId: persons.siteId })
    .from(persons)
    .where(eq(persons.id, input.personId));
  if (!person || person.siteId !== input.siteId || !auth.siteIds.includes(person.siteId)) {
    throw invalidField('body.personId', m.msg('watch.personNotInSite'));
  }
  await checkGate(db, input.siteId, input.gateId);
  const approver = can(auth.role, 'watch.approve');
  const [row] = await db
    .insert(watchRules)
    .values({
      siteId: input.siteId,
      personId: input.personId,
      gateId: input.gateId ?? null,
      purpose: input.purpose,
      legalBasis: input.legalBasis,
      expiresAt,
      desk: input.desk,
      status: approver ? 'active' : 'pending',
      createdBy: auth.userId,
      approvedBy: approver ? auth.userId : null,
      approvedAt: approver ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

export async function ruleInScope(db: Db, auth: UserAuth, id: string): Promise<Row> {
  const [row] = await db.select().from(watchRules).where(eq(watchRules.id, id));
  if (!row || !auth.siteIds.includes(row.siteId)) throw notFound(m.msg('watch.notFound'));
  return row;
}

/**
 * Edit or renew (a new expiry, at most 30 days ahead). An auxiliary officer's change to a live
 * rule sends it back for approval: the approval covered the old scope.
 */
export async function updateWatchRule(db: Db, auth: UserAuth, id: string, patch: WatchRuleUpdate, now: Date) {
  const row = await ruleInScope(db, auth, id);
  if (row.status === 'ended' || row.status === 'rejected') {
    throw conflict(
      'rule_closed',
      row.status === 'ended' ? m.msg('watch.endedNoChange') : m.msg('watch.rejectedNoChange'),
    );
  }
  const set: Partial<typeof watchRules.$inferInsert> = { updatedAt: now };
  if (patch.expiresAt !== undefined) set.expiresAt = checkExpiry(patch.expiresAt, now);
  if (patch.gateId !== undefined) {
    await checkGate(db, row.siteId, patch.gateId);
    set.gateId = patch.gateId;
  }
  if (patch.purpose !== undefined) set.purpose = patch.purpose;
  if (patch.legalBasis !== undefined) set.legalBasis = patch.legalBasis;
  if (patch.desk !== undefined) set.desk = patch.desk;
  const reapproval = !can(auth.role, 'watch.approve') && row.status === 'active';
  if (reapproval) Object.assign(set, { status: 'pending', approvedBy: null, approvedAt: null });
  const [updated] = await db.update(watchRules).set(set).where(eq(watchRules.id, id)).returning();
  return { rule: updated!, reapproval };
}

export async function decideWatchRule(
  db: Db,
  auth: UserAuth,
  id: string,
  approve: boolean,
  note: string | null,
  now: Date,
) {
  const row = await ruleInScope(db, auth, id);
  if (statusOf(row, now) !== 'pending') {
    throw conflict('not_pending', m.msg('watch.notPending', { status: statusOf(row, now) }));
  }
  const [updated] = await db
    .update(watchRules)
    .set({
      status: approve ? 'active' : 'rejected',
      approvedBy: auth.userId,
      approvedAt: now,
      decisionNote: note,
      updatedAt: now,
    })
    .where(and(eq(watchRules.id, id), eq(watchRules.status, 'pending')))
    .returning();
  if (!updated) throw conflict('not_pending', m.msg('watch.decidedByOther'));
  return updated;
}

export async function endWatchRule(db: Db, auth: UserAuth, id: string, now: Date) {
  const row = await ruleInScope(db, auth, id);
  if (row.status === 'ended' || row.status === 'rejected')
    throw conflict('rule_closed', m.msg('watch.ended'));
  const [updated] = await db
    .update(watchRules)
    .set({ status: 'ended', endedBy: auth.userId, endedAt: now, updatedAt: now })
    .where(eq(watchRules.id, id))
    .returning();
  return updated!;
}

export async function listWatchRules(
  db: Db,
  siteIds: string[],
  q: { siteId?: string | undefined; status?: WatchRuleStatus | undefined; personId?: string | undefined },
  now: Date,
): Promise<WatchRule[]> {
  if (siteIds.length === 0) return [];
  const where: (SQL | undefined)[] = [inArray(watchRules.siteId, q.siteId ? [q.siteId] : siteIds)];
  if (q.personId) where.push(eq(watchRules.personId, q.personId));
  if (q.status === 'expired') {
    where.push(inArray(watchRules.status, ['active', 'pending']), lte(watchRules.expiresAt, now));
  } else if (q.status === 'active' || q.status === 'pending') {
    where.push(eq(watchRules.status, q.status), gt(watchRules.expiresAt, now));
  } else if (q.status) {
    where.push(eq(watchRules.status, q.status));
  }
  const rows = await db
    .select()
    .from(watchRules)
    .where(and(...where))
    .orderBy(desc(watchRules.createdAt))
    .limit(500);
  return toWatchRules(db, rows, now);
}

export async function toWatchRules(db: Db, rows: Row[], now: Date): Promise<WatchRule[]> {
  if (rows.length === 0) return [];
  const personIds = [...new Set(rows.map((r) => r.personId))];
  const gateIds = [...new Set(rows.flatMap((r) => (r.gateId ? [r.gateId] : [])))];
  const userIds = [
    ...new Set(rows.flatMap((r) => [r.createdBy, r.approvedBy, r.endedBy].filter((v): v is string => !!v))),
  ];
  const [people, gateRows, userRows] = await Promise.all([
    db
      .select({
        id: persons.id,
        name: persons.name,
        roomLabel: sql<string | null>`(SELECT r.label FROM residencies res JOIN rooms r ON r.id = res.room_id
          WHERE res.person_id = persons.id ORDER BY (res.status = 'active') DESC, res.valid_from DESC LIMIT 1)`,
      })
      .from(persons)
      .where(inArray(persons.id, personIds)),
    gateIds.length
      ? db.select({ id: gates.id, name: gates.name }).from(gates).where(inArray(gates.id, gateIds))
      : [],
    userIds.length
      ? db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds))
      : [],
  ]);
  const person = new Map(people.map((p) => [p.id, p]));
  const gateName = new Map(gateRows.map((g) => [g.id, g.name]));
  const userName = new Map(userRows.map((u) => [u.id, u.name]));
  const name = (id: string | null) => (id ? (userName.get(id) ?? null) : null);
  return rows.map((r) => ({
    id: r.id,
    siteId: r.siteId,
    personId: r.personId,
    personName: person.get(r.personId)?.name ?? '',
    roomLabel: person.get(r.personId)?.roomLabel ?? null,
    gateId: r.gateId,
    gateName: r.gateId ? (gateName.get(r.gateId) ?? null) : null,
    purpose: r.purpose,
    legalBasis: r.legalBasis,
    expiresAt: r.expiresAt.toISOString(),
    desk: r.desk,
    status: statusOf(r, now),
    createdBy: name(r.createdBy),
    createdAt: r.createdAt.toISOString(),
    approvedBy: name(r.approvedBy),
    approvedAt: r.approvedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    endedBy: name(r.endedBy),
    endedAt: r.endedAt?.toISOString() ?? null,
    matchCount: r.matchCount,
    lastMatchAt: r.lastMatchAt?.toISOString() ?? null,
  }));
}
