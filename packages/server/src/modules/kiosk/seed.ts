import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { CertificateType } from '@anju/contracts';
import { queryRows } from '../../db/client.ts';
import type { AuditActor } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../../platform/demo-seed.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../platform/time.ts';
import { eq } from 'drizzle-orm';
import { issueCertificate } from './certificates.ts';
import type { VerifiedCheck } from './check-ref.ts';
import { activeOfficeKey } from './office-keys.ts';
import { kioskCertificates, kioskCriminalRecords } from './schema.ts';
import { saveKioskSettings } from './settings.ts';
import { idNumberHash } from '../registry/sql.ts';

const SEED_ACTOR: AuditActor = { id: null, name: 'demo-seed', role: null, ip: null };
const DEMO_ORIGIN = 'http://localhost:3000';

interface DemoPerson {
  id: string;
  name: string;
  gender: 'male' | 'female';
  birth_date: string;
  id_number_enc: string;
  hukou_region_code: string | null;
  hukou_address: string | null;
}

/**
 * The demo office's kiosk: settings (jurisdiction = the demo compound's district 410105, city
 * 4101 Zhengzhou), its signing key, the sample seal (no image uploaded: 样章 SAMPLE is printed),
 * criminal-record entries for three demo people (two of them local), and a few certificates
 * already issued — one revoked, one expired. People are chosen in a fixed order, so the same
 * people get the same things on every seed.
 */
export const kioskDemoSeeder: DemoSeeder = async (ctx, siteId) => {
  const { db, keyring } = ctx;
  const now = ctx.now();
  await saveKioskSettings(
    db,
    {
      siteId,
      officeName: '安居示范小区警务室（演示）',
      officePhone: '0371-00000000',
      openingHours: '工作日 8:30–12:00，14:30–18:00（演示）',
      hukouRegionPrefixes: ['410105'],
      cityPrefix: '4101',
      temporaryValidDays: 30,
      temporaryMaxPerPeriod: 3,
      temporaryPeriodDays: 90,
      ncrValidMonths: 3,
      ncrMaxPerYear: 3,
      verifyDetailLimit: 20,
    },
    null,
    now,
  );
  await activeOfficeKey(db, keyring, siteId, now);

  const people = await queryRows<DemoPerson>(
    db,
    sql`SELECT p.id, p.name, p.gender, p.birth_date::text AS birth_date, p.id_number_enc,
          p.hukou_region_code, p.hukou_address
        FROM persons p
        WHERE EXISTS (SELECT 1 FROM residencies r WHERE r.person_id = p.id AND r.status = 'active')
          AND p.site_id = ${siteId} AND p.status = 'active' AND p.birth_date < ${addDays(shanghaiDate(now), -365 * 18)}::date
        ORDER BY p.name, p.birth_date, p.id_number_enc LIMIT 400`,
  );
  // Sorted by name, birth date: the encrypted column only breaks exact ties and is never first.
  const district = people.filter((p) => p.hukou_region_code?.startsWith('410105'));
  const city = people.filter(
    (p) => p.hukou_region_code?.startsWith('4101') && !p.hukou_region_code.startsWith('410105'),
  );
  const outside = people.filter((p) => p.hukou_region_code && !p.hukou_region_code.startsWith('4101'));
  const idOf = (p: DemoPerson) => keyring.decrypt('id-number', p.id_number_enc).toString('utf8');

  // Criminal records: one local in the district, one elsewhere in the city, one from outside.
  const offences: [DemoPerson | undefined, string, string][] = [
    [district[3], '盗窃罪（演示数据）', '郑州市金水区人民法院（演示）'],
    [city[1], '危险驾驶罪（演示数据）', '郑州市中原区人民法院（演示）'],
    [outside[2], '诈骗罪（演示数据）', '示范市人民法院（演示）'],
  ];
  for (const [person, offence, court] of offences) {
    if (!person) continue;
    const idNumber = idOf(person);
    await db.insert(kioskCriminalRecords).values({
      siteId,
      idNumberEnc: keyring.encrypt('id-number', idNumber),
      idNumberHash: idNumberHash(keyring, idNumber),
      name: person.name,
      offence,
      court,
      judgedOn: addDays(shanghaiDate(now), -900),
      note: null,
      createdAt: now,
    });
  }

  // Issued at the demo kiosk when the identity side's seed has made one (else as from the console).
  const [kiosk] = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM devices WHERE site_id = ${siteId} AND kind = 'kiosk' AND revoked_at IS NULL ORDER BY created_at LIMIT 1`,
  );
  const issue = async (
    person: DemoPerson | undefined,
    type: CertificateType,
    daysAgo: number,
    purpose?: string,
  ) => {
    if (!person) return null;
    const at = new Date(shanghaiDayStart(addDays(shanghaiDate(now), -daysAgo)).getTime() + 10 * 3600_000);
    const check: VerifiedCheck = {
      checkId: crypto.randomUUID(),
      siteId,
      idNumber: idOf(person),
      name: person.name,
      sex: person.gender,
      birthDate: person.birth_date,
      personId: person.id,
      hukouRegionCode: person.hukou_region_code,
      hukouAddress: person.hukou_address,
    };
    return issueCertificate(ctx as AppContext, {
      check,
      deviceId: kiosk?.id ?? null,
      type,
      purpose,
      origin: DEMO_ORIGIN,
      now: at,
      actor: SEED_ACTOR,
    });
  };
  await issue(district[0], 'hukou', 2);
  await issue(district[1], 'hukou', 0);
  await issue(district[2], 'no_criminal_record', 1, '入职审查（演示）');
  await issue(outside[0], 'temporary_identity', 3);
  const revoked = await issue(district[4], 'hukou', 5);
  // 临时身份证明 valid 30 days, issued 45 days ago: expired.
  await issue(outside[1], 'temporary_identity', 45);
  // The demo resident's own certificate (their phone page lists it).
  const [resident] = await queryRows<DemoPerson>(
    db,
    sql`SELECT p.id, p.name, p.gender, p.birth_date::text AS birth_date, p.id_number_enc, p.hukou_region_code, p.hukou_address
        FROM users u JOIN persons p ON p.id = u.person_id WHERE u.username = 'resident' AND p.site_id = ${siteId}`,
  );
  await issue(resident, 'temporary_identity', 1);
  if (revoked) {
    await db
      .update(kioskCertificates)
      .set({ revokedAt: now, revokedReason: '户籍信息变更，已重新出具（演示）' })
      .where(eq(kioskCertificates.id, revoked.id));
  }
};
