/**
 * What the kiosk reads of the registry about one person, found by ID number (the registry's keyed
 * lookup hash, as its own duplicate check does). The registry has no service function answering
 * "this site's person with this ID number and their residencies", so, like the access module's
 * person-facts.ts, this reads its tables (read only).
 */
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { persons, residencies, tenancies } from '../registry/schema.ts';
import { idNumberHash } from '../registry/sql.ts';
import { residencyStatusOn } from '../registry/validity.ts';

export interface KioskPersonFacts {
  personId: string;
  name: string;
  birthDate: string;
  hukouRegionCode: string | null;
  hukouAddress: string | null;
  workplace: string | null;
  phoneEnc: string | null;
  residencies: Array<{
    type: string;
    validFrom: string;
    status: string;
    /** a tenancy contract is on record for this residency */
    hasTenancy: boolean;
  }>;
}

export async function personIdOf(ctx: AppContext, siteId: string, idNumber: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ id: persons.id })
    .from(persons)
    .where(
      and(
        eq(persons.siteId, siteId),
        eq(persons.idNumberHash, idNumberHash(ctx.keyring, idNumber)),
        eq(persons.status, 'active'),
      ),
    );
  return row?.id ?? null;
}

export async function kioskPersonFacts(
  ctx: AppContext,
  siteId: string,
  personId: string,
  today: string,
): Promise<KioskPersonFacts | null> {
  const [p] = await ctx.db
    .select()
    .from(persons)
    .where(and(eq(persons.id, personId), eq(persons.siteId, siteId)));
  if (!p) return null;
  const rows = await ctx.db
    .select({ r: residencies, t: tenancies })
    .from(residencies)
    .leftJoin(tenancies, eq(tenancies.id, residencies.tenancyId))
    .where(eq(residencies.personId, personId));
  return {
    personId: p.id,
    name: p.name,
    birthDate: p.birthDate,
    hukouRegionCode: p.hukouRegionCode,
    hukouAddress: p.hukouAddress,
    workplace: p.workplace,
    phoneEnc: p.phoneEnc,
    residencies: rows.map(({ r, t }) => ({
      type: r.type,
      validFrom: r.validFrom,
      status: residencyStatusOn(r, t, today),
      hasTenancy: !!t,
    })),
  };
}
