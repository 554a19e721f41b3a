import type { CheckResult, ErrorDetail, ErrorResponse, IssuedCertificate } from '@anju/contracts';
import { API_BASE } from '../../app/api.ts';
import { currentLang } from '../../app/i18n.tsx';
import type { IdCard } from './reader.ts';

/**
 * The kiosk talks to the server with the device token it got at pairing (a bearer token scoped to
 * one site, kind 'kiosk'), never with a staff session: requests go without cookies. Nothing
 * personal is kept here: the token and the site's name only.
 */
const STORAGE_KEY = 'anju.kioskTerminal';
export const KIOSK_VERSION = 'web-kiosk/1.0';

export interface PairedKiosk {
  token: string;
  deviceId: string;
  site: { id: string; name: string };
  pairedAt: string;
}

export interface OfficeInfo {
  name: string;
  phone: string;
  hours: string;
}

export interface KioskHeartbeat {
  ok: boolean;
  office: OfficeInfo;
  simulatedReader: boolean;
}

export const SERVICES = [
  'hukou',
  'temporary_identity',
  'no_criminal_record',
  'id_card',
  'residence_permit',
] as const;
export type Service = (typeof SERVICES)[number];
export const CERTIFICATE_SERVICES: readonly Service[] = ['hukou', 'temporary_identity', 'no_criminal_record'];
export type ApplicationKind = 'id_card' | 'residence_permit';
export const isApplication = (service: Service): service is ApplicationKind =>
  service === 'id_card' || service === 'residence_permit';

export interface ServiceOffer {
  service: Service;
  available: boolean;
  reasonCode?: string;
  reason?: string;
  needsPurpose?: boolean;
}

export type { CheckResult, IssuedCertificate };

export interface PhotoProblem {
  code: string;
  message: string;
}

export interface SubmittedApplication {
  id: string;
  reference: string;
  status: string;
}

export class KioskError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra fields of the error object (attemptsLeft, until, problems). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'KioskError';
  }

  /** The token was revoked: only a new pairing helps. */
  get needsPairing(): boolean {
    return this.status === 401;
  }

  get offline(): boolean {
    return this.status === 0;
  }
}

export function loadKiosk(): PairedKiosk | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const device = JSON.parse(raw) as PairedKiosk;
    return typeof device.token === 'string' && device.site ? device : null;
  } catch {
    return null;
  }
}

export function saveKiosk(device: PairedKiosk): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(device));
}

export function forgetKiosk(): void {
  localStorage.removeItem(STORAGE_KEY);
}

interface CallInit {
  method?: 'GET' | 'POST';
  token?: string;
  body?: BodyInit;
  contentType?: string;
  timeoutMs?: number;
}

async function send(path: string, init: CallInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/kiosk/terminal/${path}`, {
      method: init.method ?? 'POST',
      credentials: 'omit',
      headers: {
        // Reasons (not eligible, face mismatch) come back in the kiosk's current language.
        'accept-language': currentLang(),
        ...(init.contentType ? { 'content-type': init.contentType } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
    });
  } catch {
    throw new KioskError(0, 'network_error', 'network connection lost');
  }
  if (!response.ok) {
    const data = (await response.json().catch(() => null)) as ErrorResponse | null;
    const error = data?.error as (ErrorResponse['error'] & Record<string, unknown>) | undefined;
    const { code, message, details, ...extra } = error ?? ({} as Record<string, unknown>);
    throw new KioskError(
      response.status,
      typeof code === 'string' ? code : 'http_error',
      typeof message === 'string' ? message : `HTTP ${response.status}`,
      Array.isArray(details) ? (details as ErrorDetail[]) : [],
      extra,
    );
  }
  return response;
}

async function call<T>(path: string, init: CallInit): Promise<T> {
  const response = await send(path, { ...init });
  return (await response.json()) as T;
}

const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' });

export function pairKiosk(code: string, name: string) {
  return call<Omit<PairedKiosk, 'pairedAt'>>('pair', json({ code, name, version: KIOSK_VERSION }));
}

export function kioskHeartbeat(token: string) {
  return call<KioskHeartbeat>('heartbeat', { token, ...json({ version: KIOSK_VERSION }) });
}

export function simulatedCards(token: string) {
  return call<{ cards: IdCard[] }>('simulated-cards', { token, method: 'GET' });
}

/** A base64 JPEG (the chip photo as a reader gives it) as a file to upload. */
export function base64ToBlob(base64: string, type = 'image/jpeg'): Blob {
  const clean = base64.replace(/^data:[^,]*,/, '');
  const binary = atob(clean);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** 人证核验: the card as read, its chip photo and a live camera frame. */
export function personIdCheck(token: string, card: IdCard, live: Blob) {
  const { chipPhoto, ...rest } = card;
  const form = new FormData();
  form.append('card', JSON.stringify(rest));
  if (chipPhoto) form.append('chipPhoto', base64ToBlob(chipPhoto), 'chip.jpg');
  form.append('live', live, 'live.jpg');
  return call<CheckResult>('checks', { token, body: form, timeoutMs: 30_000 });
}

export function issueCertificate(token: string, checkId: string, type: Service, purpose?: string) {
  return call<IssuedCertificate>('certificates', {
    token,
    ...json({ checkId, type, ...(purpose ? { purpose } : {}) }),
    timeoutMs: 30_000,
  });
}

export async function certificatePdf(token: string, id: string, checkId: string): Promise<Blob> {
  const response = await send(
    `certificates/${encodeURIComponent(id)}/pdf?checkId=${encodeURIComponent(checkId)}`,
    { token, method: 'GET', timeoutMs: 30_000 },
  );
  return new Blob([await response.arrayBuffer()], { type: 'application/pdf' });
}

export function idPhotoCheck(token: string, photo: Blob) {
  const form = new FormData();
  form.append('photo', photo, 'photo.jpg');
  return call<{ ok: boolean; problems: PhotoProblem[] }>('id-photo-check', {
    token,
    body: form,
    timeoutMs: 30_000,
  });
}

export function submitApplication(
  token: string,
  checkId: string,
  kind: ApplicationKind,
  details: Record<string, string>,
  photo: Blob,
) {
  const form = new FormData();
  form.append('checkId', checkId);
  form.append('kind', kind);
  form.append('details', JSON.stringify(details));
  form.append('photo', photo, 'photo.jpg');
  return call<SubmittedApplication>('applications', { token, body: form, timeoutMs: 30_000 });
}
