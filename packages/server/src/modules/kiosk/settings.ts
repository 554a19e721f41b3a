import { eq } from 'drizzle-orm';
import { KIOSK_SETTINGS_DEFAULTS, type KioskSettings, type KioskSettingsInput } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { jurisdictions, sites } from '../../platform/org/schema.ts';
import { propertyCompanies } from '../../platform/org/schema.ts';
import { registrySiteSettings } from '../registry/schema.ts';
import { kioskMessages as m } from './messages.ts';
import { kioskSettings } from './schema.ts';

/** The settings the rules and the printed certificate use (no seal bytes). */
export type KioskRules = Omit<KioskSettings, 'hasSeal' | 'sealUpdatedAt' | 'isDefault'>;

/**
 * A site's kiosk settings, or the defaults when none are saved: the office is the site's police
 * office, the jurisdiction and the city are the registry's city prefix (the demo seed narrows the
 * jurisdiction to the demo compound's district).
 */
export async function kioskSettingsOf(
  db: Db,
  siteId: string,
): Promise<KioskSettings & { sealPng: Buffer | null }> {
  const [row] = await db.select().from(kioskSettings).where(eq(kioskSettings.siteId, siteId));
  if (row) {
    const { sealPng, sealUpdatedAt, updatedAt: _u, updatedBy: _b, ...rules } = row;
    return {
      ...rules,
      hasSeal: !!sealPng,
      sealUpdatedAt: sealUpdatedAt?.toISOString() ?? null,
      isDefault: false,
      sealPng: sealPng ?? null,
    };
  }
  return {
    ...(await defaultSettings(db, siteId)),
    hasSeal: false,
    sealUpdatedAt: null,
    isDefault: true,
    sealPng: null,
  };
}

export async function defaultSettings(db: Db, siteId: string): Promise<KioskRules> {
  const [site] = await db
    .select({ name: sites.name, office: jurisdictions.name, phone: propertyCompanies.phone })
    .from(sites)
    .leftJoin(jurisdictions, eq(jurisdictions.id, sites.policeOfficeId))
    .leftJoin(propertyCompanies, eq(propertyCompanies.id, sites.propertyCompanyId))
    .where(eq(sites.id, siteId));
  const [registry] = await db
    .select({ prefix: registrySiteSettings.cityRegionPrefix })
    .from(registrySiteSettings)
    .where(eq(registrySiteSettings.siteId, siteId));
  const city = registry?.prefix ?? KIOSK_SETTINGS_DEFAULTS.cityPrefix;
  return {
    siteId,
    officeName: site?.office ?? site?.name ?? '',
    officePhone: site?.phone ?? '',
    openingHours: m.text('zh-CN', 'default.openingHours'),
    hukouRegionPrefixes: [city],
    cityPrefix: city,
    temporaryValidDays: KIOSK_SETTINGS_DEFAULTS.temporaryValidDays,
    temporaryMaxPerPeriod: KIOSK_SETTINGS_DEFAULTS.temporaryMaxPerPeriod,
    temporaryPeriodDays: KIOSK_SETTINGS_DEFAULTS.temporaryPeriodDays,
    ncrValidMonths: KIOSK_SETTINGS_DEFAULTS.ncrValidMonths,
    ncrMaxPerYear: KIOSK_SETTINGS_DEFAULTS.ncrMaxPerYear,
    verifyDetailLimit: KIOSK_SETTINGS_DEFAULTS.verifyDetailLimit,
  };
}

export async function saveKioskSettings(db: Db, input: KioskSettingsInput, userId: string | null, now: Date) {
  const values = {
    ...input,
    hukouRegionPrefixes: [...new Set(input.hukouRegionPrefixes)],
    updatedBy: userId,
    updatedAt: now,
  };
  await db
    .insert(kioskSettings)
    .values(values)
    .onConflictDoUpdate({ target: kioskSettings.siteId, set: values });
}

/** Stores the office's seal image (checked by the caller); saves the defaults first when none are saved. */
export async function saveSeal(db: Db, siteId: string, png: Buffer, userId: string | null, now: Date) {
  const current = await kioskSettingsOf(db, siteId);
  const { hasSeal: _h, sealUpdatedAt: _s, isDefault: _d, sealPng: _p, ...rules } = current;
  const values = { ...rules, sealPng: png, sealUpdatedAt: now, updatedBy: userId, updatedAt: now };
  await db
    .insert(kioskSettings)
    .values(values)
    .onConflictDoUpdate({
      target: kioskSettings.siteId,
      set: { sealPng: png, sealUpdatedAt: now, updatedBy: userId, updatedAt: now },
    });
}

/** The months after a date, for "valid N months" (the last valid day is the day before). */
export function addMonths(date: string, months: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, mo - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
