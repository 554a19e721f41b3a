import { Alert, Button, Form, Input } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { normalizePhone } from '@anju/contracts';
import { errorMessage } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { bookingProblem, type PublicBooking, publicApi } from '../../features/appointments/booking/api.ts';
import { BookingCard } from '../../features/appointments/booking/BookingCard.tsx';
import {
  CancelBookingButton,
  RescheduleChooser,
} from '../../features/appointments/booking/ChangeBooking.tsx';
import '../../features/appointments/booking/booking.css';
import { whenLabel } from '../../features/appointments/booking/time.ts';
import { PublicBookingLayout } from './layout.tsx';

const CODE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;

interface FindValues {
  code: string;
  phone: string;
}

/**
 * /book/:siteId/manage?code= — the booker opens a booking with its code (prefilled from the QR's
 * link) and the phone it was made with, then moves or cancels it. A wrong code or phone gets one
 * answer that does not say which of the two was wrong (the server's rule).
 */
export default function ManagePage() {
  const { t, lang } = useI18n();
  const { siteId = '' } = useParams();
  const [search] = useSearchParams();
  const calls = useMemo(() => publicApi(siteId), [siteId]);
  const [form] = Form.useForm<FindValues>();
  const [found, setFound] = useState<{ booking: PublicBooking; phone: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Counts the look-ups, so the same message after a second wrong try is seen as a new answer.
  const [tries, setTries] = useState(0);
  const [moving, setMoving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const find = async (values: FindValues) => {
    const code = values.code.trim().toUpperCase();
    const phone = normalizePhone(values.phone) ?? values.phone.trim();
    setBusy(true);
    setFailure(null);
    try {
      setFound({ booking: await calls.find(code, phone), phone });
      setNotice(null);
    } catch (error) {
      const problem = bookingProblem(error);
      setFailure(
        problem === 'notFound'
          ? t('bookPage.manage.notFound')
          : problem === 'tooMany'
            ? t('bookPage.manage.tooMany')
            : errorMessage(error),
      );
    } finally {
      setTries((n) => n + 1);
      setBusy(false);
    }
  };

  let body: ReactNode;
  if (!found) {
    body = (
      <>
        <h1>{t('bookPage.manage.title')}</h1>
        <p className="bk-muted">{t('bookPage.manage.intro')}</p>
        <Form
          form={form}
          layout="vertical"
          size="large"
          requiredMark={false}
          initialValues={{ code: (search.get('code') ?? '').toUpperCase(), phone: '' }}
          onFinish={(values) => void find(values)}
          className="bk-form"
        >
          <Form.Item
            name="code"
            label={t('bookPage.manage.code')}
            rules={[
              {
                validator: async (_rule, value: string | undefined) => {
                  if (!CODE.test((value ?? '').trim().toUpperCase()))
                    throw new Error(t('bookPage.manage.codeInvalid'));
                },
              },
            ]}
          >
            <Input
              autoComplete="off"
              autoCapitalize="characters"
              maxLength={8}
              placeholder={t('bookPage.manage.codePlaceholder')}
              data-testid="manage-code"
              style={{ letterSpacing: 2, fontFamily: 'monospace' }}
            />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('bookPage.manage.phone')}
            rules={[
              {
                validator: async (_rule, value: string | undefined) => {
                  if (!value?.trim()) throw new Error(t('booking.contact.phoneRequired'));
                  if (!normalizePhone(value)) throw new Error(t('booking.contact.phoneInvalid'));
                },
              },
            ]}
          >
            <Input type="tel" inputMode="tel" autoComplete="tel" maxLength={20} data-testid="manage-phone" />
          </Form.Item>
          {failure && (
            <Alert
              type="error"
              showIcon
              title={failure}
              className="bk-alert"
              data-testid="manage-error"
              data-tries={tries}
            />
          )}
          <Button
            type="primary"
            size="large"
            block
            htmlType="submit"
            loading={busy}
            data-testid="manage-find"
          >
            {t('bookPage.manage.find')}
          </Button>
        </Form>
        <div className="bp-links">
          <Link to={`/book/${encodeURIComponent(siteId)}`}>{t('bookPage.manage.bookNew')}</Link>
        </div>
      </>
    );
  } else {
    const { booking, phone } = found;
    const update = (next: PublicBooking) => setFound({ booking: next, phone });
    body = (
      <div data-testid="manage-booking">
        <h1>{t('bookPage.manage.title')}</h1>
        {notice && (
          <Alert type="success" showIcon title={notice} className="bk-alert" data-testid="manage-notice" />
        )}
        <BookingCard
          booking={booking}
          qrOpen={booking.changeable}
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
                  source={calls.source}
                  cancel={() => calls.cancel(booking.code, phone)}
                  onCancelled={(cancelled) => {
                    update(cancelled);
                    setNotice(t('booking.cancel.done'));
                  }}
                />
              </>
            ) : !booking.changeable && booking.status === 'booked' ? (
              <span className="bk-muted">{t('bookPage.manage.notChangeable')}</span>
            ) : null
          }
        />
        {moving && (
          <RescheduleChooser
            booking={booking}
            source={calls.source}
            move={(start) => calls.reschedule(booking.code, phone, start)}
            onMoved={(moved) => {
              update(moved);
              setMoving(false);
              setNotice(t('booking.reschedule.done', { when: whenLabel(moved.start, moved.end, lang) }));
            }}
            onClose={() => setMoving(false)}
          />
        )}
        <div className="bp-links">
          <Button
            size="large"
            block
            onClick={() => {
              setFound(null);
              setMoving(false);
              setNotice(null);
            }}
          >
            {t('bookPage.manage.other')}
          </Button>
          <Link to={`/book/${encodeURIComponent(siteId)}`}>{t('bookPage.manage.bookNew')}</Link>
        </div>
      </div>
    );
  }
  return <PublicBookingLayout>{body}</PublicBookingLayout>;
}
