import { sql, type SQL } from 'drizzle-orm';
import { DEFAULT_CITY_REGION_PREFIX } from '@anju/contracts';
import type { Keyring } from '../../platform/crypto.ts';

/**
 * SQL mirror of `residencyStatusOn` (validity.ts): lists and maps read validity at query time,
 * so a contract that ended yesterday shows as lapsed even before the expiry job has run.
 * `r` and `t` are the aliases of residencies and its (left-joined) tenancy.
 */
export function residencyStatusSql(r: string, t: string, today: string): SQL {
  const R = sql.raw(r);
  const T = sql.raw(t);
  return sql`(CASE
    WHEN ${R}.status IN ('ended', 'expired') THEN ${R}.status
    WHEN ${R}.type = 'tenant' AND (${T}.id IS NULL OR ${T}.status = 'ended') THEN 'ended'
    WHEN ${R}.type = 'tenant' AND ${T}.status = 'expired' THEN 'expired'
    WHEN ${R}.valid_to < ${today}::date OR (${R}.type = 'tenant' AND ${T}.end_date < ${today}::date)
      THEN CASE WHEN ${R}.type = 'tenant' AND ${R}.end_reason IS NULL THEN 'expired' ELSE 'ended' END
    WHEN ${R}.valid_from > ${today}::date OR (${R}.type = 'tenant' AND ${T}.start_date > ${today}::date)
      THEN 'pending'
    ELSE 'active' END)`;
}

/** SQL mirror of `tenancyStatusOn`. */
export function tenancyStatusSql(t: string, today: string): SQL {
  const T = sql.raw(t);
  return sql`(CASE
    WHEN ${T}.status <> 'active' THEN ${T}.status
    WHEN ${T}.end_date < ${today}::date THEN 'expired'
    WHEN ${T}.start_date > ${today}::date THEN 'pending'
    ELSE 'active' END)`;
}

/** The site's city prefix (registry settings, default Zhengzhou) as a scalar subquery. */
export function cityPrefixSql(siteIdColumn: string): SQL {
  return sql`COALESCE((SELECT s.city_region_prefix FROM registry_site_settings s WHERE s.site_id = ${sql.raw(siteIdColumn)}), ${DEFAULT_CITY_REGION_PREFIX})`;
}

/** Floating population: household registration known and outside the site's city. */
export function isFloatingSql(p: string): SQL {
  const P = sql.raw(p);
  return sql`(${P}.hukou_region_code IS NOT NULL AND left(${P}.hukou_region_code, length(${cityPrefixSql(`${p}.site_id`)})) <> ${cityPrefixSql(`${p}.site_id`)})`;
}

/** `= ANY(array)` for a list of uuids (works on PGlite and node-postgres alike). */
export function anyUuid(values: readonly string[]): SQL {
  return sql`ANY(${`{${values.join(',')}}`}::uuid[])`;
}

/** Timestamps from raw SQL come back as text on both drivers; make them ISO 8601. */
export function isoTimestamp(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const s = String(value)
    .replace(' ', 'T')
    .replace(/([+-]\d\d)$/, '$1:00');
  return new Date(s).toISOString();
}

export const idNumberHash = (keyring: Keyring, idNumber: string) =>
  keyring.lookupHash('id-number', idNumber.trim().toUpperCase());
export const phoneHash = (keyring: Keyring, phone: string) => keyring.lookupHash('phone', phone);

export function sealIdNumber(keyring: Keyring, idNumber: string): { enc: string; hash: string } {
  const id = idNumber.trim().toUpperCase();
  return { enc: keyring.encrypt('id-number', id), hash: idNumberHash(keyring, id) };
}

export function sealPhone(keyring: Keyring, phone: string | null | undefined) {
  if (!phone) return { enc: null, hash: null };
  return { enc: keyring.encrypt('phone', phone), hash: phoneHash(keyring, phone) };
}

export function openSealed(
  keyring: Keyring,
  purpose: 'id-number' | 'phone',
  sealed: string | null,
): string | null {
  return sealed ? keyring.decrypt(purpose, sealed).toString('utf8') : null;
}
