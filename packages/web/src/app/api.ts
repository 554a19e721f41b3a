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

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: 'application/json',
    // The console's language, so server errors and alert titles come back in it.
    'accept-language': currentLang(),
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', translate('app.networkError'));
  }
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !options.quiet401) for (const l of unauthorizedListeners) l();
    if (isErrorResponse(data)) {
      const { code, message, details } = data.error;
      throw new ApiError(response.status, code, message, details ?? []);
    }
    throw new ApiError(
      response.status,
      'http_error',
      translate('app.httpError', { status: response.status }),
    );
  }
  return data as T;
}

/**
 * fetch with the console's headers (language; CSRF token on writes) and its network error, for
 * bodies apiRequest does not send: photos, multipart forms, downloads. Throws the server's error.
 */
export async function rawRequest(
  path: string,
  init: { method?: 'GET' | 'POST'; body?: BodyInit; contentType?: string; query?: Query } = {},
): Promise<Response> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLang() };
  if (init.contentType) headers['content-type'] = init.contentType;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, init.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: init.body,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', translate('app.networkError'));
  }
  if (!response.ok) {
    let data: unknown = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (isErrorResponse(data)) {
      const { code, message, details } = data.error;
      throw new ApiError(response.status, code, message, details ?? []);
    }
    throw new ApiError(
      response.status,
      'http_error',
      translate('app.httpError', { status: response.status }),
    );
  }
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
