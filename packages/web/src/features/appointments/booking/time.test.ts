/**
 * The booking pages show the office's (Beijing) times whatever the phone's zone: the labels of an
 * instant are the same under any TZ, and date arithmetic never slips a day across a zone.
 */
import { describe, expect, it } from 'vitest';
import { addDays, dayLabel, officeDate, officeTime, weekdayLabel, whenLabel } from './time.ts';

describe('booking times', () => {
  it('labels an instant in Beijing time', () => {
    // 09:00 on Saturday 5 Dec in Beijing is 01:00Z, and 20:00 on the Friday in New York.
    const start = '2026-12-05T01:00:00.000Z';
    const end = '2026-12-05T01:30:00.000Z';
    expect(officeDate(start)).toBe('2026-12-05');
    expect(officeTime(start)).toBe('09:00');
    expect(whenLabel(start, end, 'zh-CN')).toBe('12月5日 周六 09:00–09:30');
    expect(whenLabel(start, end, 'en')).toBe('Sat 5 Dec, 09:00–09:30');
    // Just before midnight UTC is already the next morning in Beijing.
    expect(officeDate('2026-12-31T16:30:00Z')).toBe('2027-01-01');
  });

  it('counts dates as dates', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(weekdayLabel('2026-12-05', 'zh-CN')).toBe('周六');
    expect(weekdayLabel('2026-12-07', 'en')).toBe('Mon');
    expect(weekdayLabel('2026-12-07', 'en', 7)).toBe('Sun');
    expect(dayLabel('2026-10-01', 'zh-CN')).toBe('10月1日 周四');
  });
});
