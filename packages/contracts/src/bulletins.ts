/**
 * Bulletin boards (宣传栏, issue 15): the boards of a site (警情提示 · 防范宣传 · 时事政策 ·
 * 常见纠纷), their posts with sanitised rich text, images, a publishing window, pinning, versions
 * and the approval flow (draft → pending → published | rejected; police approve), the generated
 * drafts (weekly safety tip, anonymised dispute case), the resident's view, and the public page and
 * its live stream (no login, nothing personal).
 *
 * Times are ISO 8601 instants. Rich text is HTML; the server keeps only an allow-list (p, br,
 * strong, em, ul, ol, li, h3, h4, a[href http(s)], img[src = this server's post images]).
 */
import { z } from 'zod';
import { bulletinContractMessages as m } from './bulletins.messages.ts';

export const BOARD_CODES = ['alerts', 'prevention', 'policy', 'disputes'] as const;
export type BoardCode = (typeof BOARD_CODES)[number];
export const POST_STATUSES = ['draft', 'pending', 'published', 'rejected'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
export const POST_ORIGINS = ['manual', 'safety_tip', 'dispute_case'] as const;
export type PostOrigin = (typeof POST_ORIGINS)[number];
/** What the dispute-case anonymiser takes out of a summary. */
export const STRIPPED_KINDS = ['name', 'id_number', 'phone', 'flat'] as const;
export type StrippedKind = (typeof STRIPPED_KINDS)[number];

/** Upload limit of a post image (bytes), before re-encoding. */
export const POST_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const POST_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const POST_TITLE_MAX = 80;
export const POST_BODY_MAX = 50_000;
export const CASE_SUMMARY_MAX = 5_000;
/** The path of a post image; the only `img src` the sanitiser keeps. */
export const POST_IMAGE_PATH = '/api/v1/bulletins/public/images/';
export const postImageUrl = (imageId: string) => `${POST_IMAGE_PATH}${imageId}`;

const siteIdField = z.uuid(m.key('field.siteIdInvalid'));
const idField = z.uuid(m.key('field.idInvalid'));
const instantField = z.iso.datetime({ offset: true, error: m.key('field.instantInvalid') });
const titleField = z
  .string({ error: m.key('field.titleRequired') })
  .trim()
  .min(1, m.key('field.titleRequired'))
  .max(POST_TITLE_MAX, m.key('field.textTooLong', { max: POST_TITLE_MAX }));
const bodyField = z
  .string({ error: m.key('field.bodyRequired') })
  .max(POST_BODY_MAX, m.key('field.textTooLong', { max: POST_BODY_MAX }));

// ---- Boards ----

export const boardSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  code: z.enum(BOARD_CODES),
  nameZh: z.string(),
  nameEn: z.string(),
  sortOrder: z.number(),
});
export type Board = z.infer<typeof boardSchema>;
export const boardListSchema = z.object({ items: z.array(boardSchema) });
export const bulletinSiteQuerySchema = z.object({ siteId: siteIdField });

// ---- Posts (staff side) ----

