import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Lang, SubjectExport } from '@anju/contracts';
import { queryRows, type Db } from '../../db/client.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { notFound } from '../../platform/errors.ts';
import { sites } from '../../platform/org/schema.ts';
import { residencyHistory } from './persons.ts';
import { householdsOf } from './queries.ts';
import { registryMessages as m } from './messages.ts';
import { persons, visits } from './schema.ts';
import { anyUuid, openSealed, tenancyStatusSql } from './sql.ts';
import { type TenancyQueryRow, toTenancy } from './tenancies.ts';

/**
 * What the registry holds about one person, for their own copy (PIPL Art. 45): the record in full
 * (their own ID number and phone: they need to see what is stored to ask for a correction), the
 * residencies, the households they live in (who is in them, not the others' records), the
 * tenancies they are a tenant or landlord of, and the door-to-door visits. Not the police-only
 * note (警务备注). The caller audits the disclosure.
 */
export type SubjectRegistryRecord = Pick<
  SubjectExport,
  'person' | 'residencies' | 'households' | 'tenancies' | 'visits'
> & { site: SubjectExport['site'] };

export async function subjectRegistryRecord(
  db: Db,
  keyring: Keyring,
  siteIds: string[],
  personId: string,
  today: string,
  /** The reader's language for the status words. */
  lang: Lang,
): Promise<SubjectRegistryRecord> {
  const [row] = await db
    .select({ p: persons, siteName: sites.name })
    .from(persons)
    .innerJoin(sites, eq(sites.id, persons.siteId))
    .where(and(eq(persons.id, personId), inArray(persons.siteId, siteIds)));
  if (!row) throw notFound(m.msg('person.notFound'));
  const p = row.p;
  const [residencies, households, visitRows, tenancyRows] = await Promise.all([
    residencyHistory(db, [p.siteId], { personId: p.id }, today, lang),
    householdsOf(db, p.id, [p.siteId], today, lang),
    db.select().from(visits).where(eq(visits.personId, p.id)).orderBy(desc(visits.at)),
    queryRows<TenancyQueryRow & { is_landlord: boolean }>(
      db,
      sql`SELECT t.id, t.room_id, rm.label AS room_label, t.household_id, t.landlord_name, t.landlord_person_id,
            t.start_date::text AS start_date, t.end_date::text AS end_date, t.monthly_rent::float8 AS monthly_rent,
            t.file_id, t.previous_tenancy_id, ${tenancyStatusSql('t', today)} AS status,
            (SELECT jsonb_agg(jsonb_build_object('personId', p.id, 'name', p.name) ORDER BY r.created_at, p.name)
               FROM residencies r JOIN persons p ON p.id = r.person_id WHERE r.tenancy_id = t.id) AS tenants,
            (t.landlord_person_id IS NOT DISTINCT FROM ${p.id}) AS is_landlord, 0 AS total
          FROM tenancies t JOIN rooms rm ON rm.id = t.room_id
          WHERE t.site_id = ${anyUuid([p.siteId])}
            AND (t.landlord_person_id = ${p.id}
                 OR EXISTS (SELECT 1 FROM residencies r WHERE r.tenancy_id = t.id AND r.person_id = ${p.id}))
          ORDER BY t.start_date DESC`,
    ),
  ]);
  return {
    site: { id: p.siteId, name: row.siteName },
    person: {
      id: p.id,
      name: p.name,
      gender: p.gender,
      birthDate: p.birthDate,
      ethnicity: p.ethnicity,
      idNumber: openSealed(keyring, 'id-number', p.idNumberEnc)!,
      phone: openSealed(keyring, 'phone', p.phoneEnc),
      hukouAddress: p.hukouAddress,
      hukouRegionCode: p.hukouRegionCode,
      workplace: p.workplace,
      emergencyContactName: p.emergencyContactName,
      emergencyContactPhone: openSealed(keyring, 'phone', p.emergencyContactPhoneEnc),
      vehiclePlates: p.vehiclePlates,
      careFlags: p.careFlags,
      status: p.status,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    },
    residencies,
    households: households.map((h) => ({
      id: h.id,
      roomLabel: h.roomLabel,
      members: h.members.map((m) => ({
        name: m.name,
        relationToHead: m.relationToHead,
        type: m.type,
        since: m.since,
        validTo: m.validTo,
        statusLabel: m.statusLabel,
        isMe: m.isMe,
      })),
    })),
    tenancies: tenancyRows.map((r) => {
      const t = toTenancy(r, today, lang);
      return {
        id: t.id,
        roomLabel: t.roomLabel,
        role: r.is_landlord ? ('landlord' as const) : ('tenant' as const),
        landlordName: t.landlordName,
        startDate: t.startDate,
        endDate: t.endDate,
        monthlyRent: t.monthlyRent,
        statusLabel: t.statusLabel,
        tenants: t.tenants.map((x) => x.name),
        contractScanOnFile: t.fileId !== null,
      };
    }),
    visits: visitRows.map((v) => ({
      id: v.id,
      at: v.at.toISOString(),
      kind: v.kind,
      collectorName: v.collectorName,
      changedFields: v.changedFields,
      note: v.note,
    })),
  };
}
