/**
 * The kiosk's identity side (H2 of issue 13): person-and-ID check attempts (no image is ever
 * stored), ID-card and residence-permit applications with their history, and the notices the
 * applicant reads on the resident page.
 */
import { index, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, siteId, updatedAt } from '../../db/columns.ts';
import { devices } from '../../platform/auth/schema.ts';
import { users } from '../../platform/org/schema.ts';
import { persons } from '../registry/schema.ts';

/**
 * Every person-and-ID check attempt at a kiosk: who (ID-number hash), where, when, how it went
 * and the score. A passed attempt is also the check the kiosk's next steps name (checkId): it
 * holds the card's details sealed, lives CHECK_TTL_MS and is bound to the device.
 */
export const kioskChecks = pgTable(
  'kiosk_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** keyed hash of the ID number as typed on the card (registry's 'id-number' lookup hash) */
    idNumberHash: text('id_number_hash').notNull(),
    /** passed | invalid_id_number | card_expired | face_mismatch | no_face | poor_quality | liveness_failed | face_locked | engine_error */
    outcome: text('outcome').notNull(),
    score: real('score'),
    liveness: real('liveness'),
    /** what the face was compared with: chip | template | chip+template */
    comparedWith: text('compared_with'),
    durationMs: real('duration_ms'),
    personId: uuid('person_id').references(() => persons.id),
    /** passed checks only: the card, sealed with the keyring ('id-number' purpose) */
    cardEnc: text('card_enc'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [
    index('kiosk_checks_device_idx').on(t.deviceId, t.at),
    index('kiosk_checks_site_idx').on(t.siteId, t.at),
  ],
);

/** An ID-card (居民身份证) or residence-permit (居住证) application taken at a kiosk. */
export const kioskApplications = pgTable(
  'kiosk_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SQ-YYYYMMDD-XXXXXX, shown to the applicant */
    reference: text('reference').notNull(),
    siteId: siteId(),
    kind: text('kind', { enum: ['id_card', 'residence_permit'] }).notNull(),
    status: text('status', {
      enum: [
        'submitted',
        'accepted',
        'changes_requested',
        'resubmitted',
        'approved',
        'rejected',
        'ready_for_pickup',
        'collected',
      ],
    }).notNull(),
    personId: uuid('person_id').references(() => persons.id),
    applicantName: text('applicant_name').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    details: jsonb('details').$type<Record<string, string>>().notNull(),
    /** ID-standard photo, JPEG, encrypted ('file' purpose); police only */
    photoEnc: text('photo_enc'),
    fixFields: text('fix_fields').array().notNull().default([]),
    note: text('note'),
    rejectReason: text('reject_reason'),
    pickupAt: timestamp('pickup_at', { withTimezone: true }),
    checkId: uuid('check_id').references(() => kioskChecks.id),
    deviceId: uuid('device_id').references(() => devices.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('kiosk_applications_reference_uq').on(t.reference),
    index('kiosk_applications_site_status_idx').on(t.siteId, t.status, t.submittedAt),
    index('kiosk_applications_person_idx').on(t.personId),
    index('kiosk_applications_id_hash_idx').on(t.siteId, t.idNumberHash),
  ],
);

/** Each status an application went through, by whom, with the note the applicant sees. */
export const kioskApplicationEvents = pgTable(
  'kiosk_application_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => kioskApplications.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    status: text('status').notNull(),
    note: text('note'),
    by: text('by', { enum: ['applicant', 'staff'] }).notNull(),
    userId: uuid('user_id').references(() => users.id),
  },
  (t) => [index('kiosk_application_events_app_idx').on(t.applicationId, t.at)],
);

/**
 * What the applicant was told on each status change: the resident page reads these (the alert
 * channels address duty staff, not residents); `channel` says how else it went out.
 */
export const kioskApplicationNotices = pgTable(
  'kiosk_application_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => kioskApplications.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => persons.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    status: text('status').notNull(),
    /** the message as a stored key with parameters (renderStored) */
    text: text('text').notNull(),
    channel: text('channel').notNull(),
    delivered: text('delivered').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('kiosk_application_notices_person_idx').on(t.personId, t.at)],
);
