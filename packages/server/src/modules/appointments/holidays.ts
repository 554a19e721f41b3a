import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { CalendarRange, HolidayYear, HolidayYearInfo, HolidayYearInput } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { type AuditActor, appendAudit } from '../../platform/audit/service.ts';
import { HttpError } from '../../platform/errors.ts';
import { users } from '../../platform/org/schema.ts';
import { addDays } from '../../platform/time.ts';
import { type CalendarYear, calendarYearProblem, packagedYears, WorkingCalendar } from './calendar.ts';
import { appointmentMessages as m } from './messages.ts';
import { appointmentClosures, appointmentSessions, holidayYears } from './schema.ts';

/**
 * China's holiday calendar as the module uses it: the chinese-days package's years (calendar.ts)
 * with the years an administrator loaded from the State Council's notice replacing them.
 */

let cached: { signature: string; calendar: WorkingCalendar } | null = null;

/** The working calendar now: package years + loaded years (rebuilt only when a load changes them). */
export async function workingCalendar(db: Db): Promise<WorkingCalendar> {
  const rows = await db
    .select({ year: holidayYears.year, data: holidayYears.data, loadedAt: holidayYears.loadedAt })
    .from(holidayYears)
    .orderBy(asc(holidayYears.year));
  const signature = rows.map((r) => `${r.year}@${r.loadedAt.toISOString()}`).join(',');
  if (cached?.signature !== signature) {
    cached = { signature, calendar: WorkingCalendar.packaged(rows.map((r) => r.data)) };
  }
  return cached.calendar;
}

/** Every day of [from, to] with its kind, festival, the site's closure and the sessions running. */
export async function calendarRange(
  db: Db,
  siteId: string,
  from: string,
  to: string,
): Promise<CalendarRange> {
  const calendar = await workingCalendar(db);
  const closures = await db
    .select()
    .from(appointmentClosures)
    .where(
      and(
        eq(appointmentClosures.siteId, siteId),
        gte(appointmentClosures.date, from),
        lte(appointmentClosures.date, to),
      ),
    );
  const closed = new Map(closures.map((c) => [c.date, c.reason]));
  const sessions = await db
    .select()
    .from(appointmentSessions)
    .where(and(eq(appointmentSessions.siteId, siteId), eq(appointmentSessions.active, true)));
  const days: CalendarRange['days'] = [];
  const unknown = new Set<number>();
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const day = calendar.day(date);
    if (!calendar.knows(Number(date.slice(0, 4)))) unknown.add(Number(date.slice(0, 4)));
    const running =
      day.kind === 'weekend' || day.kind === 'statutory_holiday'
        ? sessions.filter(
            (s) => s.on.includes(day.kind) && (s.weekdays.length === 0 || s.weekdays.includes(day.weekday)),
          )
        : [];
    days.push({
      ...day,
      closed: closed.has(date),
      closureReason: closed.get(date) ?? null,
      sessions: running.map((s) => ({
        id: s.id,
        nameZh: s.nameZh,
        nameEn: s.nameEn,
        startMin: s.startMin,
        endMin: s.endMin,
      })),
    });
  }
  return { days, unknownYears: [...unknown].sort() };
}

