import type {
  FreeSlot,
  FreeSlots,
  MyBooking,
  MyBookingInput,
  MyServices,
  PublicBooking,
  PublicBookingInput,
  PublicService,
  PublicSite,
  ServiceDay,
} from '@anju/contracts';
import { ApiError, api, buildUrl } from '../../../app/api.ts';
import { currentLang, translate } from '../../../app/i18n.tsx';

/**
 * The booking flow's calls (packages/server/src/modules/appointments/routes): the public page's
 * (no sign-in, the site in the path) and the resident's (`/mine`, with the session). The flow
 * components take a `SlotSource` and do not know which of the two they talk to.
 */
export type {
  FreeSlot,
  FreeSlots,
  MyBooking,
  MyServices,
  PublicBooking,
  PublicService,
  PublicSite,
  ServiceDay,
};

/** Where the free days and slots of a service come from. */
export interface SlotSource {
  /** query-key prefix: different sources never share cached slots */
  scope: readonly string[];
  days(serviceId: string, from: string, to: string, signal?: AbortSignal): Promise<{ days: ServiceDay[] }>;
  slots(serviceId: string, date: string, signal?: AbortSignal): Promise<FreeSlots>;
}

type Query = Record<string, string>;

/**
 * A call of the public booking API: without cookies (the page is for anyone; a signed-in
 * resident's session has nothing to do with it) and in the page's language, failing like the
 * console's calls (ApiError with the server's code, message and field errors).
 */
async function publicCall<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { query?: Query; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      credentials: 'omit',
      headers: {
        accept: 'application/json',
        'accept-language': currentLang(),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', translate('app.networkError'));
  }
  const data = (await response.json().catch(() => null)) as
    | (T & { error?: { code: string; message: string; details?: ApiError['details'] } })
    | null;
  if (!response.ok) {
    const e = data?.error;
    if (e) throw new ApiError(response.status, e.code, e.message, e.details ?? []);
    throw new ApiError(
      response.status,
      'http_error',
      translate('app.httpError', { status: response.status }),
    );
  }
  return data as T;
}

const publicBase = (siteId: string) => `/appointments/public/sites/${encodeURIComponent(siteId)}`;

/**
 * A site's free days and slots, read from the public routes: they answer for every active service
 * of the site (the residents-only ones too; only booking them needs the resident's session).
 */
function siteSlotSource(siteId: string, scope: readonly string[]): SlotSource {
  const base = publicBase(siteId);
  return {
    scope,
    days: (serviceId, from, to, signal) =>
      publicCall('GET', `${base}/services/${serviceId}/days`, { query: { from, to }, signal }),
    slots: (serviceId, date, signal) =>
      publicCall('GET', `${base}/services/${serviceId}/slots`, { query: { date }, signal }),
  };
}

/** The public booking page's calls for one site. */
export function publicApi(siteId: string) {
  const base = publicBase(siteId);
  return {
    source: siteSlotSource(siteId, ['appointments', 'public', siteId]),
    site: (signal?: AbortSignal) => publicCall<PublicSite>('GET', base, { signal }),
    book: (input: PublicBookingInput) =>
      publicCall<PublicBooking>('POST', `${base}/bookings`, { body: input }),
    find: (code: string, phone: string) =>
      publicCall<PublicBooking>('POST', `${base}/bookings/find`, { body: { code, phone } }),
    reschedule: (code: string, phone: string, start: string) =>
      publicCall<PublicBooking>('POST', `${base}/bookings/reschedule`, { body: { code, phone, start } }),
    cancel: (code: string, phone: string) =>
      publicCall<PublicBooking>('POST', `${base}/bookings/cancel`, { body: { code, phone } }),
  };
}

/** The resident's calls (self.appointments), with the console's session. */
export const myApi = {
  /** every query of the resident's page starts with this key */
  scope: ['appointments', 'mine'] as const,
  source: (siteId: string) => siteSlotSource(siteId, ['appointments', 'mine', 'slots', siteId]),
  services: (signal?: AbortSignal) => api.get<MyServices>('/appointments/mine/services', undefined, signal),
  list: (signal?: AbortSignal) => api.get<{ items: MyBooking[] }>('/appointments/mine', undefined, signal),
  book: (input: MyBookingInput) => api.post<MyBooking>('/appointments/mine', input),
  reschedule: (id: string, start: string) =>
    api.post<MyBooking>(`/appointments/mine/${id}/reschedule`, { start }),
  cancel: (id: string) => api.post<MyBooking>(`/appointments/mine/${id}/cancel`, {}),
};

/** The public booking page's address for a site (the kiosk's QR, links in messages). */
export function publicBookingUrl(siteId: string, serviceCode?: string): string {
  const url = new URL(`/book/${encodeURIComponent(siteId)}`, window.location.origin);
  if (serviceCode) url.searchParams.set('service', serviceCode);
  return url.toString();
}

/**
 * What went wrong with a booking write, for the flow to react (refresh the slots, go back to the
 * code form); the text shown is the server's, already in the page's language.
 */
export type BookingProblem = 'slotTaken' | 'slotNotOffered' | 'notFound' | 'phoneLimit' | 'tooMany' | 'other';

export function bookingProblem(error: unknown): BookingProblem {
  if (!(error instanceof ApiError)) return 'other';
  const code = error.code.toLowerCase().replace(/[^a-z]/g, '');
  if (error.status === 429) return 'tooMany';
  if (error.status === 404) return 'notFound';
  if (code.includes('slottaken')) return 'slotTaken';
  if (code.includes('slotnotoffered')) return 'slotNotOffered';
  if (code.includes('phonelimit')) return 'phoneLimit';
  return 'other';
}
