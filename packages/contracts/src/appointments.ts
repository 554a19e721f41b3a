/**
 * Appointments (预约, issue 14): the shapes of the configuration (services, rooms, staff hours,
 * overrides, closures, weekend/holiday sessions), the holiday calendar, free days and slots,
 * bookings on the staff side, the public booking page (`/book/<siteId>`) and the resident's
 * 我的预约. Counter and statistics shapes are in appointments-counter.ts.
 *
 * Times: instants are ISO 8601 strings; dates are Asia/Shanghai calendar dates 'YYYY-MM-DD';
 * wall-clock hours are minutes since midnight Asia/Shanghai (540 = 09:00).
 */
import { z } from 'zod';
import { appointmentContractMessages as m } from './appointments.messages.ts';
import { registryContractMessages as c } from './registry.messages.ts';
import { idNumberField, phoneField, requiredText } from './registry.ts';

export const APPOINTMENT_DAY_KINDS = ['workday', 'weekend', 'statutory_holiday', 'makeup_workday'] as const;
export type AppointmentDayKind = (typeof APPOINTMENT_DAY_KINDS)[number];
export const BOOKING_CHANNELS = ['resident', 'public', 'phone', 'counter', 'walk_in'] as const;
export type BookingChannel = (typeof BOOKING_CHANNELS)[number];
export const BOOKING_STATUSES = ['booked', 'checked_in', 'served', 'no_show', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export const SERVICE_AUDIENCES = ['anyone', 'residents'] as const;
export type ServiceAudience = (typeof SERVICE_AUDIENCES)[number];
export const SESSION_DAY_KINDS = ['weekend', 'statutory_holiday'] as const;
export const CANCELLED_BY = ['booker', 'staff', 'system'] as const;
/** Unambiguous characters of a booking code (no 0/O, 1/I/L). */
export const BOOKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const BOOKING_CODE_LENGTH = 8;
/** The longest date range a calendar / list query may ask for. */
export const APPOINTMENT_RANGE_MAX_DAYS = 92;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return DATE.test(v) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

export const appointmentDateField = z
  .string({ error: m.key('field.dateInvalid') })
  .refine(isRealDate, m.key('field.dateInvalid'));
/** An instant with its offset (2026-12-05T09:00:00+08:00 or …Z). */
export const instantField = z.iso.datetime({ offset: true, error: m.key('field.instantInvalid') });
const siteIdField = z.uuid(m.key('field.siteIdInvalid'));
const idField = z.uuid(m.key('field.idInvalid'));
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: m.key('field.numberRange', { min, max }) })
    .int(m.key('field.numberRange', { min, max }))
    .min(min, m.key('field.numberRange', { min, max }))
    .max(max, m.key('field.numberRange', { min, max }));
const text = (max: number) => z.string().trim().max(max, m.key('field.textTooLong', { max }));
const reasonField = z
  .string({ error: m.key('field.reasonRequired') })
  .trim()
  .min(1, m.key('field.reasonRequired'))
  .max(200, m.key('field.textTooLong', { max: 200 }));
const nameZhField = z
  .string({ error: m.key('field.nameZhRequired') })
  .trim()
  .min(1, m.key('field.nameZhRequired'))
  .max(60, m.key('field.textTooLong', { max: 60 }));
const nameEnField = z
  .string({ error: m.key('field.nameEnRequired') })
  .trim()
  .min(1, m.key('field.nameEnRequired'))
  .max(100, m.key('field.textTooLong', { max: 100 }));
const documentsField = z.array(text(100).min(1)).max(20, m.key('field.tooMany', { max: 20 }));
export const bookingCodeField = z
  .string({ error: m.key('field.bookingCodeInvalid') })
  .trim()
  .toUpperCase()
  .regex(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/, m.key('field.bookingCodeInvalid'));
/** The booker's name on a booking (the person to call and to recognise at the counter). */
export const bookerNameField = requiredText(c.key('label.name'), 40);
export const bookerPhoneField = phoneField(c.key('label.phone'));

// ---- Wall-clock intervals ----

export const minutesField = z
  .number({ error: m.key('field.minutesInvalid') })
  .int(m.key('field.minutesInvalid'))
  .min(0, m.key('field.minutesInvalid'))
  .max(1440, m.key('field.minutesInvalid'));
export const intervalSchema = z
  .object({ start: minutesField, end: minutesField })
  .refine((i) => i.start < i.end, { message: m.key('field.intervalOrder'), path: ['end'] });
