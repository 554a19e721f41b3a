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
 * Two queries, neither of which sorts or loops over the period's cases one by one:
 *   - the counters grouped by (type, month), from the cases alone: a repeat call is the case's
 *     `repeat_call` flag, which the database keeps as parties are added (migration 0015);
 *   - the agreed cases the fulfilment rate must not count as due / fulfilled: those with a term due
 *     after today (not yet due), else with a term not performed. Only terms still open or due later
 *     are read (few), instead of every concluded case's terms.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../platform/time.ts';
import { MEDIATION_TYPES, type MediationStats, type MediationType } from '@anju/contracts';

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
  repeats: number;
  concluded: number;
  agreements: number;
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
  // The month as the Shanghai wall clock, by arithmetic (UTC+8, no daylight saving); grouped by
  // date_trunc and formatted once per group (to_char on every row was a fifth of the query).
  // Independent: on PostgreSQL they run side by side on two pool connections.
  const [rows, [open]] = await Promise.all([
    queryRows<Row>(
      db,
      sql`SELECT 'acc' AS part, c.type,
               to_char(date_trunc('month', c.accepted_at + interval '8 hours'), 'YYYY-MM') AS month,
               count(*)::int AS accepted,
               count(*) FILTER (WHERE c.grade = 'on_spot')::int AS on_spot,
               count(*) FILTER (WHERE c.grade = 'two_plus_n')::int AS two_plus_n,
               count(*) FILTER (WHERE c.repeat_call)::int AS repeats,
               0 AS concluded, 0 AS agreements, 0::float8 AS days
          FROM mediation_cases c
         WHERE c.site_id = ${siteId}
           AND c.accepted_at >= ${start}::timestamptz AND c.accepted_at < ${end}::timestamptz
         GROUP BY c.type, date_trunc('month', c.accepted_at + interval '8 hours')
        UNION ALL
        SELECT 'con', c.type, to_char(date_trunc('month', c.concluded_at + interval '8 hours'), 'YYYY-MM'),
               0, 0, 0, 0,
               count(*)::int,
               count(*) FILTER (WHERE c.outcome IN ('agreement', 'oral_agreement'))::int,
               coalesce(sum(date_part('epoch', c.concluded_at - c.accepted_at) / 86400), 0)::float8
          FROM mediation_cases c
         WHERE c.site_id = ${siteId}
           AND c.concluded_at >= ${start}::timestamptz AND c.concluded_at < ${end}::timestamptz
         GROUP BY c.type, date_trunc('month', c.concluded_at + interval '8 hours')`,
    ),
    // An agreed case is due unless a term falls due after today (no terms: due), and fulfilled when
    // due with every term performed: so count the exceptions, found from their terms.
    queryRows<{ not_due: number; unfulfilled: number }>(
      db,
      sql`SELECT count(*) FILTER (WHERE x.later)::int AS not_due,
                 count(*) FILTER (WHERE NOT x.later)::int AS unfulfilled
            FROM (SELECT c.id, bool_or(t.due_on > ${today}::date) AS later
                    FROM mediation_terms t
                    JOIN mediation_agreements a ON a.id = t.agreement_id
                    JOIN mediation_cases c ON c.id = a.case_id
                   WHERE (t.status <> 'performed' OR t.due_on > ${today}::date)
                     AND c.site_id = ${siteId} AND c.outcome IN ('agreement', 'oral_agreement')
                     AND c.concluded_at >= ${start}::timestamptz AND c.concluded_at < ${end}::timestamptz
                   GROUP BY c.id) x`,
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
    repeats: 0,
    concluded: 0,
    agreements: 0,
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
    total.repeats += Number(r.repeats);
    total.concluded += Number(r.concluded);
    total.agreements += Number(r.agreements);
    total.days += Number(r.days);
  }
  const due = total.agreements - Number(open?.not_due ?? 0);
  const fulfilled = due - Number(open?.unfulfilled ?? 0);
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
    fulfilmentRate: rate(fulfilled, due),
    avgDaysToConclude: total.concluded === 0 ? null : Math.round((total.days / total.concluded) * 10) / 10,
    repeatParties90d: total.repeats,
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
