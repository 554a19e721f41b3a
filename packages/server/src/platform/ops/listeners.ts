import http from 'node:http';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { langFromAcceptLanguage } from '@anju/contracts';
import { opsMessages as m } from './messages.ts';

/**
 * The plain-HTTP listener that runs beside HTTPS (ANJU_HTTP_PORT). A second port was chosen over
 * sniffing TLS on one port: it keeps Fastify's own server untouched (upgrades, keep-alive,
 * graceful close) and is what every reverse proxy does. Rules:
 * - from loopback: the whole app over plain HTTP (development, local scripts);
 * - from anywhere else: the CA download and its help page (a tablet cannot open the HTTPS site
 *   before it trusts the CA), everything else redirects to the same path over HTTPS.
 */
export const PLAIN_HTTP_PATHS = new Set(['/ca.crt', '/ca.der', '/tls-help']);

export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

/** Host part of a Host header, validated (it ends up in a Location header). */
function hostOf(header: string | undefined, fallback: string): string {
  if (header) {
    const v6 = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(header);
    if (v6 && net.isIPv6(v6[1]!)) return `[${v6[1]}]`;
    const name = /^([a-zA-Z0-9.-]+)(?::\d+)?$/.exec(header);
    if (name) return name[1]!;
  }
  const local = fallback.replace(/^::ffff:/, '');
  return net.isIPv6(local) ? `[${local}]` : local;
}

export function httpsLocation(req: http.IncomingMessage, httpsPort: number): string {
  const host = hostOf(req.headers.host, req.socket.localAddress ?? 'localhost');
  const port = httpsPort === 443 ? '' : `:${httpsPort}`;
  const url = req.url?.startsWith('/') ? req.url : '/';
  return `https://${host}${port}${url}`;
}

export interface PlainListener {
  server: http.Server;
  port: number;
  beginClose(): void;
  close(): Promise<void>;
}

export async function startPlainListener(
  app: FastifyInstance,
  port: number,
  host: string,
  httpsPort: number,
): Promise<PlainListener> {
  const server = http.createServer((req, res) => {
    const urlPath = (req.url ?? '/').split('?')[0]!;
    if (isLoopback(req.socket.remoteAddress) || PLAIN_HTTP_PATHS.has(urlPath)) {
      app.routing(req, res);
      return;
    }
    const status = req.method === 'GET' || req.method === 'HEAD' ? 301 : 308;
    res.writeHead(status, {
      location: httpsLocation(req, httpsPort),
      'content-type': 'text/plain; charset=utf-8',
    });
    res.end(`${m.text(langFromAcceptLanguage(req.headers['accept-language']), 'useHttps')}\n`);
  });
  // WebSockets from localhost work on the plain port too.
  server.on('upgrade', (req, socket, head) => {
    if (isLoopback(req.socket.remoteAddress)) app.server.emit('upgrade', req, socket, head);
    else socket.destroy();
  });
  server.keepAliveTimeout = app.server.keepAliveTimeout;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  let closed: Promise<void> | null = null;
  const beginClose = () => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Keep-alive sockets finishing a request become idle later: close those as they do.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      server.once('close', () => {
        clearInterval(sweep);
        clearTimeout(force);
      });
    });
  };
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    beginClose,
    close: async () => {
      beginClose();
      await closed;
    },
  };
}
