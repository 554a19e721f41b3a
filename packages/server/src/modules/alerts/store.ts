import { and, count, desc, eq, gte, inArray, lte, max, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  ALERT_LEVELS,
  can,
  maskName,
  type AlertAction,
  type AlertActionEntry,
  type AlertDesk,
  type AlertKind,
  type AlertLevel,
  type AlertQuery,
  type AlertView,
  type Lang,
  renderStored,
  type Role,
  type WebhookPayload,
} from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import type { AuditActor } from '../../platform/audit/service.ts';
import { gates } from '../access/schema.ts';
import { persons } from '../registry/schema.ts';
import { alertsMessages as m } from './messages.ts';
import { alertTitle } from './titles.ts';
import { alertActions, alertChannels, alertDeliveries, alerts, watchRules } from './schema.ts';

/** Serialises alert writes across processes, so change ids commit in order (see alertActions). */
export const ALERT_LOCK_ID = 4_242_010;
export const SYSTEM_ACTOR: AuditActor = { id: null, name: 'system:alerts', role: 'system', ip: null };
/** Back-off of outbound deliveries: 30 s, 1, 2, 4, 8 min; then given up. */
export const DELIVERY_BASE_MS = 30_000;
export const DELIVERY_MAX_ATTEMPTS = 6;

export type AlertRow = typeof alerts.$inferSelect;

/** Who is looking: the role decides desk visibility, masking and watch-rule details. */
export interface Viewer {
  userId: string;
  role: Role;
  siteIds: string[];
  /** The language of the titles (the request's Accept-Language); Chinese when absent. */
  lang?: Lang;
}

/** Police and auxiliary officers see both desks' alerts; the property desk sees only its own. */
export const seesAllDesks = (role: Role) => can(role, 'watch.manage');
export const deskOfRole = (role: Role): AlertDesk =>
  role === 'property' ? 'property_desk' : 'police_office';
export const levelRank = (level: AlertLevel) => ALERT_LEVELS.indexOf(level);
export const nextLevel = (level: AlertLevel): AlertLevel =>
  ALERT_LEVELS[Math.min(levelRank(level) + 1, ALERT_LEVELS.length - 1)]!;

export interface AlertChange {
  siteId: string;
  alertId: string;
  desk: AlertDesk;
  seq: number;
  action: AlertAction;
}

/** One locked write transaction: what changed (to publish after commit) and what to send. */
export interface AlertWrite {
  db: Db;
  now: Date;
  changes: AlertChange[];
  deliveries: string[];
}

export interface WriteResult<T> {
  result: T;
  changes: AlertChange[];
  deliveries: string[];
}

