/**
 * The outbox for texts addressed to one person (appointment reminders, an applicant's SMS).
 *
 * A message is enqueued in the same transaction as the change it reports, so it is never lost
 * when that change commits and never sent when it rolls back. A job (every 15 s) sends the due
 * ones through the one channel machinery every notification uses (`channelsFor(config)` in
 * alerts/channels.ts: logged in demo mode, refused in production until a provider adapter
 * exists), retrying a failure after 30 s · 2^n, and gives up after 5 attempts.
 *
 * A send first claims its row (pushes `next_attempt_at` on by a lease under a condition on the
 * old value), so the job and an immediate attempt after a request never send one message twice;
 * a process that dies mid-send leaves a claim that lapses and the message is tried again
 * (at least once, never silently dropped).
 */
import { and, asc, eq, getTableColumns, inArray, lt, lte, ne, sql } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { channelsFor, type SendResult } from '../../modules/alerts/channels.ts';
import { alertsMessages } from '../../modules/alerts/messages.ts';
import { jobDb } from '../../modules/alerts/pipeline.ts';
import type { Keyring } from '../crypto.ts';
import type { Job } from '../jobs.ts';
import { outboundMessages } from './schema.ts';

export type OutboxChannel = 'sms' | 'wechat';
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

export interface QueuedMessage {
  siteId: string | null;
  channel: OutboxChannel;
  /** the phone number; stored sealed with the keyring (purpose 'phone') */
  to: string;
  /** rendered Chinese text (outgoing texts are zh-CN, see alerts/channels.ts) */
  text: string;
  /** now for "at once" */
  sendAfter: Date;
  /** what it is about, e.g. 'appointment:<bookingId>' */
  ref: string;
  /** e.g. 'appointment.booked' | 'appointment.dayBefore' | 'kiosk.application' */
  purpose: string;
}

