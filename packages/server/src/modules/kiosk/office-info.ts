/**
 * STAND-IN for the certificates helper's kiosk settings (`kioskSettingsOf(db, siteId)` in
 * settings.ts, branch kiosk-certs): the office's name, phone and opening hours the kiosk shows.
 * The integrator replaces the body with `kioskSettingsOf` (officeName, officePhone, openingHours).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { jurisdictions, propertyCompanies, sites } from '../../platform/org/schema.ts';
import { kioskIdentityServerMessages as m } from './identity.messages.ts';

export interface OfficeInfo {
  name: string;
  phone: string;
  hours: string;
}

export async function officeInfoOf(db: Db, siteId: string): Promise<OfficeInfo> {
  const [site] = await db
    .select({ name: sites.name, office: jurisdictions.name, phone: propertyCompanies.phone })
    .from(sites)
    .leftJoin(jurisdictions, eq(jurisdictions.id, sites.policeOfficeId))
    .leftJoin(propertyCompanies, eq(propertyCompanies.id, sites.propertyCompanyId))
    .where(eq(sites.id, siteId));
  return {
    name: site?.office ?? site?.name ?? '',
    phone: site?.phone ?? '',
    hours: m.text('zh-CN', 'office.defaultHours'),
  };
}
