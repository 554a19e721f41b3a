/**
 * Appointment statistics for the dashboard: bookings by service, day and channel, the share on
 * weekends and statutory holidays (the working calendar decides what a day is, so a 调休
 * Saturday counts as a working day), the no-show rate and the waiting time at the counter.
 * Dates are Asia/Shanghai days; the range is inclusive.
 */
import { and, eq, gte, lt } from 'drizzle-orm';
import { type AppointmentStats, COUNTER_BOOKING_CHANNELS, type CounterBookingChannel } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../platform/time.ts';
import { workingCalendar } from './holidays.ts';
import { appointmentBookings, appointmentServices } from './schema.ts';

const round1 = (n: number) => Math.round(n * 10) / 10;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The median (the mean of the two middle values for an even count). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function appointmentStats(
  db: Db,
  q: { siteId: string; from: string; to: string },
): Promise<AppointmentStats> {
  const calendar = await workingCalendar(db);
  const rows = await db
    .select({
      serviceId: appointmentBookings.serviceId,
      nameZh: appointmentServices.nameZh,
      nameEn: appointmentServices.nameEn,
      channel: appointmentBookings.channel,
      status: appointmentBookings.status,
      startAt: appointmentBookings.startAt,
      checkedInAt: appointmentBookings.checkedInAt,
      calledAt: appointmentBookings.calledAt,
    })
    .from(appointmentBookings)
    .innerJoin(appointmentServices, eq(appointmentServices.id, appointmentBookings.serviceId))
    .where(
      and(
        eq(appointmentBookings.siteId, q.siteId),
        gte(appointmentBookings.startAt, shanghaiDayStart(q.from)),
        lt(appointmentBookings.startAt, shanghaiDayStart(addDays(q.to, 1))),
      ),
    );

  const byDay = new Map<string, number>();
  for (let d = q.from; d <= q.to; d = addDays(d, 1)) byDay.set(d, 0);
  const byService = new Map<string, { serviceId: string; nameZh: string; nameEn: string; count: number }>();
  const byChannel = Object.fromEntries(COUNTER_BOOKING_CHANNELS.map((c) => [c, 0])) as Record<
    CounterBookingChannel,
    number
  >;
  let total = 0;
  let cancelled = 0;
  let weekend = 0;
  let holiday = 0;
  let decided = 0;
  let noShow = 0;
  const waits: number[] = [];

  for (const r of rows) {
    if (r.status === 'cancelled') {
      cancelled++;
      continue;
    }
    total++;
    const date = shanghaiDate(r.startAt);
    byDay.set(date, (byDay.get(date) ?? 0) + 1);
    const service = byService.get(r.serviceId) ?? {
      serviceId: r.serviceId,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      count: 0,
    };
    service.count++;
    byService.set(r.serviceId, service);
    byChannel[r.channel]++;
    const kind = calendar.day(date).kind;
    if (kind === 'weekend') weekend++;
    if (kind === 'statutory_holiday') holiday++;
    // A walk-in cannot fail to come: only booked appointments count towards the no-show rate.
    if (r.channel !== 'walk_in' && r.status !== 'booked') {
      decided++;
      if (r.status === 'no_show') noShow++;
    }
    if (r.checkedInAt && r.calledAt) waits.push((r.calledAt.getTime() - r.checkedInAt.getTime()) / 60_000);
  }

  const p50 = median(waits);
  return {
    from: q.from,
    to: q.to,
    total,
    cancelled,
    byService: [...byService.values()].sort((a, b) => b.count - a.count || a.nameZh.localeCompare(b.nameZh)),
    byDay: [...byDay].map(([date, count]) => ({ date, kind: calendar.day(date).kind, count })),
    byChannel,
    weekend,
    holiday,
    weekendHolidayShare: total ? round4((weekend + holiday) / total) : 0,
    decided,
    noShow,
    noShowRate: decided ? round4(noShow / decided) : 0,
    waiting: {
      count: waits.length,
      p50Min: p50 === null ? null : round1(p50),
      meanMin: waits.length ? round1(waits.reduce((a, b) => a + b, 0) / waits.length) : null,
    },
  };
}
