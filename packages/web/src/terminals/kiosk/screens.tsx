import {
  CameraOutlined,
  CheckCircleFilled,
  CloseCircleFilled,
  DownloadOutlined,
  IdcardOutlined,
  LoadingOutlined,
  PhoneOutlined,
  PrinterOutlined,
  WarningFilled,
} from '@ant-design/icons';
import { Button, Input, Radio } from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../app/i18n.tsx';
import { captureFrame, useCamera } from '../camera.ts';
import {
  type ApplicationKind,
  CERTIFICATE_SERVICES,
  type CheckResult,
  certificatePdf,
  idPhotoCheck,
  type IssuedCertificate,
  issueCertificate,
  KioskError,
  type OfficeInfo,
  type PhotoProblem,
  personIdCheck,
  SERVICES,
  type Service,
  type ServiceOffer,
  type SubmittedApplication,
  submitApplication,
} from './api.ts';
import { publicBookingUrl } from '../../features/appointments/booking/api.ts';
import { QrImage } from '../../features/appointments/booking/QrImage.tsx';
import { BridgeReader, type IdCard, type IdCardReader, ReaderError, SimulatedReader } from './reader.ts';

/** The page's reaction to an error a screen could not handle itself (revoked token, offline). */
export type OnFatal = (error: unknown) => void;

const serviceKey = (s: Service) => `kioskTerminal.service.${s}` as const;
const serviceHintKey = (s: Service) => `kioskTerminal.serviceHint.${s}` as const;

/** 110101199003071234 → 1101**********1234: what the screen shows of a card number. */
export function maskIdNumber(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : id;
}

export function ErrorLine({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="ks-error" data-testid={testId}>
      <WarningFilled /> {children}
    </div>
  );
}

/** A screen's last step: its error (if any) above the big primary button, spinning while busy. */
function SubmitAction({
  error,
  errorTestId,
  busy,
  onClick,
  testId,
  label,
}: {
  error: string | null;
  errorTestId: string;
  busy: boolean;
  onClick: () => void;
  testId: string;
  label: string;
}) {
  return (
    <>
      {error && <ErrorLine testId={errorTestId}>{error}</ErrorLine>}
      <Button
        type="primary"
        size="large"
        className="ks-big-button"
        loading={busy}
        onClick={onClick}
        data-testid={testId}
      >
        {label}
      </Button>
    </>
  );
}

/** 结束办理 on the last screens: back to the start, nothing of the person kept. */
function FinishButton({ onFinish }: { onFinish: () => void }) {
  const { t } = useI18n();
  return (
    <Button size="large" className="ks-big-button" onClick={onFinish} data-testid="kiosk-finish">
      {t('kioskTerminal.exit')}
    </Button>
  );
}

/**
 * The way to a person at the counter: hours and phone, and a QR of this office's public booking
 * page, so the person leaves with a time (a weekend service day too) instead of a phone number.
 */
export function CounterInfo({ office, siteId }: { office: OfficeInfo | null; siteId: string }) {
  const { t } = useI18n();
  const bookingUrl = publicBookingUrl(siteId);
  return (
    <div className="ks-counter" data-testid="kiosk-counter">
      <div className="ks-counter-body">
        <div className="ks-counter-title">
          <PhoneOutlined /> {t('kioskTerminal.counter.title')}
        </div>
        {office && (
          <div className="ks-counter-text">
            {t('kioskTerminal.counter.text', {
              office: office.name,
              hours: office.hours,
              phone: office.phone,
            })}
          </div>
        )}
      </div>
      <div className="ks-counter-book" data-testid="kiosk-booking-qr" data-url={bookingUrl}>
        <QrImage text={bookingUrl} alt={t('kioskTerminal.counter.bookQr')} size={132} />
        <div className="ks-counter-book-title">{t('kioskTerminal.counter.bookQr')}</div>
        <div className="ks-counter-book-hint">{t('kioskTerminal.counter.bookHint')}</div>
      </div>
    </div>
  );
}

