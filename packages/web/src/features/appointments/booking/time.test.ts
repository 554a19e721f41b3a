/**
 * The booking pages label the office's (Beijing) times whatever the phone's zone (the wall-time
 * helpers underneath are tested in wall-time.test.ts); the words come from the catalogue.
 */
import { describe, expect, it } from 'vitest';
import { dayLabel, weekdayLabel, whenLabel } from './time.ts';

describe('booking time labels', () => {
  it('labels an instant in Beijing time, in both languages', () => {
    // 09:00 on Saturday 5 Dec in Beijing is 01:00Z, and 20:00 on the Friday in New York.
    const start = '2026-12-05T01:00:00.000Z';
    const end = '2026-12-05T01:30:00.000Z';
    expect(whenLabel(start, end, 'zh-CN')).toBe('12月5日 周六 09:00–09:30');
    expect(whenLabel(start, end, 'en')).toBe('Sat 5 Dec, 09:00–09:30');
    // Just before midnight UTC is already the next morning in Beijing.
    expect(whenLabel('2026-12-31T16:30:00Z', '2026-12-31T17:00:00Z', 'zh-CN')).toBe(
      '1月1日 周五 00:30–01:00',
    );
  });

  it("names weekdays from the date or from the API's weekday", () => {
    expect(weekdayLabel('2026-12-05', 'zh-CN')).toBe('周六');
    expect(weekdayLabel('2026-12-07', 'en')).toBe('Mon');
    expect(weekdayLabel('2026-12-07', 'en', 7)).toBe('Sun');
    expect(dayLabel('2026-10-01', 'zh-CN')).toBe('10月1日 周四');
  });
});
