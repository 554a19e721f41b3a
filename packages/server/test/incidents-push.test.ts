/**
 * The daily push (issue 15): from 08:00 Asia/Shanghai each desk's channels get yesterday's
 * incidents once a day (Mondays with the weekly analysis) as channel-addressed alert deliveries,
 * sent and retried by the alerts' machinery. Injected clock throughout (runJob(ctx, job, now)).
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DigestPayload } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import {
  type NotificationChannel,
  type OutboundMessage,
  replaceChannel,
  type SendResult,
} from '../src/modules/alerts/channels.ts';
import { alertJobs } from '../src/modules/alerts/jobs.ts';
import { alertChannels, alertDeliveries } from '../src/modules/alerts/schema.ts';
import { clearRuleCache } from '../src/modules/alerts/settings.ts';
import { categoryRows } from '../src/modules/incidents/categories.ts';
import { digestContent, digestText, incidentPushJob, pushDigests } from '../src/modules/incidents/push.ts';
import { incidentPersons, incidentPushes, incidents } from '../src/modules/incidents/schema.ts';
import { runJob } from '../src/platform/jobs.ts';
import { createTestEnv, describeBackends, signIn, type Client, type TestEnv } from './harness.ts';

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
// Monday 7 December 2026 reports Sunday the 6th; Tuesday the 8th reports Monday the 7th.
const MONDAY = '2026-12-07';
const TUESDAY = '2026-12-08';

/** Records every message; the webhook fails its first `failures` sends. */
class Recorder implements NotificationChannel {
  sent: OutboundMessage[] = [];
  constructor(
    readonly kind: 'webhook' | 'sms',
    private failures = 0,
  ) {}
  async send(_target: unknown, message: OutboundMessage): Promise<SendResult> {
    if (this.failures > 0) {
      this.failures--;
      return { ok: false, statusCode: 503, error: 'HTTP 503' };
    }
    this.sent.push(message);
    return { ok: true, statusCode: 200 };
  }
}

