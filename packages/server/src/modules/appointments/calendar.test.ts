import { describe, expect, it } from 'vitest';
import {
  calendarYearProblem,
  type CalendarYear,
  packagedYears,
  WorkingCalendar,
  weekdayOf,
} from './calendar.ts';

const festival = { zh: '元旦', en: "New Year's Day" }; // i18n-data: a festival name as the notice gives it

describe('China’s working calendar', () => {
  const calendar = WorkingCalendar.packaged();

  it.each([
    ['2026-10-01', 'statutory_holiday', 'National Day'],
    ['2026-10-07', 'statutory_holiday', 'National Day'],
    ['2026-10-10', 'makeup_workday', 'National Day'],
    ['2026-09-20', 'makeup_workday', 'National Day'],
    ['2026-02-14', 'makeup_workday', 'Spring Festival'],
    ['2026-02-17', 'statutory_holiday', 'Spring Festival'],
    ['2026-10-11', 'weekend', null],
    ['2026-10-12', 'workday', null],
    ['2026-12-02', 'workday', null],
    ['2026-12-05', 'weekend', null],
  ])('%s is a %s', (date, kind, festivalEn) => {
    const day = calendar.day(date);
    expect(day.kind).toBe(kind);
    expect(day.festival?.en ?? null).toBe(festivalEn);
  });

  it('knows the years the package ships, the current one included, and no later ones', () => {
    const years = packagedYears().map((y) => y.year);
    expect(years).toContain(2026);
    expect(calendar.knows(2026)).toBe(true);
    expect(calendar.knows(2027)).toBe(false);
    // Unknown years fall back to weekdays: 2027-10-01 is a Friday.
    expect(calendar.day('2027-10-01').kind).toBe('workday');
  });

  it('takes a year an administrator loads, replacing the package’s year whole', () => {
    const loaded: CalendarYear = {
      year: 2026,
      holidays: [{ date: '2026-12-25', festival }],
      makeupWorkdays: [{ date: '2026-12-26', festival }],
    };
    const replaced = WorkingCalendar.packaged([loaded]);
    expect(replaced.day('2026-12-25').kind).toBe('statutory_holiday');
    expect(replaced.day('2026-12-26').kind).toBe('makeup_workday');
    // The package's 2026 National Day is gone with the package's year.
    expect(replaced.day('2026-10-01').kind).toBe('workday');
  });

  it.each([
    [
      { year: 2027, holidays: [{ date: '2026-10-01', festival }], makeupWorkdays: [] },
      'date_outside_year:2026-10-01',
    ],
    [
      { year: 2027, holidays: [{ date: '2027-02-30', festival }], makeupWorkdays: [] },
      'invalid_date:2027-02-30',
    ],
    [
      {
        year: 2027,
        holidays: [{ date: '2027-10-02', festival }],
        makeupWorkdays: [{ date: '2027-10-02', festival }],
      },
      'duplicate_date:2027-10-02',
    ],
    // 2027-10-04 is a Monday: nobody "makes up" a working day on a working day.
    [
      { year: 2027, holidays: [], makeupWorkdays: [{ date: '2027-10-04', festival }] },
      'makeup_on_weekday:2027-10-04',
    ],
    [
      {
        year: 2027,
        holidays: [{ date: '2027-10-01', festival }],
        makeupWorkdays: [{ date: '2027-10-09', festival }],
      },
      null,
    ],
  ] as [CalendarYear, string | null][])('checks a loaded year: %# → %s', (year, problem) => {
    expect(calendarYearProblem(year)).toBe(problem);
  });

  it('numbers weekdays Monday = 1 … Sunday = 7', () => {
    expect(weekdayOf('2026-11-30')).toBe(1);
    expect(weekdayOf('2026-12-06')).toBe(7);
  });
});
