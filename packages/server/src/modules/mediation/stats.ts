/**
 * The mediation figures of a site over a period (Asia/Shanghai dates, both ends included): cases
 * accepted in the period (on the spot / 2+N), cases concluded in it, and of those:
 *   success rate     = agreements (written + oral) / concluded;
 *   fulfilment rate  = fulfilled agreements / agreements whose terms are all due (the last term's
 *                      due date is today or earlier; an agreement without terms was performed on
 *                      the spot and is due and fulfilled); fulfilled = every term performed;
 *   avg days         = mean of (concluded - accepted) in days;
 *   repeat calls     = cases accepted in the period with an earlier case about the same party
 *                      (same registry person, or same phone by its lookup hash) accepted within
 *                      the 90 days before;
 * by type and by month (accepted by the month of acceptance, the rest by the month of conclusion).
 * Two queries: the counters grouped by (type, month), and the repeat calls.
 */
import {
  MEDIATION_REPEAT_DAYS,
  MEDIATION_TYPES,
  type MediationStats,
  type MediationType,
} from '@anju/contracts';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../platform/time.ts';

export interface StatsWindow {
  from: string;
  to: string;
}

/** The default period: the last 12 months up to today. */
export function defaultWindow(now: Date, q: { from?: string; to?: string } = {}): StatsWindow {
  const to = q.to ?? shanghaiDate(now);
  return { from: q.from ?? addDays(to, -364), to };
}

interface Row {
  part: 'acc' | 'con';
  type: MediationType;
  month: string;
  accepted: number;
  on_spot: number;
  two_plus_n: number;
  concluded: number;
  agreements: number;
  due: number;
  fulfilled: number;
  days: number;
}

const rate = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 10_000) / 10_000);

