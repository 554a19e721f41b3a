/**
 * A small round-robin HTTP reverse proxy for running several Anju processes as one site — the
 * documented example of "any load balancer" (nginx.conf beside this file does the same job).
 *
 *   node --import tsx deploy/cluster/proxy.ts --listen 8080 --upstream http://127.0.0.1:3001 --upstream http://127.0.0.1:3002
 *
 * Each request goes to the next upstream; nothing is sticky, because Anju keeps sessions, rate
 * limits, the face gallery and live events in PostgreSQL. Request bodies are read whole (≤ 12 MB)
 * so they can be retried; responses stream (server-sent events included). An upstream that
 * refuses the connection is skipped for 5 s and the request is retried on the next one (it never
 * reached the first); a process that dies mid-response ends that response. X-Forwarded-For/
 * -Proto/-Host are set from the connection, never taken from the client (start Anju with
 * ANJU_TRUST_PROXY=true), and `X-Anju-Upstream` tells which process answered.
 * Only node:http — no dependencies.
 */
import http from 'node:http';
import { pipeline } from 'node:stream';
import { parseArgs } from 'node:util';

const DOWN_FOR_MS = 5000;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ProxyOptions {
  listen: number;
  host?: string;
  upstreams: string[];
  log?: (line: string) => void;
  /** Largest request body (default 12 MB, above Anju's largest upload). */
  maxBodyBytes?: number;
  /** How long a process may take to start answering (default 60 s). */
  upstreamTimeoutMs?: number;
}

export interface RunningProxy {
  server: http.Server;
  port: number;
  /** Responses per upstream, in the order given. */
  served: number[];
  close(): Promise<void>;
}

export async function startProxy({
  listen,
  host = '127.0.0.1',
  upstreams,
  log = () => undefined,
  // Above Anju's own largest upload (contract scans, 10 MB) with room for multipart framing.
  maxBodyBytes = 12 * 1024 * 1024,
  // Event streams answer their headers at once; only a hung process takes this long.
  upstreamTimeoutMs = 60_000,
}: ProxyOptions): Promise<RunningProxy> {
  if (upstreams.length === 0) throw new Error('proxy: at least one --upstream is needed');
  const targets = upstreams.map((u) => new URL(u));
  const downUntil = targets.map(() => 0);
  const served = targets.map(() => 0);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;

  /** The next upstream that is not marked down (or, when all are, the next one anyway). */
  function pick(exclude: Set<number>): number {
    for (let i = 0; i < targets.length; i++) {
      const index = (next + i) % targets.length;
      if (!exclude.has(index) && downUntil[index]! <= Date.now()) {
        next = index + 1;
        return index;
      }
    }
    for (let i = 0; i < targets.length; i++) {
      const index = (next + i) % targets.length;
      if (!exclude.has(index)) {
        next = index + 1;
        return index;
      }
    }
    return -1;
  }

  const fail = (res: http.ServerResponse, status: number, code: string, message: string) => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: { code, message } }));
  };

  const server = http.createServer((req, res) => {
    // The request body is read whole (up to maxBodyBytes) before it is sent on, so a request
    // whose process refused the connection can go to the next one without losing its body.
    // Responses stream (server-sent events included).
    const tried = new Set<number>();
    let clientGone = false;
    res.on('close', () => {
      if (!res.writableFinished) clientGone = true;
    });
    const forward = () => {
      if (clientGone) return;
      const index = pick(tried);
      if (index < 0) return fail(res, 502, 'BAD_GATEWAY', '没有可用的服务进程');
      tried.add(index);
      const target = targets[index]!;
      let bodyStarted = false;
      let headersTimer: ReturnType<typeof setTimeout> | undefined;
      const upstreamReq = http.request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          agent,
          headers: {
            ...req.headers,
            // This proxy is the edge: what the client claims in X-Forwarded-* is replaced, or
            // anyone could pick the address that login throttling and the audit log record.
            'x-forwarded-for': req.socket.remoteAddress ?? '',
            'x-forwarded-proto': 'http',
            'x-forwarded-host': req.headers.host ?? '',
          },
        },
        (upstreamRes) => {
          clearTimeout(headersTimer);
          served[index] = (served[index] ?? 0) + 1;
          res.writeHead(upstreamRes.statusCode ?? 502, {
            ...upstreamRes.headers,
            'x-anju-upstream': String(index),
          });
          // Server-sent events must reach the browser as they come.
          res.flushHeaders();
          // A process that dies mid-response ends the client's response too (an event stream
          // then reconnects through another process instead of hanging open and silent).
          pipeline(upstreamRes, res, (error) => {
            if (error) res.destroy();
          });
        },
      );
      // A process that accepts the connection but never answers must not hang its clients.
      headersTimer = setTimeout(() => {
        upstreamReq.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' }));
      }, upstreamTimeoutMs);
      upstreamReq.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(headersTimer);
        // The browser cancelled (navigation, a closed stream): nothing to retry or answer.
        if (clientGone) return;
        const refused = error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET';
        // Safe to resend: the request never reached a process, or it is a read that met a
        // kept-alive socket the upstream had already closed.
        const resend = !bodyStarted || (upstreamReq.reusedSocket && IDEMPOTENT.has(req.method ?? ''));
        if (refused && resend && !res.headersSent) {
          if (!upstreamReq.reusedSocket) {
            downUntil[index] = Date.now() + DOWN_FOR_MS;
            log(`upstream ${target.origin} refused (${error.code}); marked down for ${DOWN_FOR_MS} ms`);
          }
          forward();
          return;
        }
        if (error.code === 'ETIMEDOUT') fail(res, 504, 'GATEWAY_TIMEOUT', '服务进程没有及时应答');
        else fail(res, 502, 'BAD_GATEWAY', '服务进程没有应答');
      });
      // The client went away (e.g. closed an event stream): stop the upstream request too.
      res.on('close', () => {
        if (!res.writableFinished) upstreamReq.destroy();
      });
      upstreamReq.on('socket', (socket) => {
        const send = () => {
          bodyStarted = true;
          upstreamReq.end(body);
        };
        if (socket.connecting) socket.once('connect', send);
        else send();
      });
    };
    const chunks: Buffer[] = [];
    let size = 0;
    let body: Buffer | undefined;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.removeAllListeners('data');
        req.removeAllListeners('end');
        res.setHeader('connection', 'close');
        fail(res, 413, 'payload_too_large', '请求体超过大小限制');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      forward();
    });
  });
  server.keepAliveTimeout = 65_000;
  // Event streams stay open for hours.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : listen;
  log(`proxy on http://${host}:${port} → ${targets.map((t) => t.origin).join(', ')}`);
  return {
    server,
    port,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      listen: { type: 'string', default: '8080' },
      host: { type: 'string', default: '0.0.0.0' },
      upstream: { type: 'string', multiple: true, default: [] as string[] },
    },
  });
  const proxy = await startProxy({
    listen: Number(values.listen),
    host: values.host,
    upstreams: values.upstream,
    log: (line) => console.log(`[proxy] ${line}`),
  });
  const stop = () => void proxy.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
