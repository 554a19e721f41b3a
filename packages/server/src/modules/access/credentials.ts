import crypto from 'node:crypto';
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { ConsentInput, VisitorPassInput } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { conflict, HttpError, notFound } from '../../platform/errors.ts';
import { persons } from '../registry/schema.ts';
import { accessMessages as m } from './messages.ts';
import { consents, credentials, faceTemplates, visitorPasses } from './schema.ts';

/** Keyed hash of a card number or PIN, per site, for lookup at the gate. */
export const credentialHash = (keyring: Keyring, siteId: string, kind: 'card' | 'pin', secret: string) =>
  keyring.lookupHash('credential', `${siteId}:${kind}:${secret.trim().toUpperCase()}`);

export async function personInSites(db: Db, siteIds: string[], personId: string) {
  const [person] = await db
    .select({
      id: persons.id,
      siteId: persons.siteId,
      name: persons.name,
      birthDate: persons.birthDate,
      status: persons.status,
    })
    .from(persons)
    .where(and(eq(persons.id, personId), inArray(persons.siteId, siteIds)));
  if (!person) throw notFound(m.msg('person.notFound'));
  return person;
}

export async function listCredentials(db: Db, personId: string) {
  const rows = await db
    .select()
    .from(credentials)
    .where(eq(credentials.personId, personId))
    .orderBy(desc(credentials.createdAt));
  return rows.map((c) => ({
    id: c.id,
    kind: c.kind,
    hint: c.hint,
    status: c.status,
    validFrom: c.validFrom?.toISOString() ?? null,
    validTo: c.validTo?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  }));
}

export async function issueCard(
  db: Db,
  keyring: Keyring,
  person: { id: string; siteId: string },
  input: { cardNumber: string; validFrom?: Date | undefined; validTo?: Date | undefined },
) {
  const secretHash = credentialHash(keyring, person.siteId, 'card', input.cardNumber);
  const [existing] = await db
    .select({ id: credentials.id })
    .from(credentials)
    .where(
      and(
        eq(credentials.siteId, person.siteId),
        eq(credentials.kind, 'card'),
        eq(credentials.secretHash, secretHash),
      ),
    );
  if (existing) {
    throw conflict('card_in_use', m.msg('credential.cardInUse'), [
      { field: 'body.cardNumber', message: m.msg('credential.cardInUseField') },
    ]);
  }
  const [row] = await db
    .insert(credentials)
    .values({
      siteId: person.siteId,
      personId: person.id,
      kind: 'card',
      secretHash,
      hint: `****${input.cardNumber.trim().slice(-4).toUpperCase()}`,
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
    })
    .returning({ id: credentials.id });
  return row!;
}

/**
 * Issues an 8-digit PIN, shown once. Generated, never chosen, so PINs are spread over 10^8 and a
 * guess at the gate has odds of residents/10^8; repeated wrong PINs at a gate are throttled too.
 * A person has at most one active PIN: issuing a new one revokes the old.
 */
export async function issuePin(db: Db, keyring: Keyring, person: { id: string; siteId: string }, now: Date) {
  return db.transaction(async (tx) => {
    await tx
      .update(credentials)
      .set({ status: 'revoked', revokedAt: now })
      .where(
        and(
          eq(credentials.personId, person.id),
          eq(credentials.kind, 'pin'),
          eq(credentials.status, 'active'),
        ),
      );
    for (let attempt = 0; attempt < 5; attempt++) {
      const pin = String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');
      const secretHash = credentialHash(keyring, person.siteId, 'pin', pin);
      const inserted = await tx
        .insert(credentials)
        .values({ siteId: person.siteId, personId: person.id, kind: 'pin', secretHash, hint: null })
        .onConflictDoNothing()
        .returning({ id: credentials.id });
      if (inserted[0]) return { id: inserted[0].id, pin };
    }
    throw new Error('could not draw a unique PIN');
  });
}

export async function revokeCredential(db: Db, siteIds: string[], credentialId: string, now: Date) {
  const [row] = await db
    .update(credentials)
    .set({ status: 'revoked', revokedAt: now })
    .where(
      and(
        eq(credentials.id, credentialId),
        inArray(credentials.siteId, siteIds),
        eq(credentials.status, 'active'),
      ),
    )
    .returning({ id: credentials.id, personId: credentials.personId, siteId: credentials.siteId });
  if (!row) throw notFound(m.msg('credential.notFound'));
  return row;
}

/** Which rows are a person's active face credential (the gate's claim, enrolment, withdrawal). */
const activeFaceOf = (personId: string) =>
  and(eq(credentials.personId, personId), eq(credentials.kind, 'face'), eq(credentials.status, 'active'));

/** The person's active face credential id, or null (enrolment makes one). */
export async function activeFaceCredentialId(db: Db, personId: string): Promise<string | null> {
  const [row] = await db.select({ id: credentials.id }).from(credentials).where(activeFaceOf(personId));
  return row?.id ?? null;
}

// ---- consent (separate, for biometrics) ----

export async function activeConsent(
  db: Db,
  personId: string,
  purpose: 'face_recognition' | 'keep_enrolment_photo',
) {
  const [row] = await db
    .select()
    .from(consents)
    .where(and(eq(consents.personId, personId), eq(consents.purpose, purpose), isNull(consents.withdrawnAt)));
  return row ?? null;
}

