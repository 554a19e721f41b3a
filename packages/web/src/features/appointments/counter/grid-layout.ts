import type { Booking, Interval } from '../api.ts';
import { dayOf, minutesOf } from '../wall-time.ts';

/** Where the counter grid puts bookings: their blocks' spans, side-by-side lanes, the hours shown. */

/** The shortest block drawn, in minutes: one line of text (a 5-minute pick-up still reads). */
const MIN_VISUAL_MIN = 12;

/** Where a booking's block stands on the grid, in minutes since midnight. */
export function span(b: Booking): { start: number; end: number } {
  const start = minutesOf(b.start);
  // A booking that runs past midnight ends at the bottom of its day.
  const end = dayOf(b.end) === dayOf(b.start) ? minutesOf(b.end) : 24 * 60;
  return { start, end: Math.max(end, start + MIN_VISUAL_MIN) };
}

/**
 * Lanes for blocks that overlap in one column (a service with two counters): blocks that overlap
 * one another form a group; each takes the group's first lane free at its start, and only that
 * group's time is split between its lanes.
 */
export function lanes(bookings: Booking[]): { booking: Booking; lane: number; of: number }[] {
  const sorted = [...bookings].sort((a, b) => span(a).start - span(b).start);
  const out: { booking: Booking; lane: number; of: number }[] = [];
  let group: { booking: Booking; lane: number }[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -1;
  const close = () => {
    for (const p of group) out.push({ ...p, of: Math.max(1, laneEnds.length) });
    group = [];
    laneEnds = [];
  };
  for (const booking of sorted) {
    const { start, end } = span(booking);
    if (start >= groupEnd) close();
    let lane = laneEnds.findIndex((e) => e <= start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = end;
    groupEnd = Math.max(start >= groupEnd ? end : groupEnd, end);
    group.push({ booking, lane });
  }
  close();
  return out;
}

/** Hours shown: 08:00–18:00, widened to hold every working hour and every booking. */
export function gridRange(bookings: Booking[], open: Interval[] = []): { from: number; to: number } {
  let from = 8 * 60;
  let to = 18 * 60;
  for (const i of open) {
    from = Math.min(from, Math.floor(i.start / 60) * 60);
    to = Math.max(to, Math.ceil(i.end / 60) * 60);
  }
  for (const b of bookings) {
    from = Math.min(from, Math.floor(minutesOf(b.start) / 60) * 60);
    to = Math.max(to, Math.ceil((minutesOf(b.start) + 30) / 60) * 60, Math.ceil(minutesOf(b.end) / 60) * 60);
  }
  return { from, to: Math.min(to, 24 * 60) };
}