/** The years known, each from the package or an administrator's load (which wins). */
export async function holidayYearList(db: Db): Promise<HolidayYearInfo[]> {
  const loaded = await db
    .select({
      year: holidayYears.year,
      data: holidayYears.data,
      source: holidayYears.source,
      loadedAt: holidayYears.loadedAt,
      by: users.displayName,
    })
    .from(holidayYears)
    .leftJoin(users, eq(users.id, holidayYears.loadedBy));
  const byYear = new Map<number, HolidayYearInfo>();
  for (const y of packagedYears())
    byYear.set(y.year, {
      year: y.year,
      origin: 'package',
      source: 'chinese-days',
      loadedBy: null,
      loadedAt: null,
      holidays: y.holidays.length,
      makeupWorkdays: y.makeupWorkdays.length,
    });
  for (const y of loaded)
    byYear.set(y.year, {
      year: y.year,
      origin: 'loaded',
      source: y.source,
      loadedBy: y.by ?? null,
      loadedAt: y.loadedAt.toISOString(),
      holidays: y.data.holidays.length,
      makeupWorkdays: y.data.makeupWorkdays.length,
    });
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export async function holidayYear(db: Db, year: number): Promise<HolidayYear | null> {
  const info = (await holidayYearList(db)).find((y) => y.year === year);
  if (!info) return null;
  const [row] = await db.select().from(holidayYears).where(eq(holidayYears.year, year));
  const data = row?.data ?? packagedYears().find((y) => y.year === year)!;
  return { year, holidays: data.holidays, makeupWorkdays: data.makeupWorkdays, info };
}

/** Field errors for each malformed date of an upload (all of them, not just the first). */
function uploadProblems(year: CalendarYear): { field: string; date: string; problem: string }[] {
  const problems: { field: string; date: string; problem: string }[] = [];
  const lists = [
    ['holidays', year.holidays],
    ['makeupWorkdays', year.makeupWorkdays],
  ] as const;
  // calendarYearProblem stops at the first problem: ask it about each entry in turn, then the whole.
  const seen = new Set<string>();
  for (const [list, entries] of lists) {
    entries.forEach((entry, i) => {
      const single: CalendarYear = {
        year: year.year,
        holidays: list === 'holidays' ? [entry] : [],
        makeupWorkdays: list === 'makeupWorkdays' ? [entry] : [],
      };
      let problem = calendarYearProblem(single);
      if (!problem && seen.has(entry.date)) problem = `duplicate_date:${entry.date}`;
      seen.add(entry.date);
      if (problem) problems.push({ field: `body.${list}.${i}.date`, date: entry.date, problem });
    });
  }
  if (problems.length === 0) {
    const whole = calendarYearProblem(year);
    if (whole) problems.push({ field: 'body', date: whole.split(':').slice(1).join(':'), problem: whole });
  }
  return problems;
}

const PROBLEM_KEYS = {
  date_outside_year: 'holidayProblem.date_outside_year',
  invalid_date: 'holidayProblem.invalid_date',
  duplicate_date: 'holidayProblem.duplicate_date',
  makeup_on_weekday: 'holidayProblem.makeup_on_weekday',
} as const;

/** Loads one year's notice (replacing the package's year); 400 naming every bad date, nothing saved. */
export async function loadHolidayYear(
  db: Db,
  actor: AuditActor,
  year: number,
  input: HolidayYearInput,
  now: Date,
): Promise<HolidayYearInfo> {
  const data: CalendarYear = { year, holidays: input.holidays, makeupWorkdays: input.makeupWorkdays };
  const problems = uploadProblems(data);
  if (problems.length > 0) {
    const fieldErrors = problems.map(({ field, date, problem }) => {
      const kind = problem.split(':')[0] as keyof typeof PROBLEM_KEYS;
      const why = m.entries[PROBLEM_KEYS[kind] ?? 'holidayProblem.invalid_date'];
      return {
        field,
        date,
        message: {
          key: 'appointments.error.holidayDate',
          params: { date },
          texts: {
            zh: m.text('zh-CN', 'error.holidayDate', { date, problem: why.zh }),
            en: m.text('en', 'error.holidayDate', { date, problem: why.en }),
          },
        },
      };
    });
    throw new HttpError(400, 'appointments.holidayDates', fieldErrors[0]!.message, fieldErrors);
  }
  const sorted: CalendarYear = {
    year,
    holidays: [...data.holidays].sort((a, b) => a.date.localeCompare(b.date)),
    makeupWorkdays: [...data.makeupWorkdays].sort((a, b) => a.date.localeCompare(b.date)),
  };
  await db
    .insert(holidayYears)
    .values({ year, data: sorted, source: input.source, loadedBy: actor.id, loadedAt: now })
    .onConflictDoUpdate({
      target: holidayYears.year,
      set: { data: sorted, source: input.source, loadedBy: actor.id, loadedAt: now },
    });
  await appendAudit(db, actor, {
    action: 'appointments.holidays.load',
    subjectType: 'holiday_year',
    subjectId: String(year),
    fields: ['holidays', 'makeupWorkdays', 'source'],
  });
  return (await holidayYearList(db)).find((y) => y.year === year)!;
}
