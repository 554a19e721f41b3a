/**
 * What a role that does not see full ID numbers may learn about a person's birth and household
 * registration. A masked ID number keeps the first four and the last four characters (region
 * prefix, sequence and check character); the missing ten are the county code (digits 5–6) and
 * the birth date (digits 7–14). Handing out the birth date and the 6-digit region code next to
 * the mask would give the whole number back, so such roles get only the birth year, an age that
 * does not change on the birthday, and the province (and the compound's own city) by name:
 * about 100 county codes × 365 days / 11 check characters ≈ 3,300 numbers stay possible.
 */
import { DEFAULT_LANG, type Lang } from '@anju/contracts';
import { disclosureMessages as m } from './disclosure.messages.ts';
import type { SiteRegistrySettings } from './settings.ts';
import { ageOn } from './validity.ts';

type ProvinceKey = Extract<keyof typeof m.entries, `province.${string}`>;

/** The catalogue key of a province-level division by the first two digits of a GB/T 2260 code. */
const provinceKey = (code: string): ProvinceKey | null => {
  const key = `province.${code.slice(0, 2)}`;
  return Object.hasOwn(m.entries, key) ? (key as ProvinceKey) : null;
};

/**
 * The household registration as a name, never finer than a city: the province, plus the
 * compound's own city when the code lies in it and the city prefix is at most four digits (a
 * longer prefix would name the district, i.e. digits 5–6 of the ID number). The province is named
 * in the reader's language; the city's name is the compound's setting, as the administrator wrote it.
 */
export function hukouRegionName(
  code: string | null,
  city: Pick<SiteRegistrySettings, 'cityRegionPrefix' | 'cityName'>,
  lang: Lang = DEFAULT_LANG,
): string | null {
  if (!code) return null;
  const key = provinceKey(code);
  const province = key ? m.text(lang, key) : null;
  const inCity = city.cityRegionPrefix.length <= 4 && code.startsWith(city.cityRegionPrefix);
  if (!inCity) return province;
  // A municipality (北京市) is its own province: named once.
  if (!key || !province) return city.cityName;
  if (m.text('zh-CN', key) === city.cityName) return province;
  return m.text(lang, 'provinceAndCity', { province, city: city.cityName });
}

export const birthYearOf = (birthDate: string): number => Number(birthDate.slice(0, 4));

/**
 * The age reached in the current calendar year (今年 N 岁). Unlike the exact age it does not step
 * up on the birthday, so watching it day by day cannot reveal the birth date either.
 */
export const ageThisYear = (birthDate: string, today: string): number =>
  Number(today.slice(0, 4)) - birthYearOf(birthDate);

/** The age a viewer is shown: exact for those who see the full ID number, else ageThisYear. */
export const ageForViewer = (fullIdNumber: boolean, birthDate: string, today: string): number =>
  fullIdNumber ? ageOn(birthDate, today) : ageThisYear(birthDate, today);