export async function withAlertWrite<T>(
  db: Db,
  now: Date,
  fn: (w: AlertWrite) => Promise<T>,
): Promise<WriteResult<T>> {
  const changes: AlertChange[] = [];
  const deliveries: string[] = [];
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${ALERT_LOCK_ID})`);
    return fn({ db: tx as unknown as Db, now, changes, deliveries });
  });
  return { result, changes, deliveries };
}

export interface ActionActor {
  id: string | null;
  name: string | null;
}
/**
 * The system as the actor of what jobs do. Its name is stored (in Chinese, the system's record
 * language) like a person's; views show it in the reader's language (`actorNameIn`).
 */
export const SYSTEM: ActionActor = { id: null, name: m.text('zh-CN', 'system') };

/** A stored actor name for a reader: the system's in the reader's language, a person's as it is. */
export const actorNameIn = (name: string | null, lang: Lang = 'zh-CN'): string | null =>
  name === SYSTEM.name ? m.text(lang, 'system') : name;

const NOTIFY_ACTIONS: readonly AlertAction[] = ['raised', 'escalated', 'handed_off'];

/** Appends a history row, stamps the alert with its sequence number, queues notifications. */
export async function recordAction(
  w: AlertWrite,
  alert: AlertRow,
  action: AlertAction,
  actor: ActionActor,
  note: string | null = null,
  fromDesk: AlertDesk | null = null,
): Promise<AlertRow> {
  const [row] = await w.db
    .insert(alertActions)
    .values({
      alertId: alert.id,
      siteId: alert.siteId,
      action,
      desk: alert.desk,
      fromDesk,
      actorId: actor.id,
      actorName: actor.name,
      note,
      at: w.now,
    })
    .returning({ id: alertActions.id });
  const seq = row!.id;
  const [updated] = await w.db.update(alerts).set({ seq }).where(eq(alerts.id, alert.id)).returning();
  w.changes.push({ siteId: alert.siteId, alertId: alert.id, desk: alert.desk, seq, action });
  if (NOTIFY_ACTIONS.includes(action)) await enqueueDeliveries(w, updated!, action);
  return updated!;
}

export interface NewAlert {
  siteId: string;
  kind: AlertKind;
  level: AlertLevel;
  desk: AlertDesk;
  at: Date;
  dedupeKey?: string | null;
  gateId?: string | null;
  personId?: string | null;
  watchRuleId?: string | null;
  accessEventId?: number | null;
  data?: Record<string, unknown>;
  count?: number;
}

export async function createAlert(
  w: AlertWrite,
  input: NewAlert,
  actor: ActionActor = SYSTEM,
  note: string | null = null,
) {
  const [row] = await w.db
    .insert(alerts)
    .values({
      siteId: input.siteId,
      kind: input.kind,
      level: input.level,
      status: 'new',
      desk: input.desk,
      newSince: w.now,
      count: input.count ?? 1,
      dedupeKey: input.dedupeKey ?? null,
      gateId: input.gateId ?? null,
      personId: input.personId ?? null,
      watchRuleId: input.watchRuleId ?? null,
      accessEventId: input.accessEventId ?? null,
      lastEventId: input.accessEventId ?? null,
      data: input.data ?? {},
      firstAt: input.at,
      lastAt: input.at,
    })
    .returning();
  return recordAction(w, row!, 'raised', actor, note);
}

/**
 * Occurrences with the same key (one gate's strangers, one card's refusals…) join the open alert
 * seen since `windowStart` instead of raising a new one; `escalateTo` raises its level.
 */
export async function raiseOrGather(
  w: AlertWrite,
  input: NewAlert & {
    dedupeKey: string;
    windowStart: Date;
    escalateTo?: AlertLevel | null;
    escalateNote?: string;
  },
): Promise<{ alert: AlertRow; created: boolean }> {
  const [open] = await w.db
    .select()
    .from(alerts)
    .where(
      and(
        eq(alerts.siteId, input.siteId),
        eq(alerts.kind, input.kind),
        eq(alerts.dedupeKey, input.dedupeKey),
        ne(alerts.status, 'resolved'),
        gte(alerts.lastAt, input.windowStart),
      ),
    )
    .orderBy(desc(alerts.lastAt))
    .limit(1);
  if (!open) {
    const level =
      input.escalateTo && levelRank(input.escalateTo) > levelRank(input.level)
        ? input.escalateTo
        : input.level;
    const alert = await createAlert(w, { ...input, level });
    if (level === input.level) return { alert, created: true };
    const [escalated] = await w.db
      .update(alerts)
      .set({ escalated: true, escalatedAt: w.now })
      .where(eq(alerts.id, alert.id))
      .returning();
    return { alert: escalated!, created: true };
  }
  const [gathered] = await w.db
    .update(alerts)
    .set({
      count: input.count ?? open.count + 1,
      lastAt: input.at,
      lastEventId: input.accessEventId ?? open.lastEventId,
      data: { ...open.data, ...(input.data ?? {}) },
    })
    .where(eq(alerts.id, open.id))
    .returning();
  let alert = await recordAction(w, gathered!, 'repeated', SYSTEM);
  if (input.escalateTo && levelRank(input.escalateTo) > levelRank(alert.level)) {
    const [raised] = await w.db
      .update(alerts)
      .set({ level: input.escalateTo, escalated: true, escalatedAt: w.now })
      .where(eq(alerts.id, open.id))
      .returning();
    alert = await recordAction(w, raised!, 'escalated', SYSTEM, input.escalateNote ?? null);
  }
  return { alert, created: false };
}

// ---------------------------------------------------------------------------------------------
// Views

interface ViewContext {
  gateNames: Map<string, string>;
  people: Map<string, { name: string; roomLabel: string | null }>;
  rules: Map<string, { id: string; purpose: string; legalBasis: string; expiresAt: Date }>;
}

async function viewContext(db: Db, rows: AlertRow[]): Promise<ViewContext> {
  const gateIds = [...new Set(rows.flatMap((r) => (r.gateId ? [r.gateId] : [])))];
  const personIds = [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))];
  const ruleIds = [...new Set(rows.flatMap((r) => (r.watchRuleId ? [r.watchRuleId] : [])))];
  const [gateRows, personRows, ruleRows] = await Promise.all([
    gateIds.length
      ? db.select({ id: gates.id, name: gates.name }).from(gates).where(inArray(gates.id, gateIds))
      : [],
    personIds.length
      ? db
          .select({
            id: persons.id,
            name: persons.name,
            // the flat of the person's most recent residency
            roomLabel: sql<
              string | null
            >`(SELECT r.label FROM residencies res JOIN rooms r ON r.id = res.room_id
              WHERE res.person_id = persons.id ORDER BY (res.status = 'active') DESC, res.valid_from DESC LIMIT 1)`,
          })
          .from(persons)
          .where(inArray(persons.id, personIds))
      : [],
    ruleIds.length
      ? db
          .select({
            id: watchRules.id,
            purpose: watchRules.purpose,
            legalBasis: watchRules.legalBasis,
            expiresAt: watchRules.expiresAt,
          })
          .from(watchRules)
          .where(inArray(watchRules.id, ruleIds))
      : [],
  ]);
  return {
    gateNames: new Map(gateRows.map((g) => [g.id, g.name])),
    people: new Map(personRows.map((p) => [p.id, { name: p.name, roomLabel: p.roomLabel }])),
    rules: new Map(ruleRows.map((r) => [r.id, r])),
  };
}

/**
 * Alerts whose task is at the person's home: the desk has to go to (or call on) that flat, and
 * they gather at most one alert per person per day (expired tenant) or per 48 hours (elderly
 * not seen), so their flats make no movement timeline. Every other kind shows no flat to
 * viewers who may not follow a person.
 */
const HOME_TASK_KINDS: readonly AlertKind[] = ['elderly_not_seen', 'expired_tenant'];

/**
 * May this viewer tell whose alert it is? Only with access.trackPerson (police): the person's id,
 * full name and flat. Everyone else, and outbound notifications (`null` viewer), get a masked
 * name, no person id, and the flat only for HOME_TASK_KINDS, so alerts cannot be grouped by
 * person into a timeline.
 */
export const identifiesPersons = (viewer: Viewer | null) =>
  viewer ? can(viewer.role, 'access.trackPerson') : false;

/** What `policeSide` says about watch rules; `null` viewer = outbound (masked, no rule). */
function toView(row: AlertRow, c: ViewContext, viewer: Viewer | null): AlertView {
  const policeSide = viewer ? seesAllDesks(viewer.role) : false;
  const identify = identifiesPersons(viewer);
  const person = row.personId ? c.people.get(row.personId) : undefined;
  const personName = person ? (identify ? person.name : maskName(person.name)) : null;
  const roomLabel =
    person && (identify || HOME_TASK_KINDS.includes(row.kind as AlertKind)) ? person.roomLabel : null;
  const gateName = row.gateId ? (c.gateNames.get(row.gateId) ?? null) : null;
  const rule = policeSide && row.watchRuleId ? c.rules.get(row.watchRuleId) : undefined;
  // Kind-specific details may carry names (digest items carry flats only); watch data stays internal.
  const data = { ...row.data };
  if (!policeSide) delete data.watchRule;
  // Sealed values (a correction request's proposed value and note) are read through the module
  // that wrote them, with its own checks and audit, never in the alert view.
  for (const key of Object.keys(data)) if (key.endsWith('Enc')) delete data[key];
  return {
    id: row.id,
    siteId: row.siteId,
    kind: row.kind as AlertKind,
    level: row.level,
    status: row.status,
    desk: row.desk,
    escalated: row.escalated,
    count: row.count,
    title: alertTitle(
      {
        kind: row.kind as AlertKind,
        count: row.count,
        gateName,
        personName,
        roomLabel,
        firstAt: row.firstAt,
        data: row.data,
        policeSide,
      },
      viewer?.lang,
    ),
    gateId: row.gateId,
    gateName,
    personId: identify ? row.personId : null,
    personName,
    roomLabel,
    accessEventId: row.accessEventId,
    firstAt: row.firstAt.toISOString(),
    lastAt: row.lastAt.toISOString(),
    acknowledgedBy: row.acknowledgedByName,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    resolvedBy: actorNameIn(row.resolvedByName, viewer?.lang),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolution: renderStored(row.resolution, viewer?.lang ?? 'zh-CN'),
    handoffMessage: row.handoffMessage,
    watchRule: rule
      ? {
          id: rule.id,
          purpose: rule.purpose,
          legalBasis: rule.legalBasis,
          expiresAt: rule.expiresAt.toISOString(),
        }
      : null,
    data,
    seq: row.seq,
  };
}

export async function toViews(db: Db, rows: AlertRow[], viewer: Viewer | null): Promise<AlertView[]> {
  if (rows.length === 0) return [];
  const c = await viewContext(db, rows);
  return rows.map((r) => toView(r, c, viewer));
}

/** Which alerts a viewer may see: own sites; the property desk only its desk's. */
export function visibleTo(viewer: Viewer): SQL | undefined {
  if (viewer.siteIds.length === 0) return sql`false`;
  const where: SQL[] = [inArray(alerts.siteId, viewer.siteIds)];
  if (!seesAllDesks(viewer.role)) where.push(eq(alerts.desk, deskOfRole(viewer.role)));
  return and(...where);
}

export function canSee(viewer: Viewer, row: Pick<AlertRow, 'siteId' | 'desk'>): boolean {
  return (
    viewer.siteIds.includes(row.siteId) && (seesAllDesks(viewer.role) || row.desk === deskOfRole(viewer.role))
  );
}

export async function listAlerts(
  db: Db,
  viewer: Viewer,
  q: AlertQuery,
): Promise<{ items: AlertView[]; total: number; cursor: number }> {
  // The cursor is read first: a change landing during the list is then re-sent by the stream,
  // never lost (the console merges by id).
  const cursor = await currentSeq(db);
  const where: (SQL | undefined)[] = [visibleTo(viewer)];
  if (q.siteId) where.push(eq(alerts.siteId, q.siteId));
  if (q.status === 'open') where.push(ne(alerts.status, 'resolved'));
  else if (q.status) where.push(eq(alerts.status, q.status));
  if (q.kind) where.push(eq(alerts.kind, q.kind));
  if (q.level) where.push(eq(alerts.level, q.level));
  if (q.desk) where.push(eq(alerts.desk, q.desk));
  if (q.from) where.push(gte(alerts.firstAt, new Date(q.from)));
  if (q.to) where.push(lte(alerts.firstAt, new Date(q.to)));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const text: SQL[] = [
      sql`${alerts.resolution} ILIKE ${like}`,
      sql`${alerts.handoffMessage} ILIKE ${like}`,
      sql`EXISTS (SELECT 1 FROM gates g WHERE g.id = alerts.gate_id AND g.name ILIKE ${like})`,
      sql`EXISTS (SELECT 1 FROM alert_actions x WHERE x.alert_id = alerts.id AND x.note ILIKE ${like})`,
    ];
    // Finding alerts by a person's name or flat groups them by person: only for those who may
    // follow a person (the others see masked names and no flats).
    if (identifiesPersons(viewer)) {
      text.push(
        sql`EXISTS (SELECT 1 FROM persons p WHERE p.id = alerts.person_id AND p.name ILIKE ${like})`,
        sql`EXISTS (SELECT 1 FROM residencies res JOIN rooms r ON r.id = res.room_id
              WHERE res.person_id = alerts.person_id AND r.label = ${q.q})`,
      );
    }
    where.push(or(...text));
  }
  const condition = and(...where);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(alerts)
      .where(condition)
      .orderBy(desc(alerts.firstAt), desc(alerts.seq))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(alerts).where(condition),
  ]);
  return { items: await toViews(db, rows, viewer), total: total[0]?.n ?? 0, cursor };
}

export async function currentSeq(db: Db): Promise<number> {
  const [row] = await db.select({ seq: max(alertActions.id) }).from(alertActions);
  return Number(row?.seq ?? 0);
}

export async function alertHistory(
  db: Db,
  alertId: string,
  lang: Lang = 'zh-CN',
): Promise<AlertActionEntry[]> {
  const rows = await db
    .select()
    .from(alertActions)
    .where(eq(alertActions.alertId, alertId))
    .orderBy(alertActions.id);
  return rows.map((r) => ({
    seq: r.id,
    action: r.action as AlertAction,
    desk: r.desk,
    fromDesk: r.fromDesk,
    actorName: actorNameIn(r.actorName, lang),
    note: renderStored(r.note, lang),
    at: r.at.toISOString(),
  }));
}

export interface StreamChange {
  seq: number;
  action: AlertAction;
  alertId: string;
}

/** Changes after `after` that this viewer may know about, oldest first. */
export async function changesSince(
  db: Db,
  viewer: Viewer,
  after: number,
  limit = 200,
): Promise<StreamChange[]> {
  if (viewer.siteIds.length === 0) return [];
  const where: SQL[] = [inArray(alertActions.siteId, viewer.siteIds), sql`${alertActions.id} > ${after}`];
  if (!seesAllDesks(viewer.role)) {
    const desk = deskOfRole(viewer.role);
    // Also the hand-off that took an alert away from this desk, so its console can drop it.
    where.push(or(eq(alertActions.desk, desk), eq(alertActions.fromDesk, desk))!);
  }
  const rows = await db
    .select({ seq: alertActions.id, action: alertActions.action, alertId: alertActions.alertId })
    .from(alertActions)
    .where(and(...where))
    .orderBy(alertActions.id)
    .limit(limit);
  return rows.map((r) => ({ seq: r.seq, action: r.action as AlertAction, alertId: r.alertId }));
}

/** Alerts that name a person (newest first), of the given kinds, in the given sites. */
export async function alertsAboutPerson(
  db: Db,
  personId: string,
  siteIds: string[],
  kinds: readonly AlertKind[],
): Promise<AlertRow[]> {
  if (siteIds.length === 0 || kinds.length === 0) return [];
  return db
    .select()
    .from(alerts)
    .where(
      and(eq(alerts.personId, personId), inArray(alerts.siteId, siteIds), inArray(alerts.kind, [...kinds])),
    )
    .orderBy(desc(alerts.firstAt))
    .limit(1000);
}

export async function alertsByIds(db: Db, ids: string[]): Promise<AlertRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(alerts).where(inArray(alerts.id, ids));
}

export async function openCountsByLevel(
  db: Db,
  viewer: Viewer,
  siteIds: string[],
): Promise<Record<AlertLevel, number>> {
  const out: Record<AlertLevel, number> = { info: 0, warning: 0, critical: 0 };
  if (siteIds.length === 0) return out;
  const rows = await db
    .select({ level: alerts.level, n: count() })
    .from(alerts)
    .where(and(visibleTo(viewer), inArray(alerts.siteId, siteIds), ne(alerts.status, 'resolved')))
    .groupBy(alerts.level);
  for (const r of rows) out[r.level] = r.n;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Outbound deliveries: queued in the same transaction as the change

async function enqueueDeliveries(w: AlertWrite, alert: AlertRow, action: AlertAction): Promise<void> {
  const channels = await w.db
    .select()
    .from(alertChannels)
    .where(and(eq(alertChannels.siteId, alert.siteId), eq(alertChannels.enabled, true)));
  const due = channels.filter(
    (c) => c.desks.includes(alert.desk) && levelRank(alert.level) >= levelRank(c.minLevel),
  );
  if (due.length === 0) return;
  const [view] = await toViews(w.db, [alert], null);
  for (const channel of due) {
    const payload: Omit<WebhookPayload, 'deliveryId' | 'sentAt'> = {
      action,
      alert: {
        id: view!.id,
        siteId: view!.siteId,
        kind: view!.kind,
        level: view!.level,
        status: view!.status,
        desk: view!.desk,
        title: view!.title,
        gateName: view!.gateName,
        count: view!.count,
        firstAt: view!.firstAt,
        lastAt: view!.lastAt,
      },
    };
    const [row] = await w.db
      .insert(alertDeliveries)
      .values({
        channelId: channel.id,
        alertId: alert.id,
        siteId: alert.siteId,
        action,
        status: 'pending',
        payload,
        // The first attempt is made right after commit; the retry job only picks it up if that
        // attempt never reported back.
        nextAttemptAt: new Date(w.now.getTime() + DELIVERY_BASE_MS),
      })
      .returning({ id: alertDeliveries.id });
    w.deliveries.push(row!.id);
  }
}

/** Raw-SQL timestamps come back as text on both drivers. */
export function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(
    String(value)
      .replace(' ', 'T')
      .replace(/([+-]\d\d)$/, '$1:00'),
  );
}
