import { ArrowLeftOutlined, ExpandOutlined, HomeOutlined, WifiOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useI18n } from '../../app/i18n.tsx';
import { dayjs, ZONE } from '../../app/time.ts';
import { useNow } from '../../features/access/time.ts';
import { useFiveTaps, useHeartbeat, useTerminalBody, useWakeLock } from '../device-session.ts';
import { PairingScreen } from '../PairingScreen.tsx';
import {
  type CheckResult,
  forgetKiosk,
  type IssuedCertificate,
  isApplication,
  KioskError,
  kioskHeartbeat,
  loadKiosk,
  type OfficeInfo,
  type PairedKiosk,
  pairKiosk,
  type Service,
  type ServiceOffer,
  type SubmittedApplication,
  saveKiosk,
  simulatedCards,
} from './api.ts';
import { useIdleTimeout } from './idle.ts';
import { BridgeReader, type IdCard, readerChoice, resolveReaderKind, SimulatedReader } from './reader.ts';
import {
  CardScreen,
  type CheckOutcome,
  CertificateScreen,
  DetailsScreen,
  FaceScreen,
  HomeScreen,
  IssuedScreen,
  OffersScreen,
  PhotoScreen,
  RefusedScreen,
  SubmittedScreen,
} from './screens.tsx';
import '../terminal.css';
import './kiosk.css';

/** Where the person is. Everything personal lives only in this value, and goes with it. */
type Flow =
  | { step: 'home' }
  | { step: 'card'; service: Service }
  | { step: 'face'; service: Service; card: IdCard }
  | { step: 'offers'; service: Service; check: CheckResult }
  | { step: 'certificate'; service: Service; check: CheckResult; offer: ServiceOffer }
  | { step: 'issued'; service: Service; check: CheckResult; certificate: IssuedCertificate }
  | { step: 'photo'; service: Service; check: CheckResult; kind: 'id_card' | 'residence_permit' }
  | {
      step: 'details';
      service: Service;
      check: CheckResult;
      kind: 'id_card' | 'residence_permit';
      photo: Blob;
    }
  | { step: 'submitted'; service: Service; application: SubmittedApplication }
  | { step: 'refused'; service: Service; message: string };

const STEP_INDEX: Record<Flow['step'], number> = {
  home: 0,
  card: 1,
  face: 2,
  offers: 3,
  certificate: 3,
  photo: 3,
  details: 3,
  issued: 4,
  submitted: 4,
  refused: 4,
};
const STEPS = [
  'kioskTerminal.step.card',
  'kioskTerminal.step.face',
  'kioskTerminal.step.service',
  'kioskTerminal.step.done',
] as const;

