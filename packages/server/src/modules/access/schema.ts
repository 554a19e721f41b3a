import { sql } from 'drizzle-orm';
import { createdAt, siteId } from '../../db/columns.ts';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { GateSchedule } from '@anju/contracts';
import { devices } from '../../platform/auth/schema.ts';
import { sites, users } from '../../platform/org/schema.ts';
import { persons } from '../registry/schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

export const gates = pgTable('gates', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: siteId(),
  name: text('name').notNull(),
  direction: text('direction', { enum: ['in', 'out', 'both'] }).notNull(),
  location: text('location'),
  /** null: every residency type may pass */
  allowedResidencyTypes: jsonb('allowed_residency_types').$type<string[] | null>(),
  allowVisitors: boolean('allow_visitors').notNull().default(true),
  schedule: jsonb('schedule').$type<GateSchedule | null>(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

/**
 * A gate's lock controller, which the server drives itself after a grant. No row, or kind `none`:
 * only the tablet's on-screen (simulated) door, as before; `http`: a relay box on the compound
 * LAN. A table of its own, not columns on `gates`, so code that writes gates is untouched by it.
 */
export const gateRelays = pgTable('gate_relays', {
  gateId: uuid('gate_id')
    .primaryKey()
    .references(() => gates.id),
  kind: text('kind', { enum: ['none', 'http'] })
    .notNull()
    .default('none'),
  url: text('url'),
  method: text('method', { enum: ['POST', 'GET'] })
    .notNull()
    .default('POST'),
  bodyTemplate: text('body_template'),
  /** HMAC signing secret, sealed with the keyring ('credential'); never returned by the API. */
  secretEnc: text('secret_enc'),
  openSeconds: integer('open_seconds').notNull().default(5),
  timeoutMs: integer('timeout_ms').notNull().default(1500),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A gate terminal is a platform device bound to one gate. */
export const gateDevices = pgTable('gate_devices', {
  deviceId: uuid('device_id')
    .primaryKey()
    .references(() => devices.id, { onDelete: 'cascade' }),
  gateId: uuid('gate_id')
    .notNull()
    .references(() => gates.id),
});

/** Non-face credentials (card, PIN) and the face credential's validity window. */
export const credentials = pgTable(
  'credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    kind: text('kind', { enum: ['card', 'pin', 'face'] }).notNull(),
    /** keyed hash of the card number or PIN, for lookup at the gate */
    secretHash: text('secret_hash'),
    /** last digits of a card, for staff to recognise it */
    hint: text('hint'),
    validFrom: timestamp('valid_from', { withTimezone: true }),
    validTo: timestamp('valid_to', { withTimezone: true }),
    status: text('status', { enum: ['active', 'revoked'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('credentials_secret_idx').on(t.siteId, t.kind, t.secretHash),
    index('credentials_person_idx').on(t.personId),
  ],
);

/** Face templates: the embedding encrypted at rest, with the model that made it. */
export const FACE_TEMPLATE_SOURCES = ['upload', 'gate_camera', 'passage_refresh'] as const;

export const faceTemplates = pgTable(
  'face_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    modelId: text('model_id').notNull(),
    modelVersion: text('model_version').notNull(),
    embeddingEnc: text('embedding_enc').notNull(),
    /** Kept only when the person separately agreed (consent keep_enrolment_photo). */
    photoEnc: bytea('photo_enc'),
    quality: jsonb('quality').$type<Record<string, number>>(),
    /**
     * `upload` / `gate_camera`: a photo enrolled by staff (at most FACE_SET.maxEnrolled per person);
     * `passage_refresh`: added automatically from a confirmed passage (face/template-refresh.ts).
     */
    source: text('source', { enum: FACE_TEMPLATE_SOURCES }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('face_templates_site_idx').on(t.siteId), index('face_templates_person_idx').on(t.personId)],
);

/** Separate consent for biometrics (PIPL Art. 28–29, 31). */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    purpose: text('purpose', { enum: ['face_recognition', 'keep_enrolment_photo'] }).notNull(),
    textVersion: text('text_version').notNull(),
    channel: text('channel', { enum: ['in_person', 'paper', 'resident_app'] }).notNull(),
    witnessUserId: uuid('witness_user_id').references(() => users.id),
    guardianName: text('guardian_name'),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('consents_person_idx').on(t.personId)],
);

export const visitorPasses = pgTable(
  'visitor_passes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    hostPersonId: uuid('host_person_id').references(() => persons.id),
    issuedBy: uuid('issued_by').references(() => users.id),
    visitorName: text('visitor_name').notNull(),
    visitorPhone: text('visitor_phone'),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }).notNull(),
    maxUses: integer('max_uses').notNull(),
    uses: integer('uses').notNull().default(0),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('visitor_passes_site_idx').on(t.siteId)],
);

/** Single-use nonces of personal dynamic QR codes (replay protection), purged after expiry. */
export const qrNonces = pgTable('qr_nonces', {
  nonce: text('nonce').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Per-site gate settings: emergency release and stranger-snapshot retention. */
export const accessSettings = pgTable('access_settings', {
  siteId: uuid('site_id')
    .primaryKey()
    .references(() => sites.id),
  emergencyOpen: boolean('emergency_open').notNull().default(false),
  emergencySince: timestamp('emergency_since', { withTimezone: true }),
  emergencyBy: uuid('emergency_by').references(() => users.id),
  emergencyReason: text('emergency_reason'),
  keepStrangerSnapshots: boolean('keep_stranger_snapshots').notNull().default(true),
  strangerSnapshotDays: integer('stranger_snapshot_days').notNull().default(7),
  accessEventDays: integer('access_event_days').notNull().default(180),
});

/**
 * Every call the server made to a gate's lock controller: after a grant (with the event it
 * opened for), for an emergency hold/release, or a staff test. No personal data.
 */
export const gateRelayAttempts = pgTable(
  'gate_relay_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: siteId(),
    gateId: uuid('gate_id')
      .notNull()
      .references(() => gates.id),
    /** the access event the door was opened for; null for tests */
    eventId: bigint('event_id', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    purpose: text('purpose', { enum: ['grant', 'emergency', 'test'] }).notNull(),
    action: text('action', { enum: ['open', 'hold', 'release'] }).notNull(),
    outcome: text('outcome', { enum: ['ok', 'failed', 'timeout'] }).notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    /** 1, or 2 when a network failure was retried within the open window */
    attempts: integer('attempts').notNull(),
    error: text('error'),
    operatorId: uuid('operator_id').references(() => users.id),
  },
  (t) => [
    index('gate_relay_attempts_gate_at_idx').on(t.gateId, t.at),
    /** retention: a site's expired calls, oldest first, a batch a run */
    index('gate_relay_attempts_site_at_idx').on(t.siteId, t.at),
  ],
);

/**
 * The full trail (全程留痕): every attempt at every gate, granted or denied.
 *
 * Partitioned by month of `at` (PARTITION BY RANGE, Shanghai calendar months, plus a DEFAULT
 * partition as a safety net), which Drizzle cannot express: the migration
 * access_events_partitions makes the table, access/partitions.ts keeps months ahead and
 * retention drops whole old months. The primary key therefore includes `at`; ids still come
 * from the one bigserial sequence, so they stay unique on their own.
 */
export const accessEvents = pgTable(
  'access_events',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    siteId: siteId(),
    gateId: uuid('gate_id').references(() => gates.id),
    deviceId: uuid('device_id'),
    direction: text('direction', { enum: ['in', 'out', 'both'] }),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    personId: uuid('person_id').references(() => persons.id),
    method: text('method', {
      enum: ['face', 'card', 'qr', 'pin', 'visitor', 'manual', 'emergency'],
    }).notNull(),
    decision: text('decision', { enum: ['grant', 'deny'] }).notNull(),
    reason: text('reason').notNull(),
    score: real('score'),
    liveness: real('liveness'),
    credentialId: uuid('credential_id'),
    visitorPassId: uuid('visitor_pass_id'),
    operatorId: uuid('operator_id').references(() => users.id),
    note: text('note'),
    /** Encrypted stranger snapshot, purged after the site's retention days. */
    snapshotEnc: bytea('snapshot_enc'),
    elapsedMs: integer('elapsed_ms'),
    /** The face passage this event decided (its frames are in face_passage_frames); null otherwise. */
    passageId: uuid('passage_id'),
  },
  (t) => [
    index('access_events_site_at_idx').on(t.siteId, t.at),
    index('access_events_person_at_idx').on(t.personId, t.at),
    index('access_events_gate_at_idx').on(t.gateId, t.at),
    primaryKey({ columns: [t.id, t.at] }),
    /** multi-site views and the jobs: the newest or a time window first, whatever the site */
    index('access_events_at_id_idx').on(t.at, t.id),
    /** denials are ~7 % of events: a site's refusals without reading its grants */
    index('access_events_deny_site_at_idx').on(t.siteId, t.at).where(sql`decision = 'deny'`),
    /** stranger snapshots still held: the purge reads only these (a few days' worth) */
    index('access_events_snapshot_site_at_idx').on(t.siteId, t.at).where(sql`snapshot_enc IS NOT NULL`),
    /** whether a face passage has its event yet (the gate asks on every frame) */
    index('access_events_passage_idx').on(t.passageId, t.at).where(sql`passage_id IS NOT NULL`),
  ],
);

/**
 * Passages per compound, hour (Shanghai), gate, direction, decision and method, with unknown faces
 * apart: what the duty dashboard and the sub-bureau overview count, without reading a day's
 * events (a million a day at 50 compounds). Kept by statement triggers on access_events (migration
 * access_hourly_counts): every insert adds and every delete through the table subtracts, in the
 * writer's own transaction, so a count never disagrees with the log. Rows move between partitions
 * and whole months are dropped without the triggers; retention deletes the counts of dropped
 * months itself. The counted columns of an event are never updated.
 */
export const accessHourlyCounts = pgTable(
  'access_hourly_counts',
  {
    siteId: siteId(),
    /** The hour's start (an Asia/Shanghai hour). */
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    gateId: uuid('gate_id'),
    direction: text('direction', { enum: ['in', 'out', 'both'] }),
    decision: text('decision', { enum: ['grant', 'deny'] }).notNull(),
    method: text('method', {
      enum: ['face', 'card', 'qr', 'pin', 'visitor', 'manual', 'emergency'],
    }).notNull(),
    /** reason = 'unknown_face' */
    stranger: boolean('stranger').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    unique('access_hourly_counts_key')
      .on(t.siteId, t.hour, t.gateId, t.direction, t.decision, t.method, t.stranger)
      .nullsNotDistinct(),
    /** retention removes the counts of dropped months, oldest first, a batch a run */
    index('access_hourly_counts_hour_idx').on(t.hour),
  ],
);

/**
 * The frames of a face passage at a gate while it is being decided (working data: several API
 * processes share it through the database; purged after a day by the retention job, the final
 * access event keeps the summary and the passage id). Minimum data: no image, no name.
 */
export const facePassageFrames = pgTable(
  'face_passage_frames',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: siteId(),
    gateId: uuid('gate_id')
      .notNull()
      .references(() => gates.id),
    passageId: uuid('passage_id').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    kind: text('kind', { enum: ['face', 'no_face', 'refused'] }).notNull(),
    /** The matched person (a frame above the match threshold and margin only). */
    personId: uuid('person_id'),
    score: real('score'),
    secondScore: real('second_score'),
    /** The face decision's reason (matched, unknown_face, bad_pose, ...). */
    reason: text('reason').notNull(),
    trackId: text('track_id'),
  },
  (t) => [
    index('face_passage_frames_passage_at_idx').on(t.passageId, t.at),
    index('face_passage_frames_at_idx').on(t.at),
  ],
);
