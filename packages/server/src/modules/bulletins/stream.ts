import type { ServerResponse } from 'node:http';
import type { BulletinStreamEvent } from '@anju/contracts';
import type { EventBus } from '../../platform/events.ts';

const HEARTBEAT_MS = 15_000;
/** Open public streams one address may hold in one process (a screen and a few phones). */
export const MAX_PUBLIC_STREAMS_PER_IP = 20;

interface Client {
  siteId: string;
  ip: string;
  res: ServerResponse;
  heartbeat: NodeJS.Timeout;
}

/**
 * The public board's live stream. A 'bulletin.changed' on the event bus (this process, or another
 * one through PostgreSQL LISTEN/NOTIFY) is written to every open stream of that site as
 * `event: bulletin`. The event carries no text: the page reloads the public board, so a screen
 * that reconnects after a restart simply reloads too (nothing can be missed).
 */
export class BulletinStreamHub {
  private readonly clients = new Set<Client>();
  private readonly unsubscribe: () => void;

  constructor(events: EventBus) {
    this.unsubscribe = events.subscribe('bulletin.changed', (payload) => {
      const event: BulletinStreamEvent = payload;
      const data = `event: bulletin\ndata: ${JSON.stringify(event)}\n\n`;
      for (const c of this.clients) if (c.siteId === payload.siteId) c.res.write(data);
    });
  }

  hasRoomFor(ip: string): boolean {
    let open = 0;
    for (const c of this.clients) if (c.ip === ip) open++;
    return open < MAX_PUBLIC_STREAMS_PER_IP;
  }

  open(res: ServerResponse, siteId: string, ip: string, headers: Record<string, string>): void {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n: connected\n\n');
    const client: Client = {
      siteId,
      ip,
      res,
      heartbeat: setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS),
    };
    client.heartbeat.unref();
    const drop = () => {
      clearInterval(client.heartbeat);
      this.clients.delete(client);
    };
    res.on('close', drop);
    res.on('error', drop);
    this.clients.add(client);
  }

  /** Ends every stream (shutting down): screens reconnect, to this or another process. */
  close(): void {
    this.unsubscribe();
    for (const c of [...this.clients]) {
      clearInterval(c.heartbeat);
      c.res.end();
      this.clients.delete(c);
    }
  }
}
