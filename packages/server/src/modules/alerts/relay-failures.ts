import { and, eq, gt, inArray, lte, ne } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { REFUSAL_TEXTS_ZH } from '../../platform/outbound.ts';
import type { RelayObserver, RelayRecorded } from '../access/relay.ts';
import { gateRelayAttempts } from '../access/schema.ts';
import { afterCommit } from './pipeline.ts';
import { alerts } from './schema.ts';
import { alertsMessages as m } from './messages.ts';
import { siteRules } from './settings.ts';
import { raiseOrGather, recordAction, SYSTEM, withAlertWrite } from './store.ts';

/**
 * 门锁控制器故障 (`relay_failed`): a gate's lock controller did not confirm a call (failed or timed
 * out, after the bridge's own retries). Told by the relay bridge once the attempt is recorded,
 * off the gate's answer path.
 *
 * - A passage's `open` (card, face, manual opening…): the relay_failed rule's desk and level
 *   (property desk, warning by default); key `gate:<id>`.
 * - An emergency `hold`/`release` (紧急放行): 紧急, at the desk the emergency_release rule sends its
 *   alert to (police office by default); key `gate:<id>:emergency`, kept apart from passages
 *   because a later working `open` pulse does not mean the door is held open.
 * - Staff tests (测试开门) show their result on the spot and raise nothing.
 * Further failures join the open alert of the same key (count + 1). A later successful call to the
 * gate closes it with a note: any call closes the passage alert; only a hold/release closes the
 * emergency one.
 */

/** Why the controller call failed, as a code the titles word in each language. */
export type RelayCause = 'http' | 'timeout' | 'refused' | 'unreachable' | 'dns' | 'blocked' | 'other';

export function relayCause(r: RelayRecorded['result']): RelayCause {
  if (r.statusCode !== null) return 'http';
  if (r.outcome === 'timeout') return 'timeout';
  const error = r.error ?? '';
  // A refused address is recorded with the same wording the settings form uses.
  if (REFUSAL_TEXTS_ZH.some((text) => error.includes(text))) return 'blocked';
  if (/ECONNREFUSED/.test(error)) return 'refused';
  if (/ENOTFOUND|EAI_AGAIN/.test(error)) return 'dns';
  if (/EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|EPIPE/.test(error)) return 'unreachable';
  return 'other';
}

const keyOf = (gateId: string, emergency: boolean) =>
  emergency ? `gate:${gateId}:emergency` : `gate:${gateId}`;

/** Raises, joins or closes the gate's relay_failed alert for one recorded call. */
export async function relayOutcomeAlert(ctx: AppContext, recorded: RelayRecorded): Promise<void> {
  const { gate, call, at, result } = recorded;
  const db = ctx.db;
  const emergency = call.purpose === 'emergency';

  if (result.outcome === 'ok') {
    // A later call went through: close what the earlier failures opened (not failures newer
    // than this call, should their news arrive first).
    const keys = emergency ? [keyOf(gate.id, false), keyOf(gate.id, true)] : [keyOf(gate.id, false)];
    const closable = and(
      eq(alerts.siteId, gate.siteId),
      eq(alerts.kind, 'relay_failed'),
      eq(alerts.gateId, gate.id),
      inArray(alerts.dedupeKey, keys),
      ne(alerts.status, 'resolved'),
      lte(alerts.lastAt, at),
    );
    // Most calls succeed with nothing to close: a plain look first, the alert lock only if needed.
    const [any] = await db.select({ id: alerts.id }).from(alerts).where(closable).limit(1);
    if (!any) return;
    const write = await withAlertWrite(db, ctx.now(), async (w) => {
      const open = await w.db.select().from(alerts).where(closable);
      for (const alert of open) {
        const [row] = await w.db
          .update(alerts)
          .set({
            status: 'resolved',
            resolvedAt: w.now,
            resolvedByName: SYSTEM.name,
            resolution: m.key('note.relayBackClosed'),
          })
          .where(eq(alerts.id, alert.id))
          .returning();
        await recordAction(w, row!, 'resolved', SYSTEM, m.key('note.relayBack'));
      }
      return open.length;
    });
    if (write.result > 0) await afterCommit(ctx, write);
    return;
  }

  if (call.purpose === 'test') return; // 测试开门 shows its result directly
  const rules = await siteRules(db, gate.siteId);
  const rule = rules.relay_failed;
  if (!rule.enabled) return;
  // Already fixed: a later call of the same kind went through before this failure was handled.
  const [later] = await db
    .select({ id: gateRelayAttempts.id })
    .from(gateRelayAttempts)
    .where(
      and(
        eq(gateRelayAttempts.gateId, gate.id),
        eq(gateRelayAttempts.outcome, 'ok'),
        gt(gateRelayAttempts.at, at),
        ...(emergency ? [eq(gateRelayAttempts.purpose, 'emergency')] : []),
      ),
    )
    .limit(1);
  if (later) return;

  const write = await withAlertWrite(db, ctx.now(), (w) =>
    raiseOrGather(w, {
      siteId: gate.siteId,
      kind: 'relay_failed',
      level: emergency ? 'critical' : rule.level,
      desk: emergency ? rules.emergency_release.desk : rule.desk,
      at,
      gateId: gate.id,
      accessEventId: call.eventId,
      dedupeKey: keyOf(gate.id, emergency),
      // every open alert of the gate's key, however old
      windowStart: new Date(0),
      data: {
        purpose: call.purpose,
        action: call.action,
        method: call.method,
        outcome: result.outcome,
        cause: relayCause(result),
        statusCode: result.statusCode,
        error: result.error,
        attempts: result.attempts,
      },
    }),
  );
  await afterCommit(ctx, write);
}

/**
 * The bridge's observer: one gate's outcomes are handled one after another in the order they
 * were recorded, so a failure and the success right after it cannot overtake each other.
 */
export function relayAlerts(ctx: AppContext): RelayObserver {
  const queues = new Map<string, Promise<unknown>>();
  return (recorded) => {
    const gateId = recorded.gate.id;
    const job = (queues.get(gateId) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => relayOutcomeAlert(ctx, recorded));
    queues.set(gateId, job);
    void job
      .finally(() => {
        if (queues.get(gateId) === job) queues.delete(gateId);
      })
      .catch(() => undefined);
    return job;
  };
}
