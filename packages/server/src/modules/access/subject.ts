import { eq, sql } from 'drizzle-orm';
import { accessReasonText, type Lang, type SubjectExport } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { listConsents, listCredentials, listVisitorPasses } from './credentials.ts';
import { accessEventBatches } from './events-query.ts';
import { faceTemplates } from './schema.ts';

const PAGE = 1000;

/**
 * What the access module holds about one person, for their own copy (PIPL Art. 45): consents,
 * credentials without their secrets (kind, status, validity, the last four of a card; never a PIN,
 * a full card number or a face template), face templates as facts (model, when, whether a photo
 * was kept), the visitor passes they issued and their whole access log (no similarity scores, no
 * images). The caller audits the disclosure.
 */
export async function subjectAccessRecord(
  db: Db,
  siteIds: string[],
  personId: string,
  /** The reader's language for the refusal reasons. */
  lang: Lang,
): Promise<
  Pick<SubjectExport, 'consents' | 'credentials' | 'faceTemplates' | 'visitorPasses' | 'accessLog'>
> {
  const [consents, credentials, templates, passes] = await Promise.all([
    listConsents(db, personId),
    listCredentials(db, personId),
    db
      .select({
        modelId: faceTemplates.modelId,
        modelVersion: faceTemplates.modelVersion,
        source: faceTemplates.source,
        photoKept: sql<boolean>`${faceTemplates.photoEnc} IS NOT NULL`,
        createdAt: faceTemplates.createdAt,
      })
      .from(faceTemplates)
      .where(eq(faceTemplates.personId, personId)),
    listVisitorPasses(db, siteIds, personId),
  ]);
  const accessLog: SubjectExport['accessLog'] = [];
  for await (const items of accessEventBatches(db, { personId, siteIds, identifyPersons: true }, PAGE)) {
    for (const e of items) {
      accessLog.push({
        at: e.at,
        gateName: e.gateName,
        direction: e.direction,
        method: e.method,
        decision: e.decision,
        reason: e.reason,
        reasonText: accessReasonText(e.reason, lang),
      });
    }
  }
  return {
    consents: consents.map((c) => ({
      purpose: c.purpose,
      textVersion: c.textVersion,
      channel: c.channel,
      guardianName: c.guardianName,
      grantedAt: c.grantedAt,
      withdrawnAt: c.withdrawnAt,
    })),
    credentials: credentials.map((c) => ({
      kind: c.kind,
      status: c.status,
      cardEnding: c.kind === 'card' ? c.hint : null,
      validFrom: c.validFrom,
      validTo: c.validTo,
      createdAt: c.createdAt,
    })),
    faceTemplates: templates.map((t) => ({
      modelId: t.modelId,
      modelVersion: t.modelVersion,
      source: t.source,
      photoKept: t.photoKept,
      createdAt: t.createdAt.toISOString(),
    })),
    visitorPasses: passes.map((v) => ({
      visitorName: v.visitorName,
      validFrom: v.validFrom,
      validTo: v.validTo,
      maxUses: v.maxUses,
      uses: v.uses,
      revoked: v.revokedAt !== null,
    })),
    accessLog,
  };
}
