/**
 * What a checked person may do at the kiosk: the certificates side (H1's `certificateOffers`) and
 * the applications side (`applicationOffers`), in the kiosk's menu order.
 */
import type { Lang, ServiceOffer } from '@anju/contracts';
import type { AppContext } from '../../platform/context.ts';
import { applicationOffers } from './applications.ts';
import { certificateOffers } from './certificates.ts';
import type { VerifiedCheck } from './identity-check.ts';

export async function serviceOffers(
  ctx: AppContext,
  check: VerifiedCheck,
  lang: Lang,
): Promise<ServiceOffer[]> {
  const [certificates, applications] = await Promise.all([
    certificateOffers(ctx, check.siteId, check, ctx.now(), lang),
    applicationOffers(ctx, check, lang),
  ]);
  return [...certificates, ...applications];
}
