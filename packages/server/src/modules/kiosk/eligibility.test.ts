import { describe, expect, it } from 'vitest';
import { certificateEligibility, type EligibilityFacts } from './eligibility.ts';

const base: Omit<EligibilityFacts, 'type'> = {
  inRegistry: true,
  hukouRegionCode: '410105',
  hukouRegionPrefixes: ['410105'],
  cityPrefix: '4101',
  recordPresent: false,
  issuedInPeriod: 0,
  quotaMax: null,
};

// [case, facts, expected refusal or null for eligible]
const CASES: [string, EligibilityFacts, string | null][] = [
  // 户籍证明
  ['hukou: registered in the district', { ...base, type: 'hukou' }, null],
  [
    'hukou: one of several prefixes',
    { ...base, type: 'hukou', hukouRegionPrefixes: ['410102', '410105'] },
    null,
  ],
  ['hukou: not in the registry', { ...base, type: 'hukou', inRegistry: false }, 'not_registered'],
  [
    'hukou: registered elsewhere in the city',
    { ...base, type: 'hukou', hukouRegionCode: '410102' },
    'hukou_elsewhere',
  ],
  ['hukou: region code unknown', { ...base, type: 'hukou', hukouRegionCode: null }, 'hukou_elsewhere'],
  ['hukou: out of the province', { ...base, type: 'hukou', hukouRegionCode: '320102' }, 'hukou_elsewhere'],
  ['hukou: a record does not matter', { ...base, type: 'hukou', recordPresent: true }, null],
  // 临时身份证明
  [
    'temporary: anyone, registry or not',
    { ...base, type: 'temporary_identity', inRegistry: false, hukouRegionCode: null, quotaMax: 3 },
    null,
  ],
  ['temporary: 2 of 3 used', { ...base, type: 'temporary_identity', issuedInPeriod: 2, quotaMax: 3 }, null],
  [
    'temporary: 3 of 3 used',
    { ...base, type: 'temporary_identity', issuedInPeriod: 3, quotaMax: 3 },
    'quota_exceeded',
  ],
  [
    'temporary: out of the city',
    { ...base, type: 'temporary_identity', hukouRegionCode: '320102', quotaMax: 3 },
    null,
  ],
  // 无犯罪记录证明
  ['ncr: local, no record', { ...base, type: 'no_criminal_record', quotaMax: 3 }, null],
  [
    'ncr: elsewhere in the city is local too',
    { ...base, type: 'no_criminal_record', hukouRegionCode: '410102', quotaMax: 3 },
    null,
  ],
  [
    'ncr: outside the city',
    { ...base, type: 'no_criminal_record', hukouRegionCode: '320102', quotaMax: 3 },
    'not_local',
  ],
  [
    'ncr: region unknown (not in the registry)',
    { ...base, type: 'no_criminal_record', inRegistry: false, hukouRegionCode: null, quotaMax: 3 },
    'not_local',
  ],
  [
    'ncr: a record present',
    { ...base, type: 'no_criminal_record', recordPresent: true, quotaMax: 3 },
    'see_officer',
  ],
  [
    'ncr: a record wins over the quota',
    { ...base, type: 'no_criminal_record', recordPresent: true, issuedInPeriod: 3, quotaMax: 3 },
    'see_officer',
  ],
  [
    'ncr: non-local with a record: not local (nothing said of the record)',
    { ...base, type: 'no_criminal_record', hukouRegionCode: '320102', recordPresent: true, quotaMax: 3 },
    'not_local',
  ],
  [
    'ncr: 3 this year',
    { ...base, type: 'no_criminal_record', issuedInPeriod: 3, quotaMax: 3 },
    'quota_exceeded',
  ],
  [
    'ncr: another city prefix',
    { ...base, type: 'no_criminal_record', cityPrefix: '4102', quotaMax: 3 },
    'not_local',
  ],
];

describe('certificate eligibility', () => {
  it.each(CASES)('%s', (_name, facts, expected) => {
    const result = certificateEligibility(facts);
    expect(result.eligible ? null : result.reason).toBe(expected);
  });
});
