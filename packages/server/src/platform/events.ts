import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';

/**
 * The event bus modules talk through (e.g. access → alerts, face enrolment → gallery).
 * In one process it is an EventEmitter; with PostgreSQL it also fans events out to every other
 * API process through LISTEN/NOTIFY, so a gallery change or an alert raised by process A reaches
 * consoles and gates served by process B.
 */
export interface EventMap {
  /** A face template was added or removed; galleries of that site reload the person. */
  'face.gallery_changed': { siteId: string; personId: string; change: 'added' | 'removed' };
  /** An access event was written (granted or denied). */
  'access.event': { siteId: string; eventId: number };
  /** An alert was raised or changed. */
  'alert.changed': { siteId: string; alertId: string; desk: string };
  /** A bulletin post was published, unpublished, edited while published, or its window opened or closed. */
  'bulletin.changed': {
    siteId: string;
    postId: string;
    kind: 'published' | 'unpublished' | 'edited' | 'window';
    at: string;
  };
}
export type EventName = keyof EventMap;

const CHANNEL = 'anju_events';

export interface EventBus {
  publish<K extends EventName>(name: K, payload: EventMap[K]): Promise<void>;
  subscribe<K extends EventName>(name: K, handler: (payload: EventMap[K]) => void): () => void;
  close(): Promise<void>;
}

interface Envelope {
  origin: string;
  name: EventName;
  payload: unknown;
}

export async function createEventBus(databaseUrl?: string): Promise<EventBus> {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const origin = crypto.randomUUID();
  let listener: pg.Client | undefined;
  let sender: pg.Pool | undefined;

  if (databaseUrl) {
    listener = new pg.Client({ connectionString: databaseUrl });
    await listener.connect();
    await listener.query(`LISTEN ${CHANNEL}`);
    listener.on('notification', (msg) => {
      if (!msg.payload) return;
      const envelope = JSON.parse(msg.payload) as Envelope;
      if (envelope.origin !== origin) local.emit(envelope.name, envelope.payload);
    });
    sender = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  }

  return {
    async publish(name, payload) {
      local.emit(name, payload);
      if (sender) {
        const envelope: Envelope = { origin, name, payload };
        await sender.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(envelope)]);
      }
    },
    subscribe(name, handler) {
      const h = handler as (payload: unknown) => void;
      local.on(name, h);
      return () => local.off(name, h);
    },
    async close() {
      local.removeAllListeners();
      await listener?.end();
      await sender?.end();
    },
  };
}