export async function listConsents(db: Db, personId: string) {
  const rows = await db
    .select()
    .from(consents)
    .where(eq(consents.personId, personId))
    .orderBy(desc(consents.grantedAt));
  return rows.map((c) => ({
    id: c.id,
    purpose: c.purpose,
    textVersion: c.textVersion,
    channel: c.channel,
    guardianName: c.guardianName,
    grantedAt: c.grantedAt.toISOString(),
    withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
  }));
}

export async function recordConsent(
  db: Db,
  person: { id: string; siteId: string; ageYears: number },
  input: ConsentInput,
  witnessUserId: string | null,
  now: Date,
) {
  if (person.ageYears < 14 && !input.guardianName) {
    throw new HttpError(400, 'guardian_required', m.msg('consent.guardianRequired'), [
      { field: 'body.guardianName', message: m.msg('consent.guardianNameRequired') },
    ]);
  }
  if (await activeConsent(db, person.id, input.purpose)) {
    throw conflict('consent_exists', m.msg('consent.exists'), [
      { field: 'body.purpose', message: m.msg('consent.exists') },
    ]);
  }
  const [row] = await db
    .insert(consents)
    .values({
      siteId: person.siteId,
      personId: person.id,
      purpose: input.purpose,
      textVersion: input.textVersion,
      channel: input.channel,
      guardianName: input.guardianName ?? null,
      witnessUserId,
      grantedAt: now,
    })
    .returning({ id: consents.id });
  return row!;
}

/**
 * Withdrawal takes effect at once: face consent withdrawn deletes every template of the person;
 * photo-keeping consent withdrawn deletes the kept photos. Returns what was deleted.
 */
export async function withdrawConsent(
  db: Db,
  siteIds: string[],
  consentId: string,
  now: Date,
  personId?: string,
) {
  return db.transaction(async (tx) => {
    const [consent] = await tx
      .update(consents)
      .set({ withdrawnAt: now })
      .where(
        and(
          eq(consents.id, consentId),
          inArray(consents.siteId, siteIds),
          isNull(consents.withdrawnAt),
          ...(personId ? [eq(consents.personId, personId)] : []),
        ),
      )
      .returning();
    if (!consent) throw notFound(m.msg('consent.notFound'));
    let templatesDeleted = 0;
    if (consent.purpose === 'face_recognition') {
      const deleted = await tx
        .delete(faceTemplates)
        .where(eq(faceTemplates.personId, consent.personId))
        .returning({ id: faceTemplates.id });
      templatesDeleted = deleted.length;
      await tx
        .update(credentials)
        .set({ status: 'revoked', revokedAt: now })
        .where(activeFaceOf(consent.personId));
    } else {
      await tx
        .update(faceTemplates)
        .set({ photoEnc: null })
        .where(eq(faceTemplates.personId, consent.personId));
    }
    return { consent, templatesDeleted };
  });
}

// ---- visitor passes ----

export async function createVisitorPass(db: Db, input: VisitorPassInput, issuedBy: string | null) {
  const [row] = await db
    .insert(visitorPasses)
    .values({
      siteId: input.siteId,
      hostPersonId: input.hostPersonId ?? null,
      issuedBy,
      visitorName: input.visitorName,
      visitorPhone: input.visitorPhone ?? null,
      validFrom: new Date(input.validFrom),
      validTo: new Date(input.validTo),
      maxUses: input.maxUses,
    })
    .returning();
  return row!;
}

export async function listVisitorPasses(db: Db, siteIds: string[], hostPersonId?: string) {
  if (siteIds.length === 0) return [];
  const rows = await db
    .select()
    .from(visitorPasses)
    .where(
      and(
        inArray(visitorPasses.siteId, siteIds),
        ...(hostPersonId ? [eq(visitorPasses.hostPersonId, hostPersonId)] : []),
      ),
    )
    .orderBy(desc(visitorPasses.createdAt))
    .limit(200);
  return rows.map(toVisitorPass);
}

export function toVisitorPass(p: typeof visitorPasses.$inferSelect) {
  return {
    id: p.id,
    siteId: p.siteId,
    hostPersonId: p.hostPersonId,
    visitorName: p.visitorName,
    validFrom: p.validFrom.toISOString(),
    validTo: p.validTo.toISOString(),
    maxUses: p.maxUses,
    uses: p.uses,
    revokedAt: p.revokedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
  };
}

export async function revokeVisitorPass(
  db: Db,
  siteIds: string[],
  passId: string,
  now: Date,
  hostPersonId?: string,
) {
  const [row] = await db
    .update(visitorPasses)
    .set({ revokedAt: now })
    .where(
      and(
        eq(visitorPasses.id, passId),
        inArray(visitorPasses.siteId, siteIds),
        isNull(visitorPasses.revokedAt),
        ...(hostPersonId ? [eq(visitorPasses.hostPersonId, hostPersonId)] : []),
      ),
    )
    .returning({ id: visitorPasses.id, siteId: visitorPasses.siteId });
  if (!row) throw notFound(m.msg('visitorPass.notFound'));
  return row;
}
