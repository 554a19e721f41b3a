/**
 * The bundled round-robin proxy (deploy/cluster/proxy.ts) against small node:http upstreams:
 * what a client may not forge, what happens when a process refuses, dies mid-response or hangs,
 * and that a request the browser cancelled is not sent again elsewhere.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningProxy, startProxy } from '../../../deploy/cluster/proxy.ts';
import { waitFor } from './wait.ts';

interface Upstream {
  url: string;
  hits: { path: string; headers: http.IncomingHttpHeaders }[];
  server: http.Server;
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function upstream(
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<Upstream> {
  const hits: Upstream['hits'] = [];
  const server = http.createServer((req, res) => {
    hits.push({ path: req.url ?? '', headers: req.headers });
    handle(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  open.push({
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

const ok = (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
};

async function proxyTo(upstreams: string[], extra: Partial<Parameters<typeof startProxy>[0]> = {}) {
  const proxy: RunningProxy = await startProxy({ listen: 0, upstreams, ...extra });
  open.push(proxy);
  return `http://127.0.0.1:${proxy.port}`;
}

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

describe('deploy/cluster proxy', () => {
  it('takes turns, and replaces the X-Forwarded-* headers a client sends', async () => {
    const a = await upstream(ok);
    const b = await upstream(ok);
    const url = await proxyTo([a.url, b.url]);
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${url}/api/health`, {
        headers: { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil' },
      });
      expect(res.status).toBe(200);
      seen.push(res.headers.get('x-anju-upstream') ?? '');
    }
    expect(seen).toEqual(['0', '1', '0', '1']);
    for (const hit of [...a.hits, ...b.hits]) {
      expect(hit.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(hit.headers['x-forwarded-proto']).toBe('http');
      expect(hit.headers['x-forwarded-host']).toMatch(/^127\.0\.0\.1:\d+$/);
    }
  });

  it('sends a request whose process refused the connection to the next one, body and all', async () => {
    const dead = await closedPort();
    const bodies: string[] = [];
    const b = await upstream((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        bodies.push(text);
        ok(req, res);
      });
    });
    const url = await proxyTo([dead, b.url]);
    const res = await fetch(`${url}/api/v1/things`, { method: 'POST', body: '{"n":1}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-anju-upstream')).toBe('1');
    expect(bodies).toEqual(['{"n":1}']);
  });

  it('ends the client response when the process dies mid-stream (no silent, hanging event stream)', async () => {
    let streaming: http.ServerResponse | undefined;
    const a = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      streaming = res;
    });
    const url = await proxyTo([a.url]);
    const res = await fetch(`${url}/api/v1/alerts/stream`);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('data: one');
    // The process dies once the client has the first event; the client's stream must then end
    // (or error) — a stream left open would never settle: 15 s is a bound only a hang exceeds.
    streaming!.socket?.destroy();
    const drain = async () => {
      for (;;) if ((await reader.read()).done) return 'ended';
    };
    const outcome = await Promise.race([
      drain().catch(() => 'errored'),
      new Promise((r) => setTimeout(() => r('still open'), 15_000).unref()),
    ]);
    expect(['ended', 'errored']).toContain(outcome);
  });

  it('does not send a request the client cancelled to another process', async () => {
    // The export is held by whichever process gets it until the proxy lets go of it.
    const letGo: Promise<void>[] = [];
    const holdExports = (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.url !== '/api/v1/registry/export') return ok(req, res);
      letGo.push(new Promise<void>((r) => res.on('close', () => r())));
    };
    const a = await upstream(holdExports);
    const b = await upstream(holdExports);
    const url = await proxyTo([a.url, b.url]);
    const exports = () => [...a.hits, ...b.hits].filter((h) => h.path === '/api/v1/registry/export');
    // Warm a kept-alive socket to each, so the cancelled request meets a reused socket.
    await fetch(`${url}/warm`).then((r) => r.text());
    await fetch(`${url}/warm`).then((r) => r.text());
    const controller = new AbortController();
    const cancelled = fetch(`${url}/api/v1/registry/export`, { signal: controller.signal }).catch(() => null);
    // Cancelled while a process holds it (not after a fixed time).
    await waitFor(() => exports().length === 1, { message: 'the export to reach a process' });
    controller.abort();
    await cancelled;
    // The proxy has dropped the upstream request (and decided about a retry, which it must not
    // make); two more round trips through it to both processes, then count.
    await Promise.all(letGo);
    await fetch(`${url}/after`).then((r) => r.text());
    await fetch(`${url}/after`).then((r) => r.text());
    expect(exports()).toHaveLength(1);
  });

  it('refuses a body over the limit without bothering a process, and times out a hung one', async () => {
    const a = await upstream(ok);
    const url = await proxyTo([a.url], { maxBodyBytes: 1024 });
    const big = await fetch(`${url}/api/v1/upload`, { method: 'POST', body: 'x'.repeat(4096) });
    expect(big.status).toBe(413);
    expect(a.hits).toHaveLength(0);

    const hung = await upstream(() => undefined);
    const url2 = await proxyTo([hung.url], { upstreamTimeoutMs: 300 });
    const res = await fetch(`${url2}/api/health`);
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('GATEWAY_TIMEOUT');
  });
});
