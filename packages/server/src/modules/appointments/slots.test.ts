import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from './calendar.ts';
import {
  dayStartMs,
  freeSlots,
  type HeldTime,
  type ServiceRules,
  type ServiceSession,
  type SlotInput,
  type StaffAvailability,
} from './slots.ts';

const calendar = WorkingCalendar.packaged();
const at = (date: string, clock: string) => new Date(`${date}T${clock}:00+08:00`);
const h = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
const span = (from: string, to: string) => ({ start: h(from), end: h(to) });

const service: ServiceRules = {
  id: 'hukou',
  durationMin: 30,
  capacity: 2,
  bufferBeforeMin: 0,
  bufferAfterMin: 0,
  minNoticeMin: 60,
  maxAdvanceDays: 30,
  inSessions: true,
  staffIds: ['wang', 'li'],
};
const weekdays = (intervals: { start: number; end: number }[]) =>
  Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, intervals]));
const wang: StaffAvailability = { id: 'wang', weekly: weekdays([span('09:00', '12:00')]), overrides: {} };
const li: StaffAvailability = { id: 'li', weekly: weekdays([span('09:00', '10:00')]), overrides: {} };
const saturdayMorning: ServiceSession = {
  on: ['weekend'],
  weekdays: [6],
  interval: span('09:00', '12:00'),
  staffIds: ['li'],
};
const holidayMorning: ServiceSession = {
  on: ['statutory_holiday'],
  interval: span('09:00', '11:00'),
  staffIds: ['wang'],
};

function input(over: Partial<SlotInput> = {}): SlotInput {
  return {
    service,
    staff: [wang, li],
    sessions: [saturdayMorning, holidayMorning],
    closures: new Set(),
    calendar,
    bookings: [],
    // Monday 30 November 2026, 08:00 in Shanghai
    now: at('2026-11-30', '08:00'),
    ...over,
  };
}
const timesOn = (i: SlotInput, date: string) => freeSlots(i, date, date)[0]!.slots.map((s) => s.time);
const booking = (
  staffId: string,
  date: string,
  clock: string,
  serviceId = 'hukou',
  minutes = 30,
): HeldTime => ({
  staffId,
  serviceId,
  start: at(date, clock).getTime(),
  end: at(date, clock).getTime() + minutes * 60_000,
});

