import { and, asc, desc, eq, gt, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import {
  BOARD_CODES,
  type Board,
  type BoardCode,
  bulletinContractMessages as c,
  type Post,
  type PostCreate,
  type PostListQuery,
  type PostOrigin,
  type PostStatus,
  type PostUpdate,
  type PostVersion,
  type PublicPost,
} from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { type AuditActor, appendAudit } from '../../platform/audit/service.ts';
import type { EventBus } from '../../platform/events.ts';
import { HttpError } from '../../platform/errors.ts';
import { users } from '../../platform/org/schema.ts';
import { bulletinMessages as m } from './messages.ts';
import { sanitizePostHtml } from './sanitize.ts';
import { bulletinBoards, bulletinPosts, bulletinPostVersions } from './schema.ts';

/**
 * Boards and posts: the approval flow (draft → pending → published | rejected; a police officer
 * approves), versions (every edit a row), the publishing window and the events the public stream
 * sends. Objects of a site the caller does not serve are 404, as if they did not exist.
 */

export interface BulletinCaller {
  userId: string;
  siteIds: readonly string[];
  actor: AuditActor;
  /** holds bulletins.approve (police) */
  approver: boolean;
}

export interface BulletinDeps {
  db: Db;
  events: EventBus;
  now: Date;
}

type PostRow = typeof bulletinPosts.$inferSelect;

export const postNotFound = () => new HttpError(404, 'not_found', m.msg('error.postNotFound'));
const boardNotFound = () =>
  new HttpError(404, 'not_found', m.msg('error.boardNotFound'), [
    { field: 'body.boardId', message: m.msg('error.boardNotFound') },
  ]);
const badTransition = (status: PostStatus) =>
  new HttpError(409, 'bulletins.badTransition', m.msg('error.badTransition', { status }));

const BOARD_ORDER: Record<BoardCode, number> = { alerts: 1, prevention: 2, policy: 3, disputes: 4 };

/** The four boards of a site, created on first use (every site has them; seeding is idempotent). */
export async function ensureBoards(db: Db, siteId: string): Promise<Board[]> {
  let rows = await db.select().from(bulletinBoards).where(eq(bulletinBoards.siteId, siteId));
  if (rows.length < BOARD_CODES.length) {
    await db
      .insert(bulletinBoards)
      .values(
        BOARD_CODES.map((code) => ({
          siteId,
          code,
          nameZh: c.text('zh-CN', `board.${code}`),
          nameEn: c.text('en', `board.${code}`),
          sortOrder: BOARD_ORDER[code],
        })),
      )
      .onConflictDoNothing();
    rows = await db.select().from(bulletinBoards).where(eq(bulletinBoards.siteId, siteId));
  }
  return rows
    .sort((a, b) => a.sortOrder - b.sortOrder)
    .map((r) => ({
      id: r.id,
      siteId: r.siteId,
      code: r.code,
      nameZh: r.nameZh,
      nameEn: r.nameEn,
      sortOrder: r.sortOrder,
    }));
}

export async function boardOf(db: Db, siteId: string, code: BoardCode): Promise<Board> {
  const board = (await ensureBoards(db, siteId)).find((b) => b.code === code);
  if (!board) throw boardNotFound();
  return board;
}

async function checkBoard(db: Db, siteId: string, boardId: string): Promise<void> {
  await ensureBoards(db, siteId);
  const [row] = await db
    .select({ id: bulletinBoards.id })
    .from(bulletinBoards)
    .where(and(eq(bulletinBoards.id, boardId), eq(bulletinBoards.siteId, siteId)));
  if (!row) throw boardNotFound();
}

/** Published and inside its window at `now`. */
export const visibleAt = (row: Pick<PostRow, 'status' | 'publishFrom' | 'publishUntil'>, now: Date) =>
  row.status === 'published' &&
  (!row.publishFrom || row.publishFrom <= now) &&
  (!row.publishUntil || row.publishUntil > now);

const visibleWhere = (now: Date): SQL =>
  and(
    eq(bulletinPosts.status, 'published'),
    or(isNull(bulletinPosts.publishFrom), lte(bulletinPosts.publishFrom, now)),
    or(isNull(bulletinPosts.publishUntil), gt(bulletinPosts.publishUntil, now)),
  )!;

async function namesOf(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function views(db: Db, rows: PostRow[], now: Date): Promise<Post[]> {
  const names = await namesOf(
    db,
    rows.flatMap((r) => [r.authorId, r.reviewedById]),
  );
  return rows.map((r) => ({
    id: r.id,
    siteId: r.siteId,
    boardId: r.boardId,
    title: r.title,
    bodyHtml: r.bodyHtml,
    status: r.status,
    origin: r.origin,
    pinned: r.pinned,
    publishFrom: r.publishFrom?.toISOString() ?? null,
    publishUntil: r.publishUntil?.toISOString() ?? null,
    authorId: r.authorId,
    authorName: r.authorId ? (names.get(r.authorId) ?? null) : null,
    reviewedById: r.reviewedById,
    reviewedByName: r.reviewedById ? (names.get(r.reviewedById) ?? null) : null,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    rejectReason: r.rejectReason,
    version: r.version,
    visibleNow: visibleAt(r, now),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function postView(db: Db, row: PostRow, now: Date): Promise<Post> {
  return (await views(db, [row], now))[0]!;
}

export async function listPosts(db: Db, q: PostListQuery, now: Date): Promise<Post[]> {
  const where = [eq(bulletinPosts.siteId, q.siteId)];
  if (q.boardId) where.push(eq(bulletinPosts.boardId, q.boardId));
  if (q.status) where.push(eq(bulletinPosts.status, q.status));
  const rows = await db
    .select()
    .from(bulletinPosts)
    .where(and(...where))
    .orderBy(desc(bulletinPosts.pinned), desc(bulletinPosts.updatedAt))
    .limit(500);
  return views(db, rows, now);
}

/** A post of one of the caller's sites, or 404. */
export async function postOf(db: Db, caller: Pick<BulletinCaller, 'siteIds'>, id: string): Promise<PostRow> {
  const [row] = await db.select().from(bulletinPosts).where(eq(bulletinPosts.id, id));
  if (!row || !caller.siteIds.includes(row.siteId)) throw postNotFound();
  return row;
}

async function addVersion(db: Db, row: PostRow, editedById: string | null, at: Date) {
  await db.insert(bulletinPostVersions).values({
    postId: row.id,
    version: row.version,
    boardId: row.boardId,
    title: row.title,
    bodyHtml: row.bodyHtml,
    pinned: row.pinned,
    publishFrom: row.publishFrom,
    publishUntil: row.publishUntil,
    editedById,
    editedAt: at,
  });
}

async function announce(deps: BulletinDeps, row: PostRow, kind: 'published' | 'unpublished' | 'edited') {
  await deps.events.publish('bulletin.changed', {
    siteId: row.siteId,
    postId: row.id,
    kind,
    at: deps.now.toISOString(),
  });
}

export async function createPost(
  deps: BulletinDeps,
  caller: BulletinCaller,
  input: PostCreate,
  origin: PostOrigin = 'manual',
): Promise<Post> {
  const { db, now } = deps;
  await checkBoard(db, input.siteId, input.boardId);
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(bulletinPosts)
      .values({
        siteId: input.siteId,
        boardId: input.boardId,
        title: input.title,
        bodyHtml: sanitizePostHtml(input.bodyHtml),
        origin,
        pinned: input.pinned,
        publishFrom: input.publishFrom ? new Date(input.publishFrom) : null,
        publishUntil: input.publishUntil ? new Date(input.publishUntil) : null,
        authorId: caller.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await addVersion(tx as unknown as Db, created!, caller.userId, now);
    return created!;
  });
  await appendAudit(db, caller.actor, {
    action: 'bulletins.post.create',
    subjectType: 'bulletin_post',
    subjectId: row.id,
    fields: ['title', 'bodyHtml', 'boardId', 'pinned', 'publishFrom', 'publishUntil'],
    siteId: row.siteId,
    purpose: origin,
  });
  return postView(db, row, now);
}

/**
 * An edit is a new version. A published post edited by someone who may not approve goes back to
 * 'pending' (off the public board until a police officer approves the new text); an approver's
 * edit stays published and the board is told.
 */
export async function updatePost(
  deps: BulletinDeps,
  caller: BulletinCaller,
  id: string,
  patch: PostUpdate,
): Promise<Post> {
  const { db, now } = deps;
  const before = await postOf(db, caller, id);
  if (patch.boardId) await checkBoard(db, before.siteId, patch.boardId);
  const publishFrom =
    patch.publishFrom === undefined
      ? before.publishFrom
      : patch.publishFrom
        ? new Date(patch.publishFrom)
        : null;
  const publishUntil =
    patch.publishUntil === undefined
      ? before.publishUntil
      : patch.publishUntil
        ? new Date(patch.publishUntil)
        : null;
  if (publishFrom && publishUntil && publishUntil <= publishFrom) {
    const msg = c.msg('field.windowOrder');
    throw new HttpError(400, 'validation_error', msg, [{ field: 'body.publishUntil', message: msg }]);
  }
  const wasPublished = before.status === 'published';
  const status: PostStatus = wasPublished && !caller.approver ? 'pending' : before.status;
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(bulletinPosts)
      .set({
        boardId: patch.boardId ?? before.boardId,
        title: patch.title ?? before.title,
        bodyHtml: patch.bodyHtml === undefined ? before.bodyHtml : sanitizePostHtml(patch.bodyHtml),
        pinned: patch.pinned ?? before.pinned,
        publishFrom,
        publishUntil,
        status,
        version: before.version + 1,
        updatedAt: now,
      })
      .where(eq(bulletinPosts.id, id))
      .returning();
    await addVersion(tx as unknown as Db, updated!, caller.userId, now);
    return updated!;
  });
  await appendAudit(db, caller.actor, {
    action: 'bulletins.post.update',
    subjectType: 'bulletin_post',
    subjectId: id,
    fields: Object.keys(patch),
    siteId: row.siteId,
  });
  if (wasPublished) await announce(deps, row, row.status === 'published' ? 'edited' : 'unpublished');
  return postView(db, row, now);
}

type Transition = 'submit' | 'approve' | 'reject' | 'unpublish';
const FROM: Record<Transition, readonly PostStatus[]> = {
  submit: ['draft', 'rejected'],
  // A police officer may publish their own draft without a second step.
  approve: ['pending', 'draft'],
  reject: ['pending'],
  unpublish: ['published'],
};
const TO: Record<Transition, PostStatus> = {
  submit: 'pending',
  approve: 'published',
  reject: 'rejected',
  unpublish: 'draft',
};

export async function transitionPost(
  deps: BulletinDeps,
  caller: BulletinCaller,
  id: string,
  action: Transition,
  reason?: string,
): Promise<Post> {
  const { db, now } = deps;
  const before = await postOf(db, caller, id);
  if (!FROM[action].includes(before.status)) throw badTransition(before.status);
  const reviewing = action === 'approve' || action === 'reject';
  const [row] = await db
    .update(bulletinPosts)
    .set({
      status: TO[action],
      ...(reviewing ? { reviewedById: caller.userId, reviewedAt: now } : {}),
      rejectReason: action === 'reject' ? (reason ?? null) : null,
      ...(action === 'approve' ? { publishedAt: now } : {}),
      updatedAt: now,
    })
    // Only from the state just read: of two officers acting at once, one wins.
    .where(and(eq(bulletinPosts.id, id), eq(bulletinPosts.status, before.status)))
    .returning();
  if (!row) throw badTransition(before.status);
  await appendAudit(db, caller.actor, {
    action: `bulletins.post.${action}`,
    subjectType: 'bulletin_post',
    subjectId: id,
    fields: action === 'reject' ? ['status', 'rejectReason'] : ['status'],
    siteId: row.siteId,
  });
  if (action === 'approve') await announce(deps, row, 'published');
  if (action === 'unpublish') await announce(deps, row, 'unpublished');
  return postView(db, row, now);
}

export async function postVersions(db: Db, caller: BulletinCaller, id: string): Promise<PostVersion[]> {
  await postOf(db, caller, id);
  const rows = await db
    .select()
    .from(bulletinPostVersions)
    .where(eq(bulletinPostVersions.postId, id))
    .orderBy(desc(bulletinPostVersions.version));
  const names = await namesOf(
    db,
    rows.map((r) => r.editedById),
  );
  return rows.map((r) => ({
    version: r.version,
    title: r.title,
    bodyHtml: r.bodyHtml,
    boardId: r.boardId,
    pinned: r.pinned,
    publishFrom: r.publishFrom?.toISOString() ?? null,
    publishUntil: r.publishUntil?.toISOString() ?? null,
    editedById: r.editedById,
    editedByName: r.editedById ? (names.get(r.editedById) ?? null) : null,
    editedAt: r.editedAt.toISOString(),
  }));
}

/** What residents and the public see: published posts inside their window, no names. */
export async function visiblePosts(db: Db, siteId: string, now: Date): Promise<PublicPost[]> {
  const boards = new Map((await ensureBoards(db, siteId)).map((b) => [b.id, b.code]));
  const rows = await db
    .select()
    .from(bulletinPosts)
    .where(and(eq(bulletinPosts.siteId, siteId), visibleWhere(now)))
    .orderBy(desc(bulletinPosts.pinned), desc(bulletinPosts.publishedAt), asc(bulletinPosts.id))
    .limit(200);
  return rows.map((r) => ({
    id: r.id,
    boardId: r.boardId,
    boardCode: boards.get(r.boardId) ?? 'alerts',
    title: r.title,
    bodyHtml: r.bodyHtml,
    pinned: r.pinned,
    publishedAt:
      (r.publishFrom && r.publishedAt && r.publishFrom > r.publishedAt
        ? r.publishFrom
        : r.publishedAt
      )?.toISOString() ?? null,
    publishUntil: r.publishUntil?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  }));
}
