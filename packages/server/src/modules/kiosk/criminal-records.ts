import { and, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import {
  type CriminalRecord,
  type CriminalRecordInput,
  idNumberMessage,
  idNumberProblem,
} from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import type { AuditActor } from '../../platform/audit/service.ts';
import { appendAudit, escapeLike } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { invalidField, HttpError } from '../../platform/errors.ts';
import { persons } from '../registry/schema.ts';
import { anyUuid, idNumberHash } from '../registry/sql.ts';
import { kioskMessages as m } from './messages.ts';
import { kioskCriminalRecords } from './schema.ts';

/** Does the police table hold a record for this ID number (any site)? The kiosk learns only this. */
export async function hasCriminalRecord(db: Db, hash: string): Promise<boolean> {
  const [row] = await db
    .select({ id: kioskCriminalRecords.id })
    .from(kioskCriminalRecords)
    .where(eq(kioskCriminalRecords.idNumberHash, hash))
    .limit(1);
  return !!row;
}

function toRecord(
  ctx: AppContext,
  row: typeof kioskCriminalRecords.$inferSelect,
  personId: string | null,
): CriminalRecord {
  return {
    id: row.id,
    siteId: row.siteId,
    idNumber: ctx.keyring.decrypt('id-number', row.idNumberEnc).toString('utf8'),
    name: row.name,
    offence: row.offence,
    court: row.court,
    judgedOn: row.judgedOn,
    note: row.note,
    personId,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
  };
}

export async function listCriminalRecords(
  ctx: AppContext,
  actor: AuditActor,
  siteIds: string[],
  query: { q?: string; page: number; pageSize: number },
): Promise<{ items: CriminalRecord[]; total: number }> {
  if (siteIds.length === 0) return { items: [], total: 0 };
  const where: SQL[] = [inSites(siteIds)];
  const q = query.q?.trim();
  if (q) {
    const byName = ilike(kioskCriminalRecords.name, `%${escapeLike(q)}%`);
    where.push(
      /^\d{17}[\dXx]$/.test(q)
        ? or(byName, eq(kioskCriminalRecords.idNumberHash, idNumberHash(ctx.keyring, q)))!
        : byName,
    );
  }
  const cond = and(...where);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ r: kioskCriminalRecords, personId: persons.id })
      .from(kioskCriminalRecords)
      .leftJoin(
        persons,
        and(
          eq(persons.siteId, kioskCriminalRecords.siteId),
          eq(persons.idNumberHash, kioskCriminalRecords.idNumberHash),
        ),
      )
      .where(cond)
      .orderBy(desc(kioskCriminalRecords.createdAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db.select({ n: count() }).from(kioskCriminalRecords).where(cond),
  ]);
  await appendAudit(ctx.db, actor, {
    action: 'kiosk.criminal_records.list',
    subjectType: 'criminal_record',
    fields: ['idNumber', 'name', 'offence'],
    siteId: siteIds.length === 1 ? siteIds[0] : null,
  });
  return { items: rows.map((r) => toRecord(ctx, r.r, r.personId)), total: total?.n ?? 0 };
}

const inSites = (siteIds: string[]): SQL => sql`${kioskCriminalRecords.siteId} = ${anyUuid(siteIds)}`;

export async function createCriminalRecord(
  ctx: AppContext,
  actor: AuditActor,
  input: CriminalRecordInput,
  now: Date,
): Promise<CriminalRecord> {
  const idNumber = input.idNumber.trim().toUpperCase();
  const problem = idNumberProblem(idNumber, now);
  if (problem) throw invalidField('body.idNumber', idNumberMessage(problem));
  const hash = idNumberHash(ctx.keyring, idNumber);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(kioskCriminalRecords)
      .values({
        siteId: input.siteId,
        idNumberEnc: ctx.keyring.encrypt('id-number', idNumber),
        idNumberHash: hash,
        name: input.name,
        offence: input.offence,
        court: input.court || null,
        judgedOn: input.judgedOn ?? null,
        note: input.note || null,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning();
    const [person] = await tx
      .select({ id: persons.id })
      .from(persons)
      .where(and(eq(persons.siteId, input.siteId), eq(persons.idNumberHash, hash)));
    await appendAudit(tx, actor, {
      action: 'kiosk.criminal_record.create',
      subjectType: 'criminal_record',
      subjectId: row!.id,
      fields: ['idNumber', 'name', 'offence', 'court', 'judgedOn', 'note'],
      siteId: input.siteId,
    });
    return toRecord(ctx, row!, person?.id ?? null);
  });
}

export async function deleteCriminalRecord(
  ctx: AppContext,
  actor: AuditActor,
  siteIds: string[],
  id: string,
) {
  const [row] = await ctx.db
    .select({ id: kioskCriminalRecords.id, siteId: kioskCriminalRecords.siteId })
    .from(kioskCriminalRecords)
    .where(eq(kioskCriminalRecords.id, id));
  if (!row || !siteIds.includes(row.siteId)) {
    throw new HttpError(404, 'not_found', m.msg('error.criminalRecordNotFound'));
  }
  await ctx.db.delete(kioskCriminalRecords).where(eq(kioskCriminalRecords.id, id));
  await appendAudit(ctx.db, actor, {
    action: 'kiosk.criminal_record.delete',
    subjectType: 'criminal_record',
    subjectId: id,
    siteId: row.siteId,
  });
}
