/**
 * The outbox for person-addressed texts (platform/notify/outbox.ts): a message goes when its
 * time comes and not before, a failing channel is retried with a growing back-off and given up
 * after five attempts, a cancelled message never goes, and the phone number is not stored in
 * clear. A recording fake channel replaces the SMS / WeChat channel for each test.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import {
  type NotificationChannel,
  type OutboundMessage,
  replaceChannel,
  type SendResult,
} from '../src/modules/alerts/channels.ts';
import { runJob } from '../src/platform/jobs.ts';
import {
  cancelQueued,
  enqueueMessage,
  messagesFor,
  OUTBOX_MAX_ATTEMPTS,
  outboxJob,
  purgeOldMessages,
  type QueuedMessage,
  sendDueMessages,
  sendQueuedNow,
} from '../src/platform/notify/outbox.ts';
import { outboundMessages } from '../src/platform/notify/schema.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createTestEnv, describeBackends, type TestEnv } from './harness.ts';

class FakeChannel implements NotificationChannel {
  sent: { to: string[]; text: string; id: string }[] = [];
  constructor(
    readonly kind: 'sms' | 'wechat',
    /** answers per call; the last one repeats */
    private readonly answers: SendResult[] = [{ ok: true }],
  ) {}
  async send(target: { recipients: string[] }, message: OutboundMessage): Promise<SendResult> {
    const answer = this.answers[Math.min(this.sent.length, this.answers.length - 1)]!;
    this.sent.push({ to: target.recipients, text: message.text, id: message.deliveryId });
    return answer;
  }
}

