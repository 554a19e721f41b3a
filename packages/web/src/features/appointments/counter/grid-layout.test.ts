import { describe, expect, it } from 'vitest';
import type { Booking } from '../api.ts';
import { gridRange, lanes } from './grid-layout.ts';

/** A booking of the grid's test day, from Beijing wall times. */
function booking(code: string, from: string, to: string): Booking {
  return {
    code,
    id: code,
    start: `2026-12-05T${from}:00+08:00`,
    end: `2026-12-05T${to}:00+08:00`,
  } as Booking;
}

const laneOf = (placed: ReturnType<typeof lanes>) =>
  Object.fromEntries(placed.map((p) => [p.booking.code, `${p.lane}/${p.of}`]));

describe('the counter grid layout', () => {
  it('splits only the overlapping group into lanes', () => {
    const placed = lanes([
      booking('A', '09:00', '09:30'),
      booking('B', '09:00', '09:30'),
      booking('C', '09:30', '10:00'),
      booking('D', '11:00', '11:20'),
    ]);
    expect(laneOf(placed)).toEqual({ A: '0/2', B: '1/2', C: '0/1', D: '0/1' });
  });

  it('gives a 5-minute booking room for a line, so the next one moves beside it', () => {
    const placed = lanes([booking('A', '09:00', '09:05'), booking('B', '09:05', '09:10')]);
    expect(laneOf(placed)).toEqual({ A: '0/2', B: '1/2' });
  });

  it('shows 08:00–18:00 at least, widened to working hours and bookings', () => {
    expect(gridRange([])).toEqual({ from: 480, to: 1080 });
    expect(gridRange([booking('A', '07:30', '07:50')], [{ start: 480, end: 1200 }])).toEqual({
      from: 420,
      to: 1200,
    });
  });
});
