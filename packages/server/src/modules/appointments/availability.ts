import type { FreeSlots, ServiceDay } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { loadSlotInput, type ServiceRow, sessionRunsOn } from './slot-input.ts';
import { freeSlots } from './slots.ts';

/** Free places of a service per day over [from, to] (0 → the booking page greys the day). */
export async function serviceDays(
  db: Db,
  service: ServiceRow,
  from: string,
  to: string,
  now: Date,
): Promise<ServiceDay[]> {
  const input = await loadSlotInput(db, service, from, to, now);
  const open = service.active;
  return freeSlots(input, from, to).map(({ day, slots }) => ({
    date: day.date,
    kind: day.kind,
    weekday: day.weekday,
    festival: day.festival,
    session: sessionRunsOn(input, day.kind, day.weekday) && !input.closures.has(day.date),
    free: open ? slots.reduce((n, s) => n + s.seatsLeft, 0) : 0,
  }));
}

/** The free slots of a service on one date (instants, with their Asia/Shanghai clock time). */
export async function serviceSlots(db: Db, service: ServiceRow, date: string, now: Date): Promise<FreeSlots> {
  if (!service.active) return { date, slots: [] };
  const input = await loadSlotInput(db, service, date, date, now);
  const [day] = freeSlots(input, date, date);
  return {
    date,
    slots: (day?.slots ?? []).map((s) => ({
      start: s.start,
      end: s.end,
      time: s.time,
      seatsLeft: s.seatsLeft,
    })),
  };
}
