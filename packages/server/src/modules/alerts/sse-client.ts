import http from 'node:http';
import https from 'node:https';

/**
 * A minimal server-sent-events client for Node (the integration tests and bench/alerts.ts read
 * the live stream the way a browser's EventSource does).
 */
export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
  /** performance.now() when the event's last line arrived */
  receivedAt: number;
}

export interface SseConnection {
  status: number;
  events: SseEvent[];
  /** Resolves with the first event (already received or arriving) that matches. */
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  onEvent(listener: (e: SseEvent) => void): void;
  close(): void;
  /** Resolves when the server ends the stream or close() is called. */
  ended: Promise<void>;
}

export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolveConnection, rejectConnection) => {
    const lib = url.startsWith('https:') ? https : http;
    const events: SseEvent[] = [];
    const listeners: ((e: SseEvent) => void)[] = [];
    let endResolve: () => void = () => undefined;
    const ended = new Promise<void>((r) => {
      endResolve = r;
    });
    const req = lib.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end < 0) break;
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | null = null;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || line === '') continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') id = value;
            else if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
          }
          if (data.length === 0) continue;
          const e: SseEvent = { id, event, data: data.join('\n'), receivedAt: performance.now() };
          events.push(e);
          for (const l of listeners) l(e);
        }
      });
      res.on('end', endResolve);
      res.on('close', endResolve);
      resolveConnection({
        status: res.statusCode ?? 0,
        events,
        onEvent: (l) => listeners.push(l),
        waitFor(match, timeoutMs = 20_000) {
          const found = events.find(match);
          if (found) return Promise.resolve(found);
          return new Promise((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`no matching event within ${timeoutMs} ms`)),
              timeoutMs,
            );
            listeners.push((e) => {
              if (match(e)) {
                clearTimeout(timer);
                resolve(e);
              }
            });
          });
        },
        close() {
          req.destroy();
          res.destroy();
          endResolve();
        },
        ended,
      });
    });
    req.on('error', rejectConnection);
  });
}
