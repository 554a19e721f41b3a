import { Select, Tag } from 'antd';
import { useState } from 'react';
import { useMe } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs, ZONE } from '../../app/time.ts';
import type { BookingChannel, BookingStatus, DayKind } from './api.ts';

/** The site an appointments page works on: the user's first, or the one chosen when they have several. */
export function useSiteChoice() {
  const me = useMe();
  const [siteId, setSiteId] = useState<string | undefined>(me.sites[0]?.id);
  return { siteId, setSiteId, sites: me.sites };
}

export function SiteSelect({
  siteId,
  onChange,
}: {
  siteId: string | undefined;
  onChange: (id: string) => void;
}) {
  const me = useMe();
  if (me.sites.length < 2) return null;
  return (
    <Select
      value={siteId}
      onChange={onChange}
      style={{ width: 180 }}
      options={me.sites.map((s) => ({ value: s.id, label: s.name }))}
      data-testid="appt-site"
    />
  );
}

/** A name kept in both languages, in the console's. */
export function useLocalName() {
  const { lang } = useI18n();
  return (o: { nameZh: string; nameEn: string } | undefined | null) =>
    o ? (lang === 'en' ? o.nameEn || o.nameZh : o.nameZh) : '—';
}

/** 138****5678: the grid shows phones masked (the drawer, where staff call back, in full). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : digits;
}

/** HH:mm of an instant in Beijing time, whatever the browser's zone. */
export function hm(iso: string): string {
  return dayjs(iso).tz(ZONE).format('HH:mm');
}
/** YYYY-MM-DD of an instant in Beijing time. */
export function dayOf(iso: string): string {
  return dayjs(iso).tz(ZONE).format('YYYY-MM-DD');
}
/** Minutes since Beijing midnight of an instant. */
export function minutesOf(iso: string): number {
  const d = dayjs(iso).tz(ZONE);
  return d.hour() * 60 + d.minute();
}
/** Today's date in Beijing. */
export function todayInZone(): string {
  return dayjs().tz(ZONE).format('YYYY-MM-DD');
}
/** A calendar date ± days (no zone involved: dates are dates). */
export function addDays(date: string, days: number): string {
  return dayjs(`${date}T12:00:00Z`).utc().add(days, 'day').format('YYYY-MM-DD');
}
/** Monday of the week holding a date. */
export function mondayOf(date: string): string {
  const weekday = dayjs(`${date}T12:00:00Z`).utc().day();
  return addDays(date, weekday === 0 ? -6 : 1 - weekday);
}
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
/** Monday = 1 … Sunday = 7 of a date. */
export function weekdayOf(date: string): Weekday {
  const d = dayjs(`${date}T12:00:00Z`).utc().day();
  return (d === 0 ? 7 : d) as Weekday;
}
/** "09:30" from minutes since midnight. */
export function minutesToHm(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}
/** Minutes since midnight from "9:30" / "09:30", or null. */
export function hmToMinutes(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 24 && min < 60 && h * 60 + min <= 24 * 60 ? h * 60 + min : null;
}

const STATUS_COLORS: Record<BookingStatus, string> = {
  booked: 'blue',
  checked_in: 'gold',
  served: 'green',
  no_show: 'red',
  cancelled: 'default',
};
export const STATUS_BACKGROUNDS: Record<BookingStatus, string> = {
  booked: '#e6f4ff',
  checked_in: '#fffbe6',
  served: '#f6ffed',
  no_show: '#fff1f0',
  cancelled: '#fafafa',
};

export function BookingStatusTag({ status }: { status: BookingStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="booking-status">
      {t(`appt.status.${status}`)}
    </Tag>
  );
}

export function ChannelTag({ channel }: { channel: BookingChannel }) {
  const { t } = useI18n();
  return <Tag bordered={false}>{t(`appt.channel.${channel}`)}</Tag>;
}

export const DAY_KIND_COLORS: Record<DayKind, string> = {
  workday: 'default',
  weekend: 'default',
  statutory_holiday: 'red',
  makeup_workday: 'orange',
};

/** 法定节假日 / 调休上班 / 周末 tag of a day (nothing on an ordinary workday). */
export function DayKindTag({
  kind,
  festival,
}: {
  kind: DayKind;
  festival?: { zh: string; en: string } | null;
}) {
  const { t, lang } = useI18n();
  if (kind === 'workday') return null;
  const name = festival ? (lang === 'en' ? festival.en : festival.zh) : '';
  return (
    <Tag color={DAY_KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }}>
      {t(`appt.dayKind.${kind}`)}
      {name ? ` · ${name}` : ''}
    </Tag>
  );
}
