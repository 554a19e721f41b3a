import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

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

const ROLE_VALUES = ['admin', 'police', 'auxiliary', 'property', 'mediator', 'resident'] as const;

/**
 * An admin's request that needs a police officer's approval (four-eyes): a new police or
 * auxiliary account, a change of role or sites, re-activating or resetting the password of a
 * police-side account. Nothing of it takes effect until a police officer whose sites cover every
 * involved site approves it (platform/org/account-changes.ts).
 */
export const accountChanges = pgTable(
  'account_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['create', 'update'] }).notNull(),
    /** The account changed; for a new account, set when it is created on approval. */
    userId: uuid('user_id').references(() => users.id),
    /** A new account's username and name (for an update: copied for the record). */
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    fromRole: text('from_role', { enum: ROLE_VALUES }),
    /** null: unchanged */
    toRole: text('to_role', { enum: ROLE_VALUES }),
    fromSiteIds: uuid('from_site_ids').array().notNull(),
    /** The whole new list of the account's own sites; null: unchanged. */
    toSiteIds: uuid('to_site_ids').array(),
    reactivate: boolean('reactivate').notNull().default(false),
    /**
     * A new password is issued on approval (new accounts; resets of police-side accounts). It is
     * generated then and shown once to the approving officer: the admin never knows it.
     */
    setsPassword: boolean('sets_password').notNull().default(false),
    /** Every site the change touches (before and after): the approver must hold them all. */
    involvedSiteIds: uuid('involved_site_ids').array().notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'cancelled'] })
      .notNull()
      .default('pending'),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    // One open request per account and per new username: an approval covers what it saw.
    uniqueIndex('account_changes_pending_user_idx').on(t.userId).where(sql`status = 'pending'`),
    uniqueIndex('account_changes_pending_username_idx')
      .on(t.username)
      .where(sql`status = 'pending' AND kind = 'create'`),
    index('account_changes_status_idx').on(t.status, t.requestedAt),
  ],
);