export type AppointmentInterval = z.infer<typeof intervalSchema>;
export const intervalsSchema = z
  .array(intervalSchema)
  .max(8, m.key('field.tooMany', { max: 8 }))
  .superRefine((list, ctx) => {
    const sorted = [...list].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i]!.start < sorted[i - 1]!.end) {
        ctx.addIssue({ code: 'custom', message: m.key('field.intervalOverlap') });
        return;
      }
  });
/** Weekday ('1' = Monday … '7' = Sunday) → intervals; a missing weekday is a day off. */
export const weeklyHoursSchema = z.record(z.string(), intervalsSchema).superRefine((weekly, ctx) => {
  for (const key of Object.keys(weekly))
    if (!/^[1-7]$/.test(key))
      ctx.addIssue({ code: 'custom', message: m.key('field.weekdayInvalid'), path: [key] });
});
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

// ---- Queries ----

export const siteParamQuerySchema = z.object({ siteId: siteIdField });
export const dateRangeQuerySchema = z
  .object({ siteId: siteIdField, from: appointmentDateField, to: appointmentDateField })
  .superRefine((q, ctx) => rangeProblems(q, ctx));
function rangeProblems(q: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (!isRealDate(q.from) || !isRealDate(q.to)) return;
  if (q.to < q.from) ctx.addIssue({ code: 'custom', message: m.key('field.rangeOrder'), path: ['to'] });
  const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
  if (days >= APPOINTMENT_RANGE_MAX_DAYS)
    ctx.addIssue({
      code: 'custom',
      message: m.key('field.rangeTooLong', { max: APPOINTMENT_RANGE_MAX_DAYS }),
      path: ['to'],
    });
}
export type DateRangeQuery = z.infer<typeof dateRangeQuerySchema>;

// ---- Services ----

const serviceFields = {
  code: z
    .string({ error: m.key('field.codeInvalid') })
    .trim()
    .regex(/^[a-z0-9_]{2,40}$/, m.key('field.codeInvalid')),
  nameZh: nameZhField,
  nameEn: nameEnField,
  descriptionZh: text(500),
  descriptionEn: text(800),
  documentsZh: documentsField,
  documentsEn: documentsField,
  durationMin: int(5, 480),
  stepMin: int(5, 480).nullable(),
  capacity: int(1, 20),
  bufferBeforeMin: int(0, 120),
  bufferAfterMin: int(0, 120),
  minNoticeMin: int(0, 20_160),
  maxAdvanceDays: int(1, 90),
  inSessions: z.boolean(),
  audience: z.enum(SERVICE_AUDIENCES),
  needsIdNumber: z.boolean(),
  staffIds: z.array(idField).max(50, m.key('field.tooMany', { max: 50 })),
  resourceId: idField.nullable(),
  perPhoneDailyLimit: int(0, 20),
  perPhoneWeeklyLimit: int(0, 50),
  active: z.boolean(),
  sortOrder: int(0, 999),
};

export const appointmentServiceSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  descriptionZh: z.string(),
  descriptionEn: z.string(),
  documentsZh: z.array(z.string()),
  documentsEn: z.array(z.string()),
  durationMin: z.number(),
  stepMin: z.number().nullable(),
  capacity: z.number(),
  bufferBeforeMin: z.number(),
  bufferAfterMin: z.number(),
  minNoticeMin: z.number(),
  maxAdvanceDays: z.number(),
  inSessions: z.boolean(),
  audience: z.enum(SERVICE_AUDIENCES),
  needsIdNumber: z.boolean(),
  staffIds: z.array(z.string()),
  resourceId: z.string().nullable(),
  perPhoneDailyLimit: z.number(),
  perPhoneWeeklyLimit: z.number(),
  active: z.boolean(),
  sortOrder: z.number(),
});
export type AppointmentService = z.infer<typeof appointmentServiceSchema>;
export const appointmentServiceListSchema = z.object({ items: z.array(appointmentServiceSchema) });

