import { boolean, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

/** sub_bureau (分局) → police_station (派出所) → police_office (警务室) */
export const jurisdictions = pgTable('jurisdictions', {
  id: uuid('id').primaryKey().defaultRandom(),
  parentId: uuid('parent_id').references((): AnyPgColumn => jurisdictions.id),
  level: text('level', { enum: ['sub_bureau', 'police_station', 'police_office'] }).notNull(),
  name: text('name').notNull(),
  code: text('code'),
});

export const propertyCompanies = pgTable('property_companies', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  phone: text('phone'),
});

/** A residential compound (小区). Everything a compound owns carries its site_id. */
export const sites = pgTable('sites', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  address: text('address'),
  policeOfficeId: uuid('police_office_id').references(() => jurisdictions.id),
  propertyCompanyId: uuid('property_company_id').references(() => propertyCompanies.id),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', {
    enum: ['admin', 'police', 'auxiliary', 'property', 'mediator', 'resident'],
  }).notNull(),
  passwordHash: text('password_hash').notNull(),
  active: boolean('active').notNull().default(true),
  /** Police users attached to a jurisdiction see every site under it. */
  jurisdictionId: uuid('jurisdiction_id').references(() => jurisdictions.id),
  /** A resident account's own person record (registry). */
  personId: uuid('person_id'),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
});

export const userSites = pgTable(
  'user_sites',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.siteId] })],
);
