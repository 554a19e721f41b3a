import { Alert, Button, Empty, Flex, Skeleton, Typography } from 'antd';
import { errorMessage } from '../../../app/api.ts';
import { useI18n } from '../../../app/i18n.tsx';
import { type AppointmentService, type ServiceDay, useServiceDays, useSlots } from '../api.ts';
import { addDays, DAY_KIND_COLORS, hm, todayInZone, weekdayOf } from '../shared.tsx';

/** One day of the service's next days: greyed (disabled) when it has no free slot. */
function DayButton({
  day,
  selected,
  onPick,
}: {
  day: ServiceDay;
  selected: boolean;
  onPick: (date: string) => void;
}) {
  const { t, lang } = useI18n();
  const festival = day.festival ? (lang === 'en' ? day.festival.en : day.festival.zh) : '';
  // A weekend or holiday without a session is closed, not full.
  const closed = (day.kind === 'weekend' || day.kind === 'statutory_holiday') && !day.session;
  const mark =
    day.kind === 'statutory_holiday' || day.kind === 'makeup_workday'
      ? t(`appt.dayKind.${day.kind}`)
      : day.session
        ? t('appt.day.session')
        : '';
  return (
    <Button
      type={selected ? 'primary' : 'default'}
      disabled={day.free <= 0}
      onClick={() => onPick(day.date)}
      className="appt-day-button"
      data-testid={`day-${day.date}`}
      data-free={day.free}
    >
      <span>
        {day.date.slice(5)} {t(`appt.weekday.${weekdayOf(day.date)}`)}
      </span>
      <span
        className="appt-day-mark"
        style={{ color: DAY_KIND_COLORS[day.kind] === 'default' ? undefined : DAY_KIND_COLORS[day.kind] }}
      >
        {festival ||
          mark ||
          (day.free > 0
            ? t('appt.day.free', { n: day.free })
            : closed
              ? t('appt.grid.closed')
              : t('appt.day.full'))}
      </span>
    </Button>
  );
}

/**
 * Service → day → free slot, as the server offers them (GET /services/:id/days and /slots): days
 * with no free slot are greyed; only slots that are really free are shown.
 */
export function SlotPicker({
  siteId,
  service,
  date,
  start,
  onDate,
  onStart,
  exceptStart,
}: {
  siteId: string;
  service: AppointmentService;
  date: string | undefined;
  start: string | undefined;
  onDate: (date: string) => void;
  onStart: (start: string) => void;
  /** the booking's own slot when moving it (not offered as a "new" time) */
  exceptStart?: string;
}) {
  const { t } = useI18n();
  const from = todayInZone();
  const to = addDays(from, Math.max(1, service.maxAdvanceDays));
  const days = useServiceDays(siteId, service.id, from, to);
  const slots = useSlots(siteId, service.id, date);

  return (
    <Flex vertical gap={12}>
      <Typography.Text strong>{t('appt.book.pickDay')}</Typography.Text>
      {days.isPending && <Skeleton active paragraph={{ rows: 2 }} />}
      {days.error && <Alert type="error" showIcon title={errorMessage(days.error)} />}
      {days.data && (
        <Flex wrap gap={6} data-testid="slot-days">
          {days.data.map((d) => (
            <DayButton key={d.date} day={d} selected={d.date === date} onPick={onDate} />
          ))}
        </Flex>
      )}
      {date && (
        <>
          <Typography.Text strong>{t('appt.book.pickSlot')}</Typography.Text>
          {slots.isPending && <Skeleton active paragraph={{ rows: 1 }} />}
          {slots.error && <Alert type="error" showIcon title={errorMessage(slots.error)} />}
          {slots.data &&
            (slots.data.filter((s) => s.start !== exceptStart).length === 0 ? (
              <Empty description={t('appt.book.noSlots')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Flex wrap gap={6} data-testid="slot-list">
                {slots.data
                  .filter((s) => s.start !== exceptStart)
                  .map((s) => (
                    <Button
                      key={s.start}
                      type={s.start === start ? 'primary' : 'default'}
                      onClick={() => onStart(s.start)}
                      data-testid={`slot-${hm(s.start)}`}
                    >
                      {hm(s.start)}
                      {service.capacity > 1 ? ` (${s.seatsLeft})` : ''}
                    </Button>
                  ))}
              </Flex>
            ))}
        </>
      )}
    </Flex>
  );
}
