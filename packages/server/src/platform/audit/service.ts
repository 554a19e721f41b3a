import { and, asc, count, desc, eq, gt, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AuditEntry, AuditVerifyResult } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { sha256Hex } from '../crypto.ts';
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

const GENESIS = '0'.repeat(64);
/** Serialises appends across processes so the chain has one order. */
const AUDIT_LOCK_ID = 4_242_002;

type Row = typeof auditLog.$inferSelect;

function entryHash(prevHash: string, r: Omit<Row, 'id' | 'hash' | 'prevHash'>): string {
  return sha256Hex(
    JSON.stringify([
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
    ]),
  );
}

/**
 * Appends one entry. Call it with the transaction that did the read or change, so the entry
 * and the work it records commit (or roll back) together.
 */
export async function appendAudit(db: Db, actor: AuditActor, input: AuditInput): Promise<void> {
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
    await tx.insert(auditLog).values({ ...entry, prevHash, hash: entryHash(prevHash, entry) });
  });
}

/** Recomputes the whole chain; reports the first entry whose link or content does not match. */
export async function verifyAuditChain(db: Db): Promise<AuditVerifyResult> {
  let prevHash = GENESIS;
  let lastId = 0;
  let entries = 0;
  const pageSize = 5000;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, lastId))
      .orderBy(asc(auditLog.id))
      .limit(pageSize);
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          entries,
          firstBrokenId: row.id,
          reason: 'chain link broken (entry removed or reordered)',
        };
      }
      if (entryHash(prevHash, row) !== row.hash) {
        return { ok: false, entries, firstBrokenId: row.id, reason: 'entry content does not match its hash' };
      }
      prevHash = row.hash;
      lastId = row.id;
      entries++;
    }
    if (rows.length < pageSize) return { ok: true, entries, firstBrokenId: null, reason: null };
  }
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
