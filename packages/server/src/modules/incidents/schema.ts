/**
 * Incidents (警情, issue 15): a per-site category tree, named public places, the register and the
 * people involved. Analysis reads `incidents` by (site, received_at); the place's label is kept on
 * the row so "top places" needs no join across the registry's tables.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  INCIDENT_CHANNELS,
  INCIDENT_GROUPS,
  INCIDENT_OUTCOMES,
  INCIDENT_PLACE_KINDS,
  INCIDENT_SOURCES,
  INVOLVEMENT_ROLES,
} from '@anju/contracts';
import { createdAt, siteId, updatedAt } from '../../db/columns.ts';
import { users } from '../../platform/org/schema.ts';
import { gates } from '../access/schema.ts';
import { buildings, persons, rooms } from '../registry/schema.ts';

/** 警情类别: two levels (诈骗 → 电信诈骗); `group` is what analysis and public numbers count by. */
export const incidentCategories = pgTable(
  'incident_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    parentId: uuid('parent_id').references((): AnyPgColumn => incidentCategories.id),
    /** stable name of a seeded category (fraud.telecom), so the demo and imports can find it */
    code: text('code'),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    group: text('group', { enum: INCIDENT_GROUPS }).notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    index('incident_categories_site_idx').on(t.siteId),
    uniqueIndex('incident_categories_site_code_uq').on(t.siteId, t.code),
  ],
);

/** Named public places of a compound that are not registry rooms (中心广场, 地下车库). */
export const incidentPublicPlaces = pgTable(
  'incident_public_places',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('incident_public_places_site_idx').on(t.siteId)],
);

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    channel: text('channel', { enum: INCIDENT_CHANNELS }).notNull(),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => incidentCategories.id),
    placeKind: text('place_kind', { enum: INCIDENT_PLACE_KINDS }).notNull(),
    buildingId: uuid('building_id').references(() => buildings.id),
    unit: integer('unit'),
    roomId: uuid('room_id').references(() => rooms.id),
    gateId: uuid('gate_id').references(() => gates.id),
    publicPlaceId: uuid('public_place_id').references(() => incidentPublicPlaces.id),
    placeLabel: text('place_label').notNull(),
    summary: text('summary').notNull(),
    outcome: text('outcome', { enum: INCIDENT_OUTCOMES }).notNull(),
    officerUserId: uuid('officer_user_id').references(() => users.id),
    officerName: text('officer_name'),
    mediationCaseRef: text('mediation_case_ref'),
    /** the gate alert it came from (no foreign key: alerts are purged after retention) */
    alertId: uuid('alert_id'),
    externalRef: text('external_ref'),
    source: text('source', { enum: INCIDENT_SOURCES }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('incidents_site_received_idx').on(t.siteId, t.receivedAt),
    index('incidents_site_category_idx').on(t.siteId, t.categoryId, t.receivedAt),
    uniqueIndex('incidents_alert_uq').on(t.alertId),
    uniqueIndex('incidents_site_external_uq').on(t.siteId, t.externalRef),
  ],
);

/** People involved, linked to registry persons: police side only, every access audited. */
export const incidentPersons = pgTable(
  'incident_persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    role: text('role', { enum: INVOLVEMENT_ROLES }).notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('incident_persons_uq').on(t.incidentId, t.personId, t.role),
    index('incident_persons_person_idx').on(t.personId),
  ],
);

/** The daily / weekly pushes already sent, so a restarted job never sends one twice. */
export const incidentPushes = pgTable(
  'incident_pushes',
  {
    siteId: siteId(),
    kind: text('kind', { enum: ['daily', 'weekly'] }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.kind, t.day] })],
);
