import { fill, type MessageParams } from '@anju/contracts';
import { type MessageKey, messages } from '../../../app/catalogues.ts';
import type { Lang } from '../../../app/i18n.tsx';
import { dayjs } from '../../../app/time.ts';
import { dayOf, hm } from '../wall-time.ts';

/**
 * The booking pages' date labels, always in Asia/Shanghai (wall-time.ts): a phone set to another
 * zone (a traveller, a test) sees the office's hours, not its own. Words come from the catalogue.
 */

const say = (lang: Lang, key: MessageKey, vars?: MessageParams) => fill(messages[lang][key], vars);

/** Short weekday of a date (1 = Monday as the API counts, or computed from the date). */
export function weekdayLabel(date: string, lang: Lang, weekday?: number): string {
  const isoWeekday = weekday ?? ((dayjs.utc(date).day() + 6) % 7) + 1;
  // The console's weekday words (features/appointments/messages.ts), one set for every page.
  return say(lang, `appt.weekday.${isoWeekday}` as MessageKey);
}

/** 12月6日 周六 / Sat 6 Dec. */
export function dayLabel(date: string, lang: Lang): string {
  const d = dayjs.utc(date);
  return say(lang, 'booking.dayLabel', {
    // 12 in Chinese (12月), Dec in English
    month: lang === 'en' ? d.format('MMM') : d.month() + 1,
    day: d.date(),
    weekday: weekdayLabel(date, lang),
  });
}

/** 12月6日 周六 09:00–09:20 / Sat 6 Dec, 09:00–09:20. */
export function whenLabel(start: string, end: string, lang: Lang): string {
  return say(lang, 'booking.whenLabel', { day: dayLabel(dayOf(start), lang), from: hm(start), to: hm(end) });
}
