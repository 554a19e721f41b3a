import { useEffect, useRef, useState } from 'react';

export type CameraState = 'starting' | 'ready' | 'denied' | 'unavailable';

/**
 * The front camera at 640×480. Browsers give the camera only to a secure origin (HTTPS, or
 * localhost); elsewhere, or without a camera, the state says so and the screen offers the
 * photo-upload fallback. `facingMode` is a preference, not a requirement: 'environment' (the
 * rear camera, for reading a QR code) falls back to whatever camera the device has.
 */
export function useCamera(enabled: boolean, facingMode: 'user' | 'environment' = 'user') {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<CameraState>('starting');
  const [detail, setDetail] = useState<string | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let stream: MediaStream | null = null;
    let cancelled = false;
    setState('starting');
    if (!navigator.mediaDevices?.getUserMedia) {
      setState('unavailable');
      setDetail(window.isSecureContext ? null : 'insecure');
      return;
    }
    navigator.mediaDevices
      .getUserMedia({
        audio: false,
        video: { facingMode, width: { ideal: 640 }, height: { ideal: 480 } },
      })
      .then(async (s) => {
        if (cancelled) {
          for (const track of s.getTracks()) track.stop();
          return;
        }
        stream = s;
        const video = videoRef.current;
        if (video) {
          video.srcObject = s;
          await video.play().catch(() => undefined);
        }
        setState('ready');
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        const name = error instanceof DOMException ? error.name : '';
        setState(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable');
        setDetail(name || String(error));
      });
    return () => {
      cancelled = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [enabled, facingMode]);

  return { videoRef, state, detail };
}

/** A JPEG of the current video frame, at the camera's own size (640×480 asked for). */
export function captureFrame(
  video: HTMLVideoElement,
  canvas: HTMLCanvasElement,
  quality = 0.85,
): Promise<Blob | null> {
  const width = video.videoWidth || 640;
  const height = video.videoHeight || 480;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.resolve(null);
  ctx.drawImage(video, 0, 0, width, height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

/**
 * A cheap presence trigger: compares 32×24 grey thumbnails of successive frames. Someone walking
 * up changes the picture; an empty doorway does not, so the tablet does not send (and the server
 * does not log) a stream of empty frames all night. The first frame counts as a change.
 */
export class MotionDetector {
  private readonly canvas = document.createElement('canvas');
  private previous: Uint8Array | null = null;

  constructor(
    private readonly width = 32,
    private readonly height = 24,
  ) {
    this.canvas.width = width;
    this.canvas.height = height;
  }

  /** Mean absolute difference (0–255) from the previous sample; Infinity for the first one. */
  sample(video: HTMLVideoElement): number {
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx || !video.videoWidth) return 0;
    ctx.drawImage(video, 0, 0, this.width, this.height);
    const { data } = ctx.getImageData(0, 0, this.width, this.height);
    const grey = new Uint8Array(this.width * this.height);
    for (let i = 0; i < grey.length; i++) {
      grey[i] = (data[i * 4]! * 77 + data[i * 4 + 1]! * 150 + data[i * 4 + 2]! * 29) >> 8;
    }
    const previous = this.previous;
    this.previous = grey;
    if (!previous) return Number.POSITIVE_INFINITY;
    let sum = 0;
    for (let i = 0; i < grey.length; i++) sum += Math.abs(grey[i]! - previous[i]!);
    return sum / grey.length;
  }
}

/** The QR reader built into Chromium on some platforms (Android, ChromeOS, macOS). */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface BarcodeDetectorConstructor {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?(): Promise<string[]>;
}

export async function createQrDetector(): Promise<BarcodeDetectorLike | null> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
  if (!Detector) return null;
  try {
    const formats = (await Detector.getSupportedFormats?.()) ?? ['qr_code'];
    return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}
