/**
 * What a role that does not see full ID numbers may learn about a person's birth and household
 * registration. A masked ID number keeps the first four and the last four characters (region
 * prefix, sequence and check character); the missing ten are the county code (digits 5–6) and
 * the birth date (digits 7–14). Handing out the birth date and the 6-digit region code next to
 * the mask would give the whole number back, so such roles get only the birth year, an age that
 * does not change on the birthday, and the province (and the compound's own city) by name:
 * about 100 county codes × 365 days / 11 check characters ≈ 3,300 numbers stay possible.
 */
import type { SiteRegistrySettings } from './settings.ts';
import { ageOn } from './validity.ts';

/** Province-level divisions by the first two digits of a GB/T 2260 code. */
const PROVINCES: Record<string, string> = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
};

/**
 * The household registration as a name, never finer than a city: the province, plus the
 * compound's own city when the code lies in it and the city prefix is at most four digits (a
 * longer prefix would name the district, i.e. digits 5–6 of the ID number).
 */
export function hukouRegionName(
  code: string | null,
  city: Pick<SiteRegistrySettings, 'cityRegionPrefix' | 'cityName'>,
): string | null {
  if (!code) return null;
  const province = PROVINCES[code.slice(0, 2)] ?? null;
  const inCity = city.cityRegionPrefix.length <= 4 && code.startsWith(city.cityRegionPrefix);
  if (!inCity) return province;
  if (!province || province === city.cityName) return city.cityName;
  return `${province}${city.cityName}`;
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
