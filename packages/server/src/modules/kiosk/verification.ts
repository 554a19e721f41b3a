import { and, eq, sql } from 'drizzle-orm';
import { KIOSK_SETTINGS_DEFAULTS, type VerifyResult } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { HttpError } from '../../platform/errors.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { statusOf } from './certificates.ts';
import { kioskMessages as m } from './messages.ts';
import { publicKeyMap } from './office-keys.ts';
import { kioskCertificates, kioskSettings, kioskVerifications } from './schema.ts';
import { verifyCertificateToken } from './signing.ts';

const REASON_MESSAGES = {
  malformed: 'error.tokenMalformed',
  bad_signature: 'error.tokenBadSignature',
  unknown_key: 'error.tokenUnknownKey',
} as const;

/**
 * The public verification: the server checks the signature too (a page that skipped it must not
 * get a status for a forged token), then reads the certificate's status as it is now — no cache,
 * so a revocation shows on the next check. Every verification is logged and counted; after the
 * certificate's K detail views only the status is shown.
 */
export async function verifyToken(
  db: Db,
  token: string,
  now: Date,
  ip: string | null,
): Promise<VerifyResult> {
  const checked = verifyCertificateToken(token, await publicKeyMap(db));
  if (!checked.ok) {
    await db.insert(kioskVerifications).values({ at: now, result: `invalid:${checked.reason}`, ip });
    throw new HttpError(400, 'invalid_token', m.msg(REASON_MESSAGES[checked.reason]), [
      { field: 'body.token', message: m.msg(REASON_MESSAGES[checked.reason]), reason: checked.reason },
    ]);
  }
  const claims = checked.claims;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: kioskCertificates.id,
        siteId: kioskCertificates.siteId,
        serial: kioskCertificates.serial,
        type: kioskCertificates.type,
        holderName: kioskCertificates.holderName,
        issuedOn: kioskCertificates.issuedOn,
        validUntil: kioskCertificates.validUntil,
        office: kioskCertificates.office,
        revokedAt: kioskCertificates.revokedAt,
        revokedReason: kioskCertificates.revokedReason,
        supersededBy: kioskCertificates.supersededBy,
        detailViews: kioskCertificates.detailViews,
        limit: kioskSettings.verifyDetailLimit,
      })
      .from(kioskCertificates)
      .leftJoin(kioskSettings, eq(kioskSettings.siteId, kioskCertificates.siteId))
      .where(and(eq(kioskCertificates.serial, claims.s), eq(kioskCertificates.keyId, claims.k)))
      .for('update', { of: kioskCertificates });
    if (!row) {
      // Signed by one of our keys, yet not on record (a restored database, a test print).
      await tx.insert(kioskVerifications).values({ at: now, result: 'unknown', ip });
      return { status: 'unknown' as const };
    }
    const status = statusOf(row, shanghaiDate(now));
    const limit = row.limit ?? KIOSK_SETTINGS_DEFAULTS.verifyDetailLimit;
    const show = row.detailViews < limit;
    await tx
      .update(kioskCertificates)
      .set({
        verifyCount: sql`${kioskCertificates.verifyCount} + 1`,
        ...(show ? { detailViews: sql`${kioskCertificates.detailViews} + 1` } : {}),
      })
      .where(eq(kioskCertificates.id, row.id));
    await tx.insert(kioskVerifications).values({
      certificateId: row.id,
      siteId: row.siteId,
      at: now,
      result: status,
      detailsShown: show ? 1 : 0,
      ip,
    });
    if (!show) return { status, detailsHidden: true };
    return {
      status,
      certificate: {
        serial: row.serial,
        type: row.type,
        // No more than the QR itself states: the masked name as printed in the claims.
        maskedHolder: claims.n,
        issuedOn: row.issuedOn,
        validUntil: row.validUntil,
        office: row.office,
        ...(row.revokedAt ? { revokedAt: row.revokedAt.toISOString() } : {}),
        ...(row.revokedReason ? { revokedReason: row.revokedReason } : {}),
      },
      detailsHidden: false,
    };
  });
}
