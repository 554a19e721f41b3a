/**
 * Appointments (预约, issue 14): the office's services, its staff's availability as data, weekend
 * and holiday service sessions, office-wide closures, rooms (resources with their own calendar),
 * bookings from every channel and the counter's queue numbers. China's holiday calendar comes
 * from the chinese-days package (calendar.ts); a year an administrator loads replaces it
 * (`holiday_years`, shared by every site: the State Council's notice is national).
 *
 * Times: instants are timestamptz; wall-clock hours are minutes since midnight Asia/Shanghai
 * (slots.ts). No double booking: a booking takes seat rows (`appointment_seats`, one per
 * occupied capacity unit and per held staff member / room) under a unique index, inside the
 * transaction that checks the slot, so of two people racing for the last seat exactly one insert
 * succeeds on PGlite and on PostgreSQL alike.
 */
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, siteId, updatedAt } from '../../db/columns.ts';
import { users } from '../../platform/org/schema.ts';
import { persons } from '../registry/schema.ts';
import type { CalendarYear } from './calendar.ts';
import type { Interval } from './slots.ts';

/** A room or other thing a booking holds besides a staff member (the mediation room). */
export const appointmentResources = pgTable(
  'appointment_resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    kind: text('kind', { enum: ['room'] })
      .notNull()
      .default('room'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('appointment_resources_site_idx').on(t.siteId)],
);

/** What can be booked at the office (户口迁移, 身份证领取, …), configured by police. */
export const appointmentServices = pgTable(
  'appointment_services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    /** stable short name used by links from other modules (id_card_pickup, mediation_consult) */
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionZh: text('description_zh').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    /** documents to bring, one per line, shown when booking and in every reminder */
    documentsZh: text('documents_zh').array().notNull().default([]),
    documentsEn: text('documents_en').array().notNull().default([]),
    durationMin: smallint('duration_min').notNull(),
    /** slots start every this many minutes; null = the duration */
    stepMin: smallint('step_min'),
    /** bookings of this service at the same time (counters) */
    capacity: smallint('capacity').notNull().default(1),
    bufferBeforeMin: smallint('buffer_before_min').notNull().default(0),
    bufferAfterMin: smallint('buffer_after_min').notNull().default(0),
    minNoticeMin: integer('min_notice_min').notNull().default(60),
    maxAdvanceDays: smallint('max_advance_days').notNull().default(14),
    /** offered in weekend / holiday service sessions too */
    inSessions: boolean('in_sessions').notNull().default(false),
    /** anyone with a mainland phone number, or residents of the site only */
    audience: text('audience', { enum: ['anyone', 'residents'] })
      .notNull()
      .default('anyone'),
    /** the booker must give an ID number (masked everywhere but the police view) */
    needsIdNumber: boolean('needs_id_number').notNull().default(false),
    /** staff (users) who can serve it */
    staffIds: uuid('staff_ids').array().notNull().default([]),
    /** a room every booking of this service also holds */
    resourceId: uuid('resource_id').references(() => appointmentResources.id),
    /** per phone number: active bookings on one day / in one ISO week (0 = no limit) */
    perPhoneDailyLimit: smallint('per_phone_daily_limit').notNull().default(1),
    perPhoneWeeklyLimit: smallint('per_phone_weekly_limit').notNull().default(2),
    active: boolean('active').notNull().default(true),
    sortOrder: smallint('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('appointment_services_code_idx').on(t.siteId, t.code)],
);

/** A staff member's weekly hours at a site (weekday 1 = Monday … 7 = Sunday → intervals). */
export const appointmentStaffHours = pgTable(
  'appointment_staff_hours',
  {
    siteId: siteId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    weekly: jsonb('weekly').$type<Partial<Record<number, Interval[]>>>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('appointment_staff_hours_pk').on(t.siteId, t.userId)],
);

/** One date's own hours for a staff member (leave, training: [] = away all day). */
export const appointmentOverrides = pgTable(
  'appointment_overrides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    date: date('date', { mode: 'string' }).notNull(),
    intervals: jsonb('intervals').$type<Interval[]>().notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('appointment_overrides_day_idx').on(t.siteId, t.userId, t.date)],
);

/** An office-wide closed day (an all-staff meeting, a power cut) on top of the holiday calendar. */
export const appointmentClosures = pgTable(
  'appointment_closures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    date: date('date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('appointment_closures_day_idx').on(t.siteId, t.date)],
);

/** A weekend / holiday service session (e.g. Saturdays 9:00–12:00) and who staffs it. */
export const appointmentSessions = pgTable(
  'appointment_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** 'weekend' and / or 'statutory_holiday' */
    on: text('on').array().notNull(),
    /** limit to these weekdays (1–7); empty = every weekday of those kinds */
    weekdays: smallint('weekdays').array().notNull().default([]),
    startMin: smallint('start_min').notNull(),
    endMin: smallint('end_min').notNull(),
    staffIds: uuid('staff_ids').array().notNull().default([]),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('appointment_sessions_site_idx').on(t.siteId)],
);

