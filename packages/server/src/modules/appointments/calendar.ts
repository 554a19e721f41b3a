import { createRequire } from 'node:module';

/**
 * China's working calendar: which days are statutory public holidays (法定节假日), which weekend
 * days are make-up working days (调休上班), and the rest by weekday.
 *
 * Source: the `chinese-days` npm package (github.com/vsme/chinese-days, MIT), which transcribes the
 * State Council General Office's yearly notice on the holiday arrangements (国务院办公厅关于
 * xxxx年部分节假日安排的通知) and ships it as data. The notice for the coming year appears in
 * late autumn; until a package release carries it, an administrator loads the year by hand
 * (`CalendarYear`), which then replaces the package's entries for that year.
 */

export const DAY_KINDS = ['workday', 'weekend', 'statutory_holiday', 'makeup_workday'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export interface CalendarDay {
  date: string;
  kind: DayKind;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** the festival a holiday or make-up day belongs to, in Chinese and English (春节 / Spring Festival) */
  festival: { zh: string; en: string } | null;
}

/** One year's arrangement as the State Council notice states it. */
export interface CalendarYear {
  year: number;
  /** days off, with their festival */
  holidays: { date: string; festival: { zh: string; en: string } }[];
  /** weekend days worked in exchange (调休上班) */
  makeupWorkdays: { date: string; festival: { zh: string; en: string } }[];
}

interface PackageData {
  /** 'YYYY-MM-DD' → "English name,中文名,n" */
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function festivalOf(entry: string): { zh: string; en: string } {
  const [en = '', zh = ''] = entry.split(',');
  return { zh, en };
}

/** The package's years, as CalendarYear records. */
export function packagedYears(): CalendarYear[] {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as PackageData;
  const years = new Map<number, CalendarYear>();
  const yearOf = (date: string) => {
    const year = Number(date.slice(0, 4));
    let entry = years.get(year);
    if (!entry) {
      entry = { year, holidays: [], makeupWorkdays: [] };
      years.set(year, entry);
    }
    return entry;
  };
  for (const [date, text] of Object.entries(data.holidays))
    yearOf(date).holidays.push({ date, festival: festivalOf(text) });
  for (const [date, text] of Object.entries(data.workdays))
    yearOf(date).makeupWorkdays.push({ date, festival: festivalOf(text) });
  return [...years.values()].sort((a, b) => a.year - b.year);
}

/** Monday = 1 … Sunday = 7 of a 'YYYY-MM-DD' date (a calendar date: no time zone involved). */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** What a year's arrangement gets wrong, or null: dates in the year, real dates, no day both off and worked. */
export function calendarYearProblem(year: CalendarYear): string | null {
  const seen = new Set<string>();
  for (const { date } of [...year.holidays, ...year.makeupWorkdays]) {
    const m = DATE.exec(date);
    if (!m || Number(m[1]) !== year.year) return `date_outside_year:${date}`;
    const parsed = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date)
      return `invalid_date:${date}`;
    if (seen.has(date)) return `duplicate_date:${date}`;
    seen.add(date);
  }
  // A make-up working day is by definition a day that would otherwise be a weekend.
  for (const { date } of year.makeupWorkdays) if (weekdayOf(date) < 6) return `makeup_on_weekday:${date}`;
  return null;
}

/**
 * A working calendar over the packaged years and the administrator's loaded ones (a loaded year
 * replaces the package's year whole). Years neither covers are answered by weekday alone, and
 * `knows(year)` says so, so the booking page can warn that holidays are not yet published.
 */
export class WorkingCalendar {
  private readonly days = new Map<string, { kind: DayKind; festival: { zh: string; en: string } }>();
  private readonly years = new Set<number>();

  constructor(years: readonly CalendarYear[]) {
    const byYear = new Map<number, CalendarYear>();
    for (const y of years) byYear.set(y.year, y); // later entries (loaded by hand) win
    for (const y of byYear.values()) {
      this.years.add(y.year);
      for (const { date, festival } of y.holidays)
        this.days.set(date, { kind: 'statutory_holiday', festival });
      for (const { date, festival } of y.makeupWorkdays)
        this.days.set(date, { kind: 'makeup_workday', festival });
    }
  }

  static packaged(loaded: readonly CalendarYear[] = []): WorkingCalendar {
    return new WorkingCalendar([...packagedYears(), ...loaded]);
  }

  knows(year: number): boolean {
    return this.years.has(year);
  }

  day(date: string): CalendarDay {
    const weekday = weekdayOf(date);
    const special = this.days.get(date);
    if (special) return { date, weekday, kind: special.kind, festival: special.festival };
    return { date, weekday, kind: weekday >= 6 ? 'weekend' : 'workday', festival: null };
  }

  /** Regular office hours apply: a workday or a make-up working day. */
  isWorkingDay(date: string): boolean {
    const kind = this.day(date).kind;
    return kind === 'workday' || kind === 'makeup_workday';
  }
}
