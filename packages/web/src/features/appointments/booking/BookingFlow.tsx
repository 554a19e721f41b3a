import { ArrowLeftOutlined, ClockCircleOutlined, IdcardOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { idNumberMessageKey, idNumberProblem, normalizePhone, renderKey } from '@anju/contracts';
import { ApiError, errorMessage } from '../../../app/api.ts';
import { applyFieldErrors } from '../../../app/forms.ts';
import { useI18n } from '../../../app/i18n.tsx';
import {
  bookingProblem,
  type FreeSlot,
  type PublicBooking,
  type PublicService,
  type SlotSource,
} from './api.ts';
import { DocumentList, useServiceTexts } from './BookingCard.tsx';
import { SlotChooser } from './SlotChooser.tsx';
import { whenLabel } from './time.ts';
import './booking.css';

/** What the flow hands to its page to book: the page adds the site or the session. */
export interface BookingRequest {
  serviceId: string;
  start: string;
  name?: string;
  phone?: string;
  idNumber?: string;
}

/**
 * Who is booking: a stranger types name and phone (+ ID number when the service needs it); a
 * signed-in resident's name and phone come from the registry, so only the ID number is typed
 * (when needed), or a phone when the server says the record has none.
 */
export type BookerKind = 'anyone' | 'resident';

type Step = 'service' | 'time' | 'contact';

interface ContactValues {
  name?: string;
  phone?: string;
  idNumber?: string;
}

export function ServiceList({
  services,
  onChoose,
}: {
  services: PublicService[];
  onChoose: (service: PublicService) => void;
}) {
  const { t } = useI18n();
  const textsOf = useServiceTexts();
  if (services.length === 0) return <Alert type="info" showIcon title={t('booking.noServices')} />;
  return (
    <div className="bk-services" data-testid="booking-services">
      {services.map((service) => {
        const texts = textsOf(service);
        return (
          <button
            type="button"
            key={service.id}
            className="bk-service"
            onClick={() => onChoose(service)}
            data-testid={`booking-service-${service.code}`}
          >
            <span className="bk-service-name">{texts.name}</span>
            <span className="bk-service-meta">
              <ClockCircleOutlined /> {t('booking.duration', { min: service.durationMin })}
              {service.needsIdNumber && (
                <>
                  {' · '}
                  <IdcardOutlined /> {t('booking.needsIdNumber')}
                </>
              )}
              {service.audience === 'residents' && ` · ${t('booking.residentsOnly')}`}
              {service.inSessions && ` · ${t('booking.weekendService')}`}
            </span>
            {texts.description && <span className="bk-service-desc">{texts.description}</span>}
            <span className="bk-service-docs">
              <strong>{t('booking.documents')}：</strong>
              {texts.documents.length ? texts.documents.join('、') : t('booking.noDocuments')}
            </span>
          </button>
        );
      })}
    </div>
  );
}

function Steps({ step }: { step: Step }) {
  const { t } = useI18n();
  const order: Step[] = ['service', 'time', 'contact'];
  const at = order.indexOf(step);
  return (
    <ol className="bk-steps" aria-label={t(`booking.step.${step}`)}>
      {order.map((s, i) => (
        <li key={s} className={i < at ? 'is-done' : i === at ? 'is-current' : ''}>
          <span className="bk-step-n">{i + 1}</span>
          {t(`booking.step.${s}`)}
        </li>
      ))}
    </ol>
  );
}

/**
 * The booking flow of the phone pages: service (with duration and documents) → day and free time
 * → who → the page's `book` call → `onBooked` (the page shows the confirmation). A time someone
 * else took meanwhile sends the person back to the times, refreshed, with a word why.
 */
export function BookingFlow<B extends PublicBooking>({
  services,
  source,
  booker,
  preselectCode,
  book,
  onBooked,
}: {
  services: PublicService[];
  source: SlotSource;
  booker: BookerKind;
  /** `?service=<code>`: start at the times of that service (links from the kiosk, the ID card pick-up) */
  preselectCode?: string | null;
  book: (request: BookingRequest) => Promise<B>;
  onBooked: (booking: B) => void;
}) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const preselected = preselectCode ? services.find((s) => s.code === preselectCode) : undefined;
  const [service, setService] = useState<PublicService | null>(preselected ?? null);
  const [slot, setSlot] = useState<FreeSlot | null>(null);
  const [taken, setTaken] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A resident is asked for phone / ID number only when the server says its record lacks them.
  const [asked, setAsked] = useState<Set<'phone' | 'idNumber'>>(new Set());
  const [form] = Form.useForm<ContactValues>();
  const textsOf = useServiceTexts();

  // Each step starts at the top: on a phone the previous step's button is at the bottom.
  const [step, setStepState] = useState<Step>(preselected ? 'time' : 'service');
  const setStep = (next: Step) => {
    setStepState(next);
    window.scrollTo({ top: 0 });
  };

  const choose = (next: PublicService) => {
    setService(next);
    setSlot(null);
    setTaken(false);
    setStep('time');
  };

  // The ID number is typed by everyone when the service needs it (the resident route does not
  // take it from the registry record); a resident's phone only when the record has none.
  const showField = (field: 'phone' | 'idNumber') =>
    field === 'idNumber'
      ? !!service?.needsIdNumber || asked.has(field)
      : booker === 'anyone' || asked.has(field);

  const submit = async (values: ContactValues) => {
    if (!service || !slot) return;
    setBusy(true);
    setFailure(null);
    try {
      const booking = await book({
        serviceId: service.id,
        start: slot.start,
        name: booker === 'anyone' ? values.name?.trim() : undefined,
        phone: values.phone ? (normalizePhone(values.phone) ?? values.phone.trim()) : undefined,
        idNumber: values.idNumber ? values.idNumber.trim().toUpperCase() : undefined,
      });
      await queryClient.invalidateQueries({ queryKey: source.scope });
      onBooked(booking);
    } catch (error) {
      const problem = bookingProblem(error);
      if (problem === 'slotTaken' || problem === 'slotNotOffered') {
        // Someone was quicker (or the time passed): back to the times, asked afresh.
        await queryClient.invalidateQueries({ queryKey: source.scope });
        setSlot(null);
        setTaken(true);
        setStep('time');
        return;
      }
      if (booker === 'resident' && error instanceof ApiError) {
        const fields = new Set(error.fieldErrors().map((f) => f.name.split('.')[0]));
        const missing = (['phone', 'idNumber'] as const).filter((f) => fields.has(f));
        if (missing.length) {
          setAsked(new Set([...asked, ...missing]));
          setFailure(errorMessage(error));
          return;
        }
      }
      if (!applyFieldErrors(form, error)) setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bk-flow" data-testid="booking-flow" data-step={step}>
      <Steps step={step} />
      {step !== 'service' && (
        <Button
          type="link"
          icon={<ArrowLeftOutlined />}
          className="bk-back"
          onClick={() => setStep(step === 'contact' ? 'time' : 'service')}
          data-testid="booking-back"
        >
          {t('booking.back')}
        </Button>
      )}

      {step === 'service' && <ServiceList services={services} onChoose={choose} />}

      {step === 'time' && service && (
        <>
          <div className="bk-chosen-service">
            <strong>{textsOf(service).name}</strong>
            <span className="bk-muted"> · {t('booking.duration', { min: service.durationMin })}</span>
          </div>
          {taken && (
            <Alert
              type="warning"
              showIcon
              title={t('booking.error.slotTaken')}
              className="bk-alert"
              data-testid="booking-slot-taken"
            />
          )}
          <SlotChooser
            source={source}
            service={service}
            selected={slot}
            onSelect={(s) => {
              setSlot(s);
              if (s) setTaken(false);
            }}
          />
          <div className="bk-sticky-action">
            <Button
              type="primary"
              size="large"
              block
              disabled={!slot}
              onClick={() => setStep('contact')}
              data-testid="booking-next"
            >
              {slot ? `${t('booking.next')} · ${slot.time}` : t('booking.next')}
            </Button>
          </div>
        </>
      )}

      {step === 'contact' && service && slot && (
        <>
          <section className="bk-card">
            <h3 className="bk-subtitle">{t('booking.contact.summary')}</h3>
            <div className="bk-summary" data-testid="booking-summary">
              <strong>{textsOf(service).name}</strong>
              <div>{whenLabel(slot.start, slot.end, lang)}</div>
              <div className="bk-muted bk-small">{t('booking.slots.zoneNote')}</div>
              <div className="bk-summary-docs">
                <span className="bk-muted">{t('booking.documents')}</span>
                <DocumentList documents={textsOf(service).documents} />
              </div>
            </div>
          </section>
          <Form
            form={form}
            layout="vertical"
            size="large"
            onFinish={(values) => void submit(values)}
            className="bk-form"
            requiredMark={false}
          >
            {booker === 'resident' && <p className="bk-muted">{t('booking.contact.fromAccount')}</p>}
            {booker === 'anyone' && (
              <Form.Item
                name="name"
                label={t('booking.contact.name')}
                rules={[{ required: true, whitespace: true, message: t('booking.contact.nameRequired') }]}
              >
                <Input
                  autoComplete="name"
                  placeholder={t('booking.contact.namePlaceholder')}
                  maxLength={40}
                  data-testid="booking-name"
                />
              </Form.Item>
            )}
            {showField('phone') && (
              <Form.Item
                name="phone"
                label={t('booking.contact.phone')}
                extra={t('booking.contact.phoneHint')}
                rules={[
                  { required: true, whitespace: true, message: t('booking.contact.phoneRequired') },
                  {
                    validator: async (_rule, value: string | undefined) => {
                      // Online bookings need a mobile: the code and the reminders come by SMS.
                      if (value?.trim() && !normalizePhone(value)?.startsWith('1'))
                        throw new Error(t('booking.contact.phoneInvalid'));
                    },
                  },
                ]}
              >
                <Input
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  placeholder={t('booking.contact.phonePlaceholder')}
                  maxLength={20}
                  data-testid="booking-phone"
                />
              </Form.Item>
            )}
            {showField('idNumber') && (
              <Form.Item
                name="idNumber"
                label={t('booking.contact.idNumber')}
                extra={t('booking.contact.idNumberHint')}
                rules={[
                  { required: true, whitespace: true, message: t('booking.contact.idNumberRequired') },
                  {
                    // The same GB 11643 check as the server's; the server still decides.
                    validator: async (_rule, value: string | undefined) => {
                      const problem = value?.trim() ? idNumberProblem(value.trim().toUpperCase()) : null;
                      if (problem) throw new Error(renderKey(idNumberMessageKey(problem), lang));
                    },
                  },
                ]}
              >
                <Input
                  autoComplete="off"
                  placeholder={t('booking.contact.idNumberPlaceholder')}
                  maxLength={18}
                  data-testid="booking-id-number"
                />
              </Form.Item>
            )}
            {failure && (
              <Alert type="error" showIcon title={failure} className="bk-alert" data-testid="booking-error" />
            )}
            <Button
              type="primary"
              size="large"
              block
              htmlType="submit"
              loading={busy}
              data-testid="booking-submit"
            >
              {t('booking.submit')}
            </Button>
          </Form>
        </>
      )}
    </div>
  );
}
