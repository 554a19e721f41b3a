import {
  and,
  count,
  desc,
  eq,
  gte,
  ilike,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import {
  can,
  type CertificateDetail,
  type CertificateListItem,
  type CertificateListQuery,
  type DailyCounts,
  maskIdNumber,
  maskName,
  type MyCertificates,
  type Role,
} from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { appendAudit, type AuditActor, escapeLike } from '../../platform/audit/service.ts';
import { devices } from '../../platform/auth/schema.ts';
import type { AppContext } from '../../platform/context.ts';
import { conflict, HttpError } from '../../platform/errors.ts';
import { addDays, shanghaiDate, shanghaiDayStart, ZONE } from '../../platform/time.ts';
import { persons } from '../registry/schema.ts';
import { anyUuid, idNumberHash } from '../registry/sql.ts';
import { statusOf, verifyUrlOf } from './certificates.ts';
import { kioskMessages as m } from './messages.ts';
import { kioskCertificates, kioskVerifications } from './schema.ts';

/** Who reads: role decides what is masked and whether criminal-record certificates exist for them. */
export interface CertificateReader {
  role: Role;
  siteIds: string[];
  actor: AuditActor;
}

const seesCriminal = (r: CertificateReader) => can(r.role, 'certificates.criminal');
const seesFullId = (r: CertificateReader) => can(r.role, 'registry.fullIdNumber');
const notFound = () => new HttpError(404, 'not_found', m.msg('error.certificateNotFound'));

type Row = typeof kioskCertificates.$inferSelect;

function listItem(ctx: AppContext, reader: CertificateReader, row: Row, today: string): CertificateListItem {
  const idNumber = ctx.keyring.decrypt('id-number', row.holderIdNumberEnc).toString('utf8');
  return {
    id: row.id,
    siteId: row.siteId,
    serial: row.serial,
    type: row.type,
    holderName: seesFullId(reader) ? row.holderName : maskName(row.holderName),
    holderIdNumber: seesFullId(reader) ? idNumber : maskIdNumber(idNumber),
    purpose: row.purpose,
    issuedAt: row.issuedAt.toISOString(),
    validUntil: row.validUntil,
    status: statusOf(row, today),
    revokedReason: row.revokedReason,
    verifyCount: row.verifyCount,
    issuedBy: row.issuedBy,
  };
}

/** Status as SQL, the mirror of statusOf. */
function statusCondition(status: CertificateListQuery['status'], today: string): SQL | undefined {
  const c = kioskCertificates;
  switch (status) {
    case 'revoked':
      return isNotNull(c.revokedAt);
    case 'superseded':
      return and(isNull(c.revokedAt), isNotNull(c.supersededBy));
    case 'expired':
      return and(isNull(c.revokedAt), isNull(c.supersededBy), lt(c.validUntil, today));
    case 'valid':
      return and(isNull(c.revokedAt), isNull(c.supersededBy), gte(c.validUntil, today));
    default:
      return undefined;
  }
}

export async function listCertificates(
  ctx: AppContext,
  reader: CertificateReader,
  query: CertificateListQuery,
  now: Date,
): Promise<{ items: CertificateListItem[]; total: number }> {
  const siteIds = query.siteId ? [query.siteId] : reader.siteIds;
  if (siteIds.length === 0) return { items: [], total: 0 };
  const today = shanghaiDate(now);
  const c = kioskCertificates;
  const where: (SQL | undefined)[] = [sql`${c.siteId} = ${anyUuid(siteIds)}`];
  // Property staff never see that a criminal-record certificate exists.
  if (!seesCriminal(reader)) where.push(ne(c.type, 'no_criminal_record'));
  if (query.type) where.push(eq(c.type, query.type));
  where.push(statusCondition(query.status, today));
  if (query.from) where.push(gte(c.issuedAt, shanghaiDayStart(query.from)));
  if (query.to) where.push(lt(c.issuedAt, shanghaiDayStart(addDays(query.to, 1))));
  const q = query.q?.trim();
  if (q) {
    const like = `%${escapeLike(q)}%`;
    const byText = or(ilike(c.serial, like), ilike(c.holderName, like));
    where.push(
      /^\d{17}[\dXx]$/.test(q) ? or(byText, eq(c.holderIdNumberHash, idNumberHash(ctx.keyring, q))) : byText,
    );
  }
  const cond = and(...where);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(c)
      .where(cond)
      .orderBy(desc(c.issuedAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db.select({ n: count() }).from(c).where(cond),
  ]);
  await appendAudit(ctx.db, reader.actor, {
    action: 'kiosk.certificates.list',
    subjectType: 'certificate',
    fields: seesFullId(reader) ? ['name', 'idNumber'] : ['name.masked', 'idNumber.masked'],
    siteId: siteIds.length === 1 ? siteIds[0] : null,
  });
  return { items: rows.map((r) => listItem(ctx, reader, r, today)), total: total?.n ?? 0 };
}

/** One certificate the reader may see, or 404 (another site's, or a criminal-record one for property). */
export async function certificateFor(db: Db, reader: CertificateReader, id: string): Promise<Row> {
  const [row] = await db.select().from(kioskCertificates).where(eq(kioskCertificates.id, id));
  if (!row || !reader.siteIds.includes(row.siteId)) throw notFound();
  if (row.type === 'no_criminal_record' && !seesCriminal(reader)) throw notFound();
  return row;
}

export async function certificateDetail(
  ctx: AppContext,
  reader: CertificateReader,
  id: string,
  origin: string,
  now: Date,
): Promise<CertificateDetail> {
  const row = await certificateFor(ctx.db, reader, id);
  const [device] = row.deviceId
    ? await ctx.db.select({ name: devices.name }).from(devices).where(eq(devices.id, row.deviceId))
    : [];
  const recent = await ctx.db
    .select({ at: kioskVerifications.at, result: kioskVerifications.result })
    .from(kioskVerifications)
    .where(eq(kioskVerifications.certificateId, row.id))
    .orderBy(desc(kioskVerifications.at))
    .limit(20);
  await appendAudit(ctx.db, reader.actor, {
    action: 'kiosk.certificate.read',
    subjectType: 'certificate',
    subjectId: row.id,
    fields: seesFullId(reader)
      ? ['name', 'idNumber', 'content']
      : ['name.masked', 'idNumber.masked', 'content'],
    siteId: row.siteId,
  });
  const item = listItem(ctx, reader, row, shanghaiDate(now));
  // Without full ID numbers the content shrinks to the masked name and sex: a birth date or
  // registered address beside a masked ID number would let property staff rebuild it.
  const content: Record<string, string> = seesFullId(reader)
    ? { ...row.content }
    : {
        ...(row.content.name ? { name: maskName(row.content.name) } : {}),
        ...(row.content.sex ? { sex: row.content.sex } : {}),
      };
  return {
    ...item,
    personId: row.personId,
    office: row.office,
    content,
    keyId: row.keyId,
    token: row.token,
    verifyUrl: verifyUrlOf(origin, row.token),
    detailViews: row.detailViews,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedBy: row.revokedBy,
    supersededBy: row.supersededBy,
    deviceId: row.deviceId,
    deviceName: device?.name ?? null,
    recentVerifications: recent.map((v) => ({
      at: v.at.toISOString(),
      result: v.result as CertificateDetail['recentVerifications'][number]['result'],
    })),
  };
}

export async function revokeCertificate(
  ctx: AppContext,
  reader: CertificateReader & { userId: string },
  id: string,
  reason: string,
  now: Date,
): Promise<void> {
  const row = await certificateFor(ctx.db, reader, id);
  if (row.revokedAt) throw conflict('already_revoked', m.msg('error.alreadyRevoked'));
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(kioskCertificates)
      .set({ revokedAt: now, revokedBy: reader.userId, revokedReason: reason })
      .where(and(eq(kioskCertificates.id, id), isNull(kioskCertificates.revokedAt)))
      .returning({ id: kioskCertificates.id });
    if (updated.length === 0) throw conflict('already_revoked', m.msg('error.alreadyRevoked'));
    await appendAudit(tx, reader.actor, {
      action: 'kiosk.certificate.revoke',
      subjectType: 'certificate',
      subjectId: id,
      purpose: reason,
      siteId: row.siteId,
    });
  });
}

