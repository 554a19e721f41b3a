/**
 * The simulated ID-card reader (demo and tests): "cards" made from the demo residents of the
 * kiosk's site, aged 16 or more, in a fixed order. Chip photos come from the folder named by
 * ANJU_SIM_READER_PHOTOS (e.g. ../shared/faces/dev): card i shows `1.jpg` of the i-th identity
 * listed in that folder's enrolled.txt, cut and shrunk to what a real chip holds (102x126 JPEG, the
 * size the kiosk's 1:1 threshold was chosen on), base64; null when the variable is unset or the list
 * ends.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { IdCard } from '@anju/contracts';
import type { AppContext } from '../../platform/context.ts';
import { addDays, shanghaiDate } from '../../platform/time.ts';
import { persons } from '../registry/schema.ts';
import { ageOn } from '../registry/validity.ts';

export const SIMULATED_CARD_LIMIT = 24;

/** Issuing authorities (签发机关) by hukou region prefix, longest prefix first. */
const AUTHORITIES: Array<[string, string]> = [
  ['410102', '郑州市公安局中原分局'], // i18n-data: issuing authority printed on the card
  ['410103', '郑州市公安局二七分局'], // i18n-data: issuing authority printed on the card
  ['410104', '郑州市公安局管城回族区分局'], // i18n-data: issuing authority printed on the card
  ['410105', '郑州市公安局金水分局'], // i18n-data: issuing authority printed on the card
  ['410108', '郑州市公安局惠济分局'], // i18n-data: issuing authority printed on the card
  ['4101', '郑州市公安局'], // i18n-data: issuing authority printed on the card
  ['4103', '洛阳市公安局'], // i18n-data: issuing authority printed on the card
  ['4113', '南阳市公安局'], // i18n-data: issuing authority printed on the card
  ['41', '河南省公安厅'], // i18n-data: issuing authority printed on the card
  ['42', '湖北省公安厅'], // i18n-data: issuing authority printed on the card
  ['34', '安徽省公安厅'], // i18n-data: issuing authority printed on the card
  ['37', '山东省公安厅'], // i18n-data: issuing authority printed on the card
  ['', '户籍地公安机关'], // i18n-data: issuing authority printed on the card
];

export function authorityFor(regionCode: string | null): string {
  const code = regionCode ?? '';
  return AUTHORITIES.find(([prefix]) => code.startsWith(prefix))![1];
}

/** Card validity by age when issued (GB: under 16 five years, 16–25 ten, 26–45 twenty, over 45 long). */
export function cardValidity(
  birthDate: string,
  index: number,
  today: string,
): { validFrom: string; validTo: string } {
  // Issued some years back, spread by the card's index; the fourth card has lapsed (a refused card to try).
  const validFrom = addDays(today, -(400 + ((index * 997) % 2900)));
  const age = ageOn(birthDate, validFrom);
  if (index === 3) return { validFrom: addDays(today, -3700), validTo: addDays(today, -10) };
  if (age >= 46) return { validFrom, validTo: 'long' };
  const years = age < 16 ? 5 : age < 26 ? 10 : 20;
  return { validFrom, validTo: `${Number(validFrom.slice(0, 4)) + years}${validFrom.slice(4)}` };
}

/** A 二代证 chip photo is 102x126 px: the head and shoulders of a portrait, shrunk. */
export const CHIP_PHOTO_SIZE = { width: 102, height: 126 };

/**
 * The middle of a photo in the chip's proportions, shrunk to the chip's size. Dev photos are
 * 250x250 with the face centred and about 110 px wide: it ends up about 55 % of the chip's width,
 * the ID framing the kiosk threshold was chosen on (bench:kiosk-face); a tighter cut loses the chin
 * and forehead and most genuine matches with them.
 */
async function asChipPhoto(bytes: Buffer): Promise<Buffer> {
  const image = sharp(bytes).rotate();
  const { width = 0, height = 0 } = await image.metadata();
  const w = Math.round(Math.min(width, (height * CHIP_PHOTO_SIZE.width) / CHIP_PHOTO_SIZE.height));
  const h = Math.round((w * CHIP_PHOTO_SIZE.height) / CHIP_PHOTO_SIZE.width);
  const left = Math.max(0, Math.round((width - w) / 2));
  const top = Math.max(0, Math.round((height - h) / 2));
  return image
    .extract({ left, top, width: Math.min(w, width - left), height: Math.min(h, height - top) })
    .resize(CHIP_PHOTO_SIZE.width, CHIP_PHOTO_SIZE.height, { fit: 'cover' })
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function chipPhotos(count: number): Promise<Array<string | null>> {
  const folder = process.env.ANJU_SIM_READER_PHOTOS;
  if (!folder) return Array(count).fill(null);
  let identities: string[] = [];
  try {
    identities = (await fs.readFile(path.join(folder, 'enrolled.txt'), 'utf8'))
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return Array(count).fill(null);
  }
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const id = identities[i];
      if (!id) return null;
      try {
        return (await asChipPhoto(await fs.readFile(path.join(folder, id, '1.jpg')))).toString('base64');
      } catch {
        return null;
      }
    }),
  );
}

export async function simulatedCards(ctx: AppContext, siteId: string): Promise<IdCard[]> {
  const today = shanghaiDate(ctx.now());
  const rows = await ctx.db
    .select()
    .from(persons)
    .where(and(eq(persons.siteId, siteId), eq(persons.status, 'active')))
    .orderBy(asc(persons.createdAt), asc(persons.name), asc(persons.id));
  const adults = rows.filter((p) => ageOn(p.birthDate, today) >= 16).slice(0, SIMULATED_CARD_LIMIT);
  const photos = await chipPhotos(adults.length);
  return adults.map((p, i) => ({
    name: p.name,
    sex: p.gender,
    ethnicity: p.ethnicity,
    birthDate: p.birthDate,
    address: p.hukouAddress ?? '',
    idNumber: ctx.keyring.decrypt('id-number', p.idNumberEnc).toString('utf8'),
    authority: authorityFor(p.hukouRegionCode),
    ...cardValidity(p.birthDate, i, today),
    chipPhoto: photos[i] ?? null,
  }));
}
