/**
 * Analysis (研判): pure-ish functions over SQL aggregates of `incidents` — counts by category and
 * group, trend by week and month beside the same period a year before, the hour × weekday heatmap
 * (Asia/Shanghai), top places, the share of disputes and help requests, fraud victims' age bands
 * (aggregate only, from registry birth dates), the generated summary in words, and the facts and
 * suppressed numbers the boards use (`safetyTipFacts`, `publicIncidentNumbers`).
 */
import { sql } from 'drizzle-orm';
import {
  AGE_BANDS,
  type AgeBand,
  DISPUTE_HELP_GROUPS,
  HOUR_BANDS,
  INCIDENT_GROUPS,
  INCIDENT_SUPPRESS_BELOW,
  type IncidentAnalysis,
  type IncidentGroup,
  type IncidentPlaceKind,
  type PublicIncidentNumbers,
} from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import { addDays, shanghaiDate, shanghaiDayStart, ZONE } from '../../platform/time.ts';
import { categoryRows } from './categories.ts';

type CategoryRow = Awaited<ReturnType<typeof categoryRows>>[number];
import { incidentSummaryMessages as s } from './messages.ts';

/** Counts below this are never shown in public ("少于5起"). */
export const SUPPRESS_BELOW = INCIDENT_SUPPRESS_BELOW;

/** A count as the public may see it: below SUPPRESS_BELOW it is withheld. */
export function suppress(n: number): { count: number | null; suppressed: boolean } {
  return n < SUPPRESS_BELOW ? { count: null, suppressed: true } : { count: n, suppressed: false };
}

export interface SafetyTipFacts {
  siteId: string;
  weeks: number;
  topCategory: { id: string; nameZh: string; nameEn: string; group: string; count: number } | null;
  peakHours: { from: number; to: number } | null;
  mostHitAgeBand: { band: string; count: number } | null;
  disputeHelpShare: number | null;
  total: number;
}

interface Window {
  start: Date;
  end: Date;
}

/** The last `weeks` weeks up to the end of today (Asia/Shanghai). */
function recentWindow(now: Date, weeks: number): Window & { from: string; to: string } {
  const to = shanghaiDate(now);
  const from = addDays(to, -7 * weeks + 1);
  return { from, to, start: shanghaiDayStart(from), end: shanghaiDayStart(addDays(to, 1)) };
}

const n = (v: unknown) => Number(v ?? 0);

/*
 * The same wall clock by arithmetic, several times cheaper per row than a time-zone conversion
 * (it matters at 50,000 rows on PGlite): Asia/Shanghai is UTC+8 with no daylight saving since 1991.
 * date_part, not extract: since PostgreSQL 14 extract computes in numeric, about twice the cost
 * per row; the double holds the epoch to the microsecond, so floor() gives the same second.
 * LOCAL_DAY counts days since 1970-01-01 (a Thursday), LOCAL_HOUR is 0–23.
 */
const LOCAL_SECONDS = sql.raw(`(floor(date_part('epoch', i.received_at))::bigint + 28800)`);
const LOCAL_DAY = sql`(${LOCAL_SECONDS} / 86400)::int`;
const LOCAL_HOUR = sql`((${LOCAL_SECONDS} % 86400) / 3600)::int`;
const dayIndexDate = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
/** Age in whole years at the incident's day (once per row, then banded as AGE_BANDS). */
const AGE_YEARS_SQL = sql.raw(
  `date_part('year', age((i.received_at AT TIME ZONE '${ZONE}')::date, p.birth_date))`,
);
const AGE_BAND_SQL = sql.raw(`CASE WHEN years < 18 THEN '<18' WHEN years < 40 THEN '18-39'
  WHEN years < 60 THEN '40-59' ELSE '60+' END`);

export async function countsByCategory(db: Db, siteId: string, w: Window): Promise<Map<string, number>> {
  const rows = await queryRows<{ category_id: string; n: number }>(
    db,
    sql`SELECT i.category_id, count(*)::int AS n FROM incidents i
        WHERE i.site_id = ${siteId} AND i.received_at >= ${w.start} AND i.received_at < ${w.end}
        GROUP BY i.category_id`,
  );
  return new Map(rows.map((r) => [r.category_id, n(r.n)]));
}

