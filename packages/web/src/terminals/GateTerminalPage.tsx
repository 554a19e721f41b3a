import {
  CameraOutlined,
  CheckCircleFilled,
  CloseCircleFilled,
  ExpandOutlined,
  FireFilled,
  NumberOutlined,
  PictureOutlined,
  QrcodeOutlined,
  WarningFilled,
  WifiOutlined,
} from '@ant-design/icons';
import { App, Input } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FaceGateResult, GateResult } from '@anju/contracts';
import { useI18n } from '../app/i18n.tsx';
import { dayjs, ZONE } from '../app/time.ts';
import { HINT_REASONS } from '../features/access/labels.ts';
import { useNow } from '../features/access/time.ts';
import {
  credentialKind,
  forgetDevice,
  heartbeat,
  loadDevice,
  type PairedDevice,
  sendCredential,
  sendFrame,
  TerminalError,
} from './api.ts';
import { useFiveTaps, useHeartbeat, useTerminalBody, useWakeLock } from './device-session.ts';
import { captureFrame, createQrDetector, MotionDetector, useCamera } from './camera.ts';
import { SimulatedDoor } from './door.ts';
import { PairingScreen } from './PairingScreen.tsx';
import { PinKeypad } from './PinKeypad.tsx';
import './terminal.css';

/**
 * How often a frame goes to the server while someone is in front of the camera: 2 frames/s, the
 * pace the server's passage decision (several agreeing frames within 4 s) is chosen for.
 */
const FRAME_INTERVAL_MS = 500;
/** A chosen photo is sent again (as the frames of one passage) at most this many times. */
const UPLOAD_MAX_FRAMES = 6;
/** After the picture last changed, keep trying this long. */
const ACTIVE_MS = 4000;
/** Mean grey-level change (0–255) of the thumbnail that counts as someone moving. */
const MOTION_THRESHOLD = 5;
const TICK_MS = 200;
/** A refusal stays on screen this long; the camera waits a little less before trying again. */
const DENIED_SHOW_MS = 3500;
const DENIED_PAUSE_MS = 2500;
const HINT_SHOW_MS = 2000;
/** The same QR seen again within this window is the same presentation, not a new attempt. */
const QR_REPEAT_MS = 5000;

type Source = 'camera' | 'upload' | 'qr' | 'card' | 'pin';
type Phase =
  | { kind: 'idle' }
  | { kind: 'granted' | 'denied'; result: GateResult; source: Source; until: number };

function DoorIcon({ open }: { open: boolean }) {
  return (
    <svg viewBox="0 0 100 120" className={`gt-door-svg ${open ? 'open' : ''}`} aria-hidden="true">
      <rect x="14" y="6" width="72" height="110" rx="3" className="gt-door-frame" />
      {open ? (
        <>
          <rect x="18" y="10" width="64" height="102" className="gt-door-light" />
          <polygon points="18,10 46,20 46,104 18,112" className="gt-door-leaf" />
          <circle cx="41" cy="62" r="2.6" className="gt-door-knob" />
        </>
      ) : (
        <>
          <rect x="18" y="10" width="64" height="102" className="gt-door-leaf" />
          <circle cx="72" cy="62" r="3.2" className="gt-door-knob" />
        </>
      )}
    </svg>
  );
}

