import { and, count, eq, gt, gte, isNull, ne, sql } from 'drizzle-orm';
import {
  type CertificateClaims,
  type CertificateRefusal,
  type CertificateStatus,
  type CertificateType,
  CERTIFICATE_TYPES,
  type IssuedCertificate,
  type Lang,
  maskIdNumber,
  maskName,
  renderMessage,
  type ServiceOffer,
} from '@anju/contracts';
import type { Db, Tx } from '../../db/client.ts';
import type { AuditActor } from '../../platform/audit/service.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { HttpError } from '../../platform/errors.ts';
import { addDays, shanghaiDate } from '../../platform/time.ts';
import { idNumberHash } from '../registry/sql.ts';
import { renderCertificatePdf } from './certificate-pdf.ts';
import type { VerifiedCheck } from './check-ref.ts';
import { hasCriminalRecord } from './criminal-records.ts';
import { certificateEligibility } from './eligibility.ts';
import { kioskMessages as m } from './messages.ts';
import { activeOfficeKey } from './office-keys.ts';
import { kioskCertificates, kioskSerialCounters } from './schema.ts';
import { addMonths, type KioskRules, kioskSettingsOf } from './settings.ts';
import { signCertificate } from './signing.ts';

/** Serial prefixes: 户籍 HJ, 临时 LS, 无犯罪 WF (HJ-20261202-000123). */
export const SERIAL_PREFIX: Record<CertificateType, string> = {
  hukou: 'HJ',
  temporary_identity: 'LS',
  no_criminal_record: 'WF',
};
/** 户籍证明 carries no configured validity; a household-registration fact is good for this long. */
export const HUKOU_VALID_DAYS = 90;
const NCR_PERIOD_DAYS = 365;

interface Services {
  db: Db;
  keyring: Keyring;
}

/** The holder as the person-and-ID check established them. */
export type CertificateHolder = Pick<
  VerifiedCheck,
  'idNumber' | 'name' | 'sex' | 'birthDate' | 'personId' | 'hukouRegionCode' | 'hukouAddress'
>;

function quotaOf(type: CertificateType, rules: KioskRules): { max: number; days: number } | null {
  if (type === 'temporary_identity')
    return { max: rules.temporaryMaxPerPeriod, days: rules.temporaryPeriodDays };
  if (type === 'no_criminal_record') return { max: rules.ncrMaxPerYear, days: NCR_PERIOD_DAYS };
  return null;
}

async function issuedSince(db: Db | Tx, hash: string, type: CertificateType, after: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(kioskCertificates)
    .where(
      and(
        eq(kioskCertificates.holderIdNumberHash, hash),
        eq(kioskCertificates.type, type),
        gt(kioskCertificates.issuedOn, after),
      ),
    );
  return row?.n ?? 0;
}

async function eligibilityOf(
  db: Db | Tx,
  hash: string,
  holder: CertificateHolder,
  type: CertificateType,
  rules: KioskRules,
  today: string,
) {
  const quota = quotaOf(type, rules);
  const result = certificateEligibility({
    type,
    inRegistry: holder.personId !== null,
    hukouRegionCode: holder.hukouRegionCode,
    hukouRegionPrefixes: rules.hukouRegionPrefixes,
    cityPrefix: rules.cityPrefix,
    recordPresent: type === 'no_criminal_record' ? await hasCriminalRecord(db as Db, hash) : false,
    issuedInPeriod: quota ? await issuedSince(db, hash, type, addDays(today, -quota.days)) : 0,
    quotaMax: quota?.max ?? null,
  });
  return { result, quota };
}

export function refusalMessage(reason: CertificateRefusal, quota: { max: number; days: number } | null) {
  return reason === 'quota_exceeded'
    ? m.msg('refusal.quota_exceeded', { max: quota?.max ?? 0, days: quota?.days ?? 0 })
    : m.msg(`refusal.${reason}`);
}

/**
 * What the kiosk offers this holder among the certificates (for the person-and-ID check's answer).
 * A present criminal record shows only as "see the officer".
 */
