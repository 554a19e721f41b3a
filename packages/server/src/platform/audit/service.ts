import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  ilike,
  lte,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { AuditEntry, AuditVerifyResult } from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import { type Keyring, sha256Hex } from '../crypto.ts';
import { auditLog } from './schema.ts';
import { auditScopeCondition, type AuditScope } from './visibility.ts';

/** Who did it and from where: taken from the request, passed to services. */
export interface AuditActor {
  id: string | null;
  name: string | null;
  role: string | null;
  ip: string | null;
}

export interface AuditInput {
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** Which fields of the subject were read or changed (names only, never values). */
  fields?: string[];
  purpose?: string;
  siteId?: string | null;
}

export const GENESIS = '0'.repeat(64);
/** Serialises appends across processes so the chain has one order (and checkpoints see a settled head). */
export const AUDIT_LOCK_ID = 4_242_002;

type Row = typeof auditLog.$inferSelect;
export type AuditLink = Row['link'];

// ---------- the chain key ----------
// Entries are linked with an HMAC keyed by a purpose key of the master key (crypto.ts), which
// lives in the key file or the environment, never in the database: someone who can write the
// database but does not hold the key cannot forge an entry or rewrite the chain after one.
//
// The key travels with the database handle rather than through every appendAudit call: drizzle
// gives a database and every transaction opened on it (however deeply nested) one shared dialect
// object, so a key bound to the root handle is found from any transaction. createContext and
// prepareDatabase bind it (platform/startup.ts); restore binds the restored database's.

const chainKeys = new WeakMap<object, Keyring>();

function handleOf(db: Db): object | null {
  const dialect = (db as unknown as { dialect?: unknown }).dialect;
  return typeof dialect === 'object' && dialect !== null ? dialect : null;
}

/** From now on this database's entries are keyed with `keyring` (and verified with it). */
export function bindAuditChainKey(db: Db, keyring: Keyring): void {
  const handle = handleOf(db);
  if (!handle) throw new Error('cannot bind the audit chain key: not a drizzle database handle');
  chainKeys.set(handle, keyring);
}

function chainKeyOf(db: Db): Keyring | null {
  const handle = handleOf(db);
  return (handle && chainKeys.get(handle)) ?? null;
}

function linkPayload(prevHash: string, r: Omit<Row, 'id' | 'hash' | 'prevHash' | 'link'>): string {
  return JSON.stringify([
    prevHash,
    r.at.toISOString(),
    r.actorId,
    r.actorName,
    r.role,
    r.action,
    r.subjectType,
    r.subjectId,
    r.fields,
    r.purpose,
    r.siteId,
    r.ip,
  ]);
}

/** The hash of an entry under its link kind; null when the link is keyed and no key is at hand. */
function linkHash(link: AuditLink, payload: string, keyring: Keyring | null): string | null {
  if (link === 'sha256') return sha256Hex(payload);
  return keyring ? keyring.lookupHash('audit-chain', payload) : null;
}

/**
 * Appends one entry. Call it with the transaction that did the read or change, so the entry
 * and the work it records commit (or roll back) together.
 *
 * The link is keyed when the database has a chain key bound (every server, CLI and test context
 * does). A handle opened without one writes an unkeyed link, as releases before keyed links did;
 * verification then reports an unkeyed entry after the keyed chain began, so a forgotten binding
 * cannot pass unnoticed.
 */
export async function appendAudit(db: Db, actor: AuditActor, input: AuditInput): Promise<void> {
  const keyring = chainKeyOf(db);
  const link: AuditLink = keyring ? 'hmac-sha256' : 'sha256';
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_ID})`);
    const [last] = await tx
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.id))
      .limit(1);
    const prevHash = last?.hash ?? GENESIS;
    const entry = {
      at: new Date(),
      actorId: actor.id,
      actorName: actor.name,
      role: actor.role,
      action: input.action,
      subjectType: input.subjectType ?? null,
      subjectId: input.subjectId ?? null,
      fields: input.fields ?? [],
      purpose: input.purpose ?? null,
      siteId: input.siteId ?? null,
      ip: actor.ip,
    };
    const hash = linkHash(link, linkPayload(prevHash, entry), keyring)!;
    await tx.insert(auditLog).values({ ...entry, prevHash, hash, link });
  });
}

async function hasLinkColumn(db: Db): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM information_schema.columns
        WHERE table_name = 'audit_log' AND column_name = 'link' AND table_schema = current_schema()`,
  );
  return (rows[0]?.n ?? 0) > 0;
}

/** A head checkpoint kept outside the database (anchor.ts): entry `id` had hash `hash`. */
export interface AuditCheckpoint {
  host: string;
  id: number;
  hash: string;
  writtenAt: string;
}

