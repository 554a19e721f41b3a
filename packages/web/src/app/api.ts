import type { ErrorDetail, ErrorResponse } from '@anju/contracts';
import { currentLang, translate } from './i18n.tsx';

/** A failed API call: the server's {"error":{code,message,details}} plus the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field errors keyed by form field name ("body.username" → "username"). */
  fieldErrors(): { name: string; errors: string[] }[] {
    const byField = new Map<string, string[]>();
    for (const d of this.details) {
      const name = d.field.replace(/^(body|query|params)\.?/, '');
      if (!name) continue;
      byField.set(name, [...(byField.get(name) ?? []), d.message]);
    }
    return [...byField].map(([name, errors]) => ({ name, errors }));
  }
}

export const API_BASE = '/api/v1';

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

/** Remembers the session's CSRF token (from /auth/me or /auth/login) for every later write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const passwordChangeListeners = new Set<() => void>();

/**
 * Called when the server answers 403 password_change_required: an administrator set this user's
 * password since the page loaded; the console re-reads /auth/me and sends them to change it.
 */
export function onPasswordChangeRequired(listener: () => void): () => void {
  passwordChangeListeners.add(listener);
  return () => passwordChangeListeners.delete(listener);
}

/** Called when any request comes back 401: the session ended or expired. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** Do not broadcast a 401 (used by the session probe and login, where 401 is expected). */
  quiet401?: boolean;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function isErrorResponse(value: unknown): value is ErrorResponse {
  if (!value || typeof value !== 'object' || !('error' in value)) return false;
  const e = (value as { error: unknown }).error;
  return !!e && typeof e === 'object' && 'message' in e;
}

type Method = NonNullable<RequestOptions['method']>;

/** fetch with the console's headers: language (server errors and alert titles come back in it), CSRF token on writes. */
async function send(
  path: string,
  init: { method: Method; body?: BodyInit; contentType?: string; query?: Query; signal?: AbortSignal },
): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLang() };
  if (init.contentType) headers['content-type'] = init.contentType;
  if (init.method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(buildUrl(path, init.query), {
      method: init.method,
      headers,
      credentials: 'same-origin',
      body: init.body,
      signal: init.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', translate('app.networkError'));
  }
}

/** The server's {"error": …} as an ApiError (telling the app about a 401 unless told not to). */
function failure(response: Response, data: unknown, quiet401 = false): ApiError {
  if (response.status === 401 && !quiet401) for (const l of unauthorizedListeners) l();
  if (isErrorResponse(data)) {
    const { code, message, details } = data.error;
    if (response.status === 403 && code === 'password_change_required') {
      for (const l of passwordChangeListeners) l();
    }
    return new ApiError(response.status, code, message, details ?? []);
  }
  return new ApiError(response.status, 'http_error', translate('app.httpError', { status: response.status }));
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, {
    method: options.method ?? 'GET',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    contentType: options.body === undefined ? undefined : 'application/json',
    query: options.query,
    signal: options.signal,
  });
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) throw failure(response, data, options.quiet401);
  return data as T;
}

/**
 * A request whose body is not JSON — photos, multipart forms — or whose answer is a file; the
 * caller reads the Response. Throws the server's error like apiRequest.
 */
export async function rawRequest(
  path: string,
  init: { method?: 'GET' | 'POST' | 'PUT'; body?: BodyInit; contentType?: string; query?: Query } = {},
): Promise<Response> {
  const response = await send(path, { ...init, method: init.method ?? 'GET' });
  if (!response.ok) throw failure(response, await response.json().catch(() => null));
  return response;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  del: <T>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
