import { CloseOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../app/i18n.tsx';
import type { MessageKey } from '../app/catalogues.ts';
import { type CameraState, useCamera } from './camera.ts';

/** What the console's pairing QR encodes (server: POST /access/gates/:id/pairing-code). */
const PAIR_QR = /^anju-pair:(\d{6})$/;

/** The pairing code in a QR's text, or null when the QR is something else. */
export function pairingCodeOf(text: string): string | null {
  return PAIR_QR.exec(text.trim())?.[1] ?? null;
}

type Decode = (data: Uint8ClampedArray, width: number, height: number) => string | null;

/** Frames read per second: enough to feel instant, cheap on a tablet's CPU. */
const SCANS_PER_SECOND = 4;
/** Frames are decoded at most this wide; a QR held up to the camera stays well readable. */
const MAX_WIDTH = 640;

/**
 * Reads QR codes from the camera a few times a second. jsQR (pure JS, loaded when scanning
 * starts) decodes the frames drawn into an offscreen canvas; the first pairing QR read is
 * reported once and scanning stops; any other QR content is reported as `wrong` and scanning
 * goes on. The camera stops when `enabled` turns false or the component using it unmounts.
 */
export function usePairingQrScan(
  enabled: boolean,
  onCode: (code: string) => void,
  accept: (text: string) => string | null = pairingCodeOf,
) {
  const camera = useCamera(enabled, 'environment');
  const [wrong, setWrong] = useState(false);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  const acceptRef = useRef(accept);
  acceptRef.current = accept;
  const { state, videoRef } = camera;

  useEffect(() => {
    if (!enabled || state !== 'ready') return;
    let decode: Decode | null = null;
    let done = false;
    void import('jsqr').then(({ default: jsQR }) => {
      decode = (data, width, height) =>
        jsQR(data, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null;
    });
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const timer = window.setInterval(() => {
      const video = videoRef.current;
      if (done || !decode || !ctx || !video || video.readyState < 2 || !video.videoWidth) return;
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      const width = Math.round(video.videoWidth * scale);
      const height = Math.round(video.videoHeight * scale);
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      ctx.drawImage(video, 0, 0, width, height);
      const text = decode(ctx.getImageData(0, 0, width, height).data, width, height);
      if (text === null) return;
      const code = acceptRef.current(text);
      if (!code) {
        setWrong(true);
        return;
      }
      done = true;
      window.clearInterval(timer);
      onCodeRef.current(code);
    }, 1000 / SCANS_PER_SECOND);
    return () => {
      done = true;
      window.clearInterval(timer);
    };
  }, [enabled, state, videoRef]);

  useEffect(() => {
    if (!enabled) setWrong(false);
  }, [enabled]);

  return { ...camera, wrong };
}

function cameraProblem(state: CameraState, detail: string | null): MessageKey | null {
  if (state === 'denied') return 'terminal.scanQrDenied';
  if (state !== 'unavailable') return null;
  return detail === 'insecure' || !window.isSecureContext
    ? 'terminal.scanQrInsecure'
    : 'terminal.scanQrMissing';
}

/** The words of a scan panel: what to hold up, and what was read instead. */
export interface QrScanTexts {
  hint: MessageKey;
  wrong: MessageKey;
}

const PAIRING_TEXTS: QrScanTexts = { hint: 'terminal.scanQrHint', wrong: 'terminal.scanQrWrong' };

/**
 * The tablet's own camera reading the QR in the console's 配对终端 window. Mounted while
 * scanning; unmounting (cancel, or the code was read) stops the camera. Another page reading
 * another kind of QR (the certificate check at /verify) passes `accept` (the value of a QR text,
 * or null when it is not one) and its `texts`.
 */
export function QrScanPanel({
  onCode,
  onCancel,
  accept,
  texts = PAIRING_TEXTS,
}: {
  onCode: (code: string) => void;
  onCancel: () => void;
  accept?: (text: string) => string | null;
  texts?: QrScanTexts;
}) {
  const { t } = useI18n();
  const scan = usePairingQrScan(true, onCode, accept);
  const problem = cameraProblem(scan.state, scan.detail);

  return (
    <div data-testid="pair-scan-panel" data-state={scan.state} style={{ marginTop: 16 }}>
      <div
        style={{
          position: 'relative',
          width: '100%',
          // 4:3 in the card, but short enough that the cancel button stays on a landscape tablet.
          height: 'min(276px, 32vh)',
          borderRadius: 12,
          overflow: 'hidden',
          background: '#111',
          display: problem ? 'none' : 'block',
        }}
      >
        <video
          ref={scan.videoRef}
          muted
          playsInline
          autoPlay
          style={{ width: '100%', height: '100%', objectFit: 'cover' }}
        />
        {scan.state === 'starting' && (
          <div
            style={{
              position: 'absolute',
              inset: 0,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              color: '#fff',
            }}
          >
            {t('terminal.cameraStarting')}
          </div>
        )}
      </div>
      {problem ? (
        <Alert
          type="warning"
          showIcon
          title={t(problem)}
          style={{ textAlign: 'left' }}
          data-testid="pair-scan-problem"
        />
      ) : (
        <p className="gt-muted gt-small" style={{ marginTop: 8 }}>
          {t(texts.hint)}
        </p>
      )}
      {scan.wrong && !problem && (
        <Alert
          type="error"
          showIcon
          title={t(texts.wrong)}
          style={{ marginTop: 8, textAlign: 'left' }}
          data-testid="pair-scan-wrong"
        />
      )}
      <Button
        block
        icon={<CloseOutlined />}
        onClick={onCancel}
        style={{ marginTop: 12 }}
        data-testid="pair-scan-cancel"
      >
        {t('terminal.scanQrCancel')}
      </Button>
    </div>
  );
}