async function hoursOf(db: Db, siteId: string, w: Window, categoryId: string): Promise<number[]> {
  const rows = await queryRows<{ h: number; n: number }>(
    db,
    sql`SELECT ${LOCAL_HOUR} AS h, count(*)::int AS n FROM incidents i
        WHERE i.site_id = ${siteId} AND i.category_id = ${categoryId}
          AND i.received_at >= ${w.start} AND i.received_at < ${w.end}
        GROUP BY 1`,
  );
  const hours = new Array<number>(24).fill(0);
  for (const r of rows) hours[n(r.h)] = n(r.n);
  return hours;
}

/**
 * Incidents of the given categories with a victim in each age band (an incident counts once per
 * band). Category by category (a LATERAL that cannot be flattened), not a sub-select on the group
 * nor `IN (…)`: even without table statistics (PGlite is never analysed) each then reads only its
 * rows through (site_id, category_id, received_at) instead of probing every incident's people.
 */
async function victimBands(
  db: Db,
  siteId: string,
  w: Window,
  categoryIds: readonly string[],
): Promise<Map<AgeBand, number>> {
  if (categoryIds.length === 0) return new Map();
  const ids = sql.join(
    categoryIds.map((id) => sql`(${id}::uuid)`),
    sql`, `,
  );
  const rows = await queryRows<{ band: AgeBand; n: number }>(
    db,
    sql`SELECT ${AGE_BAND_SQL} AS band, count(DISTINCT incident_id)::int AS n FROM (
          SELECT i.id AS incident_id, ${AGE_YEARS_SQL} AS years
          FROM (VALUES ${ids}) AS c(id)
          CROSS JOIN LATERAL (
            SELECT i.id, i.received_at FROM incidents i
            WHERE i.site_id = ${siteId} AND i.category_id = c.id
              AND i.received_at >= ${w.start} AND i.received_at < ${w.end}
            OFFSET 0) i
          JOIN incident_persons ip ON ip.incident_id = i.id AND ip.role = 'victim'
          JOIN persons p ON p.id = ip.person_id) v
        GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.band, n(r.n)]));
}

/**
 * The 3-hour span with most incidents (the first on a tie): 19–22 means 19:00 to 22:00. None
 * when nothing happened. Spans do not wrap past midnight, so "from" < "to" always reads right.
 */
export function peakSpan(hours: readonly number[], width = 3): { from: number; to: number } | null {
  let best = -1;
  let bestSum = 0;
  for (let h = 0; h + width <= 24; h++) {
    let sum = 0;
    for (let k = 0; k < width; k++) sum += hours[h + k] ?? 0;
    if (sum > bestSum) {
      bestSum = sum;
      best = h;
    }
  }
  return best < 0 ? null : { from: best, to: best + width };
}

/** The facts of the last `weeks` weeks behind the summary and the weekly safety tip. */
export async function safetyTipFacts(db: Db, siteId: string, now: Date, weeks = 4): Promise<SafetyTipFacts> {
  return (await factsWithBands(db, siteId, now, weeks)).facts;
}

/** The facts and the top category's victims by age band (the summary's "6 起受害人 60 岁以上"). */
export async function factsWithBands(
  db: Db,
  siteId: string,
  now: Date,
  weeks: number,
  known?: readonly CategoryRow[],
): Promise<{ facts: SafetyTipFacts; bands: Map<AgeBand, number> }> {
  const w = recentWindow(now, weeks);
  const [categories, counts] = await Promise.all([
    known ?? categoryRows(db, siteId),
    countsByCategory(db, siteId, w),
  ]);
  const byId = new Map(categories.map((c) => [c.id, c]));
  let total = 0;
  let disputeHelp = 0;
  let top: SafetyTipFacts['topCategory'] = null;
  for (const [id, count] of counts) {
    const c = byId.get(id);
    if (!c) continue;
    total += count;
    if (DISPUTE_HELP_GROUPS.includes(c.group)) disputeHelp += count;
    const better =
      !top || count > top.count || (count === top.count && c.sortOrder < (byId.get(top.id)?.sortOrder ?? 0));
    if (better) top = { id: c.id, nameZh: c.nameZh, nameEn: c.nameEn, group: c.group, count };
  }
  let peakHours: SafetyTipFacts['peakHours'] = null;
  let mostHitAgeBand: SafetyTipFacts['mostHitAgeBand'] = null;
  let bands = new Map<AgeBand, number>();
  if (top) {
    const topId = top.id;
    let hours: number[];
    [hours, bands] = await Promise.all([hoursOf(db, siteId, w, topId), victimBands(db, siteId, w, [topId])]);
    peakHours = peakSpan(hours);
    for (const band of AGE_BANDS) {
      const count = bands.get(band) ?? 0;
      if (count > 0 && (!mostHitAgeBand || count > mostHitAgeBand.count)) mostHitAgeBand = { band, count };
    }
  }
  const facts: SafetyTipFacts = {
    siteId,
    weeks,
    topCategory: top,
    peakHours,
    mostHitAgeBand,
    disputeHelpShare: total > 0 ? disputeHelp / total : null,
    total,
  };
  return { facts, bands };
}

// i18n-data: Chinese numerals of "近四周" (the Chinese sentence's own way of writing the number)
const ZH_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/**
 * The summary in words, built from the same facts the charts show, so staff can trust it:
 * "近四周电信诈骗 9 起，多发于 19–22 时，6 起受害人 60 岁以上。"
 */
export async function summaryOf(
  db: Db,
  siteId: string,
  now: Date,
  facts: SafetyTipFacts,
  period: { total: number; disputeHelp: number },
  /** the top category's victims aged 60+ in the facts' weeks (factsWithBands has counted them) */
  elderly: number,
): Promise<{ zh: string[]; en: string[] }> {
  const zh: string[] = [];
  const en: string[] = [];
  const weeksZh = ZH_NUMERALS[facts.weeks] ?? String(facts.weeks);
  const top = facts.topCategory;
  if (!top) {
    zh.push(s.text('zh-CN', 'summary.none', { weeks: weeksZh }));
    en.push(s.text('en', 'summary.none', { weeks: facts.weeks }));
  } else {
    let lineZh = s.text('zh-CN', 'summary.top', { weeks: weeksZh, category: top.nameZh, count: top.count });
    let lineEn = s.text('en', 'summary.top', { weeks: facts.weeks, category: top.nameEn, count: top.count });
    if (facts.peakHours) {
      lineZh += s.text('zh-CN', 'summary.peak', facts.peakHours);
      lineEn += s.text('en', 'summary.peak', facts.peakHours);
    }
    const w = recentWindow(now, facts.weeks);
    if (elderly > 0) {
      lineZh += s.text('zh-CN', 'summary.elderly', { n: elderly });
      lineEn += s.text('en', 'summary.elderly', { n: elderly });
    }
    zh.push(lineZh + s.text('zh-CN', 'summary.end'));
    en.push(lineEn + s.text('en', 'summary.end'));
    // The same weeks a year before (364 days: same weekdays).
    const lastYear = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM incidents i WHERE i.site_id = ${siteId}
          AND i.received_at >= ${shanghaiDayStart(addDays(w.from, -364))}
          AND i.received_at < ${shanghaiDayStart(addDays(w.to, -363))}`,
    );
    const before = n(lastYear[0]?.n);
    const diff = facts.total - before;
    const key = diff > 0 ? 'summary.trendUp' : diff < 0 ? 'summary.trendDown' : 'summary.trendSame';
    const params = { weeks: weeksZh, count: facts.total, diff: Math.abs(diff) };
    zh.push(s.text('zh-CN', key, params));
    en.push(s.text('en', key, { ...params, weeks: facts.weeks }));
  }
  if (period.total > 0) {
    const percent = Math.round((period.disputeHelp / period.total) * 100);
    const params = { total: period.total, count: period.disputeHelp, percent };
    zh.push(s.text('zh-CN', 'summary.share', params));
    en.push(s.text('en', 'summary.share', params));
  }
  return { zh, en };
}