/** The services; while the kiosk is offline (banner above) they cannot be started. */
export function HomeScreen({
  onChoose,
  disabled = false,
}: {
  onChoose: (service: Service) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const tile = (service: Service) => (
    <button
      type="button"
      key={service}
      disabled={disabled}
      className={`ks-tile ks-tile-${service}`}
      onClick={() => onChoose(service)}
      data-testid={`service-${service}`}
    >
      <span className="ks-tile-name">{t(serviceKey(service))}</span>
      <span className="ks-tile-hint">{t(serviceHintKey(service))}</span>
    </button>
  );
  return (
    <div className="ks-home" data-testid="kiosk-home">
      <h1>{t('kioskTerminal.home.title')}</h1>
      <p className="ks-sub">{t('kioskTerminal.home.subtitle')}</p>
      <h2>{t('kioskTerminal.home.certificates')}</h2>
      <div className="ks-tiles">{CERTIFICATE_SERVICES.map(tile)}</div>
      <h2>{t('kioskTerminal.home.applications')}</h2>
      <div className="ks-tiles">{SERVICES.filter((s) => !CERTIFICATE_SERVICES.includes(s)).map(tile)}</div>
      <p className="ks-privacy">{t('kioskTerminal.home.privacy')}</p>
    </div>
  );
}

/** 放置身份证: waits on the reader; the simulated reader shows its demo cards to tap. */
export function CardScreen({ reader, onCard }: { reader: IdCardReader; onCard: (card: IdCard) => void }) {
  const { t } = useI18n();
  const [cards, setCards] = useState<IdCard[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const onCardRef = useRef(onCard);
  onCardRef.current = onCard;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a retry (attempt + 1) starts a new reading
  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    reader
      .read(abort.signal)
      .then((card) => onCardRef.current(card))
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        setError(
          e instanceof ReaderError && e.code === 'bad_card'
            ? t('kioskTerminal.card.bad')
            : e instanceof ReaderError || e instanceof KioskError
              ? t('kioskTerminal.card.unavailable')
              : String(e),
        );
      });
    if (reader instanceof SimulatedReader) {
      reader
        .cards()
        .then((c) => {
          if (!abort.signal.aborted) setCards(c);
        })
        .catch(() => {
          if (!abort.signal.aborted) setError(t('kioskTerminal.card.unavailable'));
        });
    }
    return () => abort.abort();
  }, [reader, t, attempt]);

  return (
    <div className="ks-panel" data-testid="kiosk-card">
      <h1>
        <IdcardOutlined /> {t('kioskTerminal.card.title')}
      </h1>
      {reader instanceof BridgeReader && !error && (
        <p className="ks-sub">
          <LoadingOutlined /> {t('kioskTerminal.card.bridgeWaiting')}
        </p>
      )}
      {reader instanceof SimulatedReader && (
        <>
          <p className="ks-sub">{t('kioskTerminal.card.simulated')}</p>
          {cards === null && !error && <LoadingOutlined className="ks-spinner" />}
          {cards?.length === 0 && <p>{t('kioskTerminal.card.simulatedEmpty')}</p>}
          <div className="ks-cards">
            {cards?.map((card) => (
              <button
                type="button"
                key={card.idNumber}
                className="ks-idcard"
                data-testid="sim-card"
                data-id-number={card.idNumber}
                onClick={() => reader.place(card)}
              >
                {card.chipPhoto ? (
                  <img src={`data:image/jpeg;base64,${card.chipPhoto}`} alt="" />
                ) : (
                  <span className="ks-idcard-nophoto">
                    <IdcardOutlined />
                  </span>
                )}
                <span className="ks-idcard-text">
                  <strong>{card.name}</strong>
                  <span>{maskIdNumber(card.idNumber)}</span>
                  <span className="ks-small">
                    {card.validTo === 'long'
                      ? t('kioskTerminal.card.validLong')
                      : t('kioskTerminal.card.validTo', { date: card.validTo })}
                  </span>
                </span>
              </button>
            ))}
          </div>
        </>
      )}
      {error && (
        <>
          <ErrorLine testId="kiosk-card-error">{error}</ErrorLine>
          <Button size="large" onClick={() => setAttempt((n) => n + 1)}>
            {t('kioskTerminal.retry')}
          </Button>
        </>
      )}
    </div>
  );
}