export const appointmentServiceInputSchema = z.object({
  siteId: siteIdField,
  code: serviceFields.code,
  nameZh: serviceFields.nameZh,
  nameEn: serviceFields.nameEn,
  descriptionZh: serviceFields.descriptionZh.default(''),
  descriptionEn: serviceFields.descriptionEn.default(''),
  documentsZh: serviceFields.documentsZh.default([]),
  documentsEn: serviceFields.documentsEn.default([]),
  durationMin: serviceFields.durationMin,
  stepMin: serviceFields.stepMin.default(null),
  capacity: serviceFields.capacity.default(1),
  bufferBeforeMin: serviceFields.bufferBeforeMin.default(0),
  bufferAfterMin: serviceFields.bufferAfterMin.default(0),
  minNoticeMin: serviceFields.minNoticeMin.default(60),
  maxAdvanceDays: serviceFields.maxAdvanceDays.default(14),
  inSessions: serviceFields.inSessions.default(false),
  audience: serviceFields.audience.default('anyone'),
  needsIdNumber: serviceFields.needsIdNumber.default(false),
  staffIds: serviceFields.staffIds.default([]),
  resourceId: serviceFields.resourceId.default(null),
  perPhoneDailyLimit: serviceFields.perPhoneDailyLimit.default(1),
  perPhoneWeeklyLimit: serviceFields.perPhoneWeeklyLimit.default(2),
  sortOrder: serviceFields.sortOrder.default(0),
});
export type AppointmentServiceInput = z.input<typeof appointmentServiceInputSchema>;
/** Any subset of the fields; `active: false` takes a service off the booking pages (no delete). */
export const appointmentServicePatchSchema = z.object(serviceFields).partial();
export type AppointmentServicePatch = z.input<typeof appointmentServicePatchSchema>;

// ---- Resources (rooms) ----

export const appointmentResourceSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: z.enum(['room']),
  active: z.boolean(),
});
export type AppointmentResource = z.infer<typeof appointmentResourceSchema>;
export const appointmentResourceListSchema = z.object({ items: z.array(appointmentResourceSchema) });
export const appointmentResourceInputSchema = z.object({
  siteId: siteIdField,
  nameZh: nameZhField,
  nameEn: nameEnField,
});
export type AppointmentResourceInput = z.input<typeof appointmentResourceInputSchema>;
export const appointmentResourcePatchSchema = z
  .object({ nameZh: nameZhField, nameEn: nameEnField, active: z.boolean() })
  .partial();
export type AppointmentResourcePatch = z.input<typeof appointmentResourcePatchSchema>;

/** What holds a room over a range: bookings of services that hold it and other modules' reservations. */
export const resourceCalendarEntrySchema = z.object({
  kind: z.enum(['booking', 'reservation']),
  id: z.string(),
  start: z.string(),
  end: z.string(),
  /** the service's name (booking) or the reservation's title */
  title: z.string(),
  /** the booking's code, or the reservation's ref (mediation-session:<id>) */
  ref: z.string(),
});
export type ResourceCalendarEntry = z.infer<typeof resourceCalendarEntrySchema>;
export const resourceCalendarSchema = z.object({ items: z.array(resourceCalendarEntrySchema) });

// ---- Staff hours, overrides, closures, sessions ----

export const appointmentStaffSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.string(),
  weekly: weeklyHoursSchema,
});
export type AppointmentStaff = z.infer<typeof appointmentStaffSchema>;
export const appointmentStaffListSchema = z.object({ items: z.array(appointmentStaffSchema) });
/** `siteId` may be left out when the staff member serves exactly one of the caller's sites. */
export const staffHoursInputSchema = z.object({ siteId: siteIdField.optional(), weekly: weeklyHoursSchema });
export type StaffHoursInput = z.input<typeof staffHoursInputSchema>;
export const staffUserParamsSchema = z.object({ userId: idField });

export const appointmentOverrideSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  userId: z.string(),
  date: z.string(),
  /** [] = away all day */
  intervals: z.array(z.object({ start: z.number(), end: z.number() })),
  reason: z.string(),
});
export type AppointmentOverride = z.infer<typeof appointmentOverrideSchema>;
export const appointmentOverrideListSchema = z.object({ items: z.array(appointmentOverrideSchema) });
export const appointmentOverrideInputSchema = z.object({
  siteId: siteIdField,
  userId: idField,
  date: appointmentDateField,
  intervals: intervalsSchema,
  reason: text(200).default(''),
});
export type AppointmentOverrideInput = z.input<typeof appointmentOverrideInputSchema>;

export const appointmentClosureSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  date: z.string(),
  reason: z.string(),
});
export type AppointmentClosure = z.infer<typeof appointmentClosureSchema>;
export const appointmentClosureListSchema = z.object({ items: z.array(appointmentClosureSchema) });
export const appointmentClosureInputSchema = z.object({
  siteId: siteIdField,
  date: appointmentDateField,
  reason: reasonField,
});
export type AppointmentClosureInput = z.input<typeof appointmentClosureInputSchema>;

