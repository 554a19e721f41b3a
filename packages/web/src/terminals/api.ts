import type { ErrorResponse, FaceGateResult, GateResult } from '@anju/contracts';
import { API_BASE } from '../app/api.ts';
import { currentLang } from '../app/i18n.tsx';

/**
 * The gate tablet talks to the server with the device token it got at pairing (a bearer token
 * scoped to one gate), never with a staff session: requests go without cookies.
 */
const STORAGE_KEY = 'anju.gateTerminal';
export const TERMINAL_VERSION = 'web-gate/1.0';

export interface PairedDevice {
  token: string;
  deviceId: string;
  gate: { id: string; name: string; siteId: string };
  pairedAt: string;
}

export interface HeartbeatResult {
  gate: { id: string; name: string; direction: string };
  emergencyOpen: boolean;
}

export class TerminalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TerminalError';
  }

  /** The token was revoked or the gate unbound: only a new pairing helps. */
  get needsPairing(): boolean {
    return this.status === 401 || this.code === 'device_not_bound';
  }
}

export function loadDevice(): PairedDevice | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const device = JSON.parse(raw) as PairedDevice;
    return typeof device.token === 'string' && device.gate ? device : null;
  } catch {
    return null;
  }
}

export function saveDevice(device: PairedDevice): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(device));
}

export function forgetDevice(): void {
  localStorage.removeItem(STORAGE_KEY);
}

async function call<T>(
  path: string,
  init: { token?: string; body: BodyInit; contentType: string; signal?: AbortSignal },
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/access/terminal/${path}`, {
      method: 'POST',
      credentials: 'omit',
      headers: {
        accept: 'application/json',
        // What the server says to the person at the door (welcome, refusal) follows the terminal's language switch.
        'accept-language': currentLang(),
        'content-type': init.contentType,
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body,
      signal: init.signal ?? AbortSignal.timeout(8000),
    });
  } catch {
    // The page shows t('terminal.networkError') for status 0; this text is for logs only.
    throw new TerminalError(0, 'network_error', 'network connection lost');
  }
  const data = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (data as ErrorResponse | null)?.error;
    throw new TerminalError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `HTTP ${response.status}`,
    );
  }
  return data as T;
}

const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' });

export function pair(code: string, name: string) {
  return call<Omit<PairedDevice, 'pairedAt'>>('pair', json({ code, name, version: TERMINAL_VERSION }));
}

export function heartbeat(token: string) {
  return call<HeartbeatResult>('heartbeat', { token, ...json({ version: TERMINAL_VERSION }) });
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * One camera frame (or a chosen photo) for the face gate. The gate decides per passage: a pending
 * answer gives the passage id the next frame of the same person carries.
 */
export function sendFrame(token: string, image: Blob, passageId?: string | null) {
  return call<FaceGateResult>(passageId ? `face?passage=${encodeURIComponent(passageId)}` : 'face', {
    token,
    body: image,
    contentType: IMAGE_TYPES.has(image.type) ? image.type : 'application/octet-stream',
    signal: AbortSignal.timeout(10_000),
  });
}

export function sendCredential(token: string, method: 'card' | 'pin' | 'qr', value: string) {
  return call<GateResult>('credential', { token, ...json({ method, value }) });
}

/** A scanned string: our QR codes are "AJP1.…" / "AJV1.…"; card readers type 4–20 hex digits. */
export function credentialKind(value: string): 'qr' | 'card' {
  return /^[0-9A-Fa-f]{4,20}$/.test(value.trim()) ? 'card' : 'qr';
}
