import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sites, users } from '../org/schema.ts';

/** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Failed guesses per key — logins ("user:<name>", "ip:<address>") and gate pairing codes
 * ("pair-ip:<address>", "pair-gate:<gate id>", "pair-kiosk:<site id>"), kiosk face checks
 * ("kiosk-face:<device id>:<ID-number hash>") — kept in the database so the limits hold across
 * several API processes.
 */
export const loginFailures = pgTable('login_failures', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** Gate terminals and kiosks authenticate with a bearer token; only its hash is stored. */
export const devices = pgTable('devices', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: uuid('site_id')
    .notNull()
    .references(() => sites.id),
  kind: text('kind', { enum: ['gate', 'kiosk'] }).notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  lastIp: text('last_ip'),
  version: text('version'),
});
