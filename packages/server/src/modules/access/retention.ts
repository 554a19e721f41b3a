import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { isLockNotAvailable } from '../../db/errors.ts';
import type { Job } from '../../platform/jobs.ts';
import { DEFAULT_PARTITION, monthBounds, monthOf, monthPartitions, monthStart } from './partitions.ts';

/** Rows one run deletes or clears at most (events and snapshots each): a run stays short. */
export const RETENTION_BATCH = 5000;
/** Face passage frames: up to this many batches of RETENTION_BATCH a run (a day of 50 compounds is ~4M frames). */
export const PASSAGE_FRAME_BATCHES = 40;

interface SiteRetention {
  id: string;
  snapshotDays: number;
  eventDays: number;
}

const cutoff = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

/**
 * One batch of at most RETENTION_BATCH rows over the sites in the order given: each site purges at
 * most what the batch has left. How many rows went.
 */
async function purgeBatch(
  sites: readonly SiteRetention[],
  purge: (site: SiteRetention, limit: number) => Promise<number>,
): Promise<number> {
  let purged = 0;
  for (const site of sites) {
    if (purged >= RETENTION_BATCH) break;
    purged += await purge(site, RETENTION_BATCH - purged);
  }
  return purged;
}

/**
 * Keeps only what the purpose needs (PIPL Art. 6, 19, 47): stranger snapshots go after the
 * site's snapshot days (default 7), access events and the lock-controller calls made for them
 * after its event days (default 180), spent QR nonces once their codes have expired.
 *
 * Access events are partitioned by month (partitions.ts): a month entirely older than the
 * longest retention of any site is detached and dropped whole, whatever its size. Rows older
 * than their own site's retention in younger months (a site keeping less, the month straddling
 * the cutoff, the default partition) are deleted in batches of RETENTION_BATCH a run, sites with
 * the shortest retention first, only in the partitions that can hold them (`at` < cutoff prunes
 * the rest); snapshots likewise, read through the partial index of rows still holding one. At
 * sub-bureau volume the batches cannot keep up with a whole day of a longest-retention site, so
 * such a row lives until its month is dropped: at most one month beyond the retention.
 */
export const accessRetentionJob: Job = {
  name: 'access-retention',
  everyMinutes: 60,
  async run(ctx, now) {
    const sites = await queryRows<SiteRetention>(
      ctx.db,
      sql`SELECT s.id, COALESCE(a.stranger_snapshot_days, 7)::int AS "snapshotDays",
                 COALESCE(a.access_event_days, 180)::int AS "eventDays"
          FROM sites s LEFT JOIN access_settings a ON a.site_id = s.id`,
    );

    const bySnapshotDays = [...sites].sort((a, b) => a.snapshotDays - b.snapshotDays);
    const byEventDays = [...sites].sort((a, b) => a.eventDays - b.eventDays);

    const snapshotsPurged = await purgeBatch(bySnapshotDays, async (site, limit) => {
      const before = cutoff(now, site.snapshotDays);
      const rows = await queryRows<{ id: number }>(
        ctx.db,
        sql`UPDATE access_events e SET snapshot_enc = NULL
            FROM (SELECT id, at FROM access_events
                  WHERE site_id = ${site.id} AND snapshot_enc IS NOT NULL AND at < ${before}::timestamptz
                  ORDER BY at LIMIT ${limit}) old
            WHERE e.id = old.id AND e.at = old.at AND e.at < ${before}::timestamptz
            RETURNING e.id`,
      );
      return rows.length;
    });

    // Months wholly before the month holding the longest retention's cutoff are dropped at the
    // end of the run; the batches leave their rows alone (every site's rows there have expired).
    const longest = Math.max(0, ...sites.map((s) => s.eventDays));
    const boundary = monthStart(monthOf(new Date(cutoff(now, longest)))).toISOString();
    let eventsPurged = await purgeBatch(byEventDays, (site, limit) =>
      deleteOldEvents(ctx.db, site.id, boundary, cutoff(now, site.eventDays), limit),
    );
    if (sites.length > 0 && eventsPurged < RETENTION_BATCH) {
      // What the default partition caught before the boundary: no month partition to drop.
      const rows = await queryRows<{ id: number }>(
        ctx.db,
        sql`DELETE FROM ${sql.identifier(DEFAULT_PARTITION)} e
            USING (SELECT id, at FROM ${sql.identifier(DEFAULT_PARTITION)} WHERE at < ${boundary}::timestamptz
                   ORDER BY at LIMIT ${RETENTION_BATCH - eventsPurged}) old
            WHERE e.id = old.id AND e.at = old.at
            RETURNING e.id`,
      );
      eventsPurged += rows.length;
    }

    // The lock-controller calls (about one per granted passage): a batch a run, per site through
    // its (site_id, at) index, like the events.
    const relayCallsPurged = await purgeBatch(byEventDays, async (site, limit) => {
      const rows = await queryRows<{ id: number }>(
        ctx.db,
        sql`DELETE FROM gate_relay_attempts WHERE id IN (
              SELECT id FROM gate_relay_attempts
              WHERE site_id = ${site.id} AND at < ${cutoff(now, site.eventDays)}::timestamptz
              ORDER BY at LIMIT ${limit})
            RETURNING id`,
      );
      return rows.length;
    });
    const nonces = await queryRows<{ nonce: string }>(
      ctx.db,
      sql`DELETE FROM qr_nonces WHERE expires_at < ${now} RETURNING nonce`,
    );

    // Last among the access events' statements: detaching takes the parent's strongest lock,
    // held (briefly) until this run commits.
    const { dropped, deferred } =
      sites.length > 0 ? await dropExpiredMonths(ctx.db, new Date(boundary)) : { dropped: [], deferred: [] };
    eventsPurged += dropped.reduce((sum, d) => sum + d.rows, 0);
    // A month left for a later run keeps its counts: that run sums them for what it drops.
    const countsBefore = new Date(
      Math.min(new Date(boundary).getTime(), ...deferred.map((d) => d.start.getTime())),
    ).toISOString();
    // The hourly counts of what is gone (dropped months, the default partition's old rows): a
    // batch a run, oldest first. Rows deleted through access_events were subtracted already.
    const countsPurged =
      sites.length > 0
        ? await queryRows<{ n: number }>(
            ctx.db,
            sql`DELETE FROM access_hourly_counts WHERE ctid IN (
                  SELECT ctid FROM access_hourly_counts WHERE hour < ${countsBefore}::timestamptz
                  ORDER BY hour LIMIT ${RETENTION_BATCH})
                RETURNING n`,
          )
        : [];

    // Face passage frames are working data while a passage is decided (its access event keeps the
    // summary): gone after a day, in bounded batches (a sub-bureau writes millions a day).
    let passageFramesPurged = 0;
    for (let batch = 0; batch < PASSAGE_FRAME_BATCHES; batch++) {
      const gone = await queryRows<{ id: number }>(
        ctx.db,
        sql`DELETE FROM face_passage_frames WHERE id IN (
              SELECT id FROM face_passage_frames WHERE at < ${now}::timestamptz - interval '1 day'
              ORDER BY at LIMIT ${RETENTION_BATCH})
            RETURNING id`,
      );
      passageFramesPurged += gone.length;
      if (gone.length < RETENTION_BATCH) break;
    }

    return {
      passageFramesPurged,
      snapshotsPurged,
      eventsPurged,
      noncesPurged: nonces.length,
      relayCallsPurged,
      hourlyCountsPurged: countsPurged.length,
      partitionsDropped: dropped.map((d) => d.name),
      partitionsDeferred: deferred.map((d) => d.name),
    };
  },
};

