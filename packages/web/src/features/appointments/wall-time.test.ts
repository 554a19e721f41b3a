/**
 * The appointments console's pure helpers. The process runs in Los Angeles' zone on purpose: a
 * slot's Beijing wall time must not depend on the browser's zone.
 */
process.env.TZ = 'America/Los_Angeles';

import { describe, expect, it } from 'vitest';
import {
  addDays,
  checkInTextOf,
  dayOf,
  formatIntervals,
  hm,
  hmToMinutes,
  minutesOf,
  minutesToHm,
  mondayOf,
  parseDateLines,
  parseIntervals,
  weekdayOf,
} from './wall-time.ts';

const SITE = '0b7c9a4e-52d1-4c0e-9d7e-3f1a2b3c4d5e';

describe('Beijing wall time of instants', () => {
  it('is the same whatever the process zone', () => {
    expect(new Date('2026-12-05T01:00:00Z').getHours()).not.toBe(9);
    expect(hm('2026-12-05T01:00:00Z')).toBe('09:00');
    expect(hm('2026-12-05T09:30:00+08:00')).toBe('09:30');
    expect(minutesOf('2026-12-05T01:30:00Z')).toBe(570);
    // 23:30 UTC on the 4th is already the 5th in Beijing.
    expect(dayOf('2026-12-04T23:30:00Z')).toBe('2026-12-05');
  });
});

describe('calendar dates', () => {
  it('add days, find the Monday and the weekday without a zone', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(weekdayOf('2026-12-06')).toBe(7);
    expect(weekdayOf('2026-12-07')).toBe(1);
  });
});

describe('hours', () => {
  it('read "09:00" and write minutes back', () => {
    expect(hmToMinutes('9:05')).toBe(545);
    expect(hmToMinutes('24:00')).toBe(1440);
    expect(hmToMinutes('24:30')).toBeNull();
    expect(hmToMinutes('9h')).toBeNull();
    expect(minutesToHm(545)).toBe('09:05');
  });

  it('read a day of weekly hours in any usual separator, sorted; refuse a backwards range', () => {
    expect(parseIntervals('13:30-17:00，09:00～12:00')).toEqual([
      { start: 540, end: 720 },
      { start: 810, end: 1020 },
    ]);
    expect(parseIntervals('')).toEqual([]);
    expect(parseIntervals('12:00-09:00')).toBeNull();
    expect(parseIntervals('09:00')).toBeNull();
    expect(formatIntervals([{ start: 540, end: 720 }])).toBe('09:00-12:00');
  });
});

describe('the holiday upload as date lines', () => {
  it('takes date, Chinese and English festival names; the English may be left out', () => {
    expect(parseDateLines("2027-01-01 元旦 New Year's Day\n\n 2027-02-07 春节 ")).toEqual([
      { date: '2027-01-01', festival: { zh: '元旦', en: "New Year's Day" } },
      { date: '2027-02-07', festival: { zh: '春节', en: '春节' } },
    ]);
  });
});

describe('QR codes at the counter', () => {
  it('checks in the manage URL as it is, a bare code as the code, and nothing else', () => {
    const url = `https://anju.example.cn/book/${SITE}/manage?code=AB23CD45`;
    expect(checkInTextOf(url)).toBe(url);
    expect(checkInTextOf(' ab23-cd45 ')).toBe('AB23CD45');
    expect(checkInTextOf('anju-pair:123456')).toBeNull();
    expect(checkInTextOf(`https://anju.example.cn/book/${SITE}/manage?code=O0O0O0O0`)).toBeNull();
  });
});
