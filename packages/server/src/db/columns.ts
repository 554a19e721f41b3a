import { timestamp, uuid } from 'drizzle-orm/pg-core';
import { sites } from '../platform/org/schema.ts';

/** Column builders every module's tables share. */

/** The compound a row belongs to; every site-owned query is scoped by it. */
export const siteId = () =>
  uuid('site_id')
    .notNull()
    .references(() => sites.id);
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
