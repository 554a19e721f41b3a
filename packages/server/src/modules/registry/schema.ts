import { createdAt, siteId, updatedAt } from '../../db/columns.ts';
import { sql } from 'drizzle-orm';
import {
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { sites, users } from '../../platform/org/schema.ts';

/** Per-site registry settings: which region-code prefix is "this city" (floating population). */
export const registrySiteSettings = pgTable('registry_site_settings', {
  siteId: uuid('site_id')
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  cityRegionPrefix: text('city_region_prefix').notNull().default('4101'),
  cityName: text('city_name').notNull().default('郑州市'), // i18n-data: the default city's name (stored)
  updatedAt: updatedAt(),
});

/** 楼栋: floors × units, each unit with `flatsPerFloor` flats per floor. */
export const buildings = pgTable(
  'buildings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    name: text('name').notNull(),
    number: integer('number').notNull(),
    floors: integer('floors').notNull(),
    units: integer('units').notNull(),
    flatsPerFloor: integer('flats_per_floor').notNull().default(2),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('buildings_site_number_uq').on(t.siteId, t.number)],
);

/** A flat (kind home, label '3-2-1501') or a street shop (kind shop, no building, label '东街-018'). */
export const rooms = pgTable(
  'rooms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    buildingId: uuid('building_id').references(() => buildings.id),
    unit: integer('unit'),
    floor: integer('floor'),
    number: text('number').notNull(),
    kind: text('kind', { enum: ['home', 'shop'] }).notNull(),
    area: numeric('area', { precision: 8, scale: 2, mode: 'number' }),
    label: text('label').notNull(),
    street: text('street'),
    /** Last time staff confirmed who (if anyone) lives here; a flat never checked is "unverified". */
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('rooms_site_label_uq').on(t.siteId, t.label),
    index('rooms_building_idx').on(t.buildingId),
  ],
);

/**
 * 实有人口: one row per person per site. ID number and phones are stored AES-256-GCM encrypted,
 * with an HMAC beside them for exact lookup; the clear value never reaches the database.
 */
export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    name: text('name').notNull(),
    /** Pinyin initials of the name (张三 → zs), for search. */
    nameInitials: text('name_initials').notNull(),
    gender: text('gender', { enum: ['male', 'female'] }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    ethnicity: text('ethnicity').notNull().default('汉族'), // i18n-data: the default ethnic group (stored)
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    hukouAddress: text('hukou_address'),
    hukouRegionCode: text('hukou_region_code'),
    workplace: text('workplace'),
    emergencyContactName: text('emergency_contact_name'),
    emergencyContactPhoneEnc: text('emergency_contact_phone_enc'),
    vehiclePlates: text('vehicle_plates').array().notNull().default(sql`'{}'::text[]`),
    careFlags: text('care_flags').array().notNull().default(sql`'{}'::text[]`),
    /** Police-side only (警务备注). */
    policeNote: text('police_note'),
    status: text('status', { enum: ['active', 'moved_out'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('persons_site_id_number_uq').on(t.siteId, t.idNumberHash),
    index('persons_site_phone_idx').on(t.siteId, t.phoneHash),
    index('persons_site_initials_idx').on(t.siteId, t.nameInitials),
    index('persons_site_name_idx').on(t.siteId, t.name),
    /** alerts.elderly-not-seen (every 15 minutes, every compound) reads only these few */
    index('persons_site_elderly_alone_idx').on(t.siteId).where(sql`'elderly_alone' = ANY(care_flags)`),
  ],
);

/** 户: the people living together in one flat; owners' and tenants' households are separate. */
export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => rooms.id),
    headPersonId: uuid('head_person_id').references((): AnyPgColumn => persons.id),
    kind: text('kind', { enum: ['owner', 'tenant'] }).notNull(),
    status: text('status', { enum: ['active', 'dissolved'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
  },
  (t) => [index('households_room_idx').on(t.roomId), index('households_site_idx').on(t.siteId, t.status)],
);

/** Contract scans and other uploads: bytes encrypted with the keyring's 'file' purpose. */
export const storedFiles = pgTable('stored_files', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: siteId(),
  purpose: text('purpose').notNull(),
  fileName: text('file_name'),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  dataEnc: text('data_enc').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
});

/** 租赁合同. A renewal is a new row pointing at the one it continues, so history stays. */
export const tenancies = pgTable(
  'tenancies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => rooms.id),
    householdId: uuid('household_id').references(() => households.id),
    landlordPersonId: uuid('landlord_person_id').references(() => persons.id),
    landlordName: text('landlord_name').notNull(),
    landlordPhoneEnc: text('landlord_phone_enc'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    monthlyRent: numeric('monthly_rent', { precision: 10, scale: 2, mode: 'number' }),
    fileId: uuid('file_id').references(() => storedFiles.id),
    previousTenancyId: uuid('previous_tenancy_id').references((): AnyPgColumn => tenancies.id),
    status: text('status', { enum: ['active', 'expired', 'renewed', 'ended'] })
      .notNull()
      .default('active'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('tenancies_room_idx').on(t.roomId),
    index('tenancies_site_status_end_idx').on(t.siteId, t.status, t.endDate),
    index('tenancies_previous_idx').on(t.previousTenancyId),
  ],
);

/** A street shop's business (门店): its room, licence and operator. */
export const shops = pgTable(
  'shops',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => rooms.id),
    name: text('name').notNull(),
    licenceNo: text('licence_no'),
    category: text('category'),
    operatorPersonId: uuid('operator_person_id').references(() => persons.id),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    createdAt: createdAt(),
  },
  (t) => [index('shops_site_idx').on(t.siteId), index('shops_room_idx').on(t.roomId)],
);

/**
 * A person's link to a room for a period. Tenants' rows point at their tenancy and last until its
 * end date; `status` is what the expiry job last wrote, the read-time status also checks dates.
 */
export const residencies = pgTable(
  'residencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    roomId: uuid('room_id')
      .notNull()
      .references(() => rooms.id),
    householdId: uuid('household_id').references(() => households.id),
    shopId: uuid('shop_id').references(() => shops.id),
    tenancyId: uuid('tenancy_id').references(() => tenancies.id),
    type: text('type', { enum: ['owner', 'family', 'tenant', 'shop_operator', 'employee'] }).notNull(),
    relationToHead: text('relation_to_head'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Last valid day (inclusive); null = open-ended. */
    validTo: date('valid_to', { mode: 'string' }),
    status: text('status', { enum: ['active', 'expired', 'ended'] })
      .notNull()
      .default('active'),
    /** moved_out | renewed | contract_expired | tenancy_ended | period_over */
    endReason: text('end_reason'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('residencies_person_idx').on(t.personId),
    index('residencies_room_idx').on(t.roomId),
    index('residencies_household_idx').on(t.householdId),
    index('residencies_tenancy_idx').on(t.tenancyId),
    index('residencies_site_status_idx').on(t.siteId, t.status),
  ],
);

/** 入户走访: who collected or changed a person's data, when, and which fields. */
export const visits = pgTable(
  'visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    collectorUserId: uuid('collector_user_id').references(() => users.id),
    collectorName: text('collector_name'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind', { enum: ['create', 'update', 'visit'] }).notNull(),
    changedFields: text('changed_fields').array().notNull().default(sql`'{}'::text[]`),
    note: text('note'),
  },
  (t) => [index('visits_person_idx').on(t.personId, t.at)],
);
