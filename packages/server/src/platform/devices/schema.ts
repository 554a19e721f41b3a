import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sites, users } from '../org/schema.ts';

/**
 * One-time pairing codes shown in the console and typed (or scanned) on a gate tablet or a kiosk.
 * A code names the site and the kind of device it pairs; a gate code also names its gate (the
 * gate's row in gate_devices is bound by the access module when the code is used).
 */
export const pairingCodes = pgTable(
  'pairing_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    kind: text('kind', { enum: ['gate', 'kiosk'] })
      .notNull()
      .default('gate'),
    /** gate codes only; no foreign key here (platform knows no gates), access checks it */
    gateId: uuid('gate_id'),
    /** the device's name, given when the code was made (kiosks); null = the tablet names itself */
    deviceName: text('device_name'),
    createdBy: uuid('created_by').references(() => users.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('pairing_codes_target_idx').on(t.siteId, t.kind, t.gateId)],
);
