/**
 * A door lock controller for tests: a node:http server on loopback that records every request
 * and answers 200, 500 or never (`mode`, or `script` for the next requests first). The server
 * must run with relayAllowLoopback (ANJU_RELAY_ALLOW_LOOPBACK) to call it.
 *
 * One box per test (`freshBoxPerTest`): a retry a test caused can only arrive at its own box. A
 * 'hang' request is held open on a promise that only `release()` (or `stop()`) ends, so a
 * test can check that the gate answered while the box was still hanging, without a clock.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach } from 'vitest';
import { gateRelays } from '../src/modules/access/schema.ts';
import type { AppContext } from '../src/platform/context.ts';
import { settled } from './harness.ts';
import { waitFor } from './wait.ts';

export interface RelayRequestSeen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request arrived (for reports only; never asserted on) */
  at: number;
}

export type RelayBoxMode = 'ok' | 'error' | 'hang';

export class RelayBox {
  mode: RelayBoxMode = 'ok';
  /** Answers for the next requests, in order, before `mode` applies again. */
  script: RelayBoxMode[] = [];
  received: RelayRequestSeen[] = [];
  /** Requests answered so far (a held request is not answered until released). */
  answered = 0;
  private held: http.ServerResponse[] = [];
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
      if (mode === 'hang') {
        // Held until the test releases it (the caller's own timeout gives up long before).
        this.held.push(res);
        return;
      }
      this.answered++;
      res.writeHead(mode === 'ok' ? 200 : 500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ relay: mode === 'ok' ? 'on' : 'fault' }));
    });
  });

  /** Requests held open by 'hang' and not yet released. */
  get hanging(): number {
    return this.held.length;
  }

  /** Ends every held request (with a 500; the caller has normally given up on it already). */
  release(): void {
    for (const res of this.held.splice(0)) {
      if (res.writableEnded || res.destroyed) continue;
      res.writeHead(500).end();
    }
  }

  /** The actions (x-anju-action) received so far, in order. */
  actions(): string[] {
    return this.received.map((r) => String(r.headers['x-anju-action']));
  }

  /** Waits until at least `n` requests have arrived (and returns them). */
  async receivedAtLeast(n: number, timeout?: number): Promise<RelayRequestSeen[]> {
    await waitFor(() => this.received.length >= n, {
      timeout,
      message: () => `relay box got ${this.received.length} requests, expected ${n}`,
    });
    return this.received;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Switched off: held and kept-alive connections dropped, the port refuses from now on. */
  async stop(): Promise<void> {
    this.release();
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

/**
 * A fresh box for every test of the suite: before each test the gates' stored controller
 * addresses are pointed at the new box (`path` appended, e.g. `/relay/open`); after it, every call
 * the test caused (retries, records, alerts) has finished and the box is closed, so nothing one
 * test starts can land in the next. Read `box` and `url` inside tests.
 */
export function freshBoxPerTest(
  env: () => { ctx: AppContext },
  path = '',
): { readonly box: RelayBox; readonly url: string } {
  let box: RelayBox | undefined;
  let url: string | undefined;
  beforeEach(async () => {
    const previous = url;
    box = new RelayBox();
    url = `${await box.start()}${path}`;
    if (previous) {
      await env()
        .ctx.db.update(gateRelays)
        .set({ url: sql`replace(${gateRelays.url}, ${previous}, ${url})` });
    }
  });
  afterEach(async () => {
    await settled(env());
    await box?.stop();
  });
  return {
    get box() {
      if (!box) throw new Error('the relay box is made in beforeEach');
      return box;
    },
    get url() {
      if (url === undefined) throw new Error('the relay box is made in beforeEach');
      return url;
    },
  };
}
