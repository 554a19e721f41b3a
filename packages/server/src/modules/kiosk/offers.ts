/**
 * What a checked person may do at the kiosk: the certificates side (H1's `certificateOffers`) and
 * the applications side (`applicationOffers`), in the kiosk's menu order.
 */
import type { Lang, ServiceOffer } from '@anju/contracts';
import type { AppContext } from '../../platform/context.ts';
import { applicationOffers } from './applications.ts';
import type { VerifiedCheck } from './identity-check.ts';

/**
 * STAND-IN until the certificates helper's `certificateOffers(ctx, check, lang)` (branch
 * kiosk-certs) is merged: the integrator imports theirs here and deletes this function.
 */
async function certificateOffers(
  _ctx: AppContext,
  _check: VerifiedCheck,
  _lang: Lang,
): Promise<ServiceOffer[]> {
  return [];
}

export async function serviceOffers(
  ctx: AppContext,
  check: VerifiedCheck,
  lang: Lang,
): Promise<ServiceOffer[]> {
  const [certificates, applications] = await Promise.all([
    certificateOffers(ctx, check, lang),
    applicationOffers(ctx, check, lang),
  ]);
  return [...certificates, ...applications];
}
