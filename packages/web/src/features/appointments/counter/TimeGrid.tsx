import type { ReactNode } from 'react';
import { maskPhone } from '@anju/contracts';
import { useI18n } from '../../../app/i18n.tsx';
import type { AppointmentService, Booking, Interval } from '../api.ts';
import { gridRange, lanes, span } from './grid-layout.ts';
import {
  BookingStatusTag,
  ChannelTag,
  hm,
  minutesToHm,
  STATUS_BACKGROUNDS,
  useLocalName,
} from '../shared.tsx';

/** Pixels per minute of the grid: an hour is 96 px. */
const PX_PER_MIN = 1.6;
/** Blocks shorter than this show one line (time, service, name, phone, status) instead of three. */
const THREE_LINES_PX = 56;

export interface GridColumn {
  key: string;
  title: ReactNode;
  /** shaded (closed day, away) */
  muted?: boolean;
  /** a note under the title (holiday, session, closure) */
  note?: ReactNode;
  bookings: Booking[];
  /** working hours (minutes since midnight): the rest of the column is shaded */
  open?: Interval[];
}

/**
 * A day's time grid: hours down the side, one column per staff member, service or day, bookings
 * as blocks (service, name, masked phone, status, channel) placed by their Beijing wall time.
 */
export function TimeGrid({
  columns,
  services,
  onOpen,
  testId,
  week = false,
}: {
  columns: GridColumn[];
  /** seven narrower columns */
  week?: boolean;
  services: AppointmentService[];
  onOpen: (booking: Booking) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const localName = useLocalName();
  const all = columns.flatMap((c) => c.bookings);
  const { from, to } = gridRange(
    all,
    columns.flatMap((c) => c.open ?? []),
  );
  const hours = Array.from({ length: (to - from) / 60 }, (_, i) => from + i * 60);
  const height = (to - from) * PX_PER_MIN;
  const serviceOf = new Map(services.map((s) => [s.id, s]));
  // A walk-in may have given neither name nor phone.
  const who = (b: Booking) =>
    [b.name || t('appt.channel.walk_in'), b.phone ? maskPhone(b.phone) : ''].filter(Boolean).join(' · ');
  const serviceName = (b: Booking) =>
    localName(serviceOf.get(b.serviceId) ?? { nameZh: b.serviceNameZh, nameEn: b.serviceNameEn });

  return (
    <div className={`appt-grid${week ? ' appt-grid-week' : ''}`} data-testid={testId}>
      <div className="appt-grid-head">
        <div className="appt-grid-gutter" />
        {columns.map((c) => (
          <div key={c.key} className={`appt-grid-colhead${c.muted ? ' appt-muted' : ''}`}>
            <div className="appt-grid-coltitle">{c.title}</div>
            {c.note && <div className="appt-grid-colnote">{c.note}</div>}
          </div>
        ))}
      </div>
      <div className="appt-grid-body" style={{ height }}>
        <div className="appt-grid-gutter">
          {hours.map((h) => (
            <div key={h} className="appt-grid-hour" style={{ top: (h - from) * PX_PER_MIN }}>
              {minutesToHm(h)}
            </div>
          ))}
        </div>
        {columns.map((c) => (
          <div
            key={c.key}
            className={`appt-grid-col${c.muted ? ' appt-muted' : c.open ? ' appt-off-hours' : ''}`}
            data-testid={`grid-col-${c.key}`}
          >
            {!c.muted &&
              c.open?.map((i) => (
                <div
                  key={i.start}
                  className="appt-grid-open"
                  style={{ top: (i.start - from) * PX_PER_MIN, height: (i.end - i.start) * PX_PER_MIN }}
                />
              ))}
            {hours.map((h) => (
              <div key={h} className="appt-grid-line" style={{ top: (h - from) * PX_PER_MIN }} />
            ))}
            {lanes(c.bookings).map(({ booking, lane, of }) => {
              const { start, end } = span(booking);
              const top = (start - from) * PX_PER_MIN;
              const length = end - start;
              return (
                <button
                  type="button"
                  key={booking.id}
                  className={`appt-block appt-block-${booking.status}${length * PX_PER_MIN < THREE_LINES_PX ? ' appt-block-compact' : ''}`}
                  style={{
                    top,
                    height: length * PX_PER_MIN - 2,
                    left: `calc(${(100 / of) * lane}% + 2px)`,
                    width: `calc(${100 / of}% - 4px)`,
                    background: STATUS_BACKGROUNDS[booking.status],
                  }}
                  onClick={() => onOpen(booking)}
                  data-testid={`booking-block-${booking.code}`}
                  title={`${hm(booking.start)}–${hm(booking.end)} ${serviceName(booking)} ${booking.name}`}
                >
                  {length * PX_PER_MIN < THREE_LINES_PX ? (
                    <div className="appt-block-line">
                      <strong>{hm(booking.start)}</strong> {serviceName(booking)} · {who(booking)}{' '}
                      <BookingStatusTag status={booking.status} />
                      <ChannelTag channel={booking.channel} />
                    </div>
                  ) : (
                    <>
                      <div className="appt-block-line">
                        <strong>{hm(booking.start)}</strong> {serviceName(booking)}
                      </div>
                      <div className="appt-block-line">{who(booking)}</div>
                      <div className="appt-block-line">
                        <BookingStatusTag status={booking.status} />
                        <ChannelTag channel={booking.channel} />
                        {booking.queueNumber && <span>{booking.queueNumber}</span>}
                      </div>
                    </>
                  )}
                </button>
              );
            })}
            {c.bookings.length === 0 && c.muted && (
              <div className="appt-grid-empty">{t('appt.grid.closed')}</div>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
