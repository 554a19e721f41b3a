import { LinkOutlined, SafetyCertificateFilled, ScanOutlined } from '@ant-design/icons';
import { Alert, Button, Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { MessageKey } from '../app/catalogues.ts';
import { useI18n } from '../app/i18n.tsx';
import { type PairedDevice, pair, saveDevice } from './api.ts';
import { QrScanPanel } from './qr-scan.tsx';

/** The words of one kind of device's pairing screen. */
export interface PairingTexts {
  title: MessageKey;
  intro: MessageKey;
  defaultName: MessageKey;
  help: MessageKey;
}

const GATE_TEXTS: PairingTexts = {
  title: 'terminal.pairTitle',
  intro: 'terminal.pairIntro',
  defaultName: 'terminal.defaultName',
  help: 'terminal.pairHelp',
};

/** The gate tablet's pairing: the token is bound to one gate and kept in this browser. */
async function pairGate(code: string, name: string): Promise<PairedDevice> {
  const paired = await pair(code, name);
  const device = { ...paired, pairedAt: new Date().toISOString() };
  saveDevice(device);
  return device;
}

/**
 * First run of a device page: the 6-digit code from the console (typed, or its QR read by the
 * camera or a USB scanner) → a device token. The gate tablet by default; another kind of device
 * (the kiosk) passes its own `pairWith` (which stores what it got) and `texts`.
 */
export function PairingScreen<T = PairedDevice>({
  onPaired,
  notice,
  pairWith,
  texts = GATE_TEXTS,
}: {
  onPaired: (device: T) => void;
  notice?: string | null;
  pairWith?: (code: string, name: string) => Promise<T>;
  texts?: PairingTexts;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [name, setName] = useState(t(texts.defaultName));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The tablet's own camera reading the console's pairing QR; closing the panel stops the camera.
  const [scanning, setScanning] = useState(false);
  const submitRef = useRef<(value: string) => Promise<void>>(async () => undefined);
  const inFlight = useRef(false);

  const submit = async (value: string) => {
    // The OTP fills itself from a scanner's digits too; one request per code.
    if (inFlight.current) return;
    if (!/^\d{6}$/.test(value)) {
      setError(t('terminal.codeFormat'));
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const label = name.trim() || t(texts.defaultName);
      const device = pairWith ? await pairWith(value, label) : ((await pairGate(value, label)) as T);
      onPaired(device);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setCode('');
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  // A USB scanner reading the console's pairing QR types "anju-pair:123456" and Enter.
  useEffect(() => {
    let buffer = '';
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') {
        const code = /anju-pair:(\d{6})$/.exec(buffer)?.[1];
        buffer = '';
        if (code) {
          setCode(code);
          void submitRef.current(code);
        }
      } else if (e.key.length === 1) buffer = (buffer + e.key).slice(-40);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  submitRef.current = submit;

  return (
    <div className="gt-pairing">
      <div className="gt-pairing-card">
        <SafetyCertificateFilled className="gt-pairing-logo" />
        <h1>{t(texts.title)}</h1>
        <p className="gt-muted">{t(texts.intro)}</p>
        {notice && (
          <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16, textAlign: 'left' }} />
        )}
        <div className="gt-otp" data-testid="pair-code">
          <Input.OTP
            length={6}
            size="large"
            value={code}
            formatter={(v) => v.replace(/\D/g, '')}
            onChange={(v) => {
              setCode(v);
              if (/^\d{6}$/.test(v)) void submit(v);
            }}
            disabled={busy}
          />
        </div>
        <div className="gt-field">
          <label htmlFor="gt-device-name">{t('terminal.deviceName')}</label>
          <Input id="gt-device-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} />
        </div>
        {scanning && (
          <QrScanPanel
            onCode={(scanned) => {
              setScanning(false);
              setCode(scanned);
              void submitRef.current(scanned);
            }}
            onCancel={() => setScanning(false)}
          />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginTop: 12, textAlign: 'left' }}
            data-testid="pair-error"
          />
        )}
        {/* While the camera scans, the panel above (with its cancel button) is the whole action. */}
        {!scanning && (
          <>
            <Button
              type="primary"
              size="large"
              block
              icon={<LinkOutlined />}
              loading={busy}
              onClick={() => void submit(code)}
              style={{ marginTop: 16 }}
            >
              {t('terminal.pairSubmit')}
            </Button>
            <Button
              size="large"
              block
              icon={<ScanOutlined />}
              disabled={busy}
              onClick={() => {
                setError(null);
                setScanning(true);
              }}
              style={{ marginTop: 12 }}
              data-testid="pair-scan"
            >
              {t('terminal.scanQr')}
            </Button>
            <p className="gt-muted gt-small">{t(texts.help)}</p>
          </>
        )}
      </div>
    </div>
  );
}
