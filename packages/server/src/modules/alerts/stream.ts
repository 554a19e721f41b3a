import type { ServerResponse } from 'node:http';
import type { AlertStreamEvent } from '@anju/contracts';
import type { AppContext } from '../../platform/context.ts';
import { authenticateSession } from '../../platform/auth/service.ts';
import { alertsByIds, canSee, changesSince, toViews, type Viewer } from './store.ts';

/** Comment lines keep idle connections open through proxies that cut silent ones. */
const HEARTBEAT_MS = 15_000;
/** A safety net under the event bus: every stream also looks for changes this often. */
const POLL_MS = 10_000;
/** A signed-out or expired session ends its streams within this time. */
const SESSION_CHECK_MS = 60_000;
/** After an announcement that found nothing (its commit not yet visible here), look once more. */
const RETRY_MS = 400;
const BATCH = 200;
/**
 * Open streams one user may hold in one process (each console tab holds one). Per process: behind
 * a proxy spreading users over N processes a user can hold up to N × this; the point is that one
 * account cannot pile up unbounded never-ending responses and their timers in a process.
 */
export const MAX_STREAMS_PER_USER = 5;

interface Client {
  viewer: Viewer;
  sessionToken: string;
  res: ServerResponse;
  lastSeq: number;
  pumping: boolean;
  again: boolean;
  retry: NodeJS.Timeout | null;
  timers: NodeJS.Timeout[];
  closed: boolean;
}

/**
 * The live console's server side. Each browser holds one server-sent-events response; an
 * 'alert.changed' on the event bus (from this process, or from another through PostgreSQL
 * LISTEN/NOTIFY) makes every stream of that site read the changes after the last one it sent
 * and write them out. Event ids are the changes' sequence numbers, so a reconnecting browser
 * (Last-Event-ID) or a console resuming with ?after= gets exactly what it missed.
 */
export class AlertStreamHub {
  private readonly clients = new Set<Client>();
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: AppContext) {
    this.unsubscribe = ctx.events.subscribe('alert.changed', ({ siteId }) => {
      for (const c of this.clients) if (c.viewer.siteIds.includes(siteId)) this.poke(c);
    });
  }

  get size(): number {
    return this.clients.size;
  }

  /** Whether this user may open one more stream here (MAX_STREAMS_PER_USER). */
  hasRoomFor(userId: string): boolean {
    let open = 0;
    for (const c of this.clients) if (c.viewer.userId === userId) open++;
    return open < MAX_STREAMS_PER_USER;
  }

  open(
    res: ServerResponse,
    viewer: Viewer,
    sessionToken: string,
    after: number,
    headers: Record<string, string>,
  ): void {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // nginx: do not buffer the stream
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 3000\n: connected ${after}\n\n`);
    const client: Client = {
      viewer,
      sessionToken,
      res,
      lastSeq: after,
      pumping: false,
      again: false,
      retry: null,
      timers: [],
      closed: false,
    };
    client.timers.push(
      setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS),
      setInterval(() => this.poke(client, false), POLL_MS),
      setInterval(() => void this.checkSession(client), SESSION_CHECK_MS),
    );
    for (const t of client.timers) t.unref();
    res.on('close', () => this.drop(client));
    res.on('error', () => this.drop(client));
    this.clients.add(client);
    this.poke(client);
  }

  private drop(client: Client): void {
    if (client.closed) return;
    client.closed = true;
    for (const t of client.timers) clearInterval(t);
    if (client.retry) clearTimeout(client.retry);
    this.clients.delete(client);
  }

  private async checkSession(client: Client): Promise<void> {
    const auth = await authenticateSession(
      this.ctx.db,
      client.sessionToken,
      this.ctx.config.sessionHours,
      this.ctx.now(),
    ).catch(() => null);
    if (!auth) {
      client.res.write('event: session-ended\ndata: {}\n\n');
      client.res.end();
      this.drop(client);
    }
  }

  /**
   * Runs one pump at a time per client; a poke during a pump runs another after it. A poke from
   * the bus that finds nothing (that commit not yet visible on this connection) looks once more.
   */
  private poke(client: Client, retryIfEmpty = true): void {
    if (client.closed) return;
    if (client.pumping) {
      client.again = true;
      return;
    }
    client.pumping = true;
    void this.pump(client)
      .then((sent) => {
        if (sent === 0 && retryIfEmpty && !client.retry && !client.closed) {
          client.retry = setTimeout(() => {
            client.retry = null;
            this.poke(client, false);
          }, RETRY_MS);
          client.retry.unref();
        }
      })
      .catch(() => undefined)
      .finally(() => {
        client.pumping = false;
        if (client.again) {
          client.again = false;
          this.poke(client);
        }
      });
  }

  private async pump(client: Client): Promise<number> {
    let sent = 0;
    for (;;) {
      const changes = await changesSince(this.ctx.db, client.viewer, client.lastSeq, BATCH);
      if (changes.length === 0 || client.closed) return sent;
      const rows = await alertsByIds(this.ctx.db, [...new Set(changes.map((c) => c.alertId))]);
      const visible = rows.filter((r) => canSee(client.viewer, r));
      const views = new Map((await toViews(this.ctx.db, visible, client.viewer)).map((v) => [v.id, v]));
      let out = '';
      for (const change of changes) {
        const alert = views.get(change.alertId) ?? null;
        const event: AlertStreamEvent = {
          seq: change.seq,
          action: change.action,
          alertId: change.alertId,
          alert,
          removed: !alert,
        };
        out += `id: ${change.seq}\nevent: alert\ndata: ${JSON.stringify(event)}\n\n`;
      }
      if (client.closed) return sent;
      client.res.write(out);
      client.lastSeq = changes[changes.length - 1]!.seq;
      sent += changes.length;
      if (changes.length < BATCH) return sent;
    }
  }

  /** Ends every stream (server shutting down): browsers reconnect to another process. */
  close(): void {
    this.unsubscribe();
    for (const c of [...this.clients]) {
      c.res.end();
      this.drop(c);
    }
  }
}
