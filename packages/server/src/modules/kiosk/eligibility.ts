import type { CertificateRefusal, CertificateType } from '@anju/contracts';

/**
 * Who may have which certificate at the kiosk, as one pure function over facts the caller has
 * looked up (registry, criminal-record table, certificates already issued). Read top to bottom:
 *
 * - 户籍证明 (hukou): in this site's registry, with a household registration region code that
 *   starts with one of the office's jurisdiction prefixes.
 * - 临时身份证明 (temporary_identity): anyone whose card passed the check; at most N per period.
 * - 无犯罪记录证明 (no_criminal_record): region code in the city; no record in the police table
 *   (the kiosk only ever says "see the officer"); at most N per year.
 */
export interface EligibilityFacts {
  type: CertificateType;
  /** in this site's registry (a person row was found for the ID number) */
  inRegistry: boolean;
  /** household registration region code (from the registry; null when not known) */
  hukouRegionCode: string | null;
  hukouRegionPrefixes: readonly string[];
  cityPrefix: string;
  /** a criminal record exists for the ID number (asked only for no_criminal_record) */
  recordPresent: boolean;
  /** certificates of this type issued to the ID number within the quota period */
  issuedInPeriod: number;
  /** at most this many per period; null: no quota for this type */
  quotaMax: number | null;
}

export type Eligibility = { eligible: true } | { eligible: false; reason: CertificateRefusal };

const startsWithAny = (code: string | null, prefixes: readonly string[]) =>
  !!code && prefixes.some((p) => p.length > 0 && code.startsWith(p));

export function certificateEligibility(f: EligibilityFacts): Eligibility {
  const refuse = (reason: CertificateRefusal): Eligibility => ({ eligible: false, reason });
  switch (f.type) {
    case 'hukou':
      if (!f.inRegistry) return refuse('not_registered');
      if (!startsWithAny(f.hukouRegionCode, f.hukouRegionPrefixes)) return refuse('hukou_elsewhere');
      break;
    case 'temporary_identity':
      break;
    case 'no_criminal_record':
      if (!startsWithAny(f.hukouRegionCode, [f.cityPrefix])) return refuse('not_local');
      // The kiosk says only this, never why.
      if (f.recordPresent) return refuse('see_officer');
      break;
  }
  if (f.quotaMax !== null && f.issuedInPeriod >= f.quotaMax) return refuse('quota_exceeded');
  return { eligible: true };
}