export async function certificateOffers(
  services: Services,
  siteId: string,
  holder: CertificateHolder,
  now: Date,
  lang: Lang,
): Promise<ServiceOffer[]> {
  const rules = await kioskSettingsOf(services.db, siteId);
  const hash = idNumberHash(services.keyring, holder.idNumber);
  const today = shanghaiDate(now);
  const offers: ServiceOffer[] = [];
  for (const type of CERTIFICATE_TYPES) {
    const { result, quota } = await eligibilityOf(services.db, hash, holder, type, rules, today);
    const needsPurpose = type === 'no_criminal_record' ? { needsPurpose: true } : {};
    if (result.eligible) offers.push({ service: type, available: true, ...needsPurpose });
    else {
      const msg = refusalMessage(result.reason, quota);
      offers.push({
        service: type,
        available: false,
        reasonCode: result.reason,
        reason: renderMessage(msg, lang),
        ...needsPurpose,
      });
    }
  }
  return offers;
}

export function validUntilOf(type: CertificateType, rules: KioskRules, today: string): string {
  if (type === 'temporary_identity') return addDays(today, rules.temporaryValidDays - 1);
  if (type === 'no_criminal_record') return addDays(addMonths(today, rules.ncrValidMonths), -1);
  return addDays(today, HUKOU_VALID_DAYS - 1);
}

/** The next serial of a type for a day: one counter row per prefix and day, bumped atomically. */
async function nextSerial(tx: Tx, type: CertificateType, today: string): Promise<string> {
  const prefix = SERIAL_PREFIX[type];
  const day = today.replaceAll('-', '');
  const [row] = await tx
    .insert(kioskSerialCounters)
    .values({ prefix, day, last: 1 })
    .onConflictDoUpdate({
      target: [kioskSerialCounters.prefix, kioskSerialCounters.day],
      set: { last: sql`${kioskSerialCounters.last} + 1` },
    })
    .returning({ last: kioskSerialCounters.last });
  return `${prefix}-${day}-${String(row!.last).padStart(6, '0')}`;
}

export interface IssueRequest {
  check: VerifiedCheck;
  deviceId: string | null;
  type: CertificateType;
  purpose?: string | undefined;
  /** `https://host` the verification link points at */
  origin: string;
  now: Date;
  actor: AuditActor;
}

/**
 * Issues a certificate in one transaction: eligibility (registry, record, quota), serial, the
 * office key (made the first time), the signed token, the row and its audit entry. Refusals are
 * audited too and issue nothing.
 */