function CameraView({
  camera,
  canvasRef,
  busy,
}: {
  camera: ReturnType<typeof useCamera>;
  canvasRef: React.RefObject<HTMLCanvasElement | null>;
  /** shown over the picture while the server looks at it; nothing when null */
  busy: string | null;
}) {
  const { t } = useI18n();
  return (
    <div className="ks-camera" data-testid="kiosk-camera" data-state={camera.state}>
      <video ref={camera.videoRef} className="ks-video" muted playsInline autoPlay />
      <canvas ref={canvasRef} hidden />
      {camera.state === 'ready' && <div className="ks-oval" />}
      {camera.state === 'starting' && (
        <div className="ks-camera-off">{t('kioskTerminal.camera.starting')}</div>
      )}
      {(camera.state === 'denied' || camera.state === 'unavailable') && (
        <div className="ks-camera-off">
          <CameraOutlined /> {t('kioskTerminal.camera.problem')}
        </div>
      )}
      {busy && (
        <div className="ks-camera-busy">
          <LoadingOutlined /> {busy}
        </div>
      )}
    </div>
  );
}

/** The verdict below the camera scrolls into sight on a short screen (a ref callback). */
const intoView = (el: HTMLElement | null) => el?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });

/** A short-lived still of the camera, for the ID photo preview. */
function useObjectUrl(blob: Blob | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return setUrl(null);
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url;
}

export type CheckOutcome =
  | { ok: true; check: CheckResult }
  /** The person cannot go on here (bad card, expired, locked): the plain reason and the counter. */
  | { ok: false; message: string };

