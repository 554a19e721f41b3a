import { Select, Tag } from 'antd';
import { useState } from 'react';
import { useMe } from '../../app/auth.tsx';
import { useI18n } from '../../app/i18n.tsx';
import type { BookingChannel, BookingStatus, DayKind } from './api.ts';

export * from './wall-time.ts';

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