const sessionFields = {
  nameZh: nameZhField,
  nameEn: nameEnField,
  on: z
    .array(z.enum(SESSION_DAY_KINDS, { error: m.key('field.sessionOnRequired') }))
    .min(1, m.key('field.sessionOnRequired'))
    .max(2, m.key('field.sessionOnRequired')),
  /** [] = every weekday of those kinds */
  weekdays: z.array(int(1, 7)).max(7, m.key('field.weekdayInvalid')),
  startMin: minutesField,
  endMin: minutesField,
  staffIds: z.array(idField).max(50, m.key('field.tooMany', { max: 50 })),
  active: z.boolean(),
};
export const appointmentSessionSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  on: z.array(z.enum(SESSION_DAY_KINDS)),
  weekdays: z.array(z.number()),
  startMin: z.number(),
  endMin: z.number(),
  staffIds: z.array(z.string()),
  active: z.boolean(),
});
export type AppointmentSession = z.infer<typeof appointmentSessionSchema>;
export const appointmentSessionListSchema = z.object({ items: z.array(appointmentSessionSchema) });
const sessionOrder = (s: { startMin?: number; endMin?: number }) =>
  s.startMin === undefined || s.endMin === undefined || s.startMin < s.endMin;
export const appointmentSessionInputSchema = z
  .object({
    siteId: siteIdField,
    ...sessionFields,
    weekdays: sessionFields.weekdays.default([]),
    staffIds: sessionFields.staffIds.default([]),
    active: sessionFields.active.default(true),
  })
  .refine(sessionOrder, { message: m.key('field.intervalOrder'), path: ['endMin'] });
export type AppointmentSessionInput = z.input<typeof appointmentSessionInputSchema>;
export const appointmentSessionPatchSchema = z
  .object(sessionFields)
  .partial()
  .refine(sessionOrder, { message: m.key('field.intervalOrder'), path: ['endMin'] });
export type AppointmentSessionPatch = z.input<typeof appointmentSessionPatchSchema>;

// ---- Holiday calendar ----

const festivalSchema = z.object({
  zh: z.string().trim().min(1, m.key('field.festivalRequired')).max(20),
  en: z.string().trim().min(1, m.key('field.festivalRequired')).max(60),
});
export const calendarDaySchema = z.object({
  date: z.string(),
  kind: z.enum(APPOINTMENT_DAY_KINDS),
  /** 1 = Monday … 7 = Sunday */
  weekday: z.number(),
  festival: z.object({ zh: z.string(), en: z.string() }).nullable(),
  /** an office closure: no booking at all */
  closed: z.boolean(),
  closureReason: z.string().nullable(),
  /** weekend / holiday service sessions running that day */
  sessions: z.array(
    z.object({
      id: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      startMin: z.number(),
      endMin: z.number(),
    }),
  ),
});
export type CalendarDayView = z.infer<typeof calendarDaySchema>;
export const calendarRangeSchema = z.object({
  days: z.array(calendarDaySchema),
  /** years in the range whose holidays are not published yet (weekdays only) */
  unknownYears: z.array(z.number()),
});
export type CalendarRange = z.infer<typeof calendarRangeSchema>;

export const holidayYearInfoSchema = z.object({
  year: z.number(),
  /** the package's (chinese-days) or an administrator's upload */
  origin: z.enum(['package', 'loaded']),
  source: z.string(),
  loadedBy: z.string().nullable(),
  loadedAt: z.string().nullable(),
  holidays: z.number(),
  makeupWorkdays: z.number(),
});
export type HolidayYearInfo = z.infer<typeof holidayYearInfoSchema>;
export const holidayYearListSchema = z.object({ items: z.array(holidayYearInfoSchema) });
export const holidayYearParamsSchema = z.object({ year: int(2000, 2100) });
const holidayEntry = z.object({ date: z.string().trim(), festival: festivalSchema });
/** The State Council notice of one year; dates are checked against the year on the server (field errors). */
export const holidayYearInputSchema = z.object({
  holidays: z.array(holidayEntry).max(60, m.key('field.tooMany', { max: 60 })),
  makeupWorkdays: z.array(holidayEntry).max(20, m.key('field.tooMany', { max: 20 })),
  source: z
    .string({ error: m.key('field.sourceRequired') })
    .trim()
    .min(1, m.key('field.sourceRequired'))
    .max(200, m.key('field.textTooLong', { max: 200 })),
});
export type HolidayYearInput = z.input<typeof holidayYearInputSchema>;
export const holidayYearSchema = z.object({
  year: z.number(),
  holidays: z.array(z.object({ date: z.string(), festival: z.object({ zh: z.string(), en: z.string() }) })),
  makeupWorkdays: z.array(
    z.object({ date: z.string(), festival: z.object({ zh: z.string(), en: z.string() }) }),
  ),
  info: holidayYearInfoSchema,
});
export type HolidayYear = z.infer<typeof holidayYearSchema>;

