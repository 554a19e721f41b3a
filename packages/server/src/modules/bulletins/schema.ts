/**
 * Bulletin boards (宣传栏, issue 15): a site's boards, their posts, every version of a post and the
 * images posts show. Images hold no personal data and are stored as bytes in the database (like
 * the kiosk seal), re-encoded on upload so nothing but pixels survives.
 */
import {
  boolean,
  customType,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, siteId, updatedAt } from '../../db/columns.ts';
import { users } from '../../platform/org/schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/** 警情提示 · 防范宣传 · 时事政策 · 常见纠纷, seeded per site (seed.ts). */
export const bulletinBoards = pgTable(
  'bulletin_boards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    code: text('code', { enum: ['alerts', 'prevention', 'policy', 'disputes'] }).notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    sortOrder: smallint('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('bulletin_boards_site_code_uq').on(t.siteId, t.code)],
);

/** A post as it stands now; its history is in bulletin_post_versions. */
export const bulletinPosts = pgTable(
  'bulletin_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    boardId: uuid('board_id')
      .notNull()
      .references(() => bulletinBoards.id),
    title: text('title').notNull(),
    /** sanitised HTML (sanitize.ts); never stored unsanitised */
    bodyHtml: text('body_html').notNull(),
    status: text('status', { enum: ['draft', 'pending', 'published', 'rejected'] })
      .notNull()
      .default('draft'),
    origin: text('origin', { enum: ['manual', 'safety_tip', 'dispute_case'] })
      .notNull()
      .default('manual'),
    pinned: boolean('pinned').notNull().default(false),
    publishFrom: timestamp('publish_from', { withTimezone: true }),
    publishUntil: timestamp('publish_until', { withTimezone: true }),
    authorId: uuid('author_id').references(() => users.id),
    reviewedById: uuid('reviewed_by_id').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('bulletin_posts_site_status_idx').on(t.siteId, t.status),
    index('bulletin_posts_board_idx').on(t.boardId),
  ],
);

/** Every version of a post (1 on creation, one more per edit), for the history view. */
export const bulletinPostVersions = pgTable(
  'bulletin_post_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id')
      .notNull()
      .references(() => bulletinPosts.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    boardId: uuid('board_id').notNull(),
    title: text('title').notNull(),
    bodyHtml: text('body_html').notNull(),
    pinned: boolean('pinned').notNull(),
    publishFrom: timestamp('publish_from', { withTimezone: true }),
    publishUntil: timestamp('publish_until', { withTimezone: true }),
    editedById: uuid('edited_by_id').references(() => users.id),
    editedAt: timestamp('edited_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('bulletin_post_versions_post_version_uq').on(t.postId, t.version)],
);

/** A post image, re-encoded (WebP) on upload; served at POST_IMAGE_PATH + id. */
export const bulletinImages = pgTable(
  'bulletin_images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    contentType: text('content_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: bytea('bytes').notNull(),
    uploadedById: uuid('uploaded_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('bulletin_images_site_idx').on(t.siteId)],
);