/** Deletes up to `limit` of one site's events in [from, before), oldest first. */
async function deleteOldEvents(
  db: Db,
  siteId: string,
  from: string,
  before: string,
  limit: number,
): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`DELETE FROM access_events e
        USING (SELECT id, at FROM access_events
               WHERE site_id = ${siteId} AND at >= ${from}::timestamptz AND at < ${before}::timestamptz
               ORDER BY at LIMIT ${limit}) old
        WHERE e.id = old.id AND e.at = old.at AND e.at >= ${from}::timestamptz AND e.at < ${before}::timestamptz
        RETURNING e.id`,
  );
  return rows.length;
}

/**
 * How long a month's detach waits for the parent's lock (a running ANALYZE of access_events holds
 * a conflicting one for seconds at sub-bureau size). While the detach waits, every read and write
 * of access_events queues behind it, the gates' included; a month not dropped now is dropped by a
 * later run.
 */
export const DETACH_LOCK_TIMEOUT_MS = 1_000;

/**
 * Detaches and drops every month partition that ends on or before `before`; says how many rows
 * each held, and which it left for a later run because the lock was not had in time.
 */
async function dropExpiredMonths(
  db: Db,
  before: Date,
): Promise<{
  dropped: Array<{ name: string; rows: number }>;
  deferred: Array<{ name: string; start: Date }>;
}> {
  const out: Array<{ name: string; rows: number }> = [];
  const deferred: Array<{ name: string; start: Date }> = [];
  for (const p of await monthPartitions(db)) {
    const { from, to } = monthBounds(p);
    if (new Date(to).getTime() > before.getTime()) continue;
    const table = sql.identifier(p.name);
    // From the hourly counts: counting the month itself would read millions of rows.
    const [count] = await queryRows<{ n: string | number | null }>(
      db,
      sql`SELECT sum(n) AS n FROM access_hourly_counts
          WHERE hour >= ${from}::timestamptz AND hour < ${to}::timestamptz`,
    );
    try {
      // A savepoint: a detach that timed out leaves the run's other work standing. The timeout is
      // local to it (set_config … true ends with the savepoint's transaction, so it is reset below).
      await db.transaction(async (tx) => {
        await tx.execute(sql`SELECT set_config('lock_timeout', ${`${DETACH_LOCK_TIMEOUT_MS}ms`}, true)`);
        await tx.execute(sql`ALTER TABLE access_events DETACH PARTITION ${table}`);
        await tx.execute(sql`SELECT set_config('lock_timeout', '0', true)`);
      });
    } catch (error) {
      if (!isLockNotAvailable(error)) throw error;
      deferred.push({ name: p.name, start: new Date(from) });
      continue;
    }
    await db.execute(sql`DROP TABLE ${table}`);
    out.push({ name: p.name, rows: Number(count?.n ?? 0) });
  }
  return { dropped: out, deferred };
}