/** A message as a detail view shows it: no recipient (nobody needs it decrypted there). */
export interface OutboxRow {
  id: string;
  siteId: string | null;
  channel: OutboxChannel;
  purpose: string;
  ref: string;
  text: string;
  status: OutboxStatus;
  sendAfter: Date;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface OutboxDeps {
  db: Db;
  keyring: Keyring;
  config: Config;
}

export const OUTBOX_BASE_MS = 30_000;
export const OUTBOX_MAX_ATTEMPTS = 5;
/** Sent, failed and cancelled messages (phone sealed, text with a name) are kept this long, then deleted. */
export const OUTBOX_KEEP_DAYS = 90;
/** How long a claimed message is left alone before another sender may try it (a hung send). */
export const OUTBOX_CLAIM_MS = 5 * 60_000;

/** Back-off after the n-th failed attempt (1-based): 30 s, 60 s, 2 min, 4 min. */
export const outboxRetryDelayMs = (attempts: number) => OUTBOX_BASE_MS * 2 ** Math.max(0, attempts - 1);

/** Queues one message (pass the transaction that makes the change it reports); returns its id. */
export async function enqueueMessage(db: Db, keyring: Keyring, msg: QueuedMessage): Promise<string> {
  const [row] = await db
    .insert(outboundMessages)
    .values({
      siteId: msg.siteId,
      channel: msg.channel,
      recipientEnc: keyring.encrypt('phone', msg.to),
      text: msg.text,
      sendAfter: msg.sendAfter,
      status: 'pending',
      nextAttemptAt: msg.sendAfter,
      ref: msg.ref,
      purpose: msg.purpose,
    })
    .returning({ id: outboundMessages.id });
  return row!.id;
}

/** Cancels the pending messages about `ref` (of these purposes, or all); sent ones stay sent. */
export async function cancelQueued(db: Db, ref: string, purposes?: string[]): Promise<number> {
  if (purposes?.length === 0) return 0;
  const rows = await db
    .update(outboundMessages)
    .set({ status: 'cancelled' })
    .where(
      and(
        eq(outboundMessages.ref, ref),
        eq(outboundMessages.status, 'pending'),
        purposes ? inArray(outboundMessages.purpose, purposes) : undefined,
      ),
    )
    .returning({ id: outboundMessages.id });
  return rows.length;
}

/** The messages about `ref`, oldest due first (a booking's reminders and their statuses). */
export async function messagesFor(db: Db, ref: string): Promise<OutboxRow[]> {
  const { recipientEnc: _r, ...columns } = getTableColumns(outboundMessages);
  return db
    .select(columns)
    .from(outboundMessages)
    .where(eq(outboundMessages.ref, ref))
    .orderBy(asc(outboundMessages.sendAfter), asc(outboundMessages.createdAt));
}

/** Makes one attempt at a message if it is pending and due; records the outcome. */
export async function attemptMessage(
  deps: OutboxDeps,
  id: string,
  now: Date,
): Promise<'sent' | 'retrying' | 'failed' | 'skipped'> {
  const [row] = await deps.db
    .update(outboundMessages)
    .set({ nextAttemptAt: new Date(now.getTime() + OUTBOX_CLAIM_MS) })
    .where(
      and(
        eq(outboundMessages.id, id),
        eq(outboundMessages.status, 'pending'),
        lte(outboundMessages.nextAttemptAt, now),
      ),
    )
    .returning();
  if (!row) return 'skipped';
  let result: SendResult;
  try {
    const to = deps.keyring.decrypt('phone', row.recipientEnc).toString('utf8');
    result = await channelsFor(deps.config)[row.channel].send(
      { name: `outbox:${row.purpose}`, url: null, secret: null, recipients: [to] },
      { deliveryId: row.id, payload: null, text: row.text },
    );
  } catch (error) {
    result = { ok: false, error: (error as Error).message };
  }
  const attempts = row.attempts + 1;
  if (result.ok) {
    // Sent is sent, even if someone cancelled it while the channel was answering.
    await deps.db
      .update(outboundMessages)
      .set({ status: 'sent', attempts, sentAt: now, lastError: null })
      .where(eq(outboundMessages.id, row.id));
    return 'sent';
  }
  const failed = attempts >= OUTBOX_MAX_ATTEMPTS;
  await deps.db
    .update(outboundMessages)
    .set({
      status: failed ? 'failed' : 'pending',
      attempts,
      lastError: (result.error ?? alertsMessages.key('channel.sendFailed')).slice(0, 300),
      nextAttemptAt: failed ? now : new Date(now.getTime() + outboxRetryDelayMs(attempts)),
    })
    .where(and(eq(outboundMessages.id, row.id), eq(outboundMessages.status, 'pending')));
  return failed ? 'failed' : 'retrying';
}

export interface SendTally {
  sent: number;
  retrying: number;
  failed: number;
}

async function attemptAll(deps: OutboxDeps, ids: string[], now: Date): Promise<SendTally> {
  const tally: SendTally = { sent: 0, retrying: 0, failed: 0 };
  for (const id of ids) {
    const outcome = await attemptMessage(deps, id, now);
    if (outcome !== 'skipped') tally[outcome]++;
  }
  return tally;
}

/** Sends the pending messages whose time has come (the job; tests call it with a chosen `now`). */
export async function sendDueMessages(deps: OutboxDeps, now: Date, limit = 100): Promise<SendTally> {
  const due = await deps.db
    .select({ id: outboundMessages.id })
    .from(outboundMessages)
    .where(and(eq(outboundMessages.status, 'pending'), lte(outboundMessages.nextAttemptAt, now)))
    .orderBy(asc(outboundMessages.nextAttemptAt))
    .limit(limit);
  return attemptAll(
    deps,
    due.map((r) => r.id),
    now,
  );
}

/**
 * Tries these just-committed messages at once (so "at once" does not wait for the job's next
 * round); never throws: whatever did not go stays pending for the job.
 */
export async function sendQueuedNow(deps: OutboxDeps, ids: string[], now: Date): Promise<SendTally> {
  try {
    return await attemptAll(deps, ids, now);
  } catch {
    return { sent: 0, retrying: 0, failed: 0 };
  }
}

/** Counts by status (ops views and tests). */
export async function outboxCounts(db: Db): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .select({ status: outboundMessages.status, n: sql<number>`count(*)::int` })
    .from(outboundMessages)
    .groupBy(outboundMessages.status);
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Deletes finished messages older than OUTBOX_KEEP_DAYS (pending ones always stay). */
export async function purgeOldMessages(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(outboundMessages)
    .where(
      and(
        ne(outboundMessages.status, 'pending'),
        lt(outboundMessages.createdAt, new Date(now.getTime() - OUTBOX_KEEP_DAYS * 86_400_000)),
      ),
    )
    .returning({ id: outboundMessages.id });
  return rows.length;
}

export const outboxJob: Job = {
  name: 'notify.outbox',
  everyMinutes: 0.25,
  async run(ctx, now) {
    const db = jobDb(ctx);
    const tally = await sendDueMessages({ db, keyring: ctx.keyring, config: ctx.config }, now);
    return { ...tally, purged: await purgeOldMessages(db, now) };
  },
};
