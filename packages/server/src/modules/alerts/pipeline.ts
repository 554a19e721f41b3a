import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import { attemptDelivery } from './channels.ts';
import type { AlertChange } from './store.ts';

/**
 * After an alert write has committed: tell every process's consoles (event bus → SSE), and make
 * the first attempt of each queued notification without holding up the caller.
 */
export async function afterCommit(
  ctx: AppContext,
  write: { changes: AlertChange[]; deliveries: string[] },
): Promise<void> {
  const latest = new Map<string, AlertChange>();
  for (const c of write.changes) latest.set(c.alertId, c);
  for (const c of latest.values()) {
    await ctx.events.publish('alert.changed', { siteId: c.siteId, alertId: c.alertId, desk: c.desk });
  }
  // The root handle, not a job's transaction: the attempt runs after the caller has moved on.
  const db: Db = ctx.database.db;
  for (const id of write.deliveries) {
    void attemptDelivery({ db, keyring: ctx.keyring, config: ctx.config }, id, ctx.now()).catch(
      () => undefined,
    );
  }
}

/**
 * The handle a job writes alerts with. On PostgreSQL it is the pool (each alert write commits on
 * its own, so consoles on other connections see it as soon as it is announced); on PGlite, the
 * single connection is held by the job's transaction, so the job must use that transaction.
 */
export function jobDb(ctx: AppContext): Db {
  return ctx.database.kind === 'postgres' ? ctx.database.db : ctx.db;
}
