/**
 * A signed-in API client over real HTTP (fetch), for tests that drive a server they did not
 * start — the cluster run. Keeps the session cookie and sends the CSRF token on writes.
 */
import { DEMO_PASSWORD } from './server.ts';

export interface HttpResult {
  status: number;
  /** Which process answered, from the proxy's X-Anju-Upstream (null when not proxied). */
  upstream: string | null;
  body: unknown;
}

export interface HttpClient {
  cookie: string;
  me: { user: { id: string; role: string }; sites: { id: string; name: string }[] };
  call(method: string, path: string, body?: unknown, baseUrl?: string): Promise<HttpResult>;
}

async function send(url: string, init: RequestInit): Promise<HttpResult & { headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return {
    status: res.status,
    upstream: res.headers.get('x-anju-upstream'),
    body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    headers: res.headers,
  };
}

export async function signInOverHttp(
  baseUrl: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<HttpClient> {
  const login = await send(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200)
    throw new Error(`login ${username}: ${login.status} ${JSON.stringify(login.body)}`);
  const session = /anju_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  if (!session) throw new Error('no session cookie');
  const cookie = `anju_session=${session}`;
  const me = login.body as HttpClient['me'] & { csrfToken: string };
  return {
    cookie,
    me,
    call: (method, path, body, base = baseUrl) =>
      send(`${base}${path}`, {
        method,
        headers: {
          cookie,
          ...(method === 'GET' ? {} : { 'x-csrf-token': me.csrfToken }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}

/** A request without a session (terminals use bearer tokens). */
export async function callOverHttp(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return send(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