function KioskScreen({
  device,
  onUnpaired,
}: {
  device: PairedKiosk;
  onUnpaired: (notice: string | null) => void;
}) {
  const { t, lang, setLang } = useI18n();
  const { modal } = App.useApp();
  const now = useNow(1000);
  const [online, setOnline] = useState<boolean | null>(null);
  const [office, setOffice] = useState<OfficeInfo | null>(null);
  const [simulatedOffered, setSimulatedOffered] = useState<boolean | null>(null);
  const [flow, setFlow] = useState<Flow>({ step: 'home' });
  // A new session remounts every screen: their state (camera stills, typed text) goes too.
  const [session, setSession] = useState(0);

  const unpairNow = useCallback(
    (notice: string | null) => {
      forgetKiosk();
      onUnpaired(notice);
    },
    [onUnpaired],
  );

  /** The idle timeout, 结束办理, a revoked token: nothing of the person stays on screen or in memory. */
  const wipe = useCallback(() => {
    setFlow({ step: 'home' });
    setSession((n) => n + 1);
    setLang('zh-CN');
  }, [setLang]);

  // At the start screen only a language left switched needs undoing; elsewhere everything does.
  const { secondsLeft, touch } = useIdleTimeout(flow.step !== 'home' || lang !== 'zh-CN', wipe);

  const onFatal = useCallback(
    (error: unknown) => {
      if (error instanceof KioskError && error.needsPairing) return unpairNow(t('kioskTerminal.revoked'));
      if (error instanceof KioskError && error.offline) setOnline(false);
      wipe();
    },
    [unpairNow, t, wipe],
  );

  // Heartbeat: the console sees the kiosk online; the office's hours and phone come back with it.
  const onBeat = useCallback((result: Awaited<ReturnType<typeof kioskHeartbeat>>) => {
    setOffice(result.office);
    setSimulatedOffered(result.simulatedReader);
  }, []);
  const onBeatFailure = useCallback(
    (error: unknown) => {
      if (error instanceof KioskError && error.needsPairing) unpairNow(t('kioskTerminal.revoked'));
      else setOnline(false);
    },
    [unpairNow, t],
  );
  useHeartbeat({
    token: device.token,
    send: kioskHeartbeat,
    onBeat,
    onFailure: onBeatFailure,
    setOnline,
    followNetwork: true,
  });

  useWakeLock();

  const reader = useMemo(() => {
    if (simulatedOffered === null) return null;
    const choice = readerChoice();
    return resolveReaderKind(choice, simulatedOffered) === 'simulated'
      ? new SimulatedReader(async () => (await simulatedCards(device.token)).cards)
      : new BridgeReader(choice.port);
  }, [simulatedOffered, device.token]);

  const go = (next: Flow) => {
    touch();
    setFlow(next);
  };

  const onCheck = (service: Service, outcome: CheckOutcome) => {
    if (!outcome.ok) return go({ step: 'refused', service, message: outcome.message });
    go({ step: 'offers', service, check: outcome.check });
  };

  const onOffer = (service: Service, check: CheckResult, offer: ServiceOffer) => {
    if (isApplication(offer.service)) go({ step: 'photo', service, check, kind: offer.service });
    else go({ step: 'certificate', service, check, offer });
  };

  const back = () => {
    if (flow.step === 'card' || flow.step === 'face') return go({ step: 'home' });
    if (flow.step === 'certificate' || flow.step === 'photo')
      return go({ step: 'offers', service: flow.service, check: flow.check });
    if (flow.step === 'details')
      return go({ step: 'photo', service: flow.service, check: flow.check, kind: flow.kind });
    wipe();
  };

  /** Hidden gesture for the installer: five taps on the site name within three seconds. */
  const onTitleTap = useFiveTaps(() =>
    modal.confirm({
      title: t('kioskTerminal.unpairTitle'),
      content: t('kioskTerminal.unpairText'),
      okText: t('terminal.unpairOk'),
      okButtonProps: { danger: true },
      onOk: () => unpairNow(null),
    }),
  );

  const clock = dayjs(now).tz(ZONE);
  const offline = online === false;
  const stepIndex = STEP_INDEX[flow.step];
  // The last screens carry their own 结束办理.
  const isFinal = flow.step === 'issued' || flow.step === 'submitted' || flow.step === 'refused';
  const canGoBack = ['card', 'face', 'certificate', 'photo', 'details'].includes(flow.step);

  let body: React.ReactNode = null;
  switch (flow.step) {
    case 'home':
      body = <HomeScreen disabled={online === false} onChoose={(service) => go({ step: 'card', service })} />;
      break;
    case 'card':
      body = reader && (
        <CardScreen reader={reader} onCard={(card) => go({ step: 'face', service: flow.service, card })} />
      );
      break;
    case 'face':
      body = (
        <FaceScreen
          token={device.token}
          card={flow.card}
          onDone={(outcome) => onCheck(flow.service, outcome)}
          onFatal={onFatal}
        />
      );
      break;
    case 'offers':
      body = (
        <OffersScreen
          check={flow.check}
          chosen={flow.service}
          office={office}
          siteId={device.site.id}
          onChoose={(offer) => onOffer(flow.service, flow.check, offer)}
        />
      );
      break;
    case 'certificate':
      body = (
        <CertificateScreen
          token={device.token}
          check={flow.check}
          offer={flow.offer}
          onIssued={(certificate) =>
            go({ step: 'issued', service: flow.service, check: flow.check, certificate })
          }
          onRefused={(message) => go({ step: 'refused', service: flow.service, message })}
          onFatal={onFatal}
        />
      );
      break;
    case 'issued':
      body = (
        <IssuedScreen
          token={device.token}
          check={flow.check}
          certificate={flow.certificate}
          onFinish={wipe}
        />
      );
      break;
    case 'photo':
      body = (
        <PhotoScreen
          token={device.token}
          onPhoto={(photo) =>
            go({ step: 'details', service: flow.service, check: flow.check, kind: flow.kind, photo })
          }
          onFatal={onFatal}
        />
      );
      break;
    case 'details':
      body = (
        <DetailsScreen
          token={device.token}
          check={flow.check}
          kind={flow.kind}
          photo={flow.photo}
          onSubmitted={(application) => go({ step: 'submitted', service: flow.service, application })}
          onRefused={(message) => go({ step: 'refused', service: flow.service, message })}
          onFatal={onFatal}
        />
      );
      break;
    case 'submitted':
      body = <SubmittedScreen application={flow.application} onFinish={wipe} />;
      break;
    case 'refused':
      body = <RefusedScreen message={flow.message} office={office} siteId={device.site.id} onFinish={wipe} />;
      break;
  }

  return (
    <div className="gt-screen ks-screen" data-testid="kiosk-screen" data-step={flow.step}>
      <header className="gt-header">
        <button type="button" className="gt-title" onClick={onTitleTap} data-testid="kiosk-site-name">
          <span className="gt-brand">{t('kioskTerminal.brand')}</span>
          <span className="gt-gate">{office?.name ?? device.site.name}</span>
        </button>
        <div className="gt-header-right">
          <span className={`gt-status ${offline ? 'off' : online ? 'on' : ''}`} data-testid="kiosk-online">
            <WifiOutlined />{' '}
            {offline ? t('terminal.offline') : online ? t('terminal.online') : t('terminal.connecting')}
          </span>
          <span className="gt-clock">
            <span className="gt-clock-date">{clock.format('YYYY-MM-DD ddd')}</span>
            <span className="gt-clock-time">{clock.format('HH:mm:ss')}</span>
          </span>
          <button
            type="button"
            className="ks-lang"
            onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
            data-testid="kiosk-lang"
          >
            {t('app.otherLanguage')}
          </button>
          <button
            type="button"
            className="gt-icon-button"
            aria-label={t('terminal.fullscreen')}
            onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}
          >
            <ExpandOutlined />
          </button>
        </div>
      </header>
      {offline && (
        <div className="ks-offline" data-testid="kiosk-offline">
          {t('kioskTerminal.offlineBanner')}
        </div>
      )}
      {flow.step !== 'home' && (
        <nav className="ks-steps">
          {STEPS.map((key, i) => (
            <span
              key={key}
              className={`ks-step ${i + 1 === stepIndex ? 'now' : i + 1 < stepIndex ? 'past' : ''}`}
            >
              <b>{i + 1}</b> {t(key)}
            </span>
          ))}
        </nav>
      )}
      <main className="ks-main" key={session}>
        {body}
      </main>
      {flow.step !== 'home' && !isFinal && (
        <footer className="ks-footer">
          {canGoBack ? (
            <Button size="large" icon={<ArrowLeftOutlined />} onClick={back} data-testid="kiosk-back">
              {t('kioskTerminal.back')}
            </Button>
          ) : (
            <span />
          )}
          <Button size="large" icon={<HomeOutlined />} onClick={wipe} data-testid="kiosk-exit">
            {t('kioskTerminal.exit')}
          </Button>
        </footer>
      )}
      {secondsLeft !== null && (
        <div className="ks-idle" data-testid="kiosk-idle">
          <div className="ks-idle-card">
            <div className="ks-idle-count">{secondsLeft}</div>
            <p>{t('kioskTerminal.idle.countdown', { n: secondsLeft })}</p>
            <Button
              type="primary"
              size="large"
              className="ks-big-button"
              onClick={touch}
              data-testid="kiosk-idle-continue"
            >
              {t('kioskTerminal.idle.continue')}
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}

async function pairWith(code: string, name: string): Promise<PairedKiosk> {
  const paired = await pairKiosk(code, name);
  const device = { ...paired, pairedAt: new Date().toISOString() };
  saveKiosk(device);
  return device;
}

/** /terminal/kiosk: the 24-hour self-service kiosk (outside the console shell), paired to one site. */
export default function KioskTerminalPage() {
  const [device, setDevice] = useState<PairedKiosk | null>(loadKiosk);
  const [notice, setNotice] = useState<string | null>(null);
  useTerminalBody();
  if (!device)
    return (
      <PairingScreen<PairedKiosk>
        onPaired={setDevice}
        notice={notice}
        pairWith={pairWith}
        texts={{
          title: 'kioskTerminal.pairTitle',
          intro: 'kioskTerminal.pairIntro',
          defaultName: 'kioskTerminal.defaultName',
          help: 'kioskTerminal.pairHelp',
        }}
      />
    );
  return (
    <KioskScreen
      key={device.token}
      device={device}
      onUnpaired={(message) => {
        setNotice(message);
        setDevice(null);
      }}
    />
  );
}
