import { sql } from 'drizzle-orm';
import { SMALL_COUNT_THRESHOLD, type DutyDashboard } from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import { addDays, shanghaiDate, shanghaiDayStart, ZONE } from '../../platform/time.ts';
import { listGates } from '../access/gates.ts';
import { openCountsByLevel, type Viewer } from './store.ts';

const anyUuid = (ids: readonly string[]) => sql`ANY(${`{${ids.join(',')}}`}::uuid[])`;

/**
 * The duty console's numbers for today (Asia/Shanghai). With `wide` (a board in the lobby, a
 * meeting screen) counts from 1 to 4 are suppressed: in a compound small numbers point at people.
 */
export async function dutyDashboard(
  db: Db,
  viewer: Viewer,
  siteIds: string[],
  now: Date,
  wide: boolean,
): Promise<DutyDashboard> {
  const today = shanghaiDate(now);
  const dayStart = shanghaiDayStart(today);
  const dayEnd = shanghaiDayStart(addDays(today, 1));
  const hourAgo = new Date(now.getTime() - 3600_000);
  let suppressed = false;
  const small = (n: number): number | null => {
    if (wide && n > 0 && n < SMALL_COUNT_THRESHOLD) {
      suppressed = true;
      return null;
    }
    return n;
  };
  if (siteIds.length === 0) {
    return {
      date: today,
      byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, in: 0, out: 0, both: 0, denied: 0 })),
      totals: { in: 0, out: 0, both: 0, denied: 0 },
      strangers: { lastHour: 0, today: 0, byGate: [] },
      openAlerts: { info: 0, warning: 0, critical: 0 },
      gates: [],
      tenanciesExpiring: { in7Days: 0, in30Days: 0, items: [] },
      suppressed: false,
    };
  }
  const [traffic, strangers, tenancyCounts, soon, gateList, open] = await Promise.all([
    queryRows<{ hour: number; direction: string | null; decision: string; n: number }>(
      db,
      sql`SELECT extract(hour FROM c.hour AT TIME ZONE ${ZONE})::int AS hour, c.direction, c.decision, sum(c.n)::int AS n
          FROM access_hourly_counts c
          WHERE c.site_id = ${anyUuid(siteIds)} AND c.hour >= ${dayStart} AND c.hour < ${dayEnd} AND c.method <> 'emergency'
          GROUP BY 1, 2, 3`,
    ),
    queryRows<{ gate_id: string; gate_name: string; last_hour: number; today: number }>(
      db,
      // Today from the hourly counts; the last hour (a sliding hour) from the events, through the
      // index of denials.
      sql`SELECT g.id AS gate_id, g.name AS gate_name,
            coalesce(h.last_hour, 0)::int AS last_hour, d.today::int AS today
          FROM (SELECT c.gate_id, sum(c.n) AS today FROM access_hourly_counts c
                WHERE c.site_id = ${anyUuid(siteIds)} AND c.stranger AND c.hour >= ${dayStart} AND c.hour < ${dayEnd}
                GROUP BY c.gate_id HAVING sum(c.n) > 0) d
          JOIN gates g ON g.id = d.gate_id
          LEFT JOIN (SELECT e.gate_id, count(*) AS last_hour FROM access_events e
                     WHERE e.site_id = ${anyUuid(siteIds)} AND e.decision = 'deny' AND e.reason = 'unknown_face'
                       AND e.at >= ${hourAgo} AND e.at >= ${dayStart} AND e.at < ${dayEnd}
                     GROUP BY e.gate_id) h ON h.gate_id = d.gate_id
          ORDER BY g.name`,
    ),
    queryRows<{ in7: number; in30: number }>(
      db,
      sql`SELECT count(*) FILTER (WHERE t.end_date <= ${addDays(today, 7)}::date)::int AS in7, count(*)::int AS in30
          FROM tenancies t
          WHERE t.site_id = ${anyUuid(siteIds)} AND t.status = 'active'
            AND t.end_date >= ${today}::date AND t.end_date <= ${addDays(today, 30)}::date`,
    ),
    queryRows<{ label: string; end_date: string }>(
      db,
      sql`SELECT r.label, t.end_date::text AS end_date FROM tenancies t JOIN rooms r ON r.id = t.room_id
          WHERE t.site_id = ${anyUuid(siteIds)} AND t.status = 'active'
            AND t.end_date >= ${today}::date AND t.end_date <= ${addDays(today, 7)}::date
          ORDER BY t.end_date, r.label LIMIT 10`,
    ),
    listGates(db, siteIds, now),
    openCountsByLevel(db, viewer, siteIds),
  ]);

  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, in: 0, out: 0, both: 0, denied: 0 }));
  for (const r of traffic) {
    const slot = byHour[r.hour];
    if (!slot) continue;
    if (r.decision === 'deny') slot.denied += r.n;
    else if (r.direction === 'in') slot.in += r.n;
    else if (r.direction === 'out') slot.out += r.n;
    else slot.both += r.n;
  }
  const sum = (k: 'in' | 'out' | 'both' | 'denied') => byHour.reduce((s, h) => s + h[k], 0);
  const totals = {
    in: small(sum('in')),
    out: small(sum('out')),
    both: small(sum('both')),
    denied: small(sum('denied')),
  };
  const tc = tenancyCounts[0] ?? { in7: 0, in30: 0 };
  return {
    date: today,
    byHour: byHour.map((h) => ({
      hour: h.hour,
      in: small(h.in),
      out: small(h.out),
      both: small(h.both),
      denied: small(h.denied),
    })),
    totals,
    strangers: {
      lastHour: small(strangers.reduce((s, g) => s + g.last_hour, 0)),
      today: small(strangers.reduce((s, g) => s + g.today, 0)),
      byGate: strangers.map((g) => ({ gateId: g.gate_id, gateName: g.gate_name, n: small(g.last_hour) })),
    },
    openAlerts: open,
    gates: gateList.map((g) => ({
      id: g.id,
      name: g.name,
      online: g.online,
      lastHeartbeatAt: g.lastHeartbeatAt,
      devices: g.devices,
    })),
    tenanciesExpiring: {
      in7Days: small(tc.in7),
      in30Days: small(tc.in30),
      // Flats and dates are for the desk's own follow-up, never on a wide board.
      items: wide ? [] : soon.map((s) => ({ roomLabel: s.label, endDate: s.end_date })),
    },
    suppressed,
  };
}