const T0 = new Date('2026-12-05T01:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const PHONE = '13812345678';

describe('outbox', () => {
  it('exports a job that runs every 15 seconds', () => {
    expect(outboxJob.everyMinutes * 60).toBe(15);
  });
});

describeBackends('outbox', (backend) => {
  let env: TestEnv;
  let siteId: string;
  let sms: FakeChannel;
  let previous: NotificationChannel | null = null;
  const deps = () => ({ db: env.ctx.db, keyring: env.ctx.keyring, config: env.ctx.config });
  const msg = (over: Partial<QueuedMessage> = {}): QueuedMessage => ({
    siteId,
    channel: 'sms',
    to: PHONE,
    text: '您预约的业务明天办理',
    sendAfter: T0,
    ref: `test:${crypto.randomUUID()}`,
    purpose: 'appointment.dayBefore',
    ...over,
  });
  const useSms = (channel: FakeChannel) => {
    sms = channel;
    const old = replaceChannel(env.ctx.config, channel);
    previous ??= old;
  };

  beforeAll(async () => {
    env = await createTestEnv(backend);
    [{ id: siteId }] = (await env.ctx.db.select({ id: sites.id }).from(sites).limit(1)) as [{ id: string }];
  }, 120_000);
  beforeEach(async () => {
    // Every test starts from an empty outbox and a fresh recording channel.
    await env.ctx.db.delete(outboundMessages);
    useSms(new FakeChannel('sms'));
  });
  afterEach(() => {
    if (previous) replaceChannel(env.ctx.config, previous);
    previous = null;
  });
  afterAll(async () => env?.close());

  it('sends a message when its time comes, not before, and only once', async () => {
    const m = msg({ sendAfter: at(60_000) });
    await enqueueMessage(env.ctx.db, env.ctx.keyring, m);
    expect(await sendDueMessages(deps(), at(59_999))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(sms.sent).toEqual([]);
    expect(await sendDueMessages(deps(), at(60_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(sms.sent.map((s) => [s.to, s.text])).toEqual([[[PHONE], m.text]]);
    expect(await sendDueMessages(deps(), at(3_600_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const [row] = await messagesFor(env.ctx.db, m.ref);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null, purpose: m.purpose });
    expect(row!.sentAt?.toISOString()).toBe(at(60_000).toISOString());
    expect(row).not.toHaveProperty('recipientEnc');
  });

  it('goes through the channel the message names', async () => {
    const wechat = new FakeChannel('wechat');
    const old = replaceChannel(env.ctx.config, wechat);
    try {
      await enqueueMessage(env.ctx.db, env.ctx.keyring, msg({ channel: 'wechat' }));
      await sendDueMessages(deps(), T0);
      expect(wechat.sent).toHaveLength(1);
      expect(sms.sent).toHaveLength(0);
    } finally {
      replaceChannel(env.ctx.config, old);
    }
  });

  it('retries a failure after 30 s · 2^n and succeeds when the channel answers', async () => {
    useSms(new FakeChannel('sms', [{ ok: false, error: 'HTTP 503' }, { ok: false }, { ok: true }]));
    const m = msg();
    await enqueueMessage(env.ctx.db, env.ctx.keyring, m);
    expect(await sendDueMessages(deps(), T0)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    let [row] = await messagesFor(env.ctx.db, m.ref);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503' });
    expect(row!.nextAttemptAt.toISOString()).toBe(at(30_000).toISOString());
    // Not before the back-off has passed.
    expect((await sendDueMessages(deps(), at(29_999))).retrying).toBe(0);
    expect(await sendDueMessages(deps(), at(30_000))).toEqual({ sent: 0, retrying: 1, failed: 0 });
    [row] = await messagesFor(env.ctx.db, m.ref);
    expect(row!.nextAttemptAt.toISOString()).toBe(at(30_000 + 60_000).toISOString());
    expect(row!.lastError).toBe('alerts.channel.sendFailed');
    expect((await sendDueMessages(deps(), at(89_999))).sent).toBe(0);
    expect(await sendDueMessages(deps(), at(90_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(sms.sent).toHaveLength(3);
    [row] = await messagesFor(env.ctx.db, m.ref);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });

  it('gives up after five attempts', async () => {
    useSms(new FakeChannel('sms', [{ ok: false, error: 'down' }]));
    const m = msg();
    await enqueueMessage(env.ctx.db, env.ctx.keyring, m);
    let now = T0;
    const outcomes: string[] = [];
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS; i++) {
      const tally = await sendDueMessages(deps(), now);
      outcomes.push(tally.failed ? 'failed' : tally.retrying ? 'retrying' : 'none');
      now = new Date(now.getTime() + 30_000 * 2 ** i);
    }
    expect(outcomes).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'failed']);
    expect(OUTBOX_MAX_ATTEMPTS).toBe(5);
    // Nothing more, however long we wait.
    expect(await sendDueMessages(deps(), at(86_400_000))).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(sms.sent).toHaveLength(5);
    const [row] = await messagesFor(env.ctx.db, m.ref);
    expect(row).toMatchObject({ status: 'failed', attempts: 5, lastError: 'down', sentAt: null });
  });

  it('never sends a cancelled message; cancelling touches only pending ones of the purposes named', async () => {
    const ref = 'appointment:test-cancel';
    await enqueueMessage(env.ctx.db, env.ctx.keyring, msg({ ref, purpose: 'appointment.booked' }));
    await sendDueMessages(deps(), T0);
    await enqueueMessage(
      env.ctx.db,
      env.ctx.keyring,
      msg({ ref, purpose: 'appointment.dayBefore', sendAfter: at(1000) }),
    );
    await enqueueMessage(
      env.ctx.db,
      env.ctx.keyring,
      msg({ ref, purpose: 'appointment.hourBefore', sendAfter: at(2000) }),
    );
    await enqueueMessage(env.ctx.db, env.ctx.keyring, msg({ ref: 'other', sendAfter: at(1000) }));
    expect(await cancelQueued(env.ctx.db, ref, ['appointment.hourBefore'])).toBe(1);
    expect(await cancelQueued(env.ctx.db, ref, [])).toBe(0);
    expect(await cancelQueued(env.ctx.db, ref)).toBe(1); // the day-before one; the sent one stays sent
    expect(await sendDueMessages(deps(), at(86_400_000))).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const rows = await messagesFor(env.ctx.db, ref);
    expect(rows.map((r) => [r.purpose, r.status])).toEqual([
      ['appointment.booked', 'sent'],
      ['appointment.dayBefore', 'cancelled'],
      ['appointment.hourBefore', 'cancelled'],
    ]);
    expect(sms.sent).toHaveLength(2); // the booked one and the other ref's
  });

  it('does not store the recipient in clear', async () => {
    const id = await enqueueMessage(env.ctx.db, env.ctx.keyring, msg());
    const [row] = await queryRows<Record<string, unknown>>(
      env.ctx.db,
      sql`SELECT * FROM outbound_messages WHERE id = ${id}`,
    );
    expect(JSON.stringify(row)).not.toContain(PHONE);
    expect(env.ctx.keyring.decrypt('phone', String(row!.recipient_enc)).toString('utf8')).toBe(PHONE);
  });

  it('is not sent twice when an immediate attempt and the job meet', async () => {
    const id = await enqueueMessage(env.ctx.db, env.ctx.keyring, msg());
    const [a, b] = await Promise.all([sendQueuedNow(deps(), [id], T0), sendDueMessages(deps(), T0)]);
    expect(a.sent + b.sent).toBe(1);
    expect(sms.sent).toHaveLength(1);
  });

  it('a message enqueued in a transaction that rolls back is never sent', async () => {
    const ref = 'rolled-back';
    await env.ctx.db
      .transaction(async (tx) => {
        await enqueueMessage(tx, env.ctx.keyring, msg({ ref }));
        throw new Error('undo');
      })
      .catch(() => undefined);
    expect(await messagesFor(env.ctx.db, ref)).toEqual([]);
  });

  it('the scheduled job sends the due ones', async () => {
    await enqueueMessage(env.ctx.db, env.ctx.keyring, msg());
    const run = await runJob(env.ctx, outboxJob, T0);
    expect(run).toMatchObject({ ran: true, result: { sent: 1, retrying: 0, failed: 0, purged: 0 } });
    const [row] = await env.ctx.db.select().from(outboundMessages).where(eq(outboundMessages.status, 'sent'));
    expect(row).toBeDefined();
  });

  it('forgets finished messages after 90 days, never a pending one', async () => {
    const done = await enqueueMessage(env.ctx.db, env.ctx.keyring, msg({ ref: 'old-sent' }));
    await sendDueMessages(deps(), T0);
    const waiting = await enqueueMessage(
      env.ctx.db,
      env.ctx.keyring,
      msg({ ref: 'old-pending', sendAfter: at(10 ** 12) }),
    );
    const old = new Date(Date.now() - 91 * 86_400_000);
    await env.ctx.db.update(outboundMessages).set({ createdAt: old });
    expect(await purgeOldMessages(env.ctx.db, new Date(Date.now() - 2 * 86_400_000))).toBe(0);
    expect(await purgeOldMessages(env.ctx.db, new Date())).toBe(1);
    const left = await env.ctx.db.select({ id: outboundMessages.id }).from(outboundMessages);
    expect(left.map((r) => r.id)).toEqual([waiting]);
    expect(left.map((r) => r.id)).not.toContain(done);
  });
});
