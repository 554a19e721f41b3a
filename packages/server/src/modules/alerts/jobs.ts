import { and, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import { alertsContractMessages } from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { type Job, workBudget } from '../../platform/jobs.ts';
import { sites } from '../../platform/org/schema.ts';
import { addDays, shanghaiClock, shanghaiDate } from '../../platform/time.ts';
import { listGates } from '../access/gates.ts';
import { attemptDelivery, dueDeliveries } from './channels.ts';
import { evaluateAccessEvent, unevaluatedEvents } from './evaluate.ts';
import { afterCommit, jobDb } from './pipeline.ts';
import { alerts } from './schema.ts';
import { alertsMessages as m } from './messages.ts';
import { sitesWithRule } from './settings.ts';
import { asDate, createAlert, nextLevel, recordAction, SYSTEM, withAlertWrite } from './store.ts';

/**
 * Kinds that are tasks for a desk, not events needing a fast answer: a resident's correction
 * request waits for working hours without going up to 紧急 and ringing the duty console.
 */
export const NON_ESCALATING_KINDS = [
  'correction_request',
  'mediation_overdue',
  'mediation_term_overdue',
  'mediation_judicial_due',
] as const;

async function allSiteIds(db: Db): Promise<string[]> {
  return (await db.select({ id: sites.id }).from(sites)).map((s) => s.id);
}

/** Unacknowledged alerts go up one level every N minutes (until 紧急) and are sent out again. */
export async function escalateUnacknowledged(ctx: AppContext, now: Date): Promise<{ escalated: number }> {
  const db = jobDb(ctx);
  let escalated = 0;
  for (const { siteId, setting } of await sitesWithRule(db, await allSiteIds(db), 'escalation')) {
    const cutoff = new Date(now.getTime() - setting.params.afterMinutes * 60_000);
    const write = await withAlertWrite(db, now, async (w) => {
      const due = await w.db
        .select()
        .from(alerts)
        .where(
          and(
            eq(alerts.siteId, siteId),
            eq(alerts.status, 'new'),
            ne(alerts.level, 'critical'),
            notInArray(alerts.kind, [...NON_ESCALATING_KINDS]),
            sql`GREATEST(${alerts.newSince}, COALESCE(${alerts.escalatedAt}, ${alerts.newSince})) <= ${cutoff}`,
          ),
        );
      for (const alert of due) {
        const level = nextLevel(alert.level);
        const [row] = await w.db
          .update(alerts)
          .set({ level, escalated: true, escalatedAt: now })
          .where(eq(alerts.id, alert.id))
          .returning();
        await recordAction(
          w,
          row!,
          'escalated',
          SYSTEM,
          // Stored as a key, shown in the reader's language (renderStored).
          m.key('note.escalated', {
            minutes: setting.params.afterMinutes,
            level: alertsContractMessages.key(`level.${level}`),
          }),
        );
      }
      return due.length;
    });
    escalated += write.result;
    await afterCommit(ctx, write);
  }
  return { escalated };
}

/** A gate whose terminals have all been silent for N minutes; closed again when one returns. */
export async function checkGatesOnline(
  ctx: AppContext,
  now: Date,
): Promise<{ offline: number; recovered: number }> {
  const db = jobDb(ctx);
  let offline = 0;
  let recovered = 0;
  for (const { siteId, setting } of await sitesWithRule(db, await allSiteIds(db), 'gate_offline')) {
    const limitMs = setting.params.minutes * 60_000;
    const gateList = (await listGates(db, [siteId], now)).filter((g) => g.active && g.devices > 0);
    const write = await withAlertWrite(db, now, async (w) => {
      const open = await w.db
        .select()
        .from(alerts)
        .where(
          and(eq(alerts.siteId, siteId), eq(alerts.kind, 'gate_offline'), ne(alerts.status, 'resolved')),
        );
      const openByGate = new Map(open.map((a) => [a.gateId, a]));
      for (const gate of gateList) {
        const last = gate.lastHeartbeatAt ? new Date(gate.lastHeartbeatAt) : null;
        const silent = !last || now.getTime() - last.getTime() > limitMs;
        const existing = openByGate.get(gate.id);
        if (silent && !existing) {
          await createAlert(w, {
            siteId,
            kind: 'gate_offline',
            level: setting.level,
            desk: setting.desk,
            at: now,
            gateId: gate.id,
            dedupeKey: `gate:${gate.id}`,
            data: { minutes: setting.params.minutes, lastHeartbeatAt: gate.lastHeartbeatAt },
          });
          offline++;
        } else if (!silent && existing) {
          const [row] = await w.db
            .update(alerts)
            .set({
              status: 'resolved',
              resolvedAt: now,
              resolvedByName: SYSTEM.name,
              resolution: m.key('note.gateBackClosed'),
            })
            .where(eq(alerts.id, existing.id))
            .returning();
          await recordAction(w, row!, 'resolved', SYSTEM, m.key('note.gateBack'));
          recovered++;
        }
      }
    });
    await afterCommit(ctx, write);
  }
  return { offline, recovered };
}

/**
 * 独居老人: a person flagged elderly_alone not seen passing any gate for N hours. The clock starts
 * at their last granted passage, or when they were registered / the rule was switched on. One
 * alert per absence: none while one is open, none again until they have been seen.
 */
export async function checkElderlyNotSeen(ctx: AppContext, now: Date): Promise<{ raised: number }> {
  const db = jobDb(ctx);
  let raised = 0;
  for (const { siteId, setting } of await sitesWithRule(db, await allSiteIds(db), 'elderly_not_seen')) {
    const limitMs = setting.params.hours * 3600_000;
    const rows = await queryRows<{ id: string; created_at: unknown; last_seen: unknown }>(
      db,
      sql`SELECT p.id, p.created_at,
            (SELECT max(e.at) FROM access_events e
              WHERE e.person_id = p.id AND e.decision = 'grant' AND e.at <= ${now}) AS last_seen
          FROM persons p
          WHERE p.site_id = ${siteId} AND p.status = 'active' AND 'elderly_alone' = ANY(p.care_flags)`,
    );
    const due = rows
      .map((r) => {
        const lastSeen = asDate(r.last_seen);
        const baseline = Math.max(asDate(r.created_at)!.getTime(), setting.enabledSince?.getTime() ?? 0);
        const since = Math.max(lastSeen?.getTime() ?? 0, baseline);
        return { personId: r.id, lastSeen, since: new Date(since) };
      })
      .filter((r) => now.getTime() - r.since.getTime() >= limitMs);
    if (due.length === 0) continue;
    const write = await withAlertWrite(db, now, async (w) => {
      const known = await w.db
        .select({ personId: alerts.personId, status: alerts.status, firstAt: alerts.firstAt })
        .from(alerts)
        .where(
          and(
            eq(alerts.siteId, siteId),
            eq(alerts.kind, 'elderly_not_seen'),
            inArray(
              alerts.personId,
              due.map((d) => d.personId),
            ),
          ),
        );
      for (const d of due) {
        const already = known.some(
          (k) => k.personId === d.personId && (k.status !== 'resolved' || k.firstAt >= d.since),
        );
        if (already) continue;
        await createAlert(w, {
          siteId,
          kind: 'elderly_not_seen',
          level: setting.level,
          desk: setting.desk,
          at: now,
          personId: d.personId,
          dedupeKey: `person:${d.personId}`,
          data: { hours: setting.params.hours, lastSeenAt: d.lastSeen?.toISOString() ?? null },
        });
        raised++;
      }
    });
    await afterCommit(ctx, write);
  }
  return { raised };
}

/** Once a day (from the configured hour), one alert listing the contracts that end soon. */
export async function tenancyDigest(ctx: AppContext, now: Date): Promise<{ digests: number }> {
  const db = jobDb(ctx);
  const today = shanghaiDate(now);
  const hour = Number(shanghaiClock(now).hhmm.slice(0, 2));
  let digests = 0;
  for (const { siteId, setting } of await sitesWithRule(db, await allSiteIds(db), 'tenancy_expiring')) {
    if (hour < setting.params.digestHour) continue;
    const key = `digest:${today}`;
    const last = addDays(today, setting.params.withinDays);
    const rows = await queryRows<{ id: string; end_date: string; label: string }>(
      db,
      sql`SELECT t.id, t.end_date::text AS end_date, r.label
          FROM tenancies t JOIN rooms r ON r.id = t.room_id
          WHERE t.site_id = ${siteId} AND t.status = 'active'
            AND t.end_date >= ${today}::date AND t.end_date <= ${last}::date
          ORDER BY t.end_date, r.label`,
    );
    if (rows.length === 0) continue;
    const write = await withAlertWrite(db, now, async (w) => {
      const [exists] = await w.db
        .select({ id: alerts.id })
        .from(alerts)
        .where(
          and(eq(alerts.siteId, siteId), eq(alerts.kind, 'tenancy_expiring'), eq(alerts.dedupeKey, key)),
        );
      if (exists) return false;
      await createAlert(w, {
        siteId,
        kind: 'tenancy_expiring',
        level: setting.level,
        desk: setting.desk,
        at: now,
        dedupeKey: key,
        count: rows.length,
        data: {
          date: today,
          withinDays: setting.params.withinDays,
          total: rows.length,
          // Flats and dates only: the desk opens the tenancy page for the names.
          items: rows
            .slice(0, 100)
            .map((r) => ({ tenancyId: r.id, roomLabel: r.label, endDate: r.end_date })),
        },
      });
      return true;
    });
    if (write.result) digests++;
    await afterCommit(ctx, write);
  }
  return { digests };
}

/** Retries deliveries whose back-off has passed. */
export async function retryDeliveries(
  ctx: AppContext,
  now: Date,
): Promise<{ attempted: number; delivered: number }> {
  const db = jobDb(ctx);
  let delivered = 0;
  const ids = await dueDeliveries(db, now);
  for (const id of ids) {
    if ((await attemptDelivery({ db, keyring: ctx.keyring, config: ctx.config }, id, now)) === 'delivered')
      delivered++;
  }
  return { attempted: ids.length, delivered };
}

/** Evaluation markers forgotten per run of alerts.evaluate-missed (runs every minute). */
export const FORGET_BATCH = 5000;

/**
 * A run of alerts.evaluate-missed evaluates at least MISSED_MIN events, then goes on only while
 * under MISSED_BUDGET_MS: a backlog (a process that died with a gate's minute of events) is worked
 * off over the next minutes' runs instead of one long run (bench:scale: ~5 ms an event).
 */
export const MISSED_MIN = 50;
export const MISSED_BUDGET_MS = 500;

/**
 * Evaluates access events no process picked up (at most 500 a run and the time budget above, of
 * the last 15 minutes: the `(at, id)` index reads only that window), and forgets old evaluation
 * markers.
 */
export async function evaluateMissed(
  ctx: AppContext,
  now: Date,
): Promise<{ evaluated: number; forgotten: number }> {
  const db = jobDb(ctx);
  const budget = workBudget(MISSED_MIN, MISSED_BUDGET_MS);
  let evaluated = 0;
  for (const { id, at } of await unevaluatedEvents(db, now)) {
    if (!budget.take()) break;
    const write = await evaluateAccessEvent(db, id, now, at);
    if (write) await afterCommit(ctx, write);
    evaluated++;
  }
  // A batch a run, oldest first through the index on evaluated_at: a day's markers (a million at
  // a sub-bureau) are forgotten over the day's runs, never by a scan of the table.
  const forgotten = await queryRows<{ id: number }>(
    db,
    sql`DELETE FROM alert_evaluations WHERE access_event_id IN (
          SELECT access_event_id FROM alert_evaluations
          WHERE evaluated_at < ${new Date(Date.now() - 2 * 86_400_000)}
          ORDER BY evaluated_at LIMIT ${FORGET_BATCH})
        RETURNING access_event_id AS id`,
  );
  return { evaluated, forgotten: forgotten.length };
}

export const alertJobs = {
  escalate: { name: 'alerts.escalate', everyMinutes: 1, run: escalateUnacknowledged },
  gateOffline: { name: 'alerts.gate-offline', everyMinutes: 1, run: checkGatesOnline },
  elderly: { name: 'alerts.elderly-not-seen', everyMinutes: 15, run: checkElderlyNotSeen },
  tenancyDigest: { name: 'alerts.tenancy-digest', everyMinutes: 30, run: tenancyDigest },
  deliveries: { name: 'alerts.deliveries', everyMinutes: 1, run: retryDeliveries },
  missed: { name: 'alerts.evaluate-missed', everyMinutes: 1, run: evaluateMissed },
} satisfies Record<string, Job>;

export const ALERT_JOBS: Job[] = Object.values(alertJobs);