export async function mediationStats(
  db: Db,
  siteId: string,
  window: StatsWindow,
  today: string,
): Promise<MediationStats> {
  const start = shanghaiDayStart(window.from).toISOString();
  const end = shanghaiDayStart(addDays(window.to, 1)).toISOString();
  // The month as the Shanghai wall clock, by arithmetic (UTC+8, no daylight saving).
  // Independent: on PostgreSQL they run side by side on two pool connections.
  const [rows, [repeat]] = await Promise.all([
    queryRows<Row>(
      db,
      sql`WITH c AS (
          SELECT c.id, c.type, c.grade, c.accepted_at, c.concluded_at,
                 c.outcome IN ('agreement', 'oral_agreement') AS agreed
            FROM mediation_cases c
           WHERE c.site_id = ${siteId}
             AND ((c.accepted_at >= ${start}::timestamptz AND c.accepted_at < ${end}::timestamptz)
               OR (c.concluded_at >= ${start}::timestamptz AND c.concluded_at < ${end}::timestamptz))
        )
        SELECT 'acc' AS part, c.type, to_char(c.accepted_at + interval '8 hours', 'YYYY-MM') AS month,
               count(*)::int AS accepted,
               count(*) FILTER (WHERE c.grade = 'on_spot')::int AS on_spot,
               count(*) FILTER (WHERE c.grade = 'two_plus_n')::int AS two_plus_n,
               0 AS concluded, 0 AS agreements, 0 AS due, 0 AS fulfilled, 0::float8 AS days
          FROM c
         WHERE c.accepted_at >= ${start}::timestamptz AND c.accepted_at < ${end}::timestamptz
         GROUP BY 1, 2, 3
        UNION ALL
        SELECT 'con', c.type, to_char(c.concluded_at + interval '8 hours', 'YYYY-MM'),
               0, 0, 0,
               count(*)::int,
               count(*) FILTER (WHERE c.agreed)::int,
               count(*) FILTER (WHERE c.agreed AND (t.last_due IS NULL OR t.last_due <= ${today}::date))::int,
               count(*) FILTER (WHERE c.agreed AND (t.last_due IS NULL OR (t.last_due <= ${today}::date AND t.all_performed)))::int,
               coalesce(sum(date_part('epoch', c.concluded_at - c.accepted_at) / 86400), 0)::float8
          FROM c
          -- Per case through the indexes (agreement by case, terms by agreement): without
          -- statistics the planner would otherwise loop over a materialised list.
          LEFT JOIN LATERAL (
            SELECT max(t.due_on) AS last_due, bool_and(t.status = 'performed') AS all_performed
              FROM mediation_agreements a JOIN mediation_terms t ON t.agreement_id = a.id
             WHERE a.case_id = c.id
          ) t ON c.agreed
         WHERE c.concluded_at >= ${start}::timestamptz AND c.concluded_at < ${end}::timestamptz
         GROUP BY 1, 2, 3`,
    ),
    queryRows<{ n: number }>(
      db,
      sql`WITH k AS (
          SELECT c.id, c.accepted_at, k.key
            FROM mediation_cases c
            JOIN mediation_parties p ON p.case_id = c.id
            CROSS JOIN LATERAL (VALUES ('p:' || p.person_id::text), ('h:' || p.phone_hash)) AS k(key)
           WHERE c.site_id = ${siteId} AND k.key IS NOT NULL
             AND c.accepted_at >= ${start}::timestamptz - make_interval(days => ${MEDIATION_REPEAT_DAYS})
             AND c.accepted_at < ${end}::timestamptz
        ), l AS (
          SELECT id, accepted_at,
                 lag(accepted_at) OVER w AS prev, lag(id) OVER w AS prev_id
            FROM k WINDOW w AS (PARTITION BY key ORDER BY accepted_at, id)
        )
        SELECT count(DISTINCT id)::int AS n FROM l
         WHERE accepted_at >= ${start}::timestamptz AND prev_id <> id
           AND accepted_at - prev <= make_interval(days => ${MEDIATION_REPEAT_DAYS})`,
    ),
  ]);

  const zero = () => ({ accepted: 0, concluded: 0, agreements: 0 });
  const byType = new Map(MEDIATION_TYPES.map((t) => [t, zero()]));
  const byMonth = new Map<string, ReturnType<typeof zero>>();
  for (const month of monthsOf(window)) byMonth.set(month, zero());
  const total = {
    accepted: 0,
    onSpot: 0,
    twoPlusN: 0,
    concluded: 0,
    agreements: 0,
    due: 0,
    fulfilled: 0,
    days: 0,
  };
  for (const r of rows) {
    const t = byType.get(r.type) ?? zero();
    const mo = byMonth.get(r.month) ?? zero();
    for (const into of [t, mo]) {
      into.accepted += Number(r.accepted);
      into.concluded += Number(r.concluded);
      into.agreements += Number(r.agreements);
    }
    byMonth.set(r.month, mo);
    total.accepted += Number(r.accepted);
    total.onSpot += Number(r.on_spot);
    total.twoPlusN += Number(r.two_plus_n);
    total.concluded += Number(r.concluded);
    total.agreements += Number(r.agreements);
    total.due += Number(r.due);
    total.fulfilled += Number(r.fulfilled);
    total.days += Number(r.days);
  }
  return {
    siteId,
    from: window.from,
    to: window.to,
    accepted: total.accepted,
    onSpot: total.onSpot,
    twoPlusN: total.twoPlusN,
    concluded: total.concluded,
    agreements: total.agreements,
    successRate: rate(total.agreements, total.concluded),
    fulfilmentRate: rate(total.fulfilled, total.due),
    avgDaysToConclude: total.concluded === 0 ? null : Math.round((total.days / total.concluded) * 10) / 10,
    repeatParties90d: Number(repeat?.n ?? 0),
    byType: [...byType].map(([type, v]) => ({ type, ...v })),
    byMonth: [...byMonth].sort(([a], [b]) => a.localeCompare(b)).map(([month, v]) => ({ month, ...v })),
  };
}

/** 'YYYY-MM' of every month the window touches, so empty months show as zero. */
function monthsOf(w: StatsWindow): string[] {
  const out: string[] = [];
  let y = Number(w.from.slice(0, 4));
  let mo = Number(w.from.slice(5, 7));
  const last = w.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(mo).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) return out;
    mo++;
    if (mo > 12) {
      mo = 1;
      y++;
    }
  }
}
