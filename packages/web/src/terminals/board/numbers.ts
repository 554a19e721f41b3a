import type { PublicNumbers } from '@anju/contracts';
import type { useI18n } from '../../app/i18n.tsx';

type T = ReturnType<typeof useI18n>['t'];

/** One public count ready to show: its label, and its number or null when withheld (below 5). */
export interface ShownCount {
  key: string;
  label: string;
  count: number | null;
}

const GROUPS = ['fraud', 'theft', 'fire', 'dispute', 'help', 'traffic', 'other'] as const;

export function groupLabel(group: string, t: T): string {
  return (GROUPS as readonly string[]).includes(group)
    ? t(`boardPage.group.${group as (typeof GROUPS)[number]}`)
    : group;
}

/** "19-22" → "19–22 时"; any other band name is shown as the server wrote it. */
export function bandLabel(band: string, t: T): string {
  const m = /^(\d{1,2})\s*[-–~]\s*(\d{1,2})$/.exec(band);
  return m ? t('boardPage.band', { from: m[1]!, to: m[2]! }) : band;
}

export function groupCounts(numbers: PublicNumbers, t: T): ShownCount[] {
  return numbers.byGroup.map((c) => ({
    key: c.group,
    label: groupLabel(c.group, t),
    count: c.suppressed ? null : c.count,
  }));
}

export function bandCounts(numbers: PublicNumbers, t: T): ShownCount[] {
  return numbers.byHourBand.map((c) => ({
    key: c.band,
    label: bandLabel(c.band, t),
    count: c.suppressed ? null : c.count,
  }));
}

/** "12 起", or "少于5起" for a withheld count. */
export function countText(count: number | null, t: T): string {
  return count === null ? t('boardPage.fewer') : t('boardPage.count', { n: count });
}

/**
 * The article's "at least two thirds": disputes and requests for help among all calls, as whole
 * counts. Null when any of the three counts is withheld (a share would give a small count away).
 */
export function disputeHelpShare(
  numbers: PublicNumbers,
): { disputeHelp: number; other: number; pct: number } | null {
  const countOf = (group: string) => {
    const c = numbers.byGroup.find((g) => g.group === group);
    return c ? (c.suppressed ? null : c.count) : 0;
  };
  const dispute = countOf('dispute');
  const help = countOf('help');
  const total = numbers.total.suppressed ? null : numbers.total.count;
  if (dispute === null || help === null || total === null || total === 0) return null;
  const disputeHelp = dispute + help;
  return { disputeHelp, other: total - disputeHelp, pct: Math.round((disputeHelp / total) * 100) };
}
