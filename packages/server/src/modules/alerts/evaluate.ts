import { and, count, desc, eq, gt, isNull, lte, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import { users } from '../../platform/org/schema.ts';
import { accessEvents } from '../access/schema.ts';
import { alertEvaluations, alerts, watchRules } from './schema.ts';
import { alertsMessages as m } from './messages.ts';
import { siteRules } from './settings.ts';
import {
  createAlert,
  raiseOrGather,
  SYSTEM_ACTOR,
  withAlertWrite,
  type AlertWrite,
  type WriteResult,
} from './store.ts';

/**
 * Refusals that say nothing about a person trying their luck: camera noise (no face, blur…) and
 * reasons another rule already reports (strangers, expired contracts).
 */
export const DENIAL_NOT_COUNTED = [
  'unknown_face',
  'tenancy_expired',
  'no_face',
  'poor_quality',
  'face_too_small',
  'invalid_image',
  'engine_error',
  'ambiguous_match',
] as const;

/** Emergency release writes one event per gate; they make one alert. */
const EMERGENCY_GATHER_MS = 2 * 60_000;

type EventRow = typeof accessEvents.$inferSelect;

async function activeWatchRules(db: Db, ev: EventRow) {
  if (!ev.personId || ev.decision !== 'grant') return [];
  return db
    .select()
    .from(watchRules)
    .where(
      and(
        eq(watchRules.personId, ev.personId),
        eq(watchRules.siteId, ev.siteId),
        eq(watchRules.status, 'active'),
        gt(watchRules.expiresAt, ev.at),
        ev.gateId
          ? or(isNull(watchRules.gateId), eq(watchRules.gateId, ev.gateId))
          : isNull(watchRules.gateId),
      ),
    );
}

/** Who is being refused again and again: the credential, else the person and method, else the gate. */
function denialSubject(ev: EventRow): { key: string; where: SQL } | null {
  if (ev.credentialId)
    return { key: `cred:${ev.credentialId}`, where: eq(accessEvents.credentialId, ev.credentialId) };
  if (ev.personId) {
    return {
      key: `person:${ev.personId}:${ev.method}`,
      where: and(eq(accessEvents.personId, ev.personId), eq(accessEvents.method, ev.method))!,
    };
  }
  if (ev.gateId) {
    return {
      key: `gate:${ev.gateId}:${ev.method}`,
      where: and(
        eq(accessEvents.gateId, ev.gateId),
        eq(accessEvents.method, ev.method),
        isNull(accessEvents.personId),
      )!,
    };
  }
  return null;
}

async function countEvents(db: Db, siteId: string, where: SQL, from: Date, to: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(accessEvents)
    .where(and(eq(accessEvents.siteId, siteId), where, gt(accessEvents.at, from), lte(accessEvents.at, to)));
  return row?.n ?? 0;
}

async function hasOpen(
  w: AlertWrite,
  siteId: string,
  kind: string,
  dedupeKey: string,
  since: Date,
): Promise<boolean> {
  const [row] = await w.db
    .select({ id: alerts.id })
    .from(alerts)
    .where(
      and(
        eq(alerts.siteId, siteId),
        eq(alerts.kind, kind),
        eq(alerts.dedupeKey, dedupeKey),
        ne(alerts.status, 'resolved'),
        gt(alerts.lastAt, since),
      ),
    )
    .orderBy(desc(alerts.lastAt))
    .limit(1);
  return !!row;
}

/**
 * Runs every alert rule on one access event, exactly once across all API processes: the
 * evaluation marker is inserted in the same transaction as the alerts it produced, so a second
 * process evaluating the same event finds the marker and does nothing.
 */
export async function evaluateAccessEvent(
  db: Db,
  eventId: number,
  now: Date,
  /** The event's time when known: only its month's partition is read. */
  at?: Date,
): Promise<WriteResult<number> | null> {
  const [ev] = await db
    .select()
    .from(accessEvents)
    .where(at ? and(eq(accessEvents.id, eventId), eq(accessEvents.at, at)) : eq(accessEvents.id, eventId));
  if (!ev) return null;
  const rules = await siteRules(db, ev.siteId);
  const watch = await activeWatchRules(db, ev);
  const reason = ev.reason;
  const deniedSubject =
    rules.repeated_denial.enabled &&
    ev.decision === 'deny' &&
    !(DENIAL_NOT_COUNTED as readonly string[]).includes(reason) &&
    ev.method !== 'manual' &&
    ev.method !== 'emergency'
      ? denialSubject(ev)
      : null;
  const stranger = rules.stranger.enabled && reason === 'unknown_face' && !!ev.gateId;
  const expiredTenant = rules.expired_tenant.enabled && reason === 'tenancy_expired' && !!ev.personId;
  const emergency = rules.emergency_release.enabled && ev.method === 'emergency';
  const manual = rules.manual_open.enabled && ev.method === 'manual';

  if (!watch.length && !deniedSubject && !stranger && !expiredTenant && !emergency && !manual) {
    await db.insert(alertEvaluations).values({ accessEventId: ev.id }).onConflictDoNothing();
    return null;
  }

  return withAlertWrite(db, now, async (w) => {
    const claimed = await w.db
      .insert(alertEvaluations)
      .values({ accessEventId: ev.id })
      .onConflictDoNothing()
      .returning();
    if (claimed.length === 0) return 0;
    let raised = 0;
    const base = { siteId: ev.siteId, at: ev.at, gateId: ev.gateId, accessEventId: ev.id };

    for (const rule of watch) {
      await createAlert(w, {
        ...base,
        kind: 'watch_match',
        level: 'warning',
        desk: rule.desk,
        personId: ev.personId,
        watchRuleId: rule.id,
        data: { direction: ev.direction, method: ev.method, decision: ev.decision },
      });
      await w.db
        .update(watchRules)
        .set({ matchCount: sql`${watchRules.matchCount} + 1`, lastMatchAt: ev.at })
        .where(eq(watchRules.id, rule.id));
      await appendAudit(w.db, SYSTEM_ACTOR, {
        action: 'watch_rule.match',
        subjectType: 'person',
        subjectId: ev.personId!,
        siteId: ev.siteId,
        purpose: rule.purpose,
        fields: ['access_event', `watch_rule:${rule.id}`],
      });
      raised++;
    }

    if (stranger) {
      const s = rules.stranger;
      const windowStart = new Date(ev.at.getTime() - s.params.windowMinutes * 60_000);
      const seen = await countEvents(
        w.db,
        ev.siteId,
        and(eq(accessEvents.gateId, ev.gateId!), eq(accessEvents.reason, 'unknown_face'))!,
        windowStart,
        ev.at,
      );
      const escalate = seen >= s.params.escalateCount;
      await raiseOrGather(w, {
        ...base,
        kind: 'stranger',
        level: s.level,
        desk: s.desk,
        dedupeKey: `gate:${ev.gateId}`,
        windowStart,
        count: Math.max(seen, 1),
        data: { windowMinutes: s.params.windowMinutes },
        escalateTo: escalate ? 'critical' : null,
        escalateNote: escalate
          ? m.key('note.strangerEscalated', { minutes: s.params.windowMinutes, count: seen })
          : undefined,
      });
      raised++;
    }

    if (deniedSubject) {
      const r = rules.repeated_denial;
      const windowStart = new Date(ev.at.getTime() - r.params.windowMinutes * 60_000);
      const refused = await countEvents(
        w.db,
        ev.siteId,
        and(
          deniedSubject.where,
          eq(accessEvents.decision, 'deny'),
          notInArray(accessEvents.reason, [...DENIAL_NOT_COUNTED]),
        )!,
        windowStart,
        ev.at,
      );
      if (refused >= r.params.count) {
        await raiseOrGather(w, {
          ...base,
          kind: 'repeated_denial',
          level: r.level,
          desk: r.desk,
          personId: ev.personId,
          dedupeKey: deniedSubject.key,
          windowStart,
          count: refused,
          data: { reason, method: ev.method, windowMinutes: r.params.windowMinutes },
        });
        raised++;
      }
    }

    if (expiredTenant) {
      const r = rules.expired_tenant;
      await raiseOrGather(w, {
        ...base,
        kind: 'expired_tenant',
        level: r.level,
        desk: r.desk,
        personId: ev.personId,
        dedupeKey: `person:${ev.personId}`,
        windowStart: new Date(ev.at.getTime() - r.params.repeatWindowHours * 3600_000),
      });
      raised++;
    }

    if (emergency || manual) {
      const [operator] = ev.operatorId
        ? await w.db.select({ name: users.displayName }).from(users).where(eq(users.id, ev.operatorId))
        : [];
      const note = ev.note ?? '';
      const why = note.includes('：') ? note.slice(note.indexOf('：') + 1) : note;
      if (emergency) {
        // i18n-data: the access module's emergency note starts with 解除 when the release ends (access/routes.ts)
        const open = !note.startsWith('解除');
        const key = `emergency:${open ? 'on' : 'off'}`;
        if (
          !(await hasOpen(
            w,
            ev.siteId,
            'emergency_release',
            key,
            new Date(ev.at.getTime() - EMERGENCY_GATHER_MS),
          ))
        ) {
          const r = rules.emergency_release;
          await createAlert(w, {
            siteId: ev.siteId,
            at: ev.at,
            accessEventId: ev.id,
            kind: 'emergency_release',
            level: open ? r.level : 'info',
            desk: r.desk,
            dedupeKey: key,
            data: { open, reason: why || null, operatorName: operator?.name ?? null },
          });
          raised++;
        }
      } else {
        const r = rules.manual_open;
        await createAlert(w, {
          ...base,
          kind: 'manual_open',
          level: r.level,
          desk: r.desk,
          data: { reason: why || null, operatorName: operator?.name ?? null },
        });
        raised++;
      }
    }
    return raised;
  });
}

/** Access events of the last minutes that no process evaluated (a crash, a lost notification). */
export async function unevaluatedEvents(
  db: Db,
  now: Date,
  lookbackMs = 15 * 60_000,
  graceMs = 5000,
): Promise<Array<{ id: number; at: Date }>> {
  const rows = await db
    .select({ id: accessEvents.id, at: accessEvents.at })
    .from(accessEvents)
    .leftJoin(alertEvaluations, eq(alertEvaluations.accessEventId, accessEvents.id))
    .where(
      and(
        gt(accessEvents.at, new Date(now.getTime() - lookbackMs)),
        lte(accessEvents.at, new Date(now.getTime() - graceMs)),
        isNull(alertEvaluations.accessEventId),
      ),
    )
    .orderBy(accessEvents.id)
    .limit(500);
  return rows;
}
