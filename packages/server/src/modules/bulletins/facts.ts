import type { PublicNumbers } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import { publicIncidentNumbers, SUPPRESS_BELOW, safetyTipFacts } from '../incidents/analysis.ts';
import type { SafetyTipFacts } from './safety-tip.ts';

/**
 * Where the boards get incident figures from: the incidents module's analysis. The public
 * numbers come already suppressed (counts below SUPPRESS_BELOW withheld); a site without any
 * incident in the window gets no charts' numbers at all.
 */
export async function loadSafetyTipFacts(db: Db, siteId: string, now: Date): Promise<SafetyTipFacts | null> {
  return safetyTipFacts(db, siteId, now, 4);
}

export async function loadPublicNumbers(db: Db, siteId: string, now: Date): Promise<PublicNumbers | null> {
  const numbers = await publicIncidentNumbers(db, siteId, now);
  return {
    weeks: numbers.weeks,
    suppressBelow: SUPPRESS_BELOW,
    byGroup: numbers.byGroup,
    byHourBand: numbers.byHourBand,
    total: numbers.total,
  };
}
