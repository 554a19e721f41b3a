import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { OfficeKey, PublicKey } from '@anju/contracts';
import type { Db, Tx } from '../../db/client.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { jurisdictions, sites } from '../../platform/org/schema.ts';
import { kioskCertificates, kioskOfficeKeys, kioskSettings } from './schema.ts';
import { generateOfficeKey, type OfficeKeyMaterial } from './signing.ts';

/**
 * The office's signing keys: one active per site (made the first time a certificate is signed),
 * rotated on request; a retired key stays published so what it signed keeps verifying.
 */
export async function activeOfficeKey(
  db: Db | Tx,
  keyring: Keyring,
  siteId: string,
  now: Date,
): Promise<OfficeKeyMaterial> {
  const active = async () =>
    (
      await db
        .select({
          kid: kioskOfficeKeys.kid,
          publicKey: kioskOfficeKeys.publicKey,
          privateKeyEnc: kioskOfficeKeys.privateKeyEnc,
        })
        .from(kioskOfficeKeys)
        .where(and(eq(kioskOfficeKeys.siteId, siteId), eq(kioskOfficeKeys.status, 'active')))
    )[0];
  const found = await active();
  if (found) return found;
  // Two first certificates at once: the unique index on the active key lets one insert win.
  await db
    .insert(kioskOfficeKeys)
    .values({ siteId, ...generateOfficeKey(keyring), createdAt: now })
    .onConflictDoNothing();
  const made = await active();
  if (!made) throw new Error('no active office key after creating one');
  return made;
}

export async function rotateOfficeKey(db: Db, keyring: Keyring, siteId: string, now: Date): Promise<string> {
  const next = generateOfficeKey(keyring);
  await db.transaction(async (tx) => {
    await tx
      .update(kioskOfficeKeys)
      .set({ status: 'retired', retiredAt: now })
      .where(and(eq(kioskOfficeKeys.siteId, siteId), eq(kioskOfficeKeys.status, 'active')));
    await tx.insert(kioskOfficeKeys).values({ siteId, ...next, createdAt: now });
  });
  return next.kid;
}

export async function officeKeysOf(db: Db, siteId: string): Promise<OfficeKey[]> {
  const rows = await db
    .select({
      kid: kioskOfficeKeys.kid,
      publicKey: kioskOfficeKeys.publicKey,
      status: kioskOfficeKeys.status,
      createdAt: kioskOfficeKeys.createdAt,
      retiredAt: kioskOfficeKeys.retiredAt,
      certificates: sql<number>`(SELECT count(*)::int FROM ${kioskCertificates} c WHERE c.key_id = ${kioskOfficeKeys.kid})`,
    })
    .from(kioskOfficeKeys)
    .where(eq(kioskOfficeKeys.siteId, siteId))
    .orderBy(asc(kioskOfficeKeys.createdAt));
  return rows.map((r) => ({
    ...r,
    certificates: Number(r.certificates),
    createdAt: r.createdAt.toISOString(),
    retiredAt: r.retiredAt?.toISOString() ?? null,
  }));
}

/** Every office's keys, current and retired, as the verification page needs them. */
export async function publishedKeys(db: Db): Promise<PublicKey[]> {
  const rows = await db
    .select({
      kid: kioskOfficeKeys.kid,
      publicKey: kioskOfficeKeys.publicKey,
      siteId: kioskOfficeKeys.siteId,
      status: kioskOfficeKeys.status,
      createdAt: kioskOfficeKeys.createdAt,
      office: sql<string>`COALESCE(${kioskSettings.officeName}, ${jurisdictions.name}, ${sites.name})`,
    })
    .from(kioskOfficeKeys)
    .innerJoin(sites, eq(sites.id, kioskOfficeKeys.siteId))
    .leftJoin(kioskSettings, eq(kioskSettings.siteId, kioskOfficeKeys.siteId))
    .leftJoin(jurisdictions, eq(jurisdictions.id, sites.policeOfficeId))
    .orderBy(asc(kioskOfficeKeys.createdAt));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** kid → public key of every key ever published (for checking signatures on the server). */
export async function publicKeyMap(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .select({ kid: kioskOfficeKeys.kid, publicKey: kioskOfficeKeys.publicKey })
    .from(kioskOfficeKeys);
  return new Map(rows.map((r) => [r.kid, r.publicKey]));
}

export async function keyCount(db: Db, siteId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(kioskOfficeKeys)
    .where(eq(kioskOfficeKeys.siteId, siteId));
  return row?.n ?? 0;
}
