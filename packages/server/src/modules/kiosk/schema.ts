import { sql } from 'drizzle-orm';
import {
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { createdAt, siteId, updatedAt } from '../../db/columns.ts';
import { devices } from '../../platform/auth/schema.ts';
import { sites, users } from '../../platform/org/schema.ts';
import { persons } from '../registry/schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/**
 * An office's Ed25519 signing keys. One active key per site signs new certificates; a rotated key
 * stays published as retired, so everything it signed keeps verifying.
 */
export const kioskOfficeKeys = pgTable(
  'kiosk_office_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    kid: text('kid').notNull(),
    /** raw 32-byte public key, base64url */
    publicKey: text('public_key').notNull(),
    /** PKCS#8, sealed with the keyring (purpose signing-key) */
    privateKeyEnc: text('private_key_enc').notNull(),
    status: text('status', { enum: ['active', 'retired'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('kiosk_office_keys_kid_uq').on(t.kid),
    uniqueIndex('kiosk_office_keys_site_active_uq').on(t.siteId).where(sql`status = 'active'`),
  ],
);

/** Per-site kiosk settings: the office as printed, the rules' numbers and the seal image. */
export const kioskSettings = pgTable('kiosk_settings', {
  siteId: uuid('site_id')
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  officeName: text('office_name').notNull(),
  officePhone: text('office_phone').notNull(),
  openingHours: text('opening_hours').notNull(),
  hukouRegionPrefixes: text('hukou_region_prefixes').array().notNull(),
  cityPrefix: text('city_prefix').notNull(),
  temporaryValidDays: integer('temporary_valid_days').notNull(),
  temporaryMaxPerPeriod: integer('temporary_max_per_period').notNull(),
  temporaryPeriodDays: integer('temporary_period_days').notNull(),
  ncrValidMonths: integer('ncr_valid_months').notNull(),
  ncrMaxPerYear: integer('ncr_max_per_year').notNull(),
  verifyDetailLimit: integer('verify_detail_limit').notNull(),
  /** the office's seal (PNG, transparent background); null: the sample seal 样章 is printed */
  sealPng: bytea('seal_png'),
  sealUpdatedAt: timestamp('seal_updated_at', { withTimezone: true }),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: updatedAt(),
});

/** Serial numbers: one counter per prefix and day (HJ-20261202-000123), so serials are readable and unique. */
export const kioskSerialCounters = pgTable(
  'kiosk_serial_counters',
  {
    prefix: text('prefix').notNull(),
    day: text('day').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.day] })],
);

/**
 * A certificate issued (户籍证明, 临时身份证明, 无犯罪记录证明). The holder's ID number is encrypted
 * with a keyed hash beside it (quotas and search); the signed token is what the QR code carries.
 */
export const kioskCertificates = pgTable(
  'kiosk_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    serial: text('serial').notNull(),
    type: text('type', { enum: ['hukou', 'temporary_identity', 'no_criminal_record'] }).notNull(),
    holderName: text('holder_name').notNull(),
    holderIdNumberEnc: text('holder_id_number_enc').notNull(),
    holderIdNumberHash: text('holder_id_number_hash').notNull(),
    personId: uuid('person_id').references(() => persons.id),
    /** the printed content lines, label → value (labels are message keys) */
    content: jsonb('content').$type<Record<string, string>>().notNull(),
    purpose: text('purpose'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    /** Asia/Shanghai date of issue */
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    /** Asia/Shanghai date, inclusive */
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    office: text('office').notNull(),
    keyId: text('key_id').notNull(),
    token: text('token').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id),
    revokedReason: text('revoked_reason'),
    supersededBy: uuid('superseded_by').references((): AnyPgColumn => kioskCertificates.id),
    verifyCount: integer('verify_count').notNull().default(0),
    detailViews: integer('detail_views').notNull().default(0),
    issuedBy: text('issued_by', { enum: ['kiosk', 'console'] })
      .notNull()
      .default('kiosk'),
    deviceId: uuid('device_id').references(() => devices.id),
    /** the person-and-ID check it was issued on: only that check may download the PDF at the kiosk */
    checkId: uuid('check_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('kiosk_certificates_serial_uq').on(t.serial),
    index('kiosk_certificates_site_issued_idx').on(t.siteId, t.issuedAt),
    index('kiosk_certificates_holder_idx').on(t.holderIdNumberHash, t.type, t.issuedAt),
    index('kiosk_certificates_person_idx').on(t.personId),
  ],
);

/** Every verification asked of the server (the public page), counted per certificate. */
export const kioskVerifications = pgTable(
  'kiosk_verifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    certificateId: uuid('certificate_id').references(() => kioskCertificates.id),
    siteId: uuid('site_id').references(() => sites.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** valid / expired / revoked / superseded / unknown, or invalid (malformed, bad signature, unknown key) */
    result: text('result').notNull(),
    detailsShown: integer('details_shown').notNull().default(0),
    ip: text('ip'),
  },
  (t) => [
    index('kiosk_verifications_certificate_idx').on(t.certificateId, t.at),
    index('kiosk_verifications_site_at_idx').on(t.siteId, t.at),
  ],
);

/**
 * 违法犯罪记录: the police-maintained table behind 无犯罪记录证明, keyed by the ID number's keyed
 * hash (people outside the registry too). Police only; the kiosk learns yes/no.
 */
export const kioskCriminalRecords = pgTable(
  'kiosk_criminal_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    name: text('name').notNull(),
    offence: text('offence').notNull(),
    court: text('court'),
    judgedOn: date('judged_on', { mode: 'string' }),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('kiosk_criminal_records_hash_idx').on(t.idNumberHash),
    index('kiosk_criminal_records_site_idx').on(t.siteId, t.createdAt),
  ],
);
