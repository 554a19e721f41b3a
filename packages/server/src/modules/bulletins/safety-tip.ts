import type { Lang } from '@anju/contracts';
import type { SafetyTipFacts } from '../incidents/analysis.ts';
import type { OfficeInfo } from '../kiosk/office-info.ts';
import { bulletinMessages as m } from './messages.ts';

/** The figures a weekly safety tip is written from: the incidents module's facts (composition stays a pure function). */
export type { SafetyTipFacts };

/** Counts below this are not printed on a public board (the issue's "少于5起"). */
export const TIP_SUPPRESS_BELOW = 5;

const GROUPS = ['fraud', 'theft', 'fire', 'dispute', 'help', 'traffic', 'other'] as const;
type Group = (typeof GROUPS)[number];
const groupOf = (g: string): Group => ((GROUPS as readonly string[]).includes(g) ? (g as Group) : 'other');

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The weekly tip as a post draft: top category and its peak hours, the age band most hit, the
 * disputes/help share, what to do about it and whom to call. Counts under the threshold are
 * said as "少于5起"; `thinData` tells staff the figures say little.
 */
export function composeSafetyTip(
  facts: SafetyTipFacts,
  office: OfficeInfo,
  dateLabel: string,
  lang: Lang = 'zh-CN',
): { title: string; bodyHtml: string; thinData: boolean } {
  const lines: string[] = [];
  const top = facts.topCategory;
  const thinData = !top || top.count < TIP_SUPPRESS_BELOW;
  if (top) {
    const category = lang === 'en' ? top.nameEn : top.nameZh;
    lines.push(
      top.count >= TIP_SUPPRESS_BELOW
        ? m.text(lang, 'tip.top', { weeks: facts.weeks, category, count: top.count })
        : m.text(lang, 'tip.topFew', { weeks: facts.weeks, category }),
    );
    if (facts.peakHours) lines.push(m.text(lang, 'tip.peak', facts.peakHours));
    if (facts.mostHitAgeBand && facts.mostHitAgeBand.count >= TIP_SUPPRESS_BELOW)
      lines.push(m.text(lang, 'tip.age', { band: facts.mostHitAgeBand.band }));
  } else {
    lines.push(m.text(lang, 'tip.quiet', { weeks: facts.weeks }));
  }
  if (facts.disputeHelpShare !== null && facts.total >= TIP_SUPPRESS_BELOW)
    lines.push(m.text(lang, 'tip.share', { pct: Math.round(facts.disputeHelpShare * 100) }));

  const group = groupOf(top?.group ?? 'other');
  const advice = m.text(lang, `tip.do.${group}`);
  const call = [m.text(lang, 'tip.call110')];
  if (office.phone)
    call.push(
      m.text(lang, 'tip.callOffice', { office: office.name, phone: office.phone, hours: office.hours }),
    );
  const bodyHtml = [
    `<p>${lines.map(esc).join('')}</p>`,
    `<h4>${esc(m.text(lang, 'tip.doHeading'))}</h4>`,
    `<p>${esc(advice)}</p>`,
    `<h4>${esc(m.text(lang, 'tip.callHeading'))}</h4>`,
    `<ul>${call.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`,
  ].join('');
  return { title: m.text(lang, 'tip.title', { date: dateLabel }), bodyHtml, thinData };
}