describeBackends('incidents daily push', (backend) => {
  let env: TestEnv;
  let police: Client;
  let siteId: string;
  let flat: { label: string; number: string; building: string };
  let personName: string;
  let webhook: Recorder;
  let sms: Recorder;
  let restore: NotificationChannel[] = [];
  const channelIds: Record<'police' | 'property' | 'critical', string> = {
    police: '',
    property: '',
    critical: '',
  };

  const digests = async (date?: string) => {
    const rows = await env.ctx.db
      .select()
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.siteId, siteId), eq(alertDeliveries.action, 'digest')));
    return rows
      .map((r) => ({ ...r, p: r.payload as unknown as Omit<DigestPayload, 'deliveryId' | 'sentAt'> }))
      .filter((r) => !date || r.p.digest.date === date);
  };
  const textOf = async (date: string, channel: keyof typeof channelIds) =>
    (await digests(date)).find((d) => d.channelId === channelIds[channel])!.p.digest.text;

  beforeAll(async () => {
    env = await createTestEnv(backend);
    police = await signIn(env.app, 'police');
    siteId = police.me.sites[0]!.id;
    const db = env.ctx.db;
    const [room] = await queryRows<{
      id: string;
      label: string;
      number: string;
      building_id: string;
      name: string;
    }>(
      db,
      sql`SELECT r.id, r.label, r.number, r.building_id, b.name FROM rooms r JOIN buildings b ON b.id = r.building_id
          WHERE r.site_id = ${siteId} AND r.kind = 'home' AND r.building_id IS NOT NULL LIMIT 1`,
    );
    flat = { label: room!.label, number: room!.number, building: room!.name };
    const [person] = await queryRows<{ id: string; name: string }>(
      db,
      sql`SELECT id, name FROM persons WHERE site_id = ${siteId} LIMIT 1`,
    );
    personName = person!.name;
    const cats = new Map((await categoryRows(db, siteId)).map((c) => [c.code, c.id]));
    const gateId = (
      await queryRows<{ id: string }>(
        db,
        sql`INSERT INTO gates (site_id, name, direction) VALUES (${siteId}, '东门', 'both') RETURNING id`,
      )
    )[0]!.id;
    const base = {
      siteId,
      channel: '110' as const,
      outcome: 'advice_given' as const,
      source: 'manual' as const,
      summary: `${personName}报警`,
    };
    const atFlat = {
      placeKind: 'flat' as const,
      buildingId: room!.building_id,
      roomId: room!.id,
      placeLabel: room!.label,
    };
    const atGate = { placeKind: 'gate' as const, gateId, placeLabel: '东门' };
    // Sunday the 6th: 2 frauds (one at the flat), 1 fire risk at the flat, 3 noise disputes, 1 help = 7.
    const sunday = '2026-12-06';
    const [fraudAtFlat] = await db
      .insert(incidents)
      .values([
        { ...base, ...atFlat, receivedAt: at(sunday, '19:30'), categoryId: cats.get('fraud.telecom')! },
        { ...base, ...atGate, receivedAt: at(sunday, '20:10'), categoryId: cats.get('fraud.health')! },
        { ...base, ...atFlat, receivedAt: at(sunday, '11:05'), categoryId: cats.get('fire')! },
        ...['09:00', '13:00', '22:00'].map((t) => ({
          ...base,
          ...atGate,
          receivedAt: at(sunday, t),
          categoryId: cats.get('dispute.noise')!,
        })),
        { ...base, ...atGate, receivedAt: at(sunday, '00:00'), categoryId: cats.get('help')! },
        // Outside the day: Saturday 23:59 and Monday 00:00 (Shanghai) are not Sunday's.
        { ...base, ...atFlat, receivedAt: at('2026-12-05', '23:59'), categoryId: cats.get('fraud.telecom')! },
        { ...base, ...atFlat, receivedAt: at(MONDAY, '00:00'), categoryId: cats.get('theft')! },
        // Earlier in the four weeks: more disputes (the weekly summary's share has something to say).
        ...['2026-11-20', '2026-11-25', '2026-12-01'].map((d) => ({
          ...base,
          ...atGate,
          receivedAt: at(d, '10:00'),
          categoryId: cats.get('dispute.pet')!,
        })),
      ])
      .returning({ id: incidents.id });
    await db
      .insert(incidentPersons)
      .values({ incidentId: fraudAtFlat!.id, personId: person!.id, role: 'victim' });

    // The site's channels: the police office's webhook, the property desk's SMS, and a police
    // SMS that only wants critical alerts (the push is 'info': it gets none).
    const [p, q, c] = await db
      .insert(alertChannels)
      .values([
        {
          siteId,
          kind: 'webhook',
          name: '派出所',
          desks: ['police_office'],
          minLevel: 'info',
          url: 'https://example.invalid/hook',
          recipients: [],
        },
        {
          siteId,
          kind: 'sms',
          name: '物业值班',
          desks: ['property_desk'],
          minLevel: 'info',
          recipients: ['13800000001'],
        },
        {
          siteId,
          kind: 'sms',
          name: '紧急',
          desks: ['police_office'],
          minLevel: 'critical',
          recipients: ['13800000002'],
        },
      ])
      .returning({ id: alertChannels.id });
    channelIds.police = p!.id;
    channelIds.property = q!.id;
    channelIds.critical = c!.id;
    webhook = new Recorder('webhook', 1);
    sms = new Recorder('sms');
    restore = [replaceChannel(env.ctx.config, webhook), replaceChannel(env.ctx.config, sms)];
  }, 120_000);
  afterAll(async () => {
    for (const previous of restore) replaceChannel(env.ctx.config, previous);
    await env?.close();
  });

  it('sends nothing before 08:00', async () => {
    const run = await runJob(env.ctx, incidentPushJob, at(MONDAY, '07:59'));
    expect(run.result).toEqual({ sites: 0, deliveries: 0 });
    expect(await digests()).toHaveLength(0);
    expect(await env.ctx.db.select().from(incidentPushes)).toHaveLength(0);
  });

  it('at 08:05 sends one digest per desk with yesterday’s numbers, Monday with the weekly part', async () => {
    const run = await runJob(env.ctx, incidentPushJob, at(MONDAY, '08:05'));
    expect(run.result).toEqual({ sites: 1, deliveries: 2 });
    const rows = await digests('2026-12-06');
    expect(rows.map((r) => r.channelId).sort()).toEqual([channelIds.police, channelIds.property].sort());
    expect(rows.every((r) => r.alertId === null && r.p.digest.weekly)).toBe(true);
    expect(rows.find((r) => r.channelId === channelIds.police)!.p.digest.desk).toBe('police_office');
    expect(rows.find((r) => r.channelId === channelIds.property)!.p.digest.desk).toBe('property_desk');

    const policeText = await textOf('2026-12-06', 'police');
    const propertyText = await textOf('2026-12-06', 'property');
    for (const text of [policeText, propertyText]) {
      expect(text).toContain('12月6日（周日）');
      expect(text).toContain('昨日警情 7 起：诈骗 2 起，火灾隐患 1 起，纠纷 3 起，求助 1 起。');
      expect(text).toContain('19:30 电信诈骗');
      expect(text).toContain('20:10 保健品诈骗（东门）');
      expect(text).toContain('11:05 火灾隐患');
      expect(text).not.toContain('盗窃'); // Monday 00:00 is today's
      // The weekly part is analysis.ts's generated summary (four weeks to today: 12 incidents,
      // 3 + 3 disputes and 1 help request = 7 of 12, 58%).
      expect(text).toContain('【周分析】近四周');
      expect(text).toContain('纠纷和求助 7 起，占 58%');
      expect(text).not.toContain(personName);
    }
    // The police office sees the flat; the property desk the building at most.
    expect(policeText).toContain(`19:30 电信诈骗（${flat.label}）`);
    expect(propertyText).toContain(`19:30 电信诈骗（${flat.building}）`);
    expect(propertyText).not.toContain(flat.label);
    expect(propertyText).not.toContain(flat.number);

    // Sent through the channels: the SMS at once; the webhook failed and waits for its retry.
    expect(sms.sent.map((m) => m.text)).toEqual([propertyText]);
    const hook = rows.find((r) => r.channelId === channelIds.police)!;
    const [afterFirst] = await env.ctx.db
      .select()
      .from(alertDeliveries)
      .where(eq(alertDeliveries.id, hook.id));
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503 });
    expect(webhook.sent).toHaveLength(0);
  });

  it('a second run the same day sends nothing', async () => {
    const run = await runJob(env.ctx, incidentPushJob, at(MONDAY, '08:35'));
    expect(run.result).toEqual({ sites: 0, deliveries: 0 });
    expect(await digests()).toHaveLength(2);
  });

  it('the failed webhook is retried by the deliveries job and lands with the digest event', async () => {
    const [hook] = await env.ctx.db
      .select()
      .from(alertDeliveries)
      .where(eq(alertDeliveries.channelId, channelIds.police));
    await runJob(env.ctx, alertJobs.deliveries, new Date(hook!.nextAttemptAt!.getTime() - 1000));
    expect(webhook.sent).toHaveLength(0);
    await runJob(env.ctx, alertJobs.deliveries, new Date(hook!.nextAttemptAt!.getTime() + 1000));
    expect(webhook.sent).toHaveLength(1);
    const payload = webhook.sent[0]!.payload as DigestPayload;
    expect(payload).toMatchObject({
      event: 'incidents.digest',
      deliveryId: hook!.id,
      digest: { desk: 'police_office', date: '2026-12-06', weekly: true },
    });
    expect(payload.digest.text).toContain(flat.label);
    const [done] = await env.ctx.db.select().from(alertDeliveries).where(eq(alertDeliveries.id, hook!.id));
    expect(done).toMatchObject({ status: 'delivered', attempts: 2 });

    // Shown where deliveries are already listed (the alert settings page).
    const listed = (await police.get(`/api/v1/alerts/deliveries?siteId=${siteId}`)).json().items;
    expect(listed.filter((d: { action: string }) => d.action === 'digest')).toHaveLength(2);
    expect(listed.find((d: { channelId: string }) => d.channelId === channelIds.police)).toMatchObject({
      alertId: null,
      status: 'delivered',
    });
  });

  it('Tuesday has no weekly part; two runs at once (two processes) queue one set', async () => {
    const now = at(TUESDAY, '08:05');
    // On PostgreSQL two pool connections race for the day's row; PGlite has one connection.
    const runs =
      backend === 'postgres'
        ? await Promise.all([pushDigests(env.ctx, now), pushDigests(env.ctx, now)])
        : [await pushDigests(env.ctx, now), await pushDigests(env.ctx, now)];
    expect(runs.map((r) => r.deliveries).sort()).toEqual([0, 2]);
    const rows = await digests('2026-12-07');
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => !r.p.digest.weekly)).toBe(true);
    const text = await textOf('2026-12-07', 'police');
    expect(text).toContain('昨日警情 1 起：盗窃 1 起。');
    expect(text).not.toContain('周分析');
  });

  it('a server down at 08:00 sends the day’s push when it comes back, never old days', async () => {
    // Nothing ran on Wednesday; Thursday's first run is at 15:00.
    const run = await runJob(env.ctx, incidentPushJob, at('2026-12-10', '15:00'));
    expect(run.result).toEqual({ sites: 1, deliveries: 2 });
    expect(await digests('2026-12-08')).toHaveLength(0);
    expect(await digests('2026-12-09')).toHaveLength(2);
    expect((await textOf('2026-12-09', 'property')).split('\n')[1]).toBe('昨日无警情。');
  });

  it('police switch the push off or move its hour through the alert rule settings', async () => {
    const put = (body: object) =>
      police.request({
        method: 'PUT',
        url: '/api/v1/alerts/rules/incident_digest',
        payload: { siteId, ...body },
      });
    const later = await put({
      enabled: true,
      desk: 'police_office',
      level: 'info',
      params: { digestHour: 9 },
    });
    expect(later.statusCode, later.body).toBe(200);
    const bad = await put({
      enabled: true,
      desk: 'police_office',
      level: 'info',
      params: { digestHour: 24 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('body.params.digestHour');
    clearRuleCache();
    expect((await runJob(env.ctx, incidentPushJob, at('2026-12-11', '08:30'))).result).toEqual({
      sites: 0,
      deliveries: 0,
    });
    expect((await runJob(env.ctx, incidentPushJob, at('2026-12-11', '09:01'))).result).toEqual({
      sites: 1,
      deliveries: 2,
    });
    const off = await put({
      enabled: false,
      desk: 'police_office',
      level: 'info',
      params: { digestHour: 9 },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect((await runJob(env.ctx, incidentPushJob, at('2026-12-12', '10:00'))).result).toEqual({
      sites: 0,
      deliveries: 0,
    });
    const reset = await police.request({
      method: 'DELETE',
      url: `/api/v1/alerts/rules/incident_digest?siteId=${siteId}`,
    });
    expect(reset.statusCode, reset.body).toBe(200);
  });

  it('in demo mode the SMS and WeChat adapters write the digest to the log (delivered)', async () => {
    for (const previous of restore) replaceChannel(env.ctx.config, previous);
    restore = [];
    const run = await runJob(env.ctx, incidentPushJob, at('2026-12-14', '08:00'));
    expect(run.result).toEqual({ sites: 1, deliveries: 2 });
    const [property] = (await digests('2026-12-13')).filter((d) => d.channelId === channelIds.property);
    const [row] = await env.ctx.db.select().from(alertDeliveries).where(eq(alertDeliveries.id, property!.id));
    expect(row).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('renders the same digest in English', async () => {
    const content = await digestContent(env.ctx.db, siteId, at(MONDAY, '08:05'));
    const text = digestText('en', content, 'property_desk');
    expect(text).toContain('(Sun)');
    expect(text).toContain(
      'Yesterday: 7 incidents — 2 × fraud, 1 × fire risk, 3 × dispute, 1 × help request.',
    );
    expect(text).toContain(`19:30 Telecom fraud (${flat.building})`);
    expect(text).toContain('[Weekly analysis] Last 4 weeks');
    expect(text).not.toContain(flat.label);
  });
});