// ---- Free days and slots ----

/** Days of a service: from today to the end of its booking window unless narrowed. */
export const serviceDaysQuerySchema = z
  .object({ from: appointmentDateField.optional(), to: appointmentDateField.optional() })
  .superRefine((q, ctx) => {
    if (q.from && q.to) rangeProblems({ from: q.from, to: q.to }, ctx);
  });
export type ServiceDaysQuery = z.infer<typeof serviceDaysQuerySchema>;
/** Slots of a service on a date (today when absent). */
export const serviceSlotsQuerySchema = z.object({ date: appointmentDateField.optional() });
export type ServiceSlotsQuery = z.infer<typeof serviceSlotsQuerySchema>;
export const serviceDaySchema = z.object({
  date: z.string(),
  kind: z.enum(APPOINTMENT_DAY_KINDS),
  weekday: z.number(),
  festival: z.object({ zh: z.string(), en: z.string() }).nullable(),
  /** a weekend / holiday service session offers this service that day */
  session: z.boolean(),
  /** free seats over the day's slots; 0 → greyed */
  free: z.number(),
});
export type ServiceDay = z.infer<typeof serviceDaySchema>;
export const serviceDaysSchema = z.object({ days: z.array(serviceDaySchema) });
export const freeSlotSchema = z.object({
  start: z.string(),
  end: z.string(),
  /** 'HH:mm' Asia/Shanghai (the same whatever the browser's zone) */
  time: z.string(),
  seatsLeft: z.number(),
});
export type FreeSlot = z.infer<typeof freeSlotSchema>;
export const freeSlotsSchema = z.object({ date: z.string(), slots: z.array(freeSlotSchema) });
export type FreeSlots = z.infer<typeof freeSlotsSchema>;

// ---- Bookings (staff side) ----

export const bookingMessageSchema = z.object({
  id: z.string(),
  purpose: z.string(),
  channel: z.string(),
  status: z.string(),
  sendAfter: z.string(),
  sentAt: z.string().nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
});
export type BookingMessage = z.infer<typeof bookingMessageSchema>;

export const appointmentBookingSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  serviceId: z.string(),
  serviceNameZh: z.string(),
  serviceNameEn: z.string(),
  staffId: z.string().nullable(),
  staffName: z.string().nullable(),
  resourceId: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  code: z.string(),
  name: z.string(),
  /** in full: staff call the person */
  phone: z.string(),
  /** a fixed line gets no SMS reminders */
  phoneKind: z.enum(['mobile', 'fixed']),
  /** masked unless the reader has appointments.fullIdNumber */
  idNumber: z.string().nullable(),
  channel: z.enum(BOOKING_CHANNELS),
  status: z.enum(BOOKING_STATUSES),
  note: z.string(),
  queueNumber: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  calledAt: z.string().nullable(),
  servedAt: z.string().nullable(),
  noShowAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  cancelledBy: z.enum(CANCELLED_BY).nullable(),
  rescheduleCount: z.number(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});
export type AppointmentBooking = z.infer<typeof appointmentBookingSchema>;
export const appointmentBookingDetailSchema = appointmentBookingSchema.extend({
  /** the booking's SMS reminders and notices, with their send status */
  messages: z.array(bookingMessageSchema),
  qrText: z.string(),
});
export type AppointmentBookingDetail = z.infer<typeof appointmentBookingDetailSchema>;
export const appointmentBookingListSchema = z.object({ items: z.array(appointmentBookingSchema) });
export const bookingListQuerySchema = z
  .object({
    siteId: siteIdField,
    from: appointmentDateField,
    to: appointmentDateField,
    staffId: idField.optional(),
    serviceId: idField.optional(),
    status: z.enum(BOOKING_STATUSES).optional(),
  })
  .superRefine((q, ctx) => rangeProblems(q, ctx));
export type BookingListQuery = z.infer<typeof bookingListQuerySchema>;

