import crypto from 'node:crypto';
import { and, asc, eq, lte } from 'drizzle-orm';
import pino from 'pino';
import {
  alertLabel,
  type Channel,
  type ChannelKind,
  type DigestPayload,
  type WebhookPayload,
} from '@anju/contracts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { OutboundRefused, outboundRequest } from '../../platform/outbound.ts';
import { alertsMessages as m } from './messages.ts';
import { alertChannels, alertDeliveries } from './schema.ts';
import { DELIVERY_BASE_MS, DELIVERY_MAX_ATTEMPTS } from './store.ts';

/**
 * What one outbound message carries: the JSON payload, and a short text for SMS / WeChat.
 *
 * Language: outgoing notifications (the payload's `title`, the SMS / WeChat text, the channel
 * test) are in Simplified Chinese. They are written once per delivery by the alert pipeline,
 * where no reader is present; their readers are duty staff on phones and in chat groups, and a
 * webhook receiver's own systems, none of which has told us a language (a channel has no
 * language setting), and Chinese is the product's first language. A channel language setting
 * would be the way to change this.
 *
 * `SendResult.error` is stored in the delivery's `lastError` for the settings page: the channel's
 * own failures are message keys (`alerts.channel.timeout`), rendered in the reader's language
 * when the deliveries are listed; other causes (an HTTP status, a network error code) as they are.
 */
export interface OutboundMessage {
  deliveryId: string;
  /** what a webhook posts; null for a text addressed to one person (an applicant's SMS) */
  payload: WebhookPayload | DigestPayload | null;
  text: string;
}

export interface ChannelTarget {
  name: string;
  url: string | null;
  secret: string | null;
  recipients: string[];
}

export interface SendResult {
  ok: boolean;
  statusCode?: number | null;
  error?: string | null;
}

/** Every way out (webhook, SMS, WeChat, later a real SMS gateway) implements this. */
export interface NotificationChannel {
  readonly kind: ChannelKind;
  /** How long one send may take at most (a failed test answers no sooner). */
  readonly timeoutMs?: number;
  send(target: ChannelTarget, message: OutboundMessage): Promise<SendResult>;
}

export const SIGNATURE_HEADER = 'x-anju-signature';
export const TIMESTAMP_HEADER = 'x-anju-timestamp';

/**
 * X-Anju-Signature: `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, with the
 * timestamp (Unix seconds) in X-Anju-Timestamp. Receivers recompute it over the raw body, compare
 * in constant time and reject timestamps older than a few minutes (replay).
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What the channel test answers when a webhook was not delivered, whatever the cause. */
export const WEBHOOK_TEST_FAILED = m.text('zh-CN', 'channel.testFailed');

/**
 * Signed JSON POSTs. The URL follows the outbound address rules of platform/outbound.ts (checked
 * when saved, resolved and checked again before each call, connected to the checked address).
 */
export class WebhookChannel implements NotificationChannel {
  readonly kind = 'webhook' as const;
  constructor(
    /** read at each call: ANJU_RELAY_ALLOW_LOOPBACK applies to every outbound call */
    private readonly config: Pick<Config, 'relayAllowLoopback'>,
    readonly timeoutMs = 5000,
  ) {}

  async send(target: ChannelTarget, message: OutboundMessage): Promise<SendResult> {
    if (!target.url || !target.secret || !message.payload)
      return { ok: false, error: m.key('channel.noWebhookTarget') };
    const body = JSON.stringify(message.payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    try {
      const res = await outboundRequest({
        url: target.url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Anju-Webhook/1',
          'x-anju-event':
            'event' in message.payload ? message.payload.event : `alert.${message.payload.action}`,
          'x-anju-delivery': message.deliveryId,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(target.secret, timestamp, body),
        },
        body,
        signal: abort.signal,
        allowLoopback: this.config.relayAllowLoopback,
      });
      return res.status >= 200 && res.status < 300
        ? { ok: true, statusCode: res.status }
        : { ok: false, statusCode: res.status, error: `HTTP ${res.status}` };
    } catch (error) {
      if (error instanceof OutboundRefused) return { ok: false, error: error.message };
      if (abort.signal.aborted) return { ok: false, error: m.key('channel.timeout') };
      const e = error as Error & { code?: string };
      return { ok: false, error: e.code ?? e.message };
    } finally {
      clearTimeout(timer);
    }
  }
}

interface Logger {
  info(obj: object, msg?: string): void;
}

/**
 * SMS and WeChat in demo mode: the message is written to the log and counted as delivered. In
 * production without a provider adapter the delivery fails (and is retried), so nobody believes
 * a text went out that did not.
 */
export class LoggingChannel implements NotificationChannel {
  constructor(
    readonly kind: 'sms' | 'wechat',
    private readonly log: Logger,
    private readonly demo: boolean,
  ) {}

  async send(target: ChannelTarget, message: OutboundMessage): Promise<SendResult> {
    if (!this.demo)
      return {
        ok: false,
        error: m.key(this.kind === 'sms' ? 'channel.noSmsProvider' : 'channel.noWechatProvider'),
      };
    this.log.info(
      {
        channel: this.kind,
        name: target.name,
        recipients: target.recipients.length,
        delivery: message.deliveryId,
        text: message.text,
      },
      `${this.kind} (demo): message logged`,
    );
    return { ok: true, statusCode: null };
  }
}