export interface AuditCheckpoints {
  /** Checkpoints whose seal checked out. */
  anchors: AuditCheckpoint[];
  /** Checkpoint files that could not be read or whose seal is wrong. */
  unreadable: string[];
}

/**
 * Recomputes the whole chain and reports the first entry whose link or content does not match;
 * then holds the log against the head checkpoints given: each checkpoint's entry must still be
 * there with the same hash, so removing the newest entries, or emptying the log, is found too.
 */
export async function verifyAuditChain(
  db: Db,
  checkpoints: AuditCheckpoints = { anchors: [], unreadable: [] },
): Promise<AuditVerifyResult> {
  const keyring = chainKeyOf(db);
  let prevHash = GENESIS;
  let lastId = 0;
  let entries = 0;
  let keyedFrom: number | null = null;
  const pageSize = 5000;
  const broken = (firstBrokenId: number | null, reason: string): AuditVerifyResult => ({
    ok: false,
    entries,
    firstBrokenId,
    reason,
    keyedFrom,
    checkpoints: checkpoints.anchors.length,
  });
  // A database of a release before keyed links (a backup being restored, before its migrations
  // run) has no link column: all its entries are unkeyed.
  const { link: _link, ...columns } = getTableColumns(auditLog);
  const linkColumn = (await hasLinkColumn(db)) ? auditLog.link : sql<AuditLink>`'sha256'`;
  for (;;) {
    const rows = await db
      .select({ ...columns, link: linkColumn })
      .from(auditLog)
      .where(gt(auditLog.id, lastId))
      .orderBy(asc(auditLog.id))
      .limit(pageSize);
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        return broken(row.id, 'chain link broken (entry removed or reordered)');
      }
      if (row.link === 'hmac-sha256') {
        if (!keyring) return broken(row.id, 'keyed entries, but no chain key is available to check them');
        keyedFrom ??= row.id;
      } else if (keyedFrom !== null) {
        return broken(row.id, `unkeyed entry after the keyed chain began at #${keyedFrom}`);
      }
      if (linkHash(row.link, linkPayload(prevHash, row), keyring) !== row.hash) {
        return broken(
          row.id,
          row.link === 'hmac-sha256'
            ? 'entry content does not match its keyed hash (changed, or written without the key)'
            : 'entry content does not match its hash',
        );
      }
      prevHash = row.hash;
      lastId = row.id;
      entries++;
    }
    if (rows.length < pageSize) break;
  }
  if (checkpoints.unreadable.length) {
    return broken(
      null,
      `checkpoint file ${checkpoints.unreadable.join(', ')} is unreadable or not sealed with this installation's key`,
    );
  }
  for (const a of [...checkpoints.anchors].sort((x, y) => y.id - x.id)) {
    if (a.id === 0) continue; // taken of an empty log: nothing to hold
    const [row] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.id, a.id));
    const where = `checkpoint of ${a.host} at ${a.writtenAt}`;
    if (!row) {
      return broken(
        a.id,
        entries === 0
          ? `audit log emptied: the ${where} holds entry #${a.id}, the log has no entries`
          : a.id > lastId
            ? `newest entries removed: the ${where} holds entry #${a.id}, the log ends at #${lastId}`
            : `entry #${a.id} removed: the ${where} holds it`,
      );
    }
    if (row.hash !== a.hash) return broken(a.id, `entry #${a.id} differs from the ${where}`);
  }
  return {
    ok: true,
    entries,
    firstBrokenId: null,
    reason: null,
    keyedFrom,
    checkpoints: checkpoints.anchors.length,
  };
}

export interface AuditSearch {
  actor?: string | undefined;
  action?: string | undefined;
  subjectId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** Entries matching `q` among those `scope` may see (visibility.ts). */
export async function searchAudit(
  db: Db,
  q: AuditSearch,
  scope: AuditScope,
): Promise<{ items: AuditEntry[]; total: number }> {
  const where: SQL[] = [auditScopeCondition(scope)];
  if (q.actor) {
    where.push(or(ilike(auditLog.actorName, `%${escapeLike(q.actor)}%`), eq(auditLog.role, q.actor))!);
  }
  if (q.action) where.push(ilike(auditLog.action, `${escapeLike(q.action)}%`));
  if (q.subjectId) where.push(eq(auditLog.subjectId, q.subjectId));
  if (q.from) where.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) where.push(lte(auditLog.at, new Date(q.to)));
  const condition = and(...where);
  const [rows, [totalRow]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(condition)
      .orderBy(desc(auditLog.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(auditLog).where(condition),
  ]);
  return {
    total: totalRow?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorName: r.actorName,
      role: r.role,
      action: r.action,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      fields: r.fields,
      purpose: r.purpose,
      siteId: r.siteId,
      ip: r.ip,
      hash: r.hash,
    })),
  };
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
