/**
 * Appointment services and bookings written straight into the tables, for suites that need them
 * without going through the booking flow (the counter, the statistics, the access guard). Named
 * apart from the booking suites' appointments-fixtures.ts, which makes them through the API.
 */
import crypto from 'node:crypto';
import type { Db } from '../src/db/client.ts';
import type { Keyring } from '../src/platform/crypto.ts';
import {
  appointmentBookings,
  appointmentSeats,
  appointmentServices,
} from '../src/modules/appointments/schema.ts';
import { phoneHash } from '../src/modules/registry/sql.ts';

/** An instant from a Shanghai date and wall-clock time. */
export const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function randomCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHABET[crypto.randomInt(0, ALPHABET.length)];
  return code;
}

export async function addService(
  db: Db,
  siteId: string,
  over: Partial<typeof appointmentServices.$inferInsert> = {},
) {
  const [row] = await db
    .insert(appointmentServices)
    .values({
      siteId,
      code: `svc_${crypto.randomUUID().slice(0, 8)}`,
      nameZh: '户口迁移', // i18n-data: a demo service name
      nameEn: 'Household registration move',
      durationMin: 20,
      capacity: 1,
      ...over,
    })
    .returning();
  return row!;
}

export interface BookingFixture {
  siteId: string;
  serviceId: string;
  start: Date;
  durationMin?: number;
  staffId?: string | null;
  code?: string;
  name?: string;
  phone?: string;
  channel?: (typeof appointmentBookings.$inferInsert)['channel'];
  status?: (typeof appointmentBookings.$inferInsert)['status'];
  checkedInAt?: Date | null;
  calledAt?: Date | null;
  queueNumber?: string | null;
  /** seat rows as the booking flow writes them (default: while booked or checked in) */
  seats?: boolean;
}

export async function addBooking(db: Db, keyring: Keyring, b: BookingFixture) {
  const phone = b.phone ?? '13800138000';
  const status = b.status ?? 'booked';
  const [row] = await db
    .insert(appointmentBookings)
    .values({
      siteId: b.siteId,
      serviceId: b.serviceId,
      staffId: b.staffId ?? null,
      startAt: b.start,
      endAt: new Date(b.start.getTime() + (b.durationMin ?? 20) * 60_000),
      code: b.code ?? randomCode(),
      name: b.name ?? 'Test Booker',
      phoneEnc: keyring.encrypt('phone', phone),
      phoneHash: phoneHash(keyring, phone),
      channel: b.channel ?? 'public',
      status,
      checkedInAt: b.checkedInAt ?? null,
      calledAt: b.calledAt ?? null,
      queueNumber: b.queueNumber ?? null,
      cancelledAt: status === 'cancelled' ? b.start : null,
    })
    .returning();
  if (b.seats ?? (status === 'booked' || status === 'checked_in')) {
    await db
      .insert(appointmentSeats)
      .values([
        { bookingId: row!.id, siteId: b.siteId, holder: `service:${b.serviceId}#0`, startAt: b.start },
        ...(b.staffId
          ? [{ bookingId: row!.id, siteId: b.siteId, holder: `staff:${b.staffId}`, startAt: b.start }]
          : []),
      ]);
  }
  return row!;
}