export const postSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  boardId: z.string(),
  title: z.string(),
  bodyHtml: z.string(),
  status: z.enum(POST_STATUSES),
  origin: z.enum(POST_ORIGINS),
  pinned: z.boolean(),
  publishFrom: z.string().nullable(),
  publishUntil: z.string().nullable(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  reviewedById: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  /** the number of the latest version (1 on creation, +1 on every edit) */
  version: z.number(),
  /** published and inside its window now */
  visibleNow: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Post = z.infer<typeof postSchema>;
export const postListSchema = z.object({ items: z.array(postSchema) });
export const postListQuerySchema = z.object({
  siteId: siteIdField,
  boardId: idField.optional(),
  status: z.enum(POST_STATUSES).optional(),
});
export type PostListQuery = z.infer<typeof postListQuerySchema>;

const windowRefine = (
  p: { publishFrom?: string | null; publishUntil?: string | null },
  ctx: z.RefinementCtx,
) => {
  if (p.publishFrom && p.publishUntil && Date.parse(p.publishUntil) <= Date.parse(p.publishFrom))
    ctx.addIssue({ code: 'custom', message: m.key('field.windowOrder'), path: ['publishUntil'] });
};

export const postCreateSchema = z
  .object({
    siteId: siteIdField,
    boardId: idField,
    title: titleField,
    bodyHtml: bodyField,
    pinned: z.boolean().default(false),
    publishFrom: instantField.nullable().default(null),
    publishUntil: instantField.nullable().default(null),
  })
  .superRefine(windowRefine);
export type PostCreate = z.infer<typeof postCreateSchema>;

/** An edit: every field optional; each accepted edit is a new version. */
export const postUpdateSchema = z
  .object({
    boardId: idField.optional(),
    title: titleField.optional(),
    bodyHtml: bodyField.optional(),
    pinned: z.boolean().optional(),
    publishFrom: instantField.nullable().optional(),
    publishUntil: instantField.nullable().optional(),
  })
  .superRefine(windowRefine);
export type PostUpdate = z.infer<typeof postUpdateSchema>;

export const postRejectSchema = z.object({
  reason: z
    .string({ error: m.key('field.reasonRequired') })
    .trim()
    .min(1, m.key('field.reasonRequired'))
    .max(200, m.key('field.textTooLong', { max: 200 })),
});

export const postVersionSchema = z.object({
  version: z.number(),
  title: z.string(),
  bodyHtml: z.string(),
  boardId: z.string(),
  pinned: z.boolean(),
  publishFrom: z.string().nullable(),
  publishUntil: z.string().nullable(),
  editedById: z.string().nullable(),
  editedByName: z.string().nullable(),
  editedAt: z.string(),
});
export type PostVersion = z.infer<typeof postVersionSchema>;
export const postVersionListSchema = z.object({ items: z.array(postVersionSchema) });

export const postImageSchema = z.object({
  id: z.string(),
  url: z.string(),
  width: z.number(),
  height: z.number(),
});
export type PostImage = z.infer<typeof postImageSchema>;

// ---- Generated drafts ----

export const safetyTipDraftSchema = z.object({ siteId: siteIdField });
export const disputeCaseDraftSchema = z.object({
  siteId: siteIdField,
  title: titleField.optional(),
  summary: z
    .string({ error: m.key('field.summaryRequired') })
    .trim()
    .min(1, m.key('field.summaryRequired'))
    .max(CASE_SUMMARY_MAX, m.key('field.textTooLong', { max: CASE_SUMMARY_MAX })),
});
export type DisputeCaseDraftInput = z.infer<typeof disputeCaseDraftSchema>;
export const generatedDraftSchema = z.object({
  post: postSchema,
  /** what the anonymiser took out, by kind (empty for a safety tip) */
  stripped: z.array(z.object({ kind: z.enum(STRIPPED_KINDS), count: z.number() })),
  /** for a safety tip: the figures it was written from are too few to say much */
  thinData: z.boolean(),
});
export type GeneratedDraft = z.infer<typeof generatedDraftSchema>;

// ---- Public and resident views (nothing personal) ----

export const publicPostSchema = z.object({
  id: z.string(),
  boardId: z.string(),
  boardCode: z.enum(BOARD_CODES),
  title: z.string(),
  bodyHtml: z.string(),
  pinned: z.boolean(),
  publishedAt: z.string().nullable(),
  publishUntil: z.string().nullable(),
  updatedAt: z.string(),
});
export type PublicPost = z.infer<typeof publicPostSchema>;

/** A count shown in public: below the suppression threshold it is null and `suppressed`. */
export const publicCountSchema = z.object({ count: z.number().nullable(), suppressed: z.boolean() });
export const publicNumbersSchema = z.object({
  weeks: z.number(),
  /** the threshold under which counts are withheld ("少于5起") */
  suppressBelow: z.number(),
  byGroup: z.array(z.object({ group: z.string() }).extend(publicCountSchema.shape)),
  byHourBand: z.array(z.object({ band: z.string() }).extend(publicCountSchema.shape)),
  total: publicCountSchema,
});
export type PublicNumbers = z.infer<typeof publicNumbersSchema>;

export const publicBoardSchema = z.object({
  site: z.object({ id: z.string(), name: z.string(), officePhone: z.string().nullable() }),
  boards: z.array(boardSchema.omit({ siteId: true })),
  posts: z.array(publicPostSchema),
  /** the charts' numbers; null while the site has no incident statistics */
  numbers: publicNumbersSchema.nullable(),
  generatedAt: z.string(),
});
export type PublicBoard = z.infer<typeof publicBoardSchema>;
export const bulletinPublicParamsSchema = z.object({ siteId: siteIdField });

/** `window`: a published post's publishing window opened or closed (no one acted; the clock did). */
export const BULLETIN_EVENT_KINDS = ['published', 'unpublished', 'edited', 'window'] as const;
export type BulletinEventKind = (typeof BULLETIN_EVENT_KINDS)[number];
/** One Server-Sent Event of the public stream (`event: bulletin`). */
export const bulletinStreamEventSchema = z.object({
  kind: z.enum(BULLETIN_EVENT_KINDS),
  siteId: z.string(),
  postId: z.string(),
  at: z.string(),
});
export type BulletinStreamEvent = z.infer<typeof bulletinStreamEventSchema>;