/** The first day of the month `back` months before the month of `date` ('YYYY-MM-DD'). */
function monthStart(date: string, back: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 - back;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 10);
}

/** Monday of the ISO week of a date. */
function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

const lastYearMonth = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;

/** Incidents per local day (days since 1970-01-01) in [start, end). */
function dayCounts(db: Db, siteId: string, start: Date, end: Date) {
  return queryRows<{ day: number; n: number }>(
    db,
    sql`SELECT ${LOCAL_DAY} AS day, count(*)::int AS n
        FROM incidents i WHERE i.site_id = ${siteId} AND i.received_at >= ${start} AND i.received_at < ${end}
        GROUP BY 1`,
  );
}

/** The dates the analysis page covers: the last `months` months (from the 1st of the first month to today). */
function analysisRange(now: Date, months: number) {
  const to = shanghaiDate(now);
  const from = monthStart(to, months - 1);
  const w: Window = { start: shanghaiDayStart(from), end: shanghaiDayStart(addDays(to, 1)) };
  const firstMonday = mondayOf(from);
  // Trends reach back a year for the "same period last year" line (364 days: same weekdays).
  const trendStart = [addDays(firstMonday, -364), monthStart(from, 12)].sort()[0]!;
  return {
    to,
    from,
    w,
    firstMonday,
    trendStart: shanghaiDayStart(trendStart),
    currentStart: shanghaiDayStart(firstMonday),
  };
}

