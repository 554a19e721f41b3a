/**
 * The certificate side's view of the person-and-ID check: H2's identity-check.ts (requireCheck,
 * VerifiedCheck). `recordStubCheck` keeps the certificate tests' way of standing for a kiosk that
 * has verified the holder; it records a real passed check (recordPassedCheck), so requireCheck
 * finds it as it would a matched face.
 */
import type { AppContext } from '../../platform/context.ts';
import { recordPassedCheck, type VerifiedCheck } from './identity-check.ts';

export { requireCheck, type VerifiedCheck } from './identity-check.ts';

export async function recordStubCheck(
  ctx: AppContext,
  input: {
    deviceId: string;
    siteId: string;
    idNumber: string;
    name: string;
    sex: 'male' | 'female';
    birthDate: string;
  },
  now: Date,
): Promise<VerifiedCheck> {
  return recordPassedCheck(
    ctx,
    {
      deviceId: input.deviceId,
      siteId: input.siteId,
      card: {
        name: input.name,
        sex: input.sex,
        ethnicity: '',
        birthDate: input.birthDate,
        address: '',
        idNumber: input.idNumber,
        authority: '',
        validFrom: '2020-01-01',
        validTo: 'long',
      },
    },
    now,
  );
}
