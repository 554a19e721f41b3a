import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, siteId } from '../../db/columns.ts';
import { users } from '../org/schema.ts';

/**
 * Spreadsheet imports of every module run in the background (import-job.ts); progress and per-row
 * errors are kept here. `kind` says whose import it is ('registry.roster', 'incidents.dispatch'):
 * a job is only read back through its own module's route.
 */
export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  siteId: siteId(),
  userId: uuid('user_id').references(() => users.id),
  status: text('status', { enum: ['validating', 'importing', 'done', 'failed'] }).notNull(),
  fileName: text('file_name').notNull(),
  skipInvalid: boolean('skip_invalid').notNull(),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  imported: integer('imported').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  errors: jsonb('errors').$type<{ row: number; field: string; message: string }[]>().notNull().default([]),
  message: text('message'),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