/**
 * Each database query of the analysis page by name, so the bench can time them one by one;
 * `analyseIncidents` runs them all. The weekly and monthly trends share one query per year (`trend`,
 * `trend_last_year`), and
 * the dispute + help share is summed from `by_category`.
 */
export function analysisQueries(db: Db, siteId: string, now: Date, months = 12) {
  const { w, trendStart, currentStart } = analysisRange(now, months);
  const inWindow = sql`i.site_id = ${siteId} AND i.received_at >= ${w.start} AND i.received_at < ${w.end}`;
  return {
    categories: () => categoryRows(db, siteId),
    by_category: () => countsByCategory(db, siteId, w),
    // One row per local day; weeks and months are summed from them. Two halves of the range
    // (the weeks shown, the year before them): on PostgreSQL they run side by side.
    trend: () => dayCounts(db, siteId, currentStart, w.end),
    trend_last_year: () => dayCounts(db, siteId, trendStart, currentStart),
    // One key per row (the hour of the week, 0 = Thursday 00:00 as 1970-01-01 was), split into
    // weekday and hour over the 168 groups: half the per-row arithmetic and a one-column sort.
    heatmap: () =>
      queryRows<{ weekday: number; hour: number; n: number }>(
        db,
        sql`SELECT (how / 24 + 3) % 7 + 1 AS weekday, how % 24 AS hour, n FROM (
              SELECT ((${LOCAL_SECONDS} / 3600) % 168)::int AS how, count(*)::int AS n
              FROM incidents i WHERE ${inWindow} GROUP BY 1) h
            ORDER BY 1, 2`,
      ),
    top_places: () =>
      queryRows<{ kind: IncidentPlaceKind; label: string; building_id: string | null; n: number }>(
        db,
        sql`SELECT i.place_kind AS kind, i.place_label AS label, i.building_id, count(*)::int AS n
            FROM incidents i WHERE ${inWindow}
            GROUP BY 1, 2, 3 ORDER BY n DESC, label LIMIT 10`,
      ),
    // Every building, also those with none (the map shows the whole compound).
    by_building: () =>
      queryRows<{ id: string; name: string; n: number }>(
        db,
        sql`SELECT b.id, b.name, count(i.id)::int AS n
            FROM buildings b LEFT JOIN incidents i ON i.building_id = b.id AND ${inWindow}
            WHERE b.site_id = ${siteId}
            GROUP BY b.id, b.name, b.number ORDER BY b.number`,
      ),
    fraud_ages: (categories: readonly CategoryRow[]) =>
      victimBands(
        db,
        siteId,
        w,
        categories.filter((c) => c.group === 'fraud').map((c) => c.id),
      ),
    facts: (categories: readonly CategoryRow[]) => factsWithBands(db, siteId, now, 4, categories),
  };
}

