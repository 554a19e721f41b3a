import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/db/client.ts';

/**
 * The keys where access_hourly_counts and a count of access_events disagree (empty when they
 * agree): the events grouped the way the triggers group them, against the counts, zeros aside.
 */
export async function hourlyCountsDisagreeing(
  db: Db,
): Promise<Array<{ key: string; counted: number | null; events: number | null }>> {
  return queryRows(
    db,
    sql`WITH counted AS (
          SELECT site_id, hour, gate_id, direction, decision, method, stranger, n
          FROM access_hourly_counts WHERE n <> 0
        ), events AS (
          SELECT site_id, date_trunc('hour', at, 'Asia/Shanghai') AS hour, gate_id, direction, decision,
                 method, reason = 'unknown_face' AS stranger, count(*)::int AS n
          FROM access_events GROUP BY 1, 2, 3, 4, 5, 6, 7
        )
        SELECT concat_ws(' ', coalesce(c.site_id, e.site_id), coalesce(c.hour, e.hour),
                         coalesce(c.gate_id, e.gate_id), coalesce(c.direction, e.direction),
                         coalesce(c.decision, e.decision), coalesce(c.method, e.method),
                         coalesce(c.stranger, e.stranger)) AS key,
               c.n AS counted, e.n AS events
        FROM counted c FULL JOIN events e
          ON c.site_id = e.site_id AND c.hour = e.hour AND c.gate_id IS NOT DISTINCT FROM e.gate_id
         AND c.direction IS NOT DISTINCT FROM e.direction AND c.decision = e.decision
         AND c.method = e.method AND c.stranger = e.stranger
        WHERE c.n IS DISTINCT FROM e.n
        ORDER BY 1 LIMIT 20`,
  );
}
