/** The office's name, phone and opening hours the kiosk shows (the kiosk settings of the site). */
import type { Db } from '../../db/client.ts';
import { kioskSettingsOf } from './settings.ts';

export interface OfficeInfo {
  name: string;
  phone: string;
  hours: string;
}

export async function officeInfoOf(db: Db, siteId: string): Promise<OfficeInfo> {
  const s = await kioskSettingsOf(db, siteId);
  return { name: s.officeName, phone: s.officePhone, hours: s.openingHours };
}
