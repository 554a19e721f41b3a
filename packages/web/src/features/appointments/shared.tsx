import { Tag } from 'antd';
import { useI18n } from '../../app/i18n.tsx';
import type { BookingChannel, BookingStatus, DayKind } from './api.ts';

export { SiteSelect, useSiteChoice } from '../../app/site-choice.tsx';

export * from './wall-time.ts';

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