export async function issueCertificate(services: Services, req: IssueRequest): Promise<IssuedCertificate> {
  const { db, keyring } = services;
  const { check, type, now } = req;
  const purpose = req.purpose?.trim() || null;
  const refused = async (reason: string) =>
    appendAudit(db, req.actor, {
      action: 'kiosk.certificate.refused',
      subjectType: 'certificate',
      fields: [type],
      purpose: reason,
      siteId: check.siteId,
    });
  if (type === 'no_criminal_record' && !purpose) {
    await refused('purpose_required');
    throw new HttpError(400, 'validation_error', m.msg('error.purposeRequired'), [
      { field: 'body.purpose', message: m.msg('error.purposeRequired') },
    ]);
  }
  const rules = await kioskSettingsOf(db, check.siteId);
  const hash = idNumberHash(keyring, check.idNumber);
  const today = shanghaiDate(now);
  const outcome = await db.transaction(async (tx) => {
    // One issue per ID number at a time, so two kiosks cannot both pass the quota.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`kiosk:${hash}`}))`);
    const { result, quota } = await eligibilityOf(tx, hash, check, type, rules, today);
    if (!result.eligible) return { kind: 'refused', refused: result.reason, quota } as const;
    const key = await activeOfficeKey(tx, keyring, check.siteId, now);
    const serial = await nextSerial(tx, type, today);
    const validUntil = validUntilOf(type, rules, today);
    const claims: CertificateClaims = {
      a: 'Ed25519',
      k: key.kid,
      s: serial,
      t: type,
      n: maskName(check.name),
      i: today,
      u: validUntil,
      o: rules.officeName.slice(0, 80),
    };
    const token = signCertificate(keyring, key, claims);
    const content: Record<string, string> = {
      name: check.name,
      sex: check.sex,
      birthDate: check.birthDate,
      idNumber: maskIdNumber(check.idNumber),
    };
    if (type !== 'no_criminal_record' && check.hukouAddress) content.hukouAddress = check.hukouAddress;
    const [row] = await tx
      .insert(kioskCertificates)
      .values({
        siteId: check.siteId,
        serial,
        type,
        holderName: check.name,
        holderIdNumberEnc: keyring.encrypt('id-number', check.idNumber),
        holderIdNumberHash: hash,
        personId: check.personId,
        content,
        purpose,
        issuedAt: now,
        issuedOn: today,
        validUntil,
        office: claims.o,
        keyId: key.kid,
        token,
        issuedBy: req.deviceId ? 'kiosk' : 'console',
        deviceId: req.deviceId,
        checkId: check.checkId,
        createdAt: now,
      })
      .returning({ id: kioskCertificates.id });
    // The holder's earlier certificate of this type that is still in force is superseded by this one.
    await tx
      .update(kioskCertificates)
      .set({ supersededBy: row!.id })
      .where(
        and(
          eq(kioskCertificates.siteId, check.siteId),
          eq(kioskCertificates.holderIdNumberHash, hash),
          eq(kioskCertificates.type, type),
          ne(kioskCertificates.id, row!.id),
          isNull(kioskCertificates.revokedAt),
          isNull(kioskCertificates.supersededBy),
          gte(kioskCertificates.validUntil, today),
        ),
      );
    await appendAudit(tx, req.actor, {
      action: 'kiosk.certificate.issue',
      subjectType: 'certificate',
      subjectId: row!.id,
      fields: ['name', 'idNumber', type],
      siteId: check.siteId,
    });
    return { kind: 'issued', id: row!.id, serial, validUntil, token } as const;
  });
  if (outcome.kind === 'refused') {
    await refused(outcome.refused);
    const reason = refusalMessage(outcome.refused, outcome.quota);
    if (outcome.refused === 'quota_exceeded') {
      throw new HttpError(409, 'quota_exceeded', reason, [
        { field: 'body.type', message: reason, reasonCode: outcome.refused },
      ]);
    }
    throw new HttpError(403, 'not_eligible', reason, [
      { field: 'body.type', message: reason, reasonCode: outcome.refused },
    ]);
  }
  return {
    id: outcome.id,
    serial: outcome.serial,
    type,
    issuedOn: today,
    validUntil: outcome.validUntil,
    token: outcome.token,
    verifyUrl: verifyUrlOf(req.origin, outcome.token),
  };
}

export const verifyUrlOf = (origin: string, token: string) => `${origin}/verify#${token}`;

export function statusOf(
  row: { revokedAt: Date | null; supersededBy: string | null; validUntil: string },
  today: string,
): CertificateStatus {
  if (row.revokedAt) return 'revoked';
  if (row.supersededBy) return 'superseded';
  if (row.validUntil < today) return 'expired';
  return 'valid';
}

/** The PDF of a stored certificate (issue, kiosk download, reprint: always the same page). */
export async function certificatePdf(
  db: Db,
  id: string,
  origin: string,
): Promise<{ bytes: Uint8Array; serial: string }> {
  const [row] = await db.select().from(kioskCertificates).where(eq(kioskCertificates.id, id));
  if (!row) throw new HttpError(404, 'not_found', m.msg('error.certificateNotFound'));
  const settings = await kioskSettingsOf(db, row.siteId);
  const bytes = await renderCertificatePdf({
    serial: row.serial,
    type: row.type,
    content: row.content,
    purpose: row.purpose,
    office: row.office,
    issuedAt: row.issuedAt,
    issuedOn: row.issuedOn,
    validUntil: row.validUntil,
    verifyUrl: verifyUrlOf(origin, row.token),
    origin,
    sealPng: settings.sealPng,
  });
  return { bytes, serial: row.serial };
}
