import { LoadingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { type PublicBooking, publicApi } from '../../features/appointments/booking/api.ts';
import { BookingCard } from '../../features/appointments/booking/BookingCard.tsx';
import { BookingFlow } from '../../features/appointments/booking/BookingFlow.tsx';
import { PublicBookingLayout } from './layout.tsx';

/** The office's name, phone and hours under the title: whom to call when nothing suits. */
function OfficeLine({ office }: { office: { name: string; phone: string; openingHours?: string } }) {
  const { t } = useI18n();
  return (
    <p className="bp-office" data-testid="booking-office">
      {office.phone ? (
        <>
          {office.name} · <a href={`tel:${office.phone}`}>{office.phone}</a>
        </>
      ) : (
        office.name
      )}
      {office.openingHours && (
        <>
          <br />
          {t('bookPage.hours', { hours: office.openingHours })}
        </>
      )}
    </p>
  );
}

const managePath = (siteId: string, code?: string) =>
  `/book/${encodeURIComponent(siteId)}/manage${code ? `?code=${encodeURIComponent(code)}` : ''}`;

/**
 * /book/:siteId — anyone with a mainland phone books a visit, without signing in: service →
 * day → time → name and phone (+ ID number) → the code, the time, the documents and the QR.
 * `?service=<code>` starts at that service's times (links from the kiosk and the ID card pick-up).
 */
export default function BookingPage() {
  const { t } = useI18n();
  const { siteId = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const calls = useMemo(() => publicApi(siteId), [siteId]);
  const site = useQuery({
    queryKey: ['appointments', 'public', siteId, 'site'],
    queryFn: ({ signal }) => calls.site(signal),
  });
  const [booked, setBooked] = useState<PublicBooking | null>(null);
  const [round, setRound] = useState(0);

  let body: ReactNode;
  if (site.isPending) {
    body = (
      <p className="bk-muted">
        <LoadingOutlined /> {t('bookPage.loading')}
      </p>
    );
  } else if (site.error) {
    const unknown =
      site.error instanceof ApiError && (site.error.status === 404 || site.error.status === 400);
    body = (
      <Alert
        type="error"
        showIcon
        title={unknown ? t('bookPage.siteUnknown') : errorMessage(site.error)}
        data-testid="booking-site-error"
      />
    );
  } else if (booked) {
    body = (
      <div data-testid="booking-done">
        <h1>{t('booking.done.title')}</h1>
        <BookingCard booking={booked} qrOpen emphasis />
        <p className="bk-muted">{t('booking.card.manageHint')}</p>
        <div className="bp-links">
          <Button
            size="large"
            block
            onClick={() => navigate(managePath(siteId, booked.code))}
            data-testid="booking-manage-this"
          >
            {t('bookPage.manageThis')}
          </Button>
          <Button
            size="large"
            block
            onClick={() => {
              setBooked(null);
              setRound(round + 1);
            }}
          >
            {t('bookPage.bookAnother')}
          </Button>
        </div>
      </div>
    );
  } else {
    body = (
      <>
        <h1>{t('bookPage.title')}</h1>
        <OfficeLine office={site.data.office} />
        <BookingFlow
          key={round}
          services={site.data.services}
          source={calls.source}
          booker="anyone"
          preselectCode={round === 0 ? search.get('service') : null}
          book={(request) =>
            calls.book({
              serviceId: request.serviceId,
              start: request.start,
              name: request.name ?? '',
              phone: request.phone ?? '',
              idNumber: request.idNumber,
            })
          }
          onBooked={setBooked}
        />
        <div className="bp-links">
          <Link to={managePath(siteId)} data-testid="booking-manage-link">
            {t('bookPage.manageLink')}
          </Link>
        </div>
      </>
    );
  }
  return <PublicBookingLayout>{body}</PublicBookingLayout>;
}
