/**
 * Fixtures of the kiosk identity tests: registry people made straight in the tables (ID number
 * sealed and hashed as the registry does), valid GB 11643 numbers, real dev face photos read at
 * test time from ../shared/faces/dev (never copied into the repo), and the kiosk's multipart calls.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { idCheckChar, type IdCardInput } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import { sealIdNumber } from '../src/modules/registry/sql.ts';
import type { TestEnv } from './harness.ts';

export const FACES = path.resolve(import.meta.dirname, '../../../../shared/faces/dev');
export const hasFaces = fs.existsSync(FACES);
export const photo = (identity: string, n: number) => fs.readFileSync(path.join(FACES, identity, `${n}.jpg`));

let serial = 100;
/** A valid 18-character ID number for the region and birth date (a fresh sequence each call). */
export function idNumber(region: string, birth: string, male = true): string {
  serial += 2;
  const seq =
    String(serial % 1000)
      .padStart(3, '0')
      .slice(0, 2) + (male ? '1' : '2');
  const first17 = `${region}${birth.replaceAll('-', '')}${seq}`;
  return first17 + idCheckChar(first17);
}

/** The same number with a wrong check character. */
export const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

export interface NewPerson {
  name: string;
  birthDate: string;
  hukou: string | null;
  male?: boolean;
  workplace?: string | null;
  /** a residency in a flat of the site, since this date */
  since?: string;
  type?: 'owner' | 'family' | 'tenant' | 'employee';
  tenancy?: boolean;
}

export async function addPerson(
  env: TestEnv,
  siteId: string,
  p: NewPerson,
): Promise<{ id: string; idNumber: string; card: IdCardInput }> {
  const id = idNumber(p.hukou ?? '410105', p.birthDate, p.male ?? true);
  const sealed = sealIdNumber(env.ctx.keyring, id);
  const [person] = await queryRows<{ id: string }>(
    env.ctx.db,
    sql`INSERT INTO persons (site_id, name, name_initials, gender, birth_date, id_number_enc, id_number_hash,
          hukou_region_code, hukou_address, workplace)
        VALUES (${siteId}, ${p.name}, 'x', ${p.male === false ? 'female' : 'male'}, ${p.birthDate}, ${sealed.enc},
          ${sealed.hash}, ${p.hukou}, ${p.hukou ? 'somewhere' : null}, ${p.workplace ?? null})
        RETURNING id`,
  );
  if (p.since) {
    const [room] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`SELECT id FROM rooms WHERE site_id = ${siteId} AND kind = 'home' ORDER BY label LIMIT 1`,
    );
    let tenancyId: string | null = null;
    if (p.tenancy) {
      const [t] = await queryRows<{ id: string }>(
        env.ctx.db,
        sql`INSERT INTO tenancies (site_id, room_id, landlord_name, start_date, end_date)
            VALUES (${siteId}, ${room!.id}, 'landlord', ${p.since}, '2099-12-31') RETURNING id`,
      );
      tenancyId = t!.id;
    }
    await env.ctx.db.execute(
      sql`INSERT INTO residencies (site_id, person_id, room_id, tenancy_id, type, valid_from)
          VALUES (${siteId}, ${person!.id}, ${room!.id}, ${tenancyId}, ${p.type ?? (p.tenancy ? 'tenant' : 'owner')}, ${p.since})`,
    );
  }
  return {
    id: person!.id,
    idNumber: id,
    card: {
      name: p.name,
      sex: p.male === false ? 'female' : 'male',
      ethnicity: 'Han',
      birthDate: p.birthDate,
      address: 'somewhere',
      idNumber: id,
      authority: 'authority',
      validFrom: '2020-01-01',
      validTo: '2040-01-01',
    },
  };
}

/** POST /terminal/checks as the kiosk sends it. */
export function checkRequest(
  env: TestEnv,
  token: string,
  card: Partial<IdCardInput>,
  images: { chip?: Buffer | null; live?: Buffer | null },
) {
  const form = new FormData();
  form.append('card', JSON.stringify(card));
  if (images.chip) form.append('chipPhoto', new Blob([new Uint8Array(images.chip)]), 'chip.jpg');
  if (images.live) form.append('live', new Blob([new Uint8Array(images.live)]), 'live.jpg');
  return env.app.inject({
    method: 'POST',
    url: '/api/v1/kiosk/terminal/checks',
    headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' },
    payload: form as unknown as string,
  });
}

export function kioskGet(env: TestEnv, token: string, url: string) {
  return env.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}
