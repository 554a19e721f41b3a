/**
 * A door lock controller for tests: a node:http server on loopback that records every request
 * and answers 200, 500 or never (`mode`, or `script` for the next requests first). The server
 * must run with relayAllowLoopback (ANJU_RELAY_ALLOW_LOOPBACK) to call it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RelayRequestSeen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request arrived */
  at: number;
}

export type RelayBoxMode = 'ok' | 'error' | 'hang';

export class RelayBox {
  mode: RelayBoxMode = 'ok';
  /** Answers for the next requests, in order, before `mode` applies again. */
  script: RelayBoxMode[] = [];
  received: RelayRequestSeen[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      });
      const mode = this.script.shift() ?? this.mode;
      if (mode === 'hang') return; // holds the connection until the caller gives up
      res.writeHead(mode === 'ok' ? 200 : 500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ relay: mode === 'ok' ? 'on' : 'fault' }));
    });
  });

  /** The actions (x-anju-action) received so far, in order. */
  actions(): string[] {
    return this.received.map((r) => String(r.headers['x-anju-action']));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Switched off: kept-alive connections dropped, the port refuses from now on. */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port nothing listens on (bound, then released): a controller that refuses the connection. */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