/** A year of the State Council's holiday notice loaded by an administrator (replaces the package's). */
export const holidayYears = pgTable('holiday_years', {
  year: smallint('year').primaryKey(),
  data: jsonb('data').$type<CalendarYear>().notNull(),
  /** where it came from, as the administrator wrote it (e.g. 国办发明电〔2026〕x号) */
  source: text('source').notNull().default(''),
  loadedBy: uuid('loaded_by').references(() => users.id),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});

export const BOOKING_CHANNELS = ['resident', 'public', 'phone', 'counter', 'walk_in'] as const;
export const BOOKING_STATUSES = ['booked', 'checked_in', 'served', 'no_show', 'cancelled'] as const;

/** A booking from any channel, or a walk-in's queue number (channel walk_in). */
export const appointmentBookings = pgTable(
  'appointment_bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => appointmentServices.id),
    /** the staff member the slot was taken with (null for a walk-in not yet called) */
    staffId: uuid('staff_id').references(() => users.id),
    resourceId: uuid('resource_id').references(() => appointmentResources.id),
    startAt: timestamp('start_at', { withTimezone: true }).notNull(),
    endAt: timestamp('end_at', { withTimezone: true }).notNull(),
    /** 8 characters of an unambiguous alphabet, unique per site; with the phone it opens the booking */
    code: text('code').notNull(),
    name: text('name').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    /** keyed hash of the phone (per-phone limits, look-up by code + phone) */
    phoneHash: text('phone_hash').notNull(),
    /** services that need it; police see it in full, everyone else masked */
    idNumberEnc: text('id_number_enc'),
    personId: uuid('person_id').references(() => persons.id),
    /** the resident account that booked it (resident channel) */
    bookedByUserId: uuid('booked_by_user_id').references(() => users.id),
    /** the staff member who booked it on a caller's behalf (phone / counter) */
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    channel: text('channel', { enum: BOOKING_CHANNELS }).notNull(),
    status: text('status', { enum: BOOKING_STATUSES }).notNull().default('booked'),
    note: text('note').notNull().default(''),
    /** where it came from in another module (kiosk refusal, application pick-up, mediation case) */
    sourceRef: text('source_ref'),
    /** A-001 style number of the day, given at check-in or to a walk-in */
    queueNumber: text('queue_number'),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    calledAt: timestamp('called_at', { withTimezone: true }),
    servedAt: timestamp('served_at', { withTimezone: true }),
    noShowAt: timestamp('no_show_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    cancelledBy: text('cancelled_by', { enum: ['booker', 'staff', 'system'] }),
    /** times it was moved; the previous start is in the audit log */
    rescheduleCount: smallint('reschedule_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('appointment_bookings_code_idx').on(t.siteId, t.code),
    index('appointment_bookings_day_idx').on(t.siteId, t.startAt),
    index('appointment_bookings_phone_idx').on(t.siteId, t.phoneHash, t.startAt),
    index('appointment_bookings_staff_idx').on(t.staffId, t.startAt),
  ],
);

/**
 * What an active booking occupies, one row per unit: `service:<id>#<seat>` for a seat of the
 * service's capacity, `staff:<id>` for the staff member, `room:<id>` for a resource, each at the
 * booking's start instant. The unique index is the last word on double booking; rows go when the
 * booking is cancelled, marked no-show or moved.
 */
export const appointmentSeats = pgTable(
  'appointment_seats',
  {
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => appointmentBookings.id, { onDelete: 'cascade' }),
    siteId: siteId(),
    holder: text('holder').notNull(),
    startAt: timestamp('start_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('appointment_seats_unique_idx').on(t.holder, t.startAt),
    index('appointment_seats_booking_idx').on(t.bookingId),
  ],
);

/** A room held by another module (a mediation session) outside the booking flow. */
export const resourceReservations = pgTable(
  'resource_reservations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => appointmentResources.id),
    startAt: timestamp('start_at', { withTimezone: true }).notNull(),
    endAt: timestamp('end_at', { withTimezone: true }).notNull(),
    /** what holds it, e.g. mediation-session:<uuid> */
    ref: text('ref').notNull(),
    titleZh: text('title_zh').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('resource_reservations_idx').on(t.resourceId, t.startAt)],
);

/** The day's walk-in / check-in number sequence per site (A-001, A-002, … restarting each day). */
export const appointmentQueueCounters = pgTable(
  'appointment_queue_counters',
  {
    siteId: siteId(),
    day: date('day', { mode: 'string' }).notNull(),
    last: integer('last').notNull().default(0),
  },
  (t) => [uniqueIndex('appointment_queue_counters_pk').on(t.siteId, t.day)],
);
