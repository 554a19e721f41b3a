import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Job } from '../../platform/jobs.ts';

/**
 * Monthly partitions of access_events (migration access_events_partitions). A month is a Shanghai
 * calendar month (UTC+8, no daylight saving): the partition access_events_p2026_12 holds
 * [2026-12-01 00:00+08, 2027-01-01 00:00+08), the events the product shows under December, so a
 * month's views, exports and retention read or drop one partition. Rows no month covers land in
 * access_events_default, a safety net: inserts never fail for want of a partition.
 */
export const MONTHS_AHEAD = 3;
export const DEFAULT_PARTITION = 'access_events_default';
const OFFSET_MS = 8 * 3600_000;
const NAME = /^access_events_p(\d{4})_(\d{2})$/;

export interface Month {
  year: number;
  /** 1–12 */
  month: number;
}

/** The Shanghai month an instant falls in. */
export function monthOf(at: Date): Month {
  const local = new Date(at.getTime() + OFFSET_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1 };
}

export function addMonths(m: Month, n: number): Month {
  const i = m.year * 12 + (m.month - 1) + n;
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
}

/** The instant the month starts: the 1st, 00:00 in Shanghai. */
export function monthStart(m: Month): Date {
  return new Date(Date.UTC(m.year, m.month - 1, 1) - OFFSET_MS);
}

/** The instants a month's partition holds: [from, to), as ISO strings. */
export function monthBounds(m: Month): { from: string; to: string } {
  return { from: monthStart(m).toISOString(), to: monthStart(addMonths(m, 1)).toISOString() };
}

export function partitionName(m: Month): string {
  return `access_events_p${m.year}_${String(m.month).padStart(2, '0')}`;
}

export function monthOfPartition(name: string): Month | null {
  const match = NAME.exec(name);
  return match ? { year: Number(match[1]), month: Number(match[2]) } : null;
}

/** The month partitions that exist (the default one aside), oldest first. */
export async function monthPartitions(db: Db): Promise<Array<Month & { name: string }>> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'public.access_events'::regclass
        ORDER BY c.relname`,
  );
  return rows.flatMap((r) => {
    const m = monthOfPartition(r.name);
    return m ? [{ ...m, name: r.name }] : [];
  });
}

/**
 * Makes the month's partition when it is missing; rows the default partition holds for that
 * month move into it (the default is small: it only catches what no month covered). The table is
 * made on its own and then attached, which locks the parent only against other schema changes
 * (SHARE UPDATE EXCLUSIVE), not against inserts and reads; the default partition is locked while
 * its rows move, so nothing lands there in between.
 */
export async function ensurePartition(db: Db, m: Month): Promise<{ created: boolean; moved: number }> {
  const name = partitionName(m);
  const [exists] = await queryRows<{ present: boolean }>(
    db,
    sql`SELECT to_regclass(${`public.${name}`}) IS NOT NULL AS present`,
  );
  if (exists?.present) return { created: false, moved: 0 };
  const { from, to } = monthBounds(m);
  const table = sql.identifier(name);
  await db.execute(sql`LOCK TABLE ${sql.identifier(DEFAULT_PARTITION)} IN ACCESS EXCLUSIVE MODE`);
  await db.execute(sql`CREATE TABLE ${table} (LIKE access_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  const moved = await queryRows<{ n: string | number }>(
    db,
    sql`WITH moved AS (
          DELETE FROM ${sql.identifier(DEFAULT_PARTITION)}
          WHERE at >= ${from}::timestamptz AND at < ${to}::timestamptz RETURNING *)
        , put AS (INSERT INTO ${table} SELECT * FROM moved RETURNING 1)
        SELECT count(*) AS n FROM put`,
  );
  await db.execute(
    sql`ALTER TABLE access_events ATTACH PARTITION ${table}
        FOR VALUES FROM (${sql.raw(`'${from}'`)}) TO (${sql.raw(`'${to}'`)})`,
  );
  return { created: true, moved: Number(moved[0]?.n ?? 0) };
}

/**
 * Keeps this month and the next three partitioned ahead, and gives one month a run that the
 * default partition caught its own partition. Cheap: a few catalogue look-ups, rows moved only
 * out of the small default partition (scratch database, 3M events: under 10 ms).
 */
export const accessPartitionsJob: Job = {
  name: 'access-partitions',
  everyMinutes: 60,
  async run(ctx, now) {
    const created: string[] = [];
    let moved = 0;
    const current = monthOf(now);
    for (let i = 0; i <= MONTHS_AHEAD; i++) {
      const r = await ensurePartition(ctx.db, addMonths(current, i));
      if (r.created) created.push(partitionName(addMonths(current, i)));
      moved += r.moved;
    }
    const [stray] = await queryRows<{ at: unknown }>(
      ctx.db,
      sql`SELECT min(at) AS at FROM ${sql.identifier(DEFAULT_PARTITION)}
          WHERE at >= ${monthStart(addMonths(current, -60)).toISOString()}::timestamptz
            AND at < ${monthStart(addMonths(current, 12)).toISOString()}::timestamptz`,
    );
    if (stray?.at) {
      const m = monthOf(stray.at instanceof Date ? stray.at : new Date(String(stray.at)));
      const r = await ensurePartition(ctx.db, m);
      if (r.created) created.push(partitionName(m));
      moved += r.moved;
    }
    return { created, moved };
  },
};

/**
 * Planner statistics of the partitioned table, daily. Autovacuum analyzes each partition but
 * never a partitioned parent, whose statistics plans over several months use; PGlite has no
 * autovacuum at all. PostgreSQL 15 cannot analyze the parent alone: ANALYZE samples every
 * partition (30,000 rows each at the default statistics target), ~3 s for 3M events in 8
 * months on this machine. Its own job, so the hourly maintenance stays short; it takes no lock
 * that stops reads or writes.
 */
export const accessEventsAnalyzeJob: Job = {
  name: 'access-events-analyze',
  everyMinutes: 24 * 60,
  async run(ctx) {
    await ctx.db.execute(sql`ANALYZE access_events`);
    return { analyzed: ['access_events'] };
  },
};