/** Certificates issued per Asia/Shanghai day and type, oldest first, zeros included (dashboard). */
export async function dailyCounts(
  db: Db,
  reader: CertificateReader,
  siteIds: string[],
  days: number,
  now: Date,
): Promise<DailyCounts> {
  const today = shanghaiDate(now);
  const first = addDays(today, -(days - 1));
  const dates = Array.from({ length: days }, (_, i) => addDays(first, i));
  const empty = () => ({ hukou: 0, temporary_identity: 0, no_criminal_record: 0, total: 0 });
  const byDay = new Map(dates.map((d) => [d, { date: d, ...empty() }]));
  const verifications = new Map(dates.map((d) => [d, 0]));
  if (siteIds.length > 0) {
    const since = shanghaiDayStart(first);
    const [issued, verified] = await Promise.all([
      db
        .select({ day: kioskCertificates.issuedOn, type: kioskCertificates.type, n: count() })
        .from(kioskCertificates)
        .where(
          and(
            sql`${kioskCertificates.siteId} = ${anyUuid(siteIds)}`,
            gte(kioskCertificates.issuedOn, first),
            lte(kioskCertificates.issuedOn, today),
            seesCriminal(reader) ? undefined : ne(kioskCertificates.type, 'no_criminal_record'),
          ),
        )
        .groupBy(kioskCertificates.issuedOn, kioskCertificates.type),
      db
        .select({
          day: sql<string>`to_char(${kioskVerifications.at} AT TIME ZONE ${ZONE}, 'YYYY-MM-DD')`,
          n: count(),
        })
        .from(kioskVerifications)
        .where(
          and(sql`${kioskVerifications.siteId} = ${anyUuid(siteIds)}`, gte(kioskVerifications.at, since)),
        )
        .groupBy(sql`1`),
    ]);
    for (const r of issued) {
      const day = byDay.get(r.day);
      if (!day) continue;
      day[r.type] += r.n;
      day.total += r.n;
    }
    for (const v of verified) if (verifications.has(v.day)) verifications.set(v.day, v.n);
  }
  return {
    days: [...byDay.values()],
    verifications: [...verifications.entries()].map(([date, n]) => ({ date, count: n })),
  };
}

/** A resident's own certificates: those issued to their ID number (registry or not at issue time). */
export async function myCertificates(
  ctx: AppContext,
  personId: string | null,
  origin: string,
  now: Date,
): Promise<MyCertificates> {
  if (!personId) return { items: [] };
  const [person] = await ctx.db
    .select({ hash: persons.idNumberHash })
    .from(persons)
    .where(eq(persons.id, personId));
  if (!person) return { items: [] };
  const rows = await ctx.db
    .select()
    .from(kioskCertificates)
    .where(eq(kioskCertificates.holderIdNumberHash, person.hash))
    .orderBy(desc(kioskCertificates.issuedAt));
  const today = shanghaiDate(now);
  return {
    items: rows.map((r) => ({
      id: r.id,
      serial: r.serial,
      type: r.type,
      issuedAt: r.issuedAt.toISOString(),
      validUntil: r.validUntil,
      status: statusOf(r, today),
      verifyUrl: verifyUrlOf(origin, r.token),
    })),
  };
}
