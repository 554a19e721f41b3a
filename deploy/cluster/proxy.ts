/**
 * A small round-robin HTTP reverse proxy for running several Anju processes as one site — the
 * documented example of "any load balancer" (nginx.conf beside this file does the same job).
 *
 *   node --import tsx deploy/cluster/proxy.ts --listen 8080 --upstream http://127.0.0.1:3001 --upstream http://127.0.0.1:3002
 *
 * Each request goes to the next upstream; nothing is sticky, because Anju keeps sessions, rate
 * limits, the face gallery and live events in PostgreSQL. Bodies stream both ways (server-sent
 * events included). An upstream that refuses the connection is skipped for 5 s and the request
 * is retried on the next one (it never reached the first). X-Forwarded-For/-Proto/-Host are set
 * (start Anju with ANJU_TRUST_PROXY=true), and `X-Anju-Upstream` tells which process answered.
 * Only node:http — no dependencies.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';

const DOWN_FOR_MS = 5000;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ProxyOptions {
  listen: number;
  host?: string;
  upstreams: string[];
  log?: (line: string) => void;
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

  const server = http.createServer((req, res) => {
    // The body is buffered only until the first upstream accepts the connection, so a refused
    // connection can be retried without losing it; after that it streams.
    const tried = new Set<number>();
    const forward = () => {
      const index = pick(tried);
      if (index < 0) {
        res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { code: 'BAD_GATEWAY', message: '没有可用的服务进程' } }));
        return;
      }
      tried.add(index);
      const target = targets[index]!;
      const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress]
        .filter(Boolean)
        .join(', ');
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
            'x-forwarded-for': forwardedFor,
            'x-forwarded-proto': req.headers['x-forwarded-proto'] ?? 'http',
            'x-forwarded-host': req.headers['x-forwarded-host'] ?? req.headers.host ?? '',
          },
        },
        (upstreamRes) => {
          served[index] = (served[index] ?? 0) + 1;
          res.writeHead(upstreamRes.statusCode ?? 502, {
            ...upstreamRes.headers,
            'x-anju-upstream': String(index),
          });
          // Server-sent events must reach the browser as they come.
          res.flushHeaders();
          upstreamRes.pipe(res);
        },
      );
      upstreamReq.on('error', (error: NodeJS.ErrnoException) => {
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
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ error: { code: 'BAD_GATEWAY', message: '服务进程没有应答' } }));
        } else res.destroy();
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
    let bodyStarted = false;
    let body: Buffer | undefined;
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
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
