import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sites } from '../org/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Texts addressed to one person (an appointment reminder, an applicant's SMS), queued so that a
 * failed or not-yet-due send is retried by a job instead of being lost (outbox.ts). The alert
 * deliveries (alert_deliveries) stay their own table: they go to a channel's list of duty staff.
 *
 * The recipient is sealed with the keyring (purpose 'phone'), like a person's phone number.
 */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** null for a message no site owns */
    siteId: uuid('site_id').references(() => sites.id),
    channel: text('channel', { enum: ['sms', 'wechat'] }).notNull(),
    recipientEnc: text('recipient_enc').notNull(),
    /** rendered, in Chinese (outgoing texts: see alerts/channels.ts) */
    text: text('text').notNull(),
    sendAfter: ts('send_after').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed', 'cancelled'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** when the job may try next (send_after at first, then the back-off; a claim pushes it on) */
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** what it is about, e.g. 'appointment:<bookingId>' */
    ref: text('ref').notNull(),
    /** e.g. 'appointment.dayBefore', 'kiosk.application' */
    purpose: text('purpose').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    index('outbound_messages_due_idx').on(t.status, t.nextAttemptAt),
    index('outbound_messages_ref_idx').on(t.ref),
  ],
);
