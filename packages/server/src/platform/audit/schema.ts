import { bigserial, jsonb, pgTable, text, timestamp, uuid, index } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit log. Triggers refuse UPDATE, DELETE and TRUNCATE; the chain
 * makes any change made around the triggers detectable, and head checkpoints kept outside the
 * database (anchor.ts) make removing the newest entries, or all of them, detectable too.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    role: text('role'),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    fields: jsonb('fields').$type<string[]>().notNull(),
    purpose: text('purpose'),
    siteId: uuid('site_id'),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /**
     * How `hash` links to `prev_hash`: 'sha256' (entries written before keyed links existed) or
     * 'hmac-sha256' (keyed with a key derived from the master key, which is not in the database).
     * Once a keyed link appears, every later entry must be keyed.
     */
    link: text('link', { enum: ['sha256', 'hmac-sha256'] })
      .notNull()
      .default('sha256'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_subject_idx').on(t.subjectId),
    index('audit_log_actor_idx').on(t.actorId),
  ],
);
