import { ArrowLeftOutlined, CalendarOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Segmented, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../../app/api.ts';
import { useI18n } from '../../../app/i18n.tsx';
import { type MyBooking, myApi } from '../booking/api.ts';
import { BookingCard } from '../booking/BookingCard.tsx';
import { BookingFlow } from '../booking/BookingFlow.tsx';
import { CancelBookingButton, RescheduleChooser } from '../booking/ChangeBooking.tsx';
import '../booking/booking.css';

const LIST_KEY = [...myApi.scope, 'list'];

type View = { kind: 'list' } | { kind: 'book' } | { kind: 'done'; booking: MyBooking };

/** One of my bookings in the list: move (the same day strip and times) or cancel while still booked. */
function MyBookingItem({ booking }: { booking: MyBooking }) {
  const queryClient = useQueryClient();
  const { t } = useI18n();
  const [moving, setMoving] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: LIST_KEY });
  return (
    <div data-testid={`my-booking-${booking.code}`}>
      <BookingCard
        booking={booking}
        actions={
          booking.changeable && !moving ? (
            <>
              <Button
                size="large"
                block
                onClick={() => setMoving(true)}
                data-testid="booking-reschedule-open"
              >
                {t('booking.reschedule')}
              </Button>
              <CancelBookingButton
                source={myApi.source(booking.siteId)}
                cancel={() => myApi.cancel(booking.id)}
                onCancelled={() => void refresh()}
              />
            </>
          ) : null
        }
      />
      {moving && (
        <RescheduleChooser
          booking={booking}
          source={myApi.source(booking.siteId)}
          move={(start) => myApi.reschedule(booking.id, start)}
          onMoved={() => {
            setMoving(false);
            void refresh();
          }}
          onClose={() => setMoving(false)}
        />
      )}
    </div>
  );
}

/**
 * 我的预约 (resident, phone-first): my bookings, upcoming first; book a visit with the same flow
 * as the public page, except that name and phone come from my registry record; move or cancel.
 * `?service=<code>` opens the booking at that service (the ID card pick-up link).
 */
export default function MyAppointmentsPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const preselect = search.get('service');
  const [view, setView] = useState<View>(preselect ? { kind: 'book' } : { kind: 'list' });
  const [siteIndex, setSiteIndex] = useState(0);
  const list = useQuery({ queryKey: LIST_KEY, queryFn: ({ signal }) => myApi.list(signal) });
  const services = useQuery({
    queryKey: [...myApi.scope, 'services'],
    queryFn: ({ signal }) => myApi.services(signal),
  });

  const toList = () => {
    setView({ kind: 'list' });
    if (preselect) setSearch({}, { replace: true });
  };

  if (view.kind === 'book') {
    const sites = services.data?.sites ?? [];
    const site = sites[Math.min(siteIndex, sites.length - 1)];
    return (
      <div className="anju-my-appointments bk-flow" data-testid="my-appointments-book">
        <Button type="link" icon={<ArrowLeftOutlined />} className="bk-back" onClick={toList}>
          {t('myAppointments.backToList')}
        </Button>
        {services.isPending && <Skeleton active />}
        {services.error && <Alert type="error" showIcon title={errorMessage(services.error)} />}
        {services.data && !site && <Alert type="info" showIcon title={t('myAppointments.noSite')} />}
        {sites.length > 1 && (
          <Segmented
            block
            value={siteIndex}
            onChange={(value) => setSiteIndex(Number(value))}
            options={sites.map((s, i) => ({ value: i, label: s.officeName }))}
          />
        )}
        {site && (
          <BookingFlow
            key={site.siteId}
            services={site.services}
            source={myApi.source(site.siteId)}
            booker="resident"
            preselectCode={preselect}
            book={(request) =>
              myApi.book({
                serviceId: request.serviceId,
                start: request.start,
                phone: request.phone,
                idNumber: request.idNumber,
              })
            }
            onBooked={(booking) => {
              void queryClient.invalidateQueries({ queryKey: LIST_KEY });
              if (preselect) setSearch({}, { replace: true });
              setView({ kind: 'done', booking });
            }}
          />
        )}
      </div>
    );
  }

  if (view.kind === 'done') {
    return (
      <div className="anju-my-appointments bk-flow" data-testid="booking-done">
        <Typography.Title level={3}>{t('booking.done.title')}</Typography.Title>
        <BookingCard booking={view.booking} qrOpen emphasis />
        <Button size="large" block type="primary" onClick={toList} data-testid="my-appointments-back">
          {t('myAppointments.backToList')}
        </Button>
      </div>
    );
  }

  const items = list.data?.items ?? [];
  const upcoming = items.filter((b) => b.status === 'booked').sort((a, b) => a.start.localeCompare(b.start));
  const past = items.filter((b) => b.status !== 'booked').sort((a, b) => b.start.localeCompare(a.start));
  return (
    <div className="anju-my-appointments bk-flow" data-testid="my-appointments-page">
      <Typography.Paragraph type="secondary">{t('myAppointments.intro')}</Typography.Paragraph>
      <Button
        type="primary"
        size="large"
        block
        icon={<CalendarOutlined />}
        onClick={() => setView({ kind: 'book' })}
        data-testid="my-appointments-new"
      >
        {t('myAppointments.book')}
      </Button>
      {list.isPending && <Skeleton active />}
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      {list.data && (
        <>
          <h3 className="bk-subtitle">{t('myAppointments.upcoming')}</h3>
          {upcoming.length === 0 && <Empty description={t('myAppointments.none')} />}
          <div data-testid="my-appointments-upcoming">
            {upcoming.map((b) => (
              <MyBookingItem key={b.id} booking={b} />
            ))}
          </div>
          <h3 className="bk-subtitle">{t('myAppointments.past')}</h3>
          {past.length === 0 && <Empty description={t('myAppointments.nonePast')} />}
          <div data-testid="my-appointments-past">
            {past.map((b) => (
              <BookingCard key={b.id} booking={b} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