function GateScreen({
  device,
  onUnpaired,
}: {
  device: PairedDevice;
  onUnpaired: (notice: string | null) => void;
}) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const now = useNow(1000);
  const camera = useCamera(true);
  const [gateName, setGateName] = useState(device.gate.name);
  const [online, setOnline] = useState<boolean | null>(null);
  const [emergency, setEmergency] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [hint, setHint] = useState<string | null>(null);
  /** The server is still deciding the passage (请稍候), with what to fix when it said so. */
  const [pending, setPending] = useState<{ hint: string | null } | null>(null);
  const [checking, setChecking] = useState(false);
  const [door, setDoor] = useState<{ open: boolean; until: number | null }>({ open: false, until: null });
  const [keypad, setKeypad] = useState(false);
  const [scanText, setScanText] = useState('');
  const [hasQrReader, setHasQrReader] = useState(false);

  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const uploadRef = useRef<HTMLInputElement | null>(null);
  const busy = useRef(false);
  const lastSend = useRef(0);
  const lastMotion = useRef(0);
  const pauseUntil = useRef(0);
  const lastQr = useRef({ value: '', at: 0 });
  /** The face passage in progress: the next frame carries its id. */
  const passage = useRef<string | null>(null);
  const timers = useRef<{ phase?: number; hint?: number }>({});
  const relay = useMemo(() => new SimulatedDoor((open, until) => setDoor({ open, until })), []);

  useEffect(() => () => relay.close(), [relay]);
  useEffect(
    () => () => {
      window.clearTimeout(timers.current.phase);
      window.clearTimeout(timers.current.hint);
    },
    [],
  );

  const unpairNow = useCallback(
    (notice: string | null) => {
      relay.close();
      forgetDevice();
      onUnpaired(notice);
    },
    [relay, onUnpaired],
  );

  // Heartbeat: tells the console this gate is online, and brings back the emergency state.
  const onBeat = useCallback((result: Awaited<ReturnType<typeof heartbeat>>) => {
    setEmergency(result.emergencyOpen);
    setGateName(result.gate.name);
  }, []);
  const onBeatFailure = useCallback(
    (error: unknown) => {
      if (error instanceof TerminalError && error.needsPairing) unpairNow(t('terminal.revoked'));
      else setOnline(false);
    },
    [unpairNow, t],
  );
  useHeartbeat({ token: device.token, send: heartbeat, onBeat, onFailure: onBeatFailure, setOnline });

  useWakeLock();

  const show = useCallback(
    (result: GateResult, source: Source) => {
      const at = Date.now();
      setOnline(true);
      window.clearTimeout(timers.current.phase);
      if (result.decision === 'grant') {
        // The door is open: no point in sending frames of the person walking through. When the
        // lock controller refused or could not be reached, the person is let in but the real door
        // stays shut: the screen says so (long enough to read) and the on-screen door stays closed.
        const doorFailed = result.door === 'failed';
        const showMs = doorFailed ? Math.max(result.openMs, DENIED_SHOW_MS) : result.openMs;
        pauseUntil.current = at + showMs;
        setHint(null);
        setPhase({ kind: 'granted', result, source, until: at + showMs });
        if (!doorFailed) void relay.open(result.openMs);
        timers.current.phase = window.setTimeout(() => setPhase({ kind: 'idle' }), showMs);
        return;
      }
      if (source === 'camera' && HINT_REASONS.includes(result.reason)) {
        // Advice, not a verdict: a small line under the picture. A face was seen (unless
        // no_face), so keep trying while the person adjusts.
        if (result.reason !== 'no_face') lastMotion.current = at;
        setHint(result.message);
        window.clearTimeout(timers.current.hint);
        timers.current.hint = window.setTimeout(() => setHint(null), HINT_SHOW_MS);
        return;
      }
      pauseUntil.current = at + DENIED_PAUSE_MS;
      setHint(null);
      setPhase({ kind: 'denied', result, source, until: at + DENIED_SHOW_MS });
      timers.current.phase = window.setTimeout(() => setPhase({ kind: 'idle' }), DENIED_SHOW_MS);
    },
    [relay],
  );

  const fail = useCallback(
    (error: unknown) => {
      if (error instanceof TerminalError && error.needsPairing) return unpairNow(t('terminal.revoked'));
      if (error instanceof TerminalError && error.status === 0) setOnline(false);
      pauseUntil.current = Date.now() + 3000;
      setHint(
        error instanceof TerminalError && error.status === 0
          ? t('terminal.networkError')
          : String((error as Error).message),
      );
      window.clearTimeout(timers.current.hint);
      timers.current.hint = window.setTimeout(() => setHint(null), 3000);
    },
    [unpairNow, t],
  );

  /** One attempt at a time: a card swipe waits for the frame in flight, and the other way round. */
  const attempt = useCallback(
    async (source: Source, request: () => Promise<GateResult | null>) => {
      if (busy.current) return;
      busy.current = true;
      setChecking(true);
      try {
        const result = await request();
        if (result) show(result, source);
      } catch (error) {
        fail(error);
      } finally {
        busy.current = false;
        setChecking(false);
      }
    },
    [show, fail],
  );

  /**
   * One frame of the passage in progress: null while the server is still deciding (请稍候 on
   * screen, the next frame follows), the gate's result once it has decided.
   */
  const sendPassageFrame = useCallback(
    async (image: Blob): Promise<GateResult | null> => {
      let answer: FaceGateResult;
      try {
        answer = await sendFrame(device.token, image, passage.current);
      } catch (error) {
        // The passage is gone (another gate's, or forgotten): the next frame starts a new one.
        if (error instanceof TerminalError && error.code === 'passage_not_found') {
          passage.current = null;
          return null;
        }
        passage.current = null;
        setPending(null);
        throw error;
      }
      setOnline(true);
      if (answer.pending) {
        passage.current = answer.passageId;
        // A face is in view (unless the frame had none): keep sending while the person stands there.
        if (answer.hintReason !== 'no_face') lastMotion.current = Date.now();
        setPending({ hint: answer.hint });
        return null;
      }
      passage.current = null;
      setPending(null);
      return answer;
    },
    [device.token],
  );

  const submitScan = useCallback(
    (raw: string) => {
      const value = raw.trim();
      if (value.length < 4) return;
      const method = credentialKind(value);
      void attempt(method, () => sendCredential(device.token, method, value));
    },
    [attempt, device.token],
  );

  // The camera loop: presence → a frame every 500 ms, carrying the passage id → the server decides
  // over several frames (请稍候 until then). QR codes held up to the camera are read here too where
  // the browser has a barcode reader.
  useEffect(() => {
    if (camera.state !== 'ready') return;
    const motion = new MotionDetector();
    let qrReader: Awaited<ReturnType<typeof createQrDetector>> = null;
    let qrBusy = false;
    let stopped = false;
    void createQrDetector().then((d) => {
      qrReader = d;
      if (!stopped) setHasQrReader(!!d);
    });
    const tick = () => {
      const video = camera.videoRef.current;
      const canvas = canvasRef.current;
      if (!video || !canvas || document.hidden) return;
      const at = Date.now();
      if (motion.sample(video) > MOTION_THRESHOLD) lastMotion.current = at;
      if (qrReader && !qrBusy && !busy.current) {
        qrBusy = true;
        qrReader
          .detect(video)
          .then((codes) => {
            const value = codes[0]?.rawValue;
            if (!value || stopped) return;
            const seen = lastQr.current;
            if (value === seen.value && Date.now() - seen.at < QR_REPEAT_MS) return;
            lastQr.current = { value, at: Date.now() };
            void attempt('qr', () => sendCredential(device.token, 'qr', value));
          })
          .catch(() => undefined)
          .finally(() => {
            qrBusy = false;
          });
      }
      if (busy.current || at < pauseUntil.current) return;
      if (at - lastMotion.current > ACTIVE_MS) {
        // Nobody there any more: the passage is over without a decision (the server starts over).
        if (passage.current) {
          passage.current = null;
          setPending(null);
        }
        return;
      }
      if (at - lastSend.current < FRAME_INTERVAL_MS) return;
      lastSend.current = at;
      void attempt('camera', async () => {
        const frame = await captureFrame(video, canvas);
        return frame ? sendPassageFrame(frame) : null;
      });
    };
    const timer = window.setInterval(tick, TICK_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [camera.state, camera.videoRef, attempt, device.token, sendPassageFrame]);

  // A USB/handheld scanner or card reader "types" its code and Enter, fast, into whatever has focus.
  useEffect(() => {
    let buffer = '';
    let last = 0;
    const onKey = (e: KeyboardEvent) => {
      if (keypad) return;
      if ((e.target as HTMLElement | null)?.closest?.('input, textarea')) return;
      const at = Date.now();
      if (at - last > 120) buffer = '';
      last = at;
      if (e.key === 'Enter') {
        if (buffer.length >= 4) submitScan(buffer);
        buffer = '';
      } else if (e.key.length === 1) buffer += e.key;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keypad, submitScan]);

  /** Hidden gesture for the installer: five taps on the gate name within three seconds. */
  const onTitleTap = useFiveTaps(() =>
    modal.confirm({
      title: t('terminal.unpairTitle', { name: gateName }),
      content: t('terminal.unpairText'),
      okText: t('terminal.unpairOk'),
      okButtonProps: { danger: true },
      onOk: () => unpairNow(null),
    }),
  );

  const clock = dayjs(now).tz(ZONE);
  const openLeft = door.until ? Math.max(0, Math.ceil((door.until - now) / 1000)) : 0;
  const doorOpen = door.open || emergency;
  const doorFailed = phase.kind === 'granted' && phase.result.door === 'failed';

  return (
    <div className={`gt-screen ${emergency ? 'is-emergency' : ''}`}>
      <header className="gt-header">
        <button type="button" className="gt-title" onClick={onTitleTap} data-testid="terminal-gate-name">
          <span className="gt-brand">{t('terminal.brand')}</span>
          <span className="gt-gate">{gateName}</span>
        </button>
        <div className="gt-header-right">
          <span
            className={`gt-status ${online === false ? 'off' : online ? 'on' : ''}`}
            data-testid="terminal-online"
          >
            <WifiOutlined />{' '}
            {online === false
              ? t('terminal.offline')
              : online
                ? t('terminal.online')
                : t('terminal.connecting')}
          </span>
          <span className="gt-clock">
            <span className="gt-clock-date">{clock.format('YYYY-MM-DD ddd')}</span>
            <span className="gt-clock-time">{clock.format('HH:mm:ss')}</span>
          </span>
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
      {emergency && (
        <div className="gt-emergency" data-testid="terminal-emergency">
          <FireFilled /> {t('terminal.emergency')}
        </div>
      )}
      <main className="gt-main">
        <section
          className="gt-camera"
          onPointerDown={() => {
            lastMotion.current = Date.now();
          }}
        >
          <video ref={camera.videoRef} className="gt-video" muted playsInline autoPlay />
          <canvas ref={canvasRef} hidden />
          {camera.state === 'ready' && <div className={`gt-oval ${checking ? 'is-checking' : ''}`} />}
          {camera.state !== 'ready' && (
            <div className="gt-camera-off">
              <CameraOutlined />
              <div>
                {camera.state === 'starting'
                  ? t('terminal.cameraStarting')
                  : camera.state === 'denied'
                    ? t('terminal.cameraDenied')
                    : camera.detail === 'insecure'
                      ? t('terminal.cameraInsecure')
                      : t('terminal.cameraMissing')}
              </div>
              {camera.state !== 'starting' && (
                <button type="button" className="gt-button" onClick={() => uploadRef.current?.click()}>
                  <PictureOutlined /> {t('terminal.uploadPhoto')}
                </button>
              )}
            </div>
          )}
          <div
            className={`gt-prompt ${phase.kind !== 'idle' ? 'is-hidden' : ''}`}
            data-testid="terminal-prompt"
          >
            {pending ? (
              <span data-testid="terminal-pending">
                {t('terminal.pleaseWait')}
                {pending.hint && (
                  <span className="gt-prompt-hint" data-testid="terminal-pending-hint">
                    {' · '}
                    {pending.hint}
                  </span>
                )}
              </span>
            ) : (
              (hint ??
              (checking
                ? t('terminal.checking')
                : camera.state === 'ready'
                  ? t('terminal.lookHere')
                  : t('terminal.useAlternatives')))
            )}
          </div>
          {phase.kind !== 'idle' && (
            <div
              className={`gt-result ${phase.kind}`}
              data-testid="terminal-result"
              data-decision={phase.result.decision}
              data-reason={phase.result.reason}
              data-door={phase.result.door}
              key={phase.result.eventId}
            >
              {phase.kind === 'granted' ? (
                <CheckCircleFilled className="gt-result-icon" />
              ) : (
                <CloseCircleFilled className="gt-result-icon" />
              )}
              <div className="gt-result-title">{phase.result.message}</div>
              {doorFailed ? (
                <div className="gt-result-sub is-warning" data-testid="terminal-door-failed">
                  <WarningFilled /> {t('terminal.doorFailed')}
                </div>
              ) : (
                <div className="gt-result-sub">
                  {phase.kind === 'granted'
                    ? t('terminal.doorOpenFor', { n: openLeft })
                    : phase.source === 'camera' || phase.source === 'upload'
                      ? t('terminal.tryAlternatives')
                      : t('terminal.askDesk')}
                </div>
              )}
              {phase.kind === 'granted' && !doorFailed && (
                <div className="gt-result-bar">
                  <span style={{ animationDuration: `${phase.result.openMs}ms` }} />
                </div>
              )}
              <div className="gt-result-meta">{t('terminal.elapsed', { ms: phase.result.elapsedMs })}</div>
            </div>
          )}
        </section>
        <aside className="gt-side">
          <div
            className={`gt-door ${doorOpen ? 'open' : ''}`}
            data-testid="door-state"
            data-open={String(doorOpen)}
          >
            <DoorIcon open={doorOpen} />
            <div className="gt-door-label">
              {emergency
                ? t('terminal.doorHeldOpen')
                : door.open
                  ? t('terminal.doorOpen')
                  : t('terminal.doorClosed')}
            </div>
          </div>
          <div className="gt-alt">
            <div className="gt-alt-title">
              <QrcodeOutlined /> {hasQrReader ? t('terminal.scanCamera') : t('terminal.scanReader')}
            </div>
            <Input
              value={scanText}
              onChange={(e) => setScanText(e.target.value)}
              onPressEnter={() => {
                submitScan(scanText);
                setScanText('');
              }}
              placeholder={t('terminal.scanPlaceholder')}
              size="large"
              autoComplete="off"
              className="gt-scan-input"
              data-testid="scan-input"
            />
            <button
              type="button"
              className="gt-button gt-button-wide"
              onClick={() => setKeypad(true)}
              data-testid="pin-button"
            >
              <NumberOutlined /> {t('terminal.pinButton')}
            </button>
          </div>
          <button
            type="button"
            className="gt-link"
            onClick={() => uploadRef.current?.click()}
            data-testid="upload-button"
          >
            <PictureOutlined /> {t('terminal.uploadSmall')}
          </button>
          <input
            ref={uploadRef}
            type="file"
            accept="image/jpeg,image/png,image/webp"
            hidden
            data-testid="upload-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file)
                void attempt('upload', async () => {
                  // A chosen photo stands for the frames of one passage.
                  passage.current = null;
                  for (let i = 0; i < UPLOAD_MAX_FRAMES; i++) {
                    const result = await sendPassageFrame(file);
                    if (result) return result;
                  }
                  passage.current = null;
                  setPending(null);
                  return null;
                });
            }}
          />
        </aside>
      </main>
      {keypad && (
        <div className="gt-overlay">
          <PinKeypad
            onCancel={() => setKeypad(false)}
            onSubmit={(pin) => {
              setKeypad(false);
              void attempt('pin', () => sendCredential(device.token, 'pin', pin));
            }}
          />
        </div>
      )}
    </div>
  );
}

/** /terminal/gate: the full-screen page of the tablet beside a door (outside the console shell). */
export default function GateTerminalPage() {
  const [device, setDevice] = useState<PairedDevice | null>(loadDevice);
  const [notice, setNotice] = useState<string | null>(null);
  useTerminalBody();
  if (!device) return <PairingScreen onPaired={setDevice} notice={notice} />;
  return (
    <GateScreen
      key={device.token}
      device={device}
      onUnpaired={(message) => {
        setNotice(message);
        setDevice(null);
      }}
    />
  );
}