/** The analysis page: the last `months` months (from the 1st of the first month to today). */
export async function analyseIncidents(
  db: Db,
  siteId: string,
  now: Date,
  months = 12,
): Promise<IncidentAnalysis> {
  const { to, from, firstMonday } = analysisRange(now, months);
  const q = analysisQueries(db, siteId, now, months);
  // The category list first (a few rows): fraud_ages and the facts pick their categories from it.
  // On PostgreSQL the rest run concurrently on the pool; PGlite takes them one after another.
  const categories = await q.categories();
  const [counts, dayRows, dayRowsBefore, heatRows, placeRows, buildingRows, bands, tip] = await Promise.all([
    q.by_category(),
    q.trend(),
    q.trend_last_year(),
    q.heatmap(),
    q.top_places(),
    q.by_building(),
    q.fraud_ages(categories),
    q.facts(categories),
  ]);

  const byGroup = new Map<IncidentGroup, number>(INCIDENT_GROUPS.map((g) => [g, 0]));
  let total = 0;
  const byCategory: IncidentAnalysis['byCategory'] = [];
  for (const c of categories) {
    const count = counts.get(c.id) ?? 0;
    total += count;
    byGroup.set(c.group, (byGroup.get(c.group) ?? 0) + count);
    if (count > 0)
      byCategory.push({
        categoryId: c.id,
        parentId: c.parentId,
        nameZh: c.nameZh,
        nameEn: c.nameEn,
        group: c.group,
        count,
      });
  }
  byCategory.sort((a, b) => b.count - a.count);
  const disputeHelp = DISPUTE_HELP_GROUPS.reduce((sum, g) => sum + (byGroup.get(g) ?? 0), 0);

  const weekCount = new Map<string, number>();
  const monthCount = new Map<string, number>();
  for (const r of [...dayRowsBefore, ...dayRows]) {
    const date = dayIndexDate(n(r.day));
    const week = mondayOf(date);
    weekCount.set(week, (weekCount.get(week) ?? 0) + n(r.n));
    monthCount.set(date.slice(0, 7), (monthCount.get(date.slice(0, 7)) ?? 0) + n(r.n));
  }
  const weekly: IncidentAnalysis['weekly'] = [];
  for (let week = firstMonday; week <= to; week = addDays(week, 7))
    weekly.push({ week, count: weekCount.get(week) ?? 0, lastYear: weekCount.get(addDays(week, -364)) ?? 0 });
  const monthly: IncidentAnalysis['monthly'] = [];
  for (let k = months - 1; k >= 0; k--) {
    const month = monthStart(to, k).slice(0, 7);
    monthly.push({
      month,
      count: monthCount.get(month) ?? 0,
      lastYear: monthCount.get(lastYearMonth(month)) ?? 0,
    });
  }

  return {
    siteId,
    from,
    to,
    total,
    byCategory,
    byGroup: INCIDENT_GROUPS.map((group) => ({ group, count: byGroup.get(group) ?? 0 })),
    weekly,
    monthly,
    heatmap: heatRows.map((r) => ({ weekday: n(r.weekday), hour: n(r.hour), count: n(r.n) })),
    topPlaces: placeRows.map((r) => ({
      kind: r.kind,
      label: r.label,
      buildingId: r.building_id,
      count: n(r.n),
    })),
    byBuilding: buildingRows.map((r) => ({ buildingId: r.id, name: r.name, count: n(r.n) })),
    disputeHelp: { count: disputeHelp, total, share: total > 0 ? disputeHelp / total : null },
    fraudAgeBands: AGE_BANDS.map((band) => ({ band, count: bands.get(band) ?? 0 })),
    summary: await summaryOf(db, siteId, now, tip.facts, { total, disputeHelp }, tip.bands.get('60+') ?? 0),
  };
}

const HOUR_BAND_OF = (h: number) => HOUR_BANDS[Math.min(3, Math.floor(h / 6))]!;

/**
 * What residents and public boards may see: the last four weeks by group and by hour band, each
 * count below SUPPRESS_BELOW withheld ("少于5起"). Nothing personal: no place, no person.
 */
export async function publicIncidentNumbers(
  db: Db,
  siteId: string,
  now: Date,
): Promise<PublicIncidentNumbers> {
  const weeks = 4;
  const w = recentWindow(now, weeks);
  const rows = await queryRows<{ group: IncidentGroup; h: number; n: number }>(
    db,
    sql`SELECT c."group" AS "group", ${LOCAL_HOUR} AS h, count(*)::int AS n
        FROM incidents i JOIN incident_categories c ON c.id = i.category_id
        WHERE i.site_id = ${siteId} AND i.received_at >= ${w.start} AND i.received_at < ${w.end}
        GROUP BY 1, 2`,
  );
  const groups = new Map<IncidentGroup, number>();
  const bands = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    total += n(r.n);
    groups.set(r.group, (groups.get(r.group) ?? 0) + n(r.n));
    const band = HOUR_BAND_OF(n(r.h));
    bands.set(band, (bands.get(band) ?? 0) + n(r.n));
  }
  const disputeHelp = DISPUTE_HELP_GROUPS.reduce((sum, g) => sum + (groups.get(g) ?? 0), 0);
  return {
    siteId,
    from: w.from,
    to: w.to,
    weeks,
    total: suppress(total),
    byGroup: INCIDENT_GROUPS.map((group) => ({ group, ...suppress(groups.get(group) ?? 0) })),
    byHourBand: HOUR_BANDS.map((band) => ({ band, ...suppress(bands.get(band) ?? 0) })),
    // A share over a handful of calls would give the small counts away.
    disputeHelpShare: total < SUPPRESS_BELOW ? null : Math.round((disputeHelp / total) * 100) / 100,
  };
}
