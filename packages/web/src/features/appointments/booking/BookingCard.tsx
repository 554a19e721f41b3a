import { Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import type { BookingStatus } from '@anju/contracts';
import { useI18n } from '../../../app/i18n.tsx';
import type { PublicBooking, PublicService } from './api.ts';
import { QrImage } from './QrImage.tsx';
import { whenLabel } from './time.ts';

const STATUS_COLORS: Record<BookingStatus, string> = {
  booked: 'blue',
  checked_in: 'cyan',
  served: 'green',
  no_show: 'orange',
  cancelled: 'default',
};

export function BookingStatusTag({ status }: { status: BookingStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="booking-status" data-status={status}>
      {t(`booking.status.${status}`)}
    </Tag>
  );
}

/** A service's name, description and documents in the page's language. */
export function useServiceTexts() {
  const { lang } = useI18n();
  return (service: PublicService) =>
    lang === 'en'
      ? { name: service.nameEn, description: service.descriptionEn, documents: service.documentsEn }
      : { name: service.nameZh, description: service.descriptionZh, documents: service.documentsZh };
}

export function DocumentList({ documents }: { documents: string[] }) {
  const { t } = useI18n();
  if (documents.length === 0) return <span className="bk-muted">{t('booking.noDocuments')}</span>;
  return (
    <ul className="bk-documents" data-testid="booking-documents">
      {documents.map((d) => (
        <li key={d}>{d}</li>
      ))}
    </ul>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="bk-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * A booking as its booker sees it: the code (large), the time, the service and its documents, the
 * office, and the QR the counter scans (open at once on the confirmation, behind a button in
 * lists). `actions` go below (move, cancel).
 */
export function BookingCard({
  booking,
  qrOpen = false,
  emphasis = false,
  actions,
}: {
  booking: PublicBooking;
  qrOpen?: boolean;
  /** the confirmation screen: the code in large type */
  emphasis?: boolean;
  actions?: ReactNode;
}) {
  const { t, lang } = useI18n();
  const texts = useServiceTexts()(booking.service);
  const [showQr, setShowQr] = useState(qrOpen);
  const active = booking.status === 'booked';
  return (
    <section
      className={`bk-card${emphasis ? ' is-emphasis' : ''}`}
      data-testid={`booking-card-${booking.code}`}
      data-status={booking.status}
    >
      <div className="bk-card-head">
        <span className="bk-card-service">{texts.name}</span>
        <BookingStatusTag status={booking.status} />
      </div>
      <div className="bk-code-block">
        <span className="bk-code-label">{t('booking.card.code')}</span>
        <span className="bk-code" data-testid="booking-code">
          {booking.code}
        </span>
      </div>
      <dl className="bk-rows">
        <Row label={t('booking.card.when')}>
          <span data-testid="booking-when" data-start={booking.start}>
            {whenLabel(booking.start, booking.end, lang)}
          </span>
        </Row>
        <Row label={t('booking.card.name')}>{booking.name}</Row>
        <Row label={t('booking.card.phone')}>{booking.phoneMasked}</Row>
        <Row label={t('booking.card.office')}>
          {booking.office.name}
          {booking.office.address && <div className="bk-muted">{booking.office.address}</div>}
        </Row>
        {booking.office.phone && (
          <Row label={t('booking.card.officePhone')}>
            <a href={`tel:${booking.office.phone}`}>{booking.office.phone}</a>
          </Row>
        )}
        <Row label={t('booking.documents')}>
          <DocumentList documents={texts.documents} />
        </Row>
      </dl>
      {active &&
        (showQr ? (
          <div className="bk-qr">
            <QrImage text={booking.qrText} alt={t('booking.card.qrAlt')} testId="booking-qr" />
            <p className="bk-muted bk-small">{t('booking.card.codeHint')}</p>
            {!qrOpen && (
              <button type="button" className="bk-link" onClick={() => setShowQr(false)}>
                {t('booking.card.hideQr')}
              </button>
            )}
          </div>
        ) : (
          <button
            type="button"
            className="bk-link"
            onClick={() => setShowQr(true)}
            data-testid="booking-show-qr"
          >
            {t('booking.card.showQr')}
          </button>
        ))}
      {actions && <div className="bk-card-actions">{actions}</div>}
    </section>
  );
}
