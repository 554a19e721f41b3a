import type { Lang } from '../../../app/i18n.tsx';
import { dayjs, ZONE } from '../../../app/time.ts';

/**
 * Dates and times of the booking pages, always in Asia/Shanghai: a phone set to another zone
 * (a traveller, a test) sees the office's hours, not its own.
 */

/** Today's date at the office, 'YYYY-MM-DD'. */
export function officeToday(): string {
  return dayjs().tz(ZONE).format('YYYY-MM-DD');
}

/** A date plus n days (calendar arithmetic on the date itself, no zone involved). */
export function addDays(date: string, n: number): string {
  return dayjs.utc(date).add(n, 'day').format('YYYY-MM-DD');
}

/** The office date an instant falls on. */
export function officeDate(iso: string): string {
  return dayjs(iso).tz(ZONE).format('YYYY-MM-DD');
}

/** 'HH:mm' of an instant at the office. */
export function officeTime(iso: string): string {
  return dayjs(iso).tz(ZONE).format('HH:mm');
}

const WEEKDAYS: Record<Lang, readonly string[]> = {
  'zh-CN': ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** Short weekday of a date (1 = Monday as the API counts, or computed from the date). */
export function weekdayLabel(date: string, lang: Lang, weekday?: number): string {
  const isoWeekday = weekday ?? ((dayjs.utc(date).day() + 6) % 7) + 1;
  return WEEKDAYS[lang][isoWeekday - 1] ?? '';
}

/** 12月6日 周六 / Sat 6 Dec. */
export function dayLabel(date: string, lang: Lang): string {
  const d = dayjs.utc(date);
  return lang === 'en'
    ? `${weekdayLabel(date, lang)} ${d.format('D MMM')}`
    : `${d.month() + 1}月${d.date()}日 ${weekdayLabel(date, lang)}`;
}

/** 12月6日 周六 09:00–09:20 / Sat 6 Dec, 09:00–09:20. */
export function whenLabel(start: string, end: string, lang: Lang): string {
  const day = dayLabel(officeDate(start), lang);
  return `${day}${lang === 'en' ? ',' : ''} ${officeTime(start)}–${officeTime(end)}`;
}
