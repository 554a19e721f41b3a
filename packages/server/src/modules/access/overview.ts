import { sql } from 'drizzle-orm';
import type { AccessOverview } from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../platform/time.ts';
import { seesAllDesks, deskOfRole, type Viewer } from '../alerts/store.ts';

const anyUuid = (ids: readonly string[]) => sql`ANY(${`{${ids.join(',')}}`}::uuid[])`;

/**
 * The sub-bureau's overview: per compound of the caller, today's (Asia/Shanghai) granted
 * passages, denials and unknown faces, and the alerts still open on the desks the caller sees.
 * Today's counts come from access_hourly_counts (a few dozen rows a compound, kept by triggers on
 * the events), the open alerts from one grouped pass; no row of a person leaves it.
 */
export async function accessOverview(
  db: Db,
  viewer: Viewer,
  siteIds: string[],
  now: Date,
): Promise<AccessOverview> {
  const today = shanghaiDate(now);
  if (siteIds.length === 0) return { date: today, sites: [] };
  const dayStart = shanghaiDayStart(today);
  const dayEnd = shanghaiDayStart(addDays(today, 1));
  const desk = seesAllDesks(viewer.role) ? sql`true` : sql`a.desk = ${deskOfRole(viewer.role)}`;
  const rows = await queryRows<{
    site_id: string;
    site_name: string;
    passages: number;
    denials: number;
    strangers: number;
    open_alerts: number;
  }>(
    db,
    sql`SELECT s.id AS site_id, s.name AS site_name,
          coalesce(e.passages, 0)::int AS passages, coalesce(e.denials, 0)::int AS denials,
          coalesce(e.strangers, 0)::int AS strangers, coalesce(a.open_alerts, 0)::int AS open_alerts
        FROM sites s
        LEFT JOIN (
          SELECT site_id,
            sum(n) FILTER (WHERE decision = 'grant') AS passages,
            sum(n) FILTER (WHERE decision = 'deny') AS denials,
            sum(n) FILTER (WHERE stranger) AS strangers
          FROM access_hourly_counts
          WHERE site_id = ${anyUuid(siteIds)} AND hour >= ${dayStart} AND hour < ${dayEnd}
          GROUP BY site_id
        ) e ON e.site_id = s.id
        LEFT JOIN (
          SELECT a.site_id, count(*) AS open_alerts FROM alerts a
          WHERE a.site_id = ${anyUuid(siteIds)} AND a.status <> 'resolved' AND ${desk}
          GROUP BY a.site_id
        ) a ON a.site_id = s.id
        WHERE s.id = ${anyUuid(siteIds)}
        ORDER BY s.name, s.id`,
  );
  return {
    date: today,
    sites: rows.map((r) => ({
      siteId: r.site_id,
      siteName: r.site_name,
      passages: r.passages,
      denials: r.denials,
      strangers: r.strangers,
      openAlerts: r.open_alerts,
    })),
  };
}