/** 人证核验: a live frame with the card → the server's 1:1 match and liveness. */
export function FaceScreen({
  token,
  card,
  onDone,
  onFatal,
}: {
  token: string;
  card: IdCard;
  onDone: (outcome: CheckOutcome) => void;
  onFatal: OnFatal;
}) {
  const { t } = useI18n();
  const camera = useCamera(true, 'user');
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; attemptsLeft?: number } | null>(null);

  const start = async () => {
    const video = camera.videoRef.current;
    const canvas = canvasRef.current;
    if (!video || !canvas || busy) return;
    setBusy(true);
    setError(null);
    try {
      const frame = await captureFrame(video, canvas, 0.9);
      if (!frame) throw new Error('no camera frame');
      onDone({ ok: true, check: await personIdCheck(token, card, frame) });
    } catch (e) {
      if (e instanceof KioskError && !e.needsPairing && !e.offline) {
        if (['invalid_id_number', 'card_expired', 'face_locked'].includes(e.code) || e.status === 404) {
          onDone({ ok: false, message: e.message });
          return;
        }
        // The server's message already says how many tries are left; the number rides along in details.
        const left =
          (e.details[0] as { attemptsLeft?: unknown } | undefined)?.attemptsLeft ?? e.extra.attemptsLeft;
        setError({ message: e.message, attemptsLeft: typeof left === 'number' ? left : undefined });
      } else if (e instanceof KioskError) onFatal(e);
      else setError({ message: String((e as Error).message ?? e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ks-panel ks-face" data-testid="kiosk-face">
      <h1>{t('kioskTerminal.face.title')}</h1>
      <p className="ks-sub">
        {t('kioskTerminal.face.cardOf', { name: card.name, id: maskIdNumber(card.idNumber) })}
      </p>
      <CameraView
        camera={camera}
        canvasRef={canvasRef}
        busy={busy ? t('kioskTerminal.face.checking') : null}
      />
      {error && (
        <div data-attempts-left={error.attemptsLeft ?? ''}>
          <ErrorLine testId="kiosk-face-error">
            {t('kioskTerminal.check.failed')}: {error.message}
          </ErrorLine>
        </div>
      )}
      <p className="ks-sub">{t('kioskTerminal.face.hint')}</p>
      <Button
        type="primary"
        size="large"
        className="ks-big-button"
        disabled={camera.state !== 'ready'}
        loading={busy}
        onClick={() => void start()}
        data-testid="kiosk-face-start"
      >
        {error ? t('kioskTerminal.retry') : t('kioskTerminal.face.start')}
      </Button>
    </div>
  );
}

/** The check's offers: the chosen service first, each with its plain reason when not available. */
export function OffersScreen({
  check,
  chosen,
  office,
  siteId,
  onChoose,
}: {
  check: CheckResult;
  chosen: Service;
  office: OfficeInfo | null;
  siteId: string;
  onChoose: (offer: ServiceOffer) => void;
}) {
  const { t } = useI18n();
  const offers = [...check.services].sort(
    (a, b) => Number(b.service === chosen) - Number(a.service === chosen),
  );
  const anyUnavailable = offers.some((o) => !o.available);
  // What the person came for is not possible here: the way to the counter goes first, in sight.
  const chosenRefused = offers.some((o) => o.service === chosen && !o.available);
  return (
    <div className="ks-panel" data-testid="kiosk-offers">
      <h1>{t('kioskTerminal.offers.title', { name: check.holder.maskedName })}</h1>
      <p className="ks-sub">{t('kioskTerminal.offers.subtitle')}</p>
      {chosenRefused && <CounterInfo office={office} siteId={siteId} />}
      <div className="ks-offers">
        {offers.map((offer) => (
          <div
            key={offer.service}
            className={`ks-offer ${offer.available ? 'ok' : 'no'} ${offer.service === chosen ? 'chosen' : ''}`}
            data-testid={`offer-${offer.service}`}
            data-available={String(offer.available)}
          >
            <div className="ks-offer-head">
              {offer.available ? <CheckCircleFilled /> : <CloseCircleFilled />}
              <span className="ks-offer-name">{t(serviceKey(offer.service))}</span>
              <span className="ks-offer-state">
                {offer.available
                  ? t('kioskTerminal.offers.available')
                  : t('kioskTerminal.offers.unavailable')}
              </span>
            </div>
            {!offer.available && offer.reason && (
              <div className="ks-offer-reason" data-testid="offer-reason">
                {offer.reason}
              </div>
            )}
            {offer.available && (
              <Button
                type={offer.service === chosen ? 'primary' : 'default'}
                size="large"
                onClick={() => onChoose(offer)}
                data-testid={`offer-go-${offer.service}`}
              >
                {t('kioskTerminal.offers.choose')}
              </Button>
            )}
          </div>
        ))}
      </div>
      {anyUnavailable && !chosenRefused && <CounterInfo office={office} siteId={siteId} />}
    </div>
  );
}

const PURPOSE_OPTIONS = ['employment', 'visa', 'study'] as const;

/** A certificate: the purpose where the type needs one, then issue. */
export function CertificateScreen({
  token,
  check,
  offer,
  onIssued,
  onRefused,
  onFatal,
}: {
  token: string;
  check: CheckResult;
  offer: ServiceOffer;
  onIssued: (certificate: IssuedCertificate) => void;
  onRefused: (message: string) => void;
  onFatal: OnFatal;
}) {
  const { t } = useI18n();
  const [purpose, setPurpose] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const issue = async () => {
    if (offer.needsPurpose && !purpose.trim()) {
      setError(t('kioskTerminal.cert.purposeRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onIssued(await issueCertificate(token, check.checkId, offer.service, purpose.trim() || undefined));
    } catch (e) {
      if (e instanceof KioskError && (e.needsPairing || e.offline)) onFatal(e);
      else if (e instanceof KioskError && e.status === 410) onRefused(t('kioskTerminal.checkExpired'));
      else if (e instanceof KioskError && (e.status === 403 || e.status === 409)) onRefused(e.message);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ks-panel" data-testid="kiosk-certificate">
      <h1>{t('kioskTerminal.cert.title', { service: t(serviceKey(offer.service)) })}</h1>
      <p className="ks-sub">
        {t('kioskTerminal.cert.holder')}: {check.holder.maskedName}
      </p>
      {offer.needsPurpose && (
        <div className="ks-form">
          <label htmlFor="ks-purpose">{t('kioskTerminal.cert.purpose')}</label>
          <div className="ks-chips">
            {PURPOSE_OPTIONS.map((p) => {
              const label = t(`kioskTerminal.cert.purposeOption.${p}`);
              return (
                <Button key={p} size="large" onClick={() => setPurpose(label)}>
                  {label}
                </Button>
              );
            })}
          </div>
          <Input
            id="ks-purpose"
            size="large"
            value={purpose}
            maxLength={60}
            onChange={(e) => setPurpose(e.target.value)}
            placeholder={t('kioskTerminal.cert.purposePlaceholder')}
            data-testid="kiosk-purpose"
          />
        </div>
      )}
      <SubmitAction
        error={error}
        errorTestId="kiosk-cert-error"
        busy={busy}
        onClick={() => void issue()}
        testId="kiosk-issue"
        label={busy ? t('kioskTerminal.cert.issuing') : t('kioskTerminal.cert.issue')}
      />
    </div>
  );
}

/**
 * Prints a PDF through a hidden frame: with Chromium started with --kiosk-printing the print
 * goes to the default printer without a dialog. Where the frame cannot print (a CSP without
 * `frame-src blob:`, no PDF viewer), the PDF opens in a new tab to print from there.
 */
function printPdf(url: string): boolean {
  const frame = document.createElement('iframe');
  frame.style.position = 'fixed';
  frame.style.width = '0';
  frame.style.height = '0';
  frame.style.border = '0';
  frame.src = url;
  let printed = false;
  frame.onload = () => {
    try {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
      printed = true;
    } catch {
      window.open(url, '_blank');
    }
    window.setTimeout(() => frame.remove(), 60_000);
  };
  document.body.appendChild(frame);
  return printed || true;
}

/** The issued certificate: serial, print, download. */
export function IssuedScreen({
  token,
  check,
  certificate,
  onFinish,
}: {
  token: string;
  check: CheckResult;
  certificate: IssuedCertificate;
  onFinish: () => void;
}) {
  const { t } = useI18n();
  const [pdf, setPdf] = useState<Blob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = useObjectUrl(pdf);

  useEffect(() => {
    let stopped = false;
    certificatePdf(token, certificate.id, check.checkId)
      .then((blob) => {
        if (!stopped) setPdf(blob);
      })
      .catch((e: unknown) => {
        if (!stopped) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      stopped = true;
    };
  }, [token, certificate.id, check.checkId]);

  const verifyBase = (() => {
    try {
      const u = new URL(certificate.verifyUrl, window.location.origin);
      return `${u.origin}${u.pathname}`;
    } catch {
      return '/verify';
    }
  })();

  return (
    <div className="ks-panel ks-done" data-testid="kiosk-issued">
      <CheckCircleFilled className="ks-done-icon" />
      <h1>{t('kioskTerminal.cert.issued')}</h1>
      <dl className="ks-facts">
        <div>
          <dt>{t(serviceKey(certificate.type as Service))}</dt>
          <dd>{check.holder.maskedName}</dd>
        </div>
        <div>
          <dt>{t('kioskTerminal.cert.serial')}</dt>
          <dd data-testid="kiosk-serial">{certificate.serial}</dd>
        </div>
        <div>
          <dt>{t('kioskTerminal.cert.issuedOn')}</dt>
          <dd>{certificate.issuedOn}</dd>
        </div>
        <div>
          <dt>{t('kioskTerminal.cert.validUntil')}</dt>
          <dd>{certificate.validUntil}</dd>
        </div>
      </dl>
      {error && <ErrorLine testId="kiosk-pdf-error">{error}</ErrorLine>}
      <div className="ks-buttons">
        <Button
          type="primary"
          size="large"
          icon={<PrinterOutlined />}
          disabled={!url}
          loading={!url && !error}
          onClick={() => url && printPdf(url)}
          data-testid="kiosk-print"
        >
          {url ? t('kioskTerminal.cert.print') : t('kioskTerminal.cert.pdfLoading')}
        </Button>
        <Button
          size="large"
          icon={<DownloadOutlined />}
          disabled={!url}
          href={url ?? undefined}
          download={`${certificate.serial}.pdf`}
          data-testid="kiosk-download"
        >
          {t('kioskTerminal.cert.download')}
        </Button>
      </div>
      <p className="ks-sub">{t('kioskTerminal.cert.printHint', { url: verifyBase })}</p>
      <p className="ks-sub">{t('kioskTerminal.done.thanks')}</p>
      <FinishButton onFinish={onFinish} />
    </div>
  );
}

/** The ID-standard photo: taken here, checked at once, each problem shown. */
export function PhotoScreen({
  token,
  onPhoto,
  onFatal,
}: {
  token: string;
  onPhoto: (photo: Blob) => void;
  onFatal: OnFatal;
}) {
  const { t } = useI18n();
  const camera = useCamera(true, 'user');
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; problems: PhotoProblem[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const preview = useObjectUrl(photo);

  const take = async () => {
    const video = camera.videoRef.current;
    const canvas = canvasRef.current;
    if (!video || !canvas) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const frame = await captureFrame(video, canvas, 0.92);
      if (!frame) throw new Error('no camera frame');
      setPhoto(frame);
      setResult(await idPhotoCheck(token, frame));
    } catch (e) {
      if (e instanceof KioskError && (e.needsPairing || e.offline)) onFatal(e);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ks-panel" data-testid="kiosk-photo">
      <h1>{t('kioskTerminal.photo.title')}</h1>
      <p className="ks-sub">{t('kioskTerminal.photo.hint')}</p>
      <div className="ks-photo-row">
        <CameraView
          camera={camera}
          canvasRef={canvasRef}
          busy={busy ? t('kioskTerminal.photo.checking') : null}
        />
        {preview && (
          <img className="ks-photo-preview" src={preview} alt="" data-testid="kiosk-photo-preview" />
        )}
      </div>
      {result && !result.ok && (
        <div className="ks-problems" data-testid="photo-problems" ref={intoView}>
          <strong>{t('kioskTerminal.photo.problems')}</strong>
          <ul>
            {result.problems.map((p) => (
              <li key={p.code} data-code={p.code}>
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result?.ok && (
        <div className="ks-ok" data-testid="photo-ok" ref={intoView}>
          <CheckCircleFilled /> {t('kioskTerminal.photo.ok')}
        </div>
      )}
      {error && <ErrorLine>{error}</ErrorLine>}
      <div className="ks-buttons">
        <Button
          size="large"
          type={result?.ok ? 'default' : 'primary'}
          icon={<CameraOutlined />}
          disabled={camera.state !== 'ready'}
          loading={busy}
          onClick={() => void take()}
          data-testid="kiosk-photo-take"
        >
          {photo ? t('kioskTerminal.photo.retake') : t('kioskTerminal.photo.take')}
        </Button>
        {result?.ok && photo && (
          <Button type="primary" size="large" onClick={() => onPhoto(photo)} data-testid="kiosk-photo-use">
            {t('kioskTerminal.photo.use')}
          </Button>
        )}
      </div>
    </div>
  );
}

const ID_REASONS = ['first', 'expiry', 'loss', 'damage'] as const;

/** The application's details, then submit (the photo goes along and is checked again). */
export function DetailsScreen({
  token,
  check,
  kind,
  photo,
  onSubmitted,
  onRefused,
  onFatal,
}: {
  token: string;
  check: CheckResult;
  kind: ApplicationKind;
  photo: Blob;
  onSubmitted: (application: SubmittedApplication) => void;
  onRefused: (message: string) => void;
  onFatal: OnFatal;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState<(typeof ID_REASONS)[number] | null>(null);
  const [address, setAddress] = useState('');
  const [workplace, setWorkplace] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const details: Record<string, string> | null =
      kind === 'id_card'
        ? reason
          ? { reason }
          : null
        : address.trim() && workplace.trim()
          ? { address: address.trim(), workplace: workplace.trim() }
          : null;
    if (!details) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSubmitted(await submitApplication(token, check.checkId, kind, details, photo));
    } catch (e) {
      if (e instanceof KioskError && (e.needsPairing || e.offline)) onFatal(e);
      else if (e instanceof KioskError && e.status === 410) onRefused(t('kioskTerminal.checkExpired'));
      else if (e instanceof KioskError && e.status === 403) onRefused(e.message);
      else if (e instanceof KioskError && e.details.length)
        setError([e.message, ...e.details.map((d) => d.message)].join('；'));
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ks-panel" data-testid="kiosk-details">
      <h1>
        {t('kioskTerminal.details.title')} · {t(serviceKey(kind))}
      </h1>
      <div className="ks-form">
        {kind === 'id_card' ? (
          <>
            <label htmlFor="ks-reason">{t('kioskTerminal.details.reason')}</label>
            <Radio.Group
              id="ks-reason"
              size="large"
              optionType="button"
              buttonStyle="solid"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              options={ID_REASONS.map((r) => ({ value: r, label: t(`kioskTerminal.details.reason.${r}`) }))}
            />
            {missing && !reason && (
              <div className="ks-field-error">{t('kioskTerminal.details.required')}</div>
            )}
          </>
        ) : (
          <>
            <label htmlFor="ks-address">{t('kioskTerminal.details.address')}</label>
            <Input
              id="ks-address"
              size="large"
              maxLength={120}
              value={address}
              onChange={(e) => setAddress(e.target.value)}
            />
            {missing && !address.trim() && (
              <div className="ks-field-error">{t('kioskTerminal.details.required')}</div>
            )}
            <label htmlFor="ks-workplace">{t('kioskTerminal.details.workplace')}</label>
            <Input
              id="ks-workplace"
              size="large"
              maxLength={120}
              value={workplace}
              onChange={(e) => setWorkplace(e.target.value)}
            />
            {missing && !workplace.trim() && (
              <div className="ks-field-error">{t('kioskTerminal.details.required')}</div>
            )}
          </>
        )}
      </div>
      <SubmitAction
        error={error}
        errorTestId="kiosk-details-error"
        busy={busy}
        onClick={() => void submit()}
        testId="kiosk-submit"
        label={busy ? t('kioskTerminal.details.submitting') : t('kioskTerminal.details.submit')}
      />
    </div>
  );
}

export function SubmittedScreen({
  application,
  onFinish,
}: {
  application: SubmittedApplication;
  onFinish: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="ks-panel ks-done" data-testid="kiosk-submitted">
      <CheckCircleFilled className="ks-done-icon" />
      <h1>{t('kioskTerminal.submitted.title')}</h1>
      <dl className="ks-facts">
        <div>
          <dt>{t('kioskTerminal.submitted.reference')}</dt>
          <dd data-testid="kiosk-reference">{application.reference}</dd>
        </div>
      </dl>
      <p className="ks-sub">{t('kioskTerminal.submitted.notify')}</p>
      <FinishButton onFinish={onFinish} />
    </div>
  );
}

/** Cannot go on here: the plain reason and the way to the counter. */
export function RefusedScreen({
  message,
  office,
  siteId,
  onFinish,
}: {
  message: string;
  office: OfficeInfo | null;
  siteId: string;
  onFinish: () => void;
}) {
  return (
    <div className="ks-panel ks-done" data-testid="kiosk-refused">
      <CloseCircleFilled className="ks-done-icon is-bad" />
      <h1 data-testid="kiosk-refused-reason">{message}</h1>
      <CounterInfo office={office} siteId={siteId} />
      <FinishButton onFinish={onFinish} />
    </div>
  );
}
