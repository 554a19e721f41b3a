import { eq } from 'drizzle-orm';
import { DEFAULT_CITY_NAME, DEFAULT_CITY_REGION_PREFIX } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { registrySiteSettings } from './schema.ts';

export interface SiteRegistrySettings {
  siteId: string;
  cityRegionPrefix: string;
  cityName: string;
}

export async function siteSettingsOf(db: Db, siteId: string): Promise<SiteRegistrySettings> {
  const [row] = await db.select().from(registrySiteSettings).where(eq(registrySiteSettings.siteId, siteId));
  return {
    siteId,
    cityRegionPrefix: row?.cityRegionPrefix ?? DEFAULT_CITY_REGION_PREFIX,
    cityName: row?.cityName ?? DEFAULT_CITY_NAME,
  };
}

export async function cityPrefixOf(db: Db, siteId: string): Promise<string> {
  return (await siteSettingsOf(db, siteId)).cityRegionPrefix;
}

export async function saveSiteSettings(db: Db, s: SiteRegistrySettings): Promise<void> {
  await db
    .insert(registrySiteSettings)
    .values({ ...s, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: registrySiteSettings.siteId,
      set: { cityRegionPrefix: s.cityRegionPrefix, cityName: s.cityName, updatedAt: new Date() },
    });
}

/** Floating population (流动人口): household registration known and outside the city. */
export function isFloating(hukouRegionCode: string | null, cityPrefix: string): boolean {
  return !!hukouRegionCode && !hukouRegionCode.startsWith(cityPrefix);
}
