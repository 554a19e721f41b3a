import { LoadingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../app/api.ts';
import { useI18n } from '../../../app/i18n.tsx';
import type { FreeSlot, PublicService, ServiceDay, SlotSource } from './api.ts';
import { addDays, todayInZone } from '../wall-time.ts';
import { dayLabel, weekdayLabel } from './time.ts';

/** The free days of a service from today over its booking horizon. */
function useServiceDays(source: SlotSource, service: PublicService) {
  const from = todayInZone();
  const to = addDays(from, Math.max(service.maxAdvanceDays, 1) - 1);
  return useQuery({
    queryKey: [...source.scope, 'days', service.id, from, to],
    queryFn: ({ signal }) => source.days(service.id, from, to, signal),
    // Free seats change as others book: ask again whenever the chooser opens.
    staleTime: 0,
  });
}

function DayChip({ day, selected, onSelect }: { day: ServiceDay; selected: boolean; onSelect: () => void }) {
  const { t, lang } = useI18n();
  const holiday = day.kind === 'statutory_holiday';
  const makeup = day.kind === 'makeup_workday';
  const disabled = day.free <= 0;
  const [, month, dom] = day.date.split('-');
  return (
    <button
      type="button"
      className={`bk-day${selected ? ' is-selected' : ''}${disabled ? ' is-full' : ''}${holiday ? ' is-holiday' : ''}`}
      disabled={disabled}
      onClick={onSelect}
      aria-pressed={selected}
      data-testid={`booking-day-${day.date}`}
      data-date={day.date}
      data-kind={day.kind}
      data-session={String(day.session)}
      data-free={day.free}
      title={day.festival ? (lang === 'en' ? day.festival.en : day.festival.zh) : undefined}
    >
      <span className="bk-day-weekday">{weekdayLabel(day.date, lang, day.weekday)}</span>
      <span className="bk-day-date">
        {Number(month)}/{Number(dom)}
      </span>
      <span className="bk-day-marks">
        {holiday && <span className="bk-mark bk-mark-holiday">{t('booking.days.holidayMark')}</span>}
        {makeup && <span className="bk-mark bk-mark-makeup">{t('booking.days.makeupMark')}</span>}
        {day.session && !disabled && (
          <span className="bk-mark bk-mark-session">{t('booking.days.sessionMark')}</span>
        )}
      </span>
      <span className="bk-day-free">
        {disabled
          ? day.session || day.kind === 'workday' || makeup
            ? t('booking.days.full')
            : t('booking.days.closed')
          : t('booking.days.free', { n: day.free })}
      </span>
    </button>
  );
}

function Legend() {
  const { t } = useI18n();
  return (
    <div className="bk-legend">
      <span>
        <span className="bk-mark bk-mark-holiday">{t('booking.days.holidayMark')}</span>
        {t('booking.legend.holiday')}
      </span>
      <span>
        <span className="bk-mark bk-mark-makeup">{t('booking.days.makeupMark')}</span>
        {t('booking.legend.makeup')}
      </span>
      <span>
        <span className="bk-mark bk-mark-session">{t('booking.days.sessionMark')}</span>
        {t('booking.legend.session')}
      </span>
      <span>{t('booking.legend.full')}</span>
    </div>
  );
}

/**
 * Day strip and the chosen day's free times for one service: days without a free slot are greyed,
 * holidays, 调休 working days and weekend service days are marked, times are Beijing time.
 * `selected` is the chosen slot's start (controlled by the caller, who books or moves with it).
 */
export function SlotChooser({
  source,
  service,
  selected,
  onSelect,
  initialDate,
}: {
  source: SlotSource;
  service: PublicService;
  selected: FreeSlot | null;
  onSelect: (slot: FreeSlot | null) => void;
  initialDate?: string;
}) {
  const { t, lang } = useI18n();
  const days = useServiceDays(source, service);
  const [date, setDate] = useState<string | null>(initialDate ?? null);
  const list = days.data?.days ?? [];
  const firstOpen = list.find((d) => d.free > 0)?.date ?? null;
  const chosenDay = list.find((d) => d.date === date && d.free > 0)?.date ?? null;
  const shownDate = chosenDay ?? firstOpen;

  // A day that filled up since it was chosen (refreshed after "taken") gives way to the first open one.
  useEffect(() => {
    if (days.data && date !== shownDate) setDate(shownDate);
  }, [days.data, date, shownDate]);

  // The chosen day in sight within the strip (a reschedule opens at the booking's day, which
  // may be far to the right on a narrow phone), without moving the page itself.
  const strip = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const container = strip.current;
    const chip = shownDate ? container?.querySelector<HTMLElement>(`[data-date="${shownDate}"]`) : null;
    if (!container || !chip) return;
    const left = chip.offsetLeft - container.offsetLeft;
    if (left < container.scrollLeft || left + chip.offsetWidth > container.scrollLeft + container.clientWidth)
      container.scrollLeft = Math.max(0, left - 8);
  }, [shownDate]);

  const slots = useQuery({
    queryKey: [...source.scope, 'slots', service.id, shownDate],
    queryFn: ({ signal }) => source.slots(service.id, shownDate ?? '', signal),
    enabled: !!shownDate,
    staleTime: 0,
  });

  if (days.isPending)
    return (
      <p className="bk-muted" data-testid="booking-days-loading">
        <LoadingOutlined /> {t('booking.days.loading')}
      </p>
    );
  if (days.error) return <Alert type="error" showIcon title={errorMessage(days.error)} />;

  return (
    <div className="bk-chooser">
      <h3 className="bk-subtitle">{t('booking.days.title')}</h3>
      <div className="bk-days" data-testid="booking-days" ref={strip}>
        {list.map((day) => (
          <DayChip
            key={day.date}
            day={day}
            selected={day.date === shownDate}
            onSelect={() => {
              setDate(day.date);
              onSelect(null);
            }}
          />
        ))}
      </div>
      <Legend />
      {!firstOpen && (
        <Alert type="info" showIcon title={t('booking.days.none')} data-testid="booking-no-days" />
      )}
      {shownDate && (
        <>
          <h3 className="bk-subtitle" data-testid="booking-slots-title">
            {t('booking.slots.title', { day: dayLabel(shownDate, lang) })}
          </h3>
          {slots.isPending && (
            <p className="bk-muted">
              <LoadingOutlined /> {t('booking.slots.loading')}
            </p>
          )}
          {slots.error && <Alert type="error" showIcon title={errorMessage(slots.error)} />}
          {slots.data && slots.data.slots.length === 0 && (
            <Alert type="info" showIcon title={t('booking.slots.none')} />
          )}
          {slots.data && slots.data.slots.length > 0 && (
            <div className="bk-slots" data-testid="booking-slots">
              {slots.data.slots.map((slot) => (
                <button
                  type="button"
                  key={slot.start}
                  className={`bk-slot${selected?.start === slot.start ? ' is-selected' : ''}`}
                  aria-pressed={selected?.start === slot.start}
                  onClick={() => onSelect(slot)}
                  data-testid={`booking-slot-${slot.time}`}
                  data-start={slot.start}
                >
                  <span className="bk-slot-time">{slot.time}</span>
                  {slot.seatsLeft > 1 && (
                    <span className="bk-slot-seats">
                      {t('booking.slots.seatsLeft', { n: slot.seatsLeft })}
                    </span>
                  )}
                </button>
              ))}
            </div>
          )}
          <p className="bk-muted bk-small">{t('booking.slots.zoneNote')}</p>
        </>
      )}
    </div>
  );
}