/** A booking staff make on a caller's behalf (phone) or for someone at the counter. */
export const staffBookingInputSchema = z.object({
  serviceId: idField,
  start: instantField,
  name: bookerNameField,
  phone: bookerPhoneField,
  idNumber: idNumberField.optional(),
  note: text(200).default(''),
  channel: z.enum(['phone', 'counter']).default('phone'),
});
export type StaffBookingInput = z.input<typeof staffBookingInputSchema>;
export const staffRescheduleInputSchema = z.object({ start: instantField, reason: reasonField });
export type StaffRescheduleInput = z.input<typeof staffRescheduleInputSchema>;
export const staffCancelInputSchema = z.object({ reason: reasonField });
export type StaffCancelInput = z.input<typeof staffCancelInputSchema>;

// ---- Public booking page and the resident's page ----

export const publicServiceSchema = z.object({
  id: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  descriptionZh: z.string(),
  descriptionEn: z.string(),
  documentsZh: z.array(z.string()),
  documentsEn: z.array(z.string()),
  durationMin: z.number(),
  needsIdNumber: z.boolean(),
  inSessions: z.boolean(),
  audience: z.enum(SERVICE_AUDIENCES),
  maxAdvanceDays: z.number(),
});
export type PublicService = z.infer<typeof publicServiceSchema>;
export const publicSiteSchema = z.object({
  siteId: z.string(),
  office: z.object({ name: z.string(), phone: z.string(), address: z.string(), openingHours: z.string() }),
  /** services anyone may book (audience 'anyone'), active ones only */
  services: z.array(publicServiceSchema),
});
export type PublicSite = z.infer<typeof publicSiteSchema>;
export const publicSiteParamsSchema = z.object({ siteId: siteIdField });
export const publicServiceParamsSchema = z.object({ siteId: siteIdField, serviceId: idField });
export const publicDaysQuerySchema = serviceDaysQuerySchema;
export const publicSlotsQuerySchema = serviceSlotsQuerySchema;
/** A room's calendar range (today and the next six days when absent). */
export const resourceCalendarQuerySchema = serviceDaysQuerySchema;

/** A booking as its booker sees it (public page, 我的预约): ID number never shown, phone masked. */
export const publicBookingSchema = z.object({
  code: z.string(),
  siteId: z.string(),
  status: z.enum(BOOKING_STATUSES),
  start: z.string(),
  end: z.string(),
  service: publicServiceSchema,
  name: z.string(),
  phoneMasked: z.string(),
  /** `<origin>/book/<siteId>/manage?code=<CODE>`: what the QR holds */
  qrText: z.string(),
  /** still booked and not started: may be moved or cancelled */
  changeable: z.boolean(),
  office: z.object({ name: z.string(), phone: z.string(), address: z.string() }),
});
export type PublicBooking = z.infer<typeof publicBookingSchema>;
export const publicBookingInputSchema = z.object({
  serviceId: idField,
  start: instantField,
  name: bookerNameField,
  phone: bookerPhoneField,
  idNumber: idNumberField.optional(),
});
export type PublicBookingInput = z.input<typeof publicBookingInputSchema>;
export const publicFindInputSchema = z.object({ code: bookingCodeField, phone: bookerPhoneField });
export type PublicFindInput = z.input<typeof publicFindInputSchema>;
export const publicRescheduleInputSchema = publicFindInputSchema.extend({ start: instantField });
export type PublicRescheduleInput = z.input<typeof publicRescheduleInputSchema>;
export const publicCancelInputSchema = publicFindInputSchema;
export type PublicCancelInput = z.input<typeof publicCancelInputSchema>;

export const myBookingSchema = publicBookingSchema.extend({ id: z.string() });
export type MyBooking = z.infer<typeof myBookingSchema>;
export const myBookingListSchema = z.object({ items: z.array(myBookingSchema) });
/** The services a resident may book: the site's `anyone` and `residents` services. */
export const myServicesSchema = z.object({
  sites: z.array(
    z.object({ siteId: z.string(), officeName: z.string(), services: z.array(publicServiceSchema) }),
  ),
});
export type MyServices = z.infer<typeof myServicesSchema>;
/** Name and phone come from the resident's registry record; a phone may be given when it has none. */
export const myBookingInputSchema = z.object({
  serviceId: idField,
  start: instantField,
  phone: bookerPhoneField.optional(),
  idNumber: idNumberField.optional(),
});
export type MyBookingInput = z.input<typeof myBookingInputSchema>;
export const myRescheduleInputSchema = z.object({ start: instantField });
export type MyRescheduleInput = z.input<typeof myRescheduleInputSchema>;