describe('free appointment slots', () => {
  it('a working day: every staff member’s weekly hours in steps of the duration, two seats while both work', () => {
    const day = freeSlots(input(), '2026-12-01', '2026-12-01')[0]!;
    expect(day.day.kind).toBe('workday');
    expect(day.slots.map((s) => `${s.time}×${s.seatsLeft}`)).toEqual([
      '09:00×2',
      '09:30×2',
      '10:00×1',
      '10:30×1',
      '11:00×1',
      '11:30×1',
    ]);
    expect(day.slots[0]!.start).toBe('2026-12-01T01:00:00.000Z');
    expect(day.slots[0]!.end).toBe('2026-12-01T01:30:00.000Z');
  });

  it('minimum notice: nothing sooner than an hour from now', () => {
    expect(timesOn(input({ now: at('2026-12-01', '09:40') }), '2026-12-01')).toEqual(['11:00', '11:30']);
  });

  it('a statutory holiday has no office hours, only the holiday session; a service not offered in sessions has none', () => {
    const day = freeSlots(input(), '2026-10-01', '2026-10-01');
    expect(
      freeSlots(input({ now: at('2026-09-20', '08:00') }), '2026-10-01', '2026-10-01')[0]!.slots.map(
        (s) => s.time,
      ),
    ).toEqual(['09:00', '09:30', '10:00', '10:30']);
    // (from 30 November, 1 October is in the past: nothing, and still a holiday)
    expect(day[0]!.day.kind).toBe('statutory_holiday');
    const counterOnly = { ...service, inSessions: false };
    const closed = freeSlots(
      input({ service: counterOnly, now: at('2026-09-20', '08:00') }),
      '2026-10-01',
      '2026-10-01',
    )[0]!;
    expect(closed.slots).toEqual([]);
    expect(closed.closed).toBe(true);
  });

  it('a holiday Monday: Monday’s weekly hours do not apply, the holiday session does', () => {
    const now = at('2026-10-01', '08:00');
    // Monday 5 October 2026 is National Day.
    const monday = freeSlots(input({ now }), '2026-10-05', '2026-10-05')[0]!;
    expect(monday.day).toMatchObject({ kind: 'statutory_holiday', weekday: 1 });
    expect(monday.slots.map((s) => `${s.time}×${s.freeStaffIds.join('+')}`)).toEqual([
      '09:00×wang',
      '09:30×wang',
      '10:00×wang',
      '10:30×wang',
    ]);
  });

  it('minimum notice crossing midnight: ten hours from 23:30 leaves the next morning from 09:30', () => {
    const late = input({ service: { ...service, minNoticeMin: 600 }, now: at('2026-12-01', '23:30') });
    const [tonight, tomorrow] = freeSlots(late, '2026-12-01', '2026-12-02');
    expect(tonight!.slots).toEqual([]);
    expect(tomorrow!.slots.map((s) => s.time)).toEqual(['09:30', '10:00', '10:30', '11:00', '11:30']);
  });

  it('a make-up working day keeps ordinary hours (Monday’s) and runs no weekend session', () => {
    const now = at('2026-10-05', '08:00');
    // Saturday 10 October 2026 is worked in exchange for National Day.
    expect(timesOn(input({ now }), '2026-10-10')).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
    ]);
    // The Saturday after is an ordinary weekend: the Saturday session only (Li, one seat).
    const saturday = freeSlots(input({ now }), '2026-10-17', '2026-10-17')[0]!;
    expect(saturday.day.kind).toBe('weekend');
    expect(saturday.slots.map((s) => `${s.time}×${s.seatsLeft}`)).toEqual([
      '09:00×1',
      '09:30×1',
      '10:00×1',
      '10:30×1',
      '11:00×1',
      '11:30×1',
    ]);
    // Sunday: the session is Saturdays only.
    expect(freeSlots(input({ now }), '2026-10-18', '2026-10-18')[0]!.closed).toBe(true);
  });

  it('date overrides: leave removes a person’s day, training changes the hours', () => {
    const onLeave = { ...wang, overrides: { '2026-12-01': [] } };
    expect(timesOn(input({ staff: [onLeave, li] }), '2026-12-01')).toEqual(['09:00', '09:30']);
    const training = { ...wang, overrides: { '2026-12-01': [span('14:00', '15:00')] } };
    expect(timesOn(input({ staff: [training, li] }), '2026-12-01')).toEqual([
      '09:00',
      '09:30',
      '14:00',
      '14:30',
    ]);
  });

  it('an office closure shuts the day for everyone', () => {
    const day = freeSlots(input({ closures: new Set(['2026-12-01']) }), '2026-12-01', '2026-12-01')[0]!;
    expect(day.closed).toBe(true);
    expect(day.slots).toEqual([]);
  });

  it('capacity: bookings take seats and a full slot is not offered', () => {
    const one = input({ bookings: [booking('wang', '2026-12-01', '09:00')] });
    expect(freeSlots(one, '2026-12-01', '2026-12-01')[0]!.slots[0]).toMatchObject({
      time: '09:00',
      seatsLeft: 1,
      freeStaffIds: ['li'],
    });
    const full = input({
      bookings: [booking('wang', '2026-12-01', '09:00'), booking('li', '2026-12-01', '09:00')],
    });
    expect(timesOn(full, '2026-12-01')[0]).toBe('09:30');
    // A capacity of one: a single booking fills the slot although Li is free.
    const single = input({
      service: { ...service, capacity: 1 },
      bookings: [booking('wang', '2026-12-01', '09:00')],
    });
    expect(timesOn(single, '2026-12-01')[0]).toBe('09:30');
  });

  it('buffers hold the staff member before and after a booking, of this service and of others', () => {
    const buffered = { ...service, bufferAfterMin: 15, staffIds: ['wang'] };
    const i = input({ service: buffered, bookings: [booking('wang', '2026-12-01', '10:00')] });
    // 10:30 would start inside the 15 minutes after the 10:00 booking, and 9:30's own 15 minutes
    // after it would run into that booking.
    expect(timesOn(i, '2026-12-01')).toEqual(['09:00', '11:00', '11:30']);
    // Another service's booking with its own 30-minute buffer before it.
    const other = input({
      service: { ...service, staffIds: ['wang'] },
      bookings: [booking('wang', '2026-12-01', '11:00', 'interview')],
      buffersOf: () => ({ before: 30, after: 0 }),
    });
    // (an interview at 11:00 holds Wang from 10:30; he is free again when it ends at 11:30)
    expect(timesOn(other, '2026-12-01')).toEqual(['09:00', '09:30', '10:00', '11:30']);
  });

  it('no slots beyond the booking window', () => {
    const days = freeSlots(input({ service: { ...service, maxAdvanceDays: 2 } }), '2026-12-01', '2026-12-04');
    expect(days.map((d) => [d.day.date, d.closed])).toEqual([
      ['2026-12-01', false],
      ['2026-12-02', false],
      ['2026-12-03', true],
      ['2026-12-04', true],
    ]);
  });

  it('anchors instants in Asia/Shanghai whatever the server’s zone', () => {
    expect(new Date(dayStartMs('2026-12-01')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });
});