export type ChannelSet = Record<ChannelKind, NotificationChannel>;

const registries = new WeakMap<Config, ChannelSet>();

/** The channel implementations of this process (one set per configuration). */
export function channelsFor(config: Config): ChannelSet {
  let set = registries.get(config);
  if (!set) {
    const log = pino({ name: 'alerts.channels', level: config.logLevel });
    const demo = config.mode === 'demo';
    set = {
      webhook: new WebhookChannel(config),
      sms: new LoggingChannel('sms', log, demo),
      wechat: new LoggingChannel('wechat', log, demo),
    };
    registries.set(config, set);
  }
  return set;
}

/** Tests swap in a channel (e.g. a recording fake); returns the previous one. */
export function replaceChannel(config: Config, channel: NotificationChannel): NotificationChannel {
  const set = channelsFor(config);
  const previous = set[channel.kind];
  set[channel.kind] = channel;
  return previous;
}

export function messageText(payload: WebhookPayload): string {
  const a = payload.alert;
  // Outgoing: in Chinese, like the payload's title (see OutboundMessage).
  return m.text('zh-CN', 'channel.text', {
    level: alertLabel('zh-CN', 'level', a.level),
    title: a.title,
    desk: alertLabel('zh-CN', 'desk', a.desk),
  });
}

const alertMessage = (payload: WebhookPayload): OutboundMessage => ({
  deliveryId: payload.deliveryId,
  payload,
  text: messageText(payload),
});
const digestMessage = (payload: DigestPayload): OutboundMessage => ({
  deliveryId: payload.deliveryId,
  payload,
  text: payload.digest.text,
});

export interface DeliveryDeps {
  db: Db;
  keyring: Keyring;
  config: Config;
}

/** Backoff after the n-th failed attempt (1-based): 30 s, 60 s, 2 min, 4 min, 8 min. */
export const retryDelayMs = (attempts: number) => DELIVERY_BASE_MS * 2 ** Math.max(0, attempts - 1);

/** Makes one attempt of a pending delivery and records the outcome. */
export async function attemptDelivery(
  deps: DeliveryDeps,
  deliveryId: string,
  now: Date,
): Promise<'delivered' | 'pending' | 'failed' | 'skipped'> {
  const [row] = await deps.db
    .select({ d: alertDeliveries, c: alertChannels })
    .from(alertDeliveries)
    .innerJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
    .where(eq(alertDeliveries.id, deliveryId));
  if (row?.d.status !== 'pending') return 'skipped';
  const stamp = { deliveryId: row.d.id, sentAt: now.toISOString() };
  // A digest has no alert: its payload carries its own text (see alert_deliveries).
  const message: OutboundMessage =
    row.d.alertId === null
      ? digestMessage({ ...(row.d.payload as Omit<DigestPayload, keyof typeof stamp>), ...stamp })
      : alertMessage({ ...(row.d.payload as Omit<WebhookPayload, keyof typeof stamp>), ...stamp });
  const target: ChannelTarget = {
    name: row.c.name,
    url: row.c.url,
    secret: row.c.secretEnc ? deps.keyring.decrypt('credential', row.c.secretEnc).toString('utf8') : null,
    recipients: row.c.recipients,
  };
  let result: SendResult;
  try {
    result = await channelsFor(deps.config)[row.c.kind].send(target, message);
  } catch (error) {
    result = { ok: false, error: (error as Error).message };
  }
  const attempts = row.d.attempts + 1;
  const status = result.ok ? 'delivered' : attempts >= DELIVERY_MAX_ATTEMPTS ? 'failed' : 'pending';
  await deps.db
    .update(alertDeliveries)
    .set({
      status,
      attempts,
      lastError: result.ok ? null : (result.error ?? m.key('channel.sendFailed')).slice(0, 300),
      lastStatusCode: result.statusCode ?? null,
      deliveredAt: result.ok ? now : null,
      nextAttemptAt: status === 'pending' ? new Date(now.getTime() + retryDelayMs(attempts)) : null,
    })
    .where(and(eq(alertDeliveries.id, row.d.id), eq(alertDeliveries.status, 'pending')));
  return status;
}

/** Deliveries whose next attempt is due (the retry job). */
export async function dueDeliveries(db: Db, now: Date, limit = 50): Promise<string[]> {
  const rows = await db
    .select({ id: alertDeliveries.id })
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.status, 'pending'), lte(alertDeliveries.nextAttemptAt, now)))
    .orderBy(asc(alertDeliveries.nextAttemptAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

export function toChannel(row: typeof alertChannels.$inferSelect): Channel {
  return {
    id: row.id,
    siteId: row.siteId,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled,
    desks: row.desks as Channel['desks'],
    minLevel: row.minLevel,
    url: row.url,
    hasSecret: !!row.secretEnc,
    recipients: row.recipients,
    createdAt: row.createdAt.toISOString(),
  };
}
