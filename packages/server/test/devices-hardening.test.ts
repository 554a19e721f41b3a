/**
 * Issue 10 §4 (devices and credentials) and part of §7 (load): pairing codes throttled per
 * address and per gate in the database, replaced by a newer code, failures audited; card numbers
 * of a real card's length and throttled per gate like PINs; no similarity score for a denied face;
 * one outbound address check for lock controllers and webhooks, calls pinned to the checked
 * address, test buttons that are not port scanners; .xlsx zip bombs refused before exceljs reads
 * them; live alert streams capped per user.
 */
import dns from 'node:dns';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { and, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { IMPORT_MAX_ROWS, renderKey } from '@anju/contracts';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { credentialHash } from '../src/modules/access/credentials.ts';
import { PAIR_GATE_THRESHOLD, PAIR_IP_THRESHOLD } from '../src/modules/access/gates.ts';
import { CARD_FAILURES_PER_WINDOW, completePassage, GUESS_WINDOW_MS } from '../src/modules/access/passage.ts';
import { gateRelayOf, RELAY_TEST_FAILED, RelayBridge } from '../src/modules/access/relay.ts';
import { accessEvents, credentials, gateRelayAttempts, gates } from '../src/modules/access/schema.ts';
import {
  type NotificationChannel,
  replaceChannel,
  WEBHOOK_TEST_FAILED,
  WebhookChannel,
} from '../src/modules/alerts/channels.ts';
import { connectSse, type SseConnection } from '../src/modules/alerts/sse-client.ts';
import { MAX_STREAMS_PER_USER } from '../src/modules/alerts/stream.ts';
import { importJobs as registryImportJobs } from '../src/platform/spreadsheet/schema.ts';
import { XLSX_MAX_UNCOMPRESSED_BYTES } from '../src/platform/spreadsheet/read.ts';
import { auditLog } from '../src/platform/audit/schema.ts';
import { loginFailures } from '../src/platform/auth/schema.ts';
import type { AppContext } from '../src/platform/context.ts';
import { createEventBus, type EventBus } from '../src/platform/events.ts';
import { users } from '../src/platform/org/schema.ts';
import { xlsxProblem } from '../src/platform/xlsx-limits.ts';
import {
  createTestEnv,
  describeBackends,
  pairedGate,
  settled,
  signIn,
  type Client,
  type TestEnv,
} from './harness.ts';
import { closedPort, RelayBox } from './relay-box.ts';

// ---------------------------------------------------------------------------------------------
// A minimal zip writer, so the tests can build honest and lying archives (no binary committed).

interface ZipPart {
  name: string;
  /** the bytes as stored (deflated for method 8) */
  data: Buffer;
  method: 0 | 8;
  crc: number;
  size: number;
  /** what the central directory claims, when it lies */
  declaredSize?: number;
}

const part = (name: string, text: string | Buffer): ZipPart => {
  const raw = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  return { name, data: zlib.deflateRawSync(raw), method: 8, crc: zlib.crc32(raw), size: raw.length };
};

/** `times` copies of `chunk`, deflated as a stream (never all in memory). */
async function repeated(name: string, chunk: Buffer, times: number): Promise<ZipPart> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  let crc = 0;
  for (let i = 0; i < times; i++) {
    crc = zlib.crc32(chunk, crc);
    if (!deflate.write(chunk)) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  return { name, data: Buffer.concat(out), method: 8, crc, size: chunk.length * times };
}

function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const size = p.declaredSize ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(p.method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(p.method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.data);
    centrals.push(central, name);
    offset += local.length + name.length + p.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';
const rowsXml = (n: number, prefix = '') =>
  Array.from(
    { length: n },
    (_, i) =>
      `<${prefix}row r="${i + 1}"><${prefix}c r="A${i + 1}"><${prefix}v>${i}</${prefix}v></${prefix}c></${prefix}row>`,
  ).join('');

describeBackends('devices, credentials and load limits (issue 10 §4, §7)', (backend) => {
  let env: TestEnv;
  let police: Client;
  let property: Client;
  let siteId: string;
  let residentId: string;
  let box: RelayBox;
  let boxUrl: string;
  let boxPort: string;
  let base: string;
  const streams: SseConnection[] = [];

  const pair = (code: string, ip: string) =>
    env.app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/pair',
      payload: { code, name: '测试平板' },
      remoteAddress: ip,
    });
  /** A 6-digit code that is none of the live ones. */
  const wrongCode = (live: string[], n: number) => {
    let candidate = n;
    while (live.includes(String(candidate % 1_000_000).padStart(6, '0'))) candidate++;
    return String(candidate % 1_000_000).padStart(6, '0');
  };
  const newGate = async (name: string) => {
    const res = await property.post('/api/v1/access/gates', { siteId, name, direction: 'in' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const newCode = async (gateId: string) => {
    const res = await property.post(`/api/v1/access/gates/${gateId}/pairing-code`);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().code as string;
  };
  const failedPairings = (ip: string) =>
    env.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'device.pair_failed'), eq(auditLog.ip, ip)));
  const pass = (token: string, value: string) =>
    env.app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/credential',
      payload: { method: 'card', value },
      headers: { authorization: `Bearer ${token}` },
    });
  /** Answers lookups of each name in `answers` with its addresses in turn (the last repeats). */
  const fakeDns = (answers: Record<string, string[]>) => {
    const original = dns.promises.lookup.bind(dns.promises);
    const calls = new Map<string, number>();
    return vi.spyOn(dns.promises, 'lookup').mockImplementation((async (host: string, options: unknown) => {
      const list = answers[host];
      if (!list) return original(host, options as dns.LookupAllOptions);
      const n = calls.get(host) ?? 0;
      calls.set(host, n + 1);
      return [{ address: list[Math.min(n, list.length - 1)]!, family: 4 }];
    }) as unknown as typeof dns.promises.lookup);
  };
  const lookupsOf = (spy: ReturnType<typeof fakeDns>, host: string) =>
    spy.mock.calls.filter((c) => c[0] === host).length;
  const upload = (bytes: Buffer, name = 'roster.xlsx') => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    return property.request({
      method: 'POST',
      url: '/api/v1/registry/imports',
      payload: form as unknown as string,
    });
  };
  const importJobs = async () => (await env.ctx.db.select({ n: count() }).from(registryImportJobs))[0]!.n;

  beforeAll(async () => {
    env = await createTestEnv(backend);
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
    [police, property] = await Promise.all([signIn(env.app, 'police'), signIn(env.app, 'property')]);
    siteId = property.me.sites[0]!.id;
    const [residentUser] = await env.ctx.db.select().from(users).where(eq(users.username, 'resident'));
    residentId = residentUser!.personId!;
  });
  // A box of its own per test (lock controller and webhook receiver); a test ends only when the
  // calls it caused are done, so a late one cannot reach the next test's box.
  beforeEach(async () => {
    box = new RelayBox();
    boxUrl = await box.start();
    boxPort = new URL(boxUrl).port;
  });
  afterEach(async () => {
    await settled(env);
    await box.stop();
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await env?.close();
  });

  // ---------------------------------------------------------------- pairing

  it('a new pairing code replaces the gate’s older one', async () => {
    const gateId = await newGate('配对-换码');
    const first = await newCode(gateId);
    const second = await newCode(gateId);
    const old = await pair(first, '198.51.100.1');
    expect(old.statusCode).toBe(400);
    expect(old.json().error.code).toBe('invalid_pairing_code');
    expect((await pair(second, '198.51.100.1')).statusCode).toBe(201);
  });

  it('throttles wrong codes per address in the database (the right code too), and audits each refusal', async () => {
    const gateId = await newGate('配对-地址');
    const code = await newCode(gateId);
    const attacker = '203.0.113.7';
    for (let i = 0; i < PAIR_IP_THRESHOLD; i++) {
      const res = await pair(wrongCode([code], 100 + i), attacker);
      expect(res.statusCode).toBe(400);
    }
    const locked = await pair(code, attacker);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('pairing_throttled');
    // The count lives in the database: another process on it refuses the address as well.
    let database: Database | undefined;
    let events: EventBus | undefined;
    let other: FastifyInstance | undefined;
    try {
      const url = env.ctx.config.databaseUrl;
      if (url) {
        database = await openDatabase({ url });
        events = await createEventBus(url);
      }
      const ctx: AppContext = database
        ? { ...env.ctx, database, db: database.db, events: events! }
        : { ...env.ctx };
      other = await buildApp(ctx, { logger: false });
      other.serving = true;
      await other.ready();
      const elsewhere = await other.inject({
        method: 'POST',
        url: '/api/v1/access/terminal/pair',
        payload: { code },
        remoteAddress: attacker,
      });
      expect(elsewhere.statusCode).toBe(429);
    } finally {
      await other?.close();
      await events?.close();
      await database?.close();
    }
    const [row] = await env.ctx.db
      .select()
      .from(loginFailures)
      .where(eq(loginFailures.key, `pair-ip:${attacker}`));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    // Another address still pairs with the right code.
    expect((await pair(code, '198.51.100.2')).statusCode).toBe(201);

    const audits = await failedPairings(attacker);
    expect(audits).toHaveLength(PAIR_IP_THRESHOLD + 2);
    expect(audits.filter((a) => a.purpose === 'invalid_pairing_code')).toHaveLength(PAIR_IP_THRESHOLD);
    expect(audits.filter((a) => a.purpose === 'pairing_throttled')).toHaveLength(2);
    // Never the code that was tried.
    expect(JSON.stringify(audits)).not.toContain(code);
  });

  it('caps wrong codes against a live code per gate, whatever the addresses: that code dies, a new one works', async () => {
    const gateId = await newGate('配对-门');
    const code = await newCode(gateId);
    for (let i = 0; i < PAIR_GATE_THRESHOLD; i++) {
      const res = await pair(wrongCode([code], 500 + i), `192.0.2.${i + 1}`);
      expect(res.statusCode).toBe(400);
    }
    const dead = await pair(code, '198.51.100.3');
    expect(dead.statusCode).toBe(429);
    expect(dead.json().error.code).toBe('pairing_code_locked');
    const [audit] = await failedPairings('198.51.100.3');
    expect(audit).toMatchObject({
      subjectType: 'gate',
      subjectId: gateId,
      siteId,
      purpose: 'pairing_code_locked',
    });
    // Staff make a new code: it starts its own count.
    expect((await pair(await newCode(gateId), '198.51.100.3')).statusCode).toBe(201);
  });

  // ---------------------------------------------------------------- cards

  it('refuses card numbers shorter than a real card’s UID when issuing, naming the field', async () => {
    const before = (await env.ctx.db.select({ n: count() }).from(credentials))[0]!.n;
    for (const cardNumber of ['A1B2', 'A1B2C3D', '1234567']) {
      const res = await property.post(`/api/v1/access/persons/${residentId}/cards`, { cardNumber });
      expect(res.statusCode, cardNumber).toBe(400);
      expect(res.json().error.details).toEqual([
        { field: 'body.cardNumber', message: '卡号为 8–20 位数字或十六进制字符（卡片 UID 至少 4 字节）' },
      ]);
    }
    expect((await env.ctx.db.select({ n: count() }).from(credentials))[0]!.n).toBe(before);
    // 4-, 7- and 10-byte UIDs in hex, and a 4-byte UID in its 10-digit decimal form.
    for (const cardNumber of ['0A1B2C3D', '04A1B2C3D4E5F6', '04A1B2C3D4E5F6A7B8C9', '0012345678']) {
      const res = await property.post(`/api/v1/access/persons/${residentId}/cards`, { cardNumber });
      expect(res.statusCode, `${cardNumber}: ${res.body}`).toBe(201);
    }
  });

  it('denies a short card number at the gate without looking it up (a card issued before the rule)', async () => {
    const { token } = await pairedGate(env.app, property, { siteId, name: '短卡门', direction: 'in' });
    await env.ctx.db.insert(credentials).values({
      siteId,
      personId: residentId,
      kind: 'card',
      secretHash: credentialHash(env.ctx.keyring, siteId, 'card', 'BEEF'),
      hint: '****BEEF',
    });
    const res = await pass(token, 'BEEF');
    expect(res.json()).toMatchObject({ decision: 'deny', reason: 'unknown_card' });
    const [event] = await env.ctx.db
      .select()
      .from(accessEvents)
      .where(eq(accessEvents.id, res.json().eventId));
    expect(event).toMatchObject({ personId: null, credentialId: null, reason: 'unknown_card' });
  });

  it('throttles unknown cards per gate like PINs: every tablet of the gate, valid cards too, for the window', async () => {
    expect(
      (await property.post(`/api/v1/access/persons/${residentId}/cards`, { cardNumber: 'C0FFEE01' }))
        .statusCode,
    ).toBe(201);
    const east = await pairedGate(env.app, property, { siteId, name: '限卡门', direction: 'in' });
    const eastTwo = await newCode(east.gateId).then(
      async (code) => (await pair(code, '198.51.100.9')).json().token as string,
    );
    const west = await pairedGate(env.app, property, { siteId, name: '邻门', direction: 'in' });
    expect((await pass(east.token, 'C0FFEE01')).json().decision).toBe('grant');
    for (let i = 0; i < CARD_FAILURES_PER_WINDOW; i++) {
      const guess = (0xdead0000 + i).toString(16);
      expect((await pass(east.token, guess)).json()).toMatchObject({
        decision: 'deny',
        reason: 'unknown_card',
      });
    }
    expect((await pass(east.token, 'C0FFEE01')).json()).toMatchObject({
      decision: 'deny',
      reason: 'unknown_card',
    });
    expect((await pass(eastTwo, 'C0FFEE01')).json()).toMatchObject({
      decision: 'deny',
      reason: 'unknown_card',
    });
    // Another gate is not affected; after the window the gate takes cards again.
    expect((await pass(west.token, 'C0FFEE01')).json().decision).toBe('grant');
    env.setNow(new Date(Date.now() + GUESS_WINDOW_MS + 60_000));
    try {
      expect((await pass(east.token, 'C0FFEE01')).json().decision).toBe('grant');
    } finally {
      env.setNow(undefined);
    }
  });

  // ---------------------------------------------------------------- faces

  it('gives a denied face no similarity or liveness score; the access log keeps them for staff', async () => {
    const gateId = await newGate('人脸门');
    const [gate] = await env.ctx.db.select().from(gates).where(eq(gates.id, gateId));
    const passage = (claim: Parameters<typeof completePassage>[1]['claim']) =>
      completePassage(env.ctx, {
        gate: gate!,
        deviceId: null,
        method: 'face',
        claim,
        at: new Date(),
        startedAt: performance.now(),
        lang: 'zh-CN',
      });
    const unknown = await passage({ kind: 'refused', reason: 'unknown_face', score: 0.71, liveness: 0.93 });
    expect(unknown).toMatchObject({ decision: 'deny', reason: 'unknown_face', score: null, liveness: null });
    // A matched face the rules refuse (no residency here) gets no score either.
    const stranger = await passage({
      kind: 'person',
      personId: '00000000-0000-4000-8000-000000000001',
      credentialId: null,
      score: 0.96,
      liveness: 0.9,
    });
    expect(stranger).toMatchObject({ decision: 'deny', score: null, liveness: null });
    const logged = await env.ctx.db.select().from(accessEvents).where(eq(accessEvents.id, unknown.eventId));
    expect(logged[0]!.score).toBeCloseTo(0.71);
    expect(logged[0]!.liveness).toBeCloseTo(0.93);
    const granted = await passage({
      kind: 'person',
      personId: residentId,
      credentialId: null,
      score: 0.97,
      liveness: 0.9,
    });
    expect(granted).toMatchObject({ decision: 'grant' });
    expect(granted.score).toBeCloseTo(0.97);
  });

  // ---------------------------------------------------------------- outbound calls

  it('checks webhook URLs with the same rules as lock controllers, naming the field', async () => {
    const gateId = await newGate('规则门');
    const webhook = (url: string) =>
      police.post('/api/v1/alerts/channels', {
        siteId,
        kind: 'webhook',
        name: '检查',
        url,
        secret: 'anju-webhook-secret-0001',
        enabled: false,
      });
    for (const url of [
      `${boxUrl}/hook`,
      'http://localhost:8080/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0/hook',
      'http://224.0.0.1/hook',
      'http://admin:hunter2@192.168.1.50/hook',
    ]) {
      const hook = await webhook(url);
      expect(hook.statusCode, url).toBe(400);
      const [detail] = hook.json().error.details;
      expect(detail.field, url).toBe('body.url');
      // One rule set: the lock controller settings refuse the same URL with the same words.
      const relay = await property.request({
        method: 'PUT',
        url: `/api/v1/access/gates/${gateId}/relay`,
        payload: { kind: 'http', url },
      });
      expect(relay.statusCode, url).toBe(400);
      expect(relay.json().error.details.find((d: { field: string }) => d.field === 'body.url').message).toBe(
        detail.message,
      );
    }
    const lan = await webhook('https://hooks.police.lan/anju');
    expect(lan.statusCode, lan.body).toBe(201);
    const patched = await police.patch(`/api/v1/alerts/channels/${lan.json().id}`, {
      url: 'http://169.254.169.254/',
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.details[0].field).toBe('body.url');
    expect((await police.get('/api/v1/alerts/channels')).json().items[0].url).toBe(
      'https://hooks.police.lan/anju',
    );
    await police.del(`/api/v1/alerts/channels/${lan.json().id}`);
  });

  it('refuses a name that resolves to loopback at call time; nothing is sent', async () => {
    const hook = await police.post('/api/v1/alerts/channels', {
      siteId,
      kind: 'webhook',
      name: '回环名',
      url: `http://hooks.anju.test:${boxPort}/hook`,
      secret: 'anju-webhook-secret-0001',
      enabled: false,
    });
    expect(hook.statusCode, hook.body).toBe(201);
    const previous = replaceChannel(env.ctx.config, new WebhookChannel(env.ctx.config, 200));
    const lookup = fakeDns({ 'hooks.anju.test': ['127.0.0.1'] });
    try {
      box.received = [];
      const res = await police.post(`/api/v1/alerts/channels/${hook.json().id}/test`);
      expect(res.json()).toEqual({ ok: false, statusCode: null, error: WEBHOOK_TEST_FAILED });
      expect(lookup).toHaveBeenCalledWith('hooks.anju.test', expect.objectContaining({ all: true }));
      expect(box.received).toHaveLength(0);
    } finally {
      lookup.mockRestore();
      replaceChannel(env.ctx.config, previous);
      await police.del(`/api/v1/alerts/channels/${hook.json().id}`);
    }
  });

  it('connects to the address it checked, keeping the name in the Host header (no second lookup to rebind)', async () => {
    env.ctx.config.relayAllowLoopback = true; // the box listens on 127.0.0.1
    const hook = await police.post('/api/v1/alerts/channels', {
      siteId,
      kind: 'webhook',
      name: '固定地址',
      url: `http://hooks.anju.test:${boxPort}/hook`,
      secret: 'anju-webhook-secret-0001',
      enabled: false,
    });
    const gateId = await newGate('固定地址门');
    const relay = await property.request({
      method: 'PUT',
      url: `/api/v1/access/gates/${gateId}/relay`,
      payload: { kind: 'http', url: `http://relay.anju.test:${boxPort}/open`, timeoutMs: 1000 },
    });
    expect(relay.statusCode, relay.body).toBe(200);
    // The first answer is checked; any later lookup would answer with the metadata address.
    const lookup = fakeDns({
      'hooks.anju.test': ['127.0.0.1', '169.254.169.254'],
      'relay.anju.test': ['127.0.0.1', '169.254.169.254'],
    });
    try {
      box.mode = 'ok';
      box.received = [];
      const sent = await police.post(`/api/v1/alerts/channels/${hook.json().id}/test`);
      expect(sent.json(), sent.body).toMatchObject({ ok: true, statusCode: 200 });
      expect(box.received).toHaveLength(1);
      expect(box.received[0]!.headers.host).toBe(`hooks.anju.test:${boxPort}`);
      expect(box.received[0]!.headers['x-anju-signature']).toMatch(/^sha256=/);
      expect(lookupsOf(lookup, 'hooks.anju.test')).toBe(1);

      const opened = await property.post(`/api/v1/access/gates/${gateId}/relay/test`);
      expect(opened.json(), opened.body).toMatchObject({ ok: true, outcome: 'ok', statusCode: 200 });
      expect(box.received).toHaveLength(2);
      expect(box.received[1]!.headers.host).toBe(`relay.anju.test:${boxPort}`);
      expect(lookupsOf(lookup, 'relay.anju.test')).toBe(1);
    } finally {
      lookup.mockRestore();
      env.ctx.config.relayAllowLoopback = false;
      await police.del(`/api/v1/alerts/channels/${hook.json().id}`);
    }
  });

  it('test buttons report success or one generic failure: a closed port, an HTTP error and a silent host look alike', async () => {
    env.ctx.config.relayAllowLoopback = true;
    const previous: NotificationChannel = replaceChannel(
      env.ctx.config,
      new WebhookChannel(env.ctx.config, 250),
    );
    const gateId = await newGate('测试按钮门');
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const hook = await police.post('/api/v1/alerts/channels', {
      siteId,
      kind: 'webhook',
      name: '测试按钮',
      url: `${closed}/hook`,
      secret: 'anju-webhook-secret-0001',
      enabled: false,
    });
    const hookId = hook.json().id as string;
    const setRelay = (url: string) =>
      property.request({
        method: 'PUT',
        url: `/api/v1/access/gates/${gateId}/relay`,
        payload: { kind: 'http', url, timeoutMs: 250 },
      });
    const relayTest = async () => {
      const body = (await property.post(`/api/v1/access/gates/${gateId}/relay/test`)).json();
      const { latencyMs, ...rest } = body;
      // Not answered before the gate's timeout, whatever the cause.
      expect(latencyMs).toBeGreaterThanOrEqual(250);
      return rest;
    };
    const hookTest = async () => (await police.post(`/api/v1/alerts/channels/${hookId}/test`)).json();
    try {
      const relayAnswers = [];
      const hookAnswers = [];
      // A port nobody listens on.
      expect((await setRelay(`${closed}/open`)).statusCode).toBe(200);
      relayAnswers.push(await relayTest());
      hookAnswers.push(await hookTest());
      // An HTTP 500, then a host that never answers.
      await police.patch(`/api/v1/alerts/channels/${hookId}`, { url: `${boxUrl}/hook` });
      expect((await setRelay(`${boxUrl}/open`)).statusCode).toBe(200);
      for (const mode of ['error', 'hang'] as const) {
        box.mode = mode;
        relayAnswers.push(await relayTest());
        hookAnswers.push(await hookTest());
      }
      box.mode = 'ok';
      for (const answer of relayAnswers)
        expect(answer).toEqual({
          ok: false,
          outcome: 'failed',
          statusCode: null,
          attempts: 1,
          error: renderKey(RELAY_TEST_FAILED, 'zh-CN'),
        });
      for (const answer of hookAnswers)
        expect(answer).toEqual({ ok: false, statusCode: null, error: WEBHOOK_TEST_FAILED });
      // The attempts log (access.read) shows the tests the same way.
      const log = (await property.get(`/api/v1/access/gates/${gateId}/relay/attempts`)).json().items;
      expect(log).toHaveLength(3);
      for (const attempt of log)
        expect(attempt).toMatchObject({
          outcome: 'failed',
          statusCode: null,
          error: renderKey(RELAY_TEST_FAILED, 'zh-CN'),
        });
      const rows = await env.ctx.db
        .select()
        .from(gateRelayAttempts)
        .where(eq(gateRelayAttempts.gateId, gateId));
      expect(JSON.stringify(rows)).not.toMatch(/ECONNREFUSED|HTTP 500|超时/);

      // The cause is in the server log, for the people running it.
      const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
      const bridge = new RelayBridge(env.ctx, {
        error: () => undefined,
        warn: (obj, msg) => warnings.push({ obj: obj as Record<string, unknown>, msg }),
      });
      await setRelay(`${closed}/open`);
      const config = await gateRelayOf(env.ctx.db, gateId);
      const result = await bridge.run({ id: gateId, siteId }, config!, {
        purpose: 'test',
        action: 'open',
        eventId: null,
        method: null,
        reason: null,
      });
      await bridge.close();
      // Recorded as the message's key, worded when read.
      expect(result).toMatchObject({ outcome: 'failed', error: RELAY_TEST_FAILED });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.obj).toMatchObject({ gateId, outcome: 'failed' });
      expect(String(warnings[0]!.obj.error)).toContain('ECONNREFUSED');
    } finally {
      box.mode = 'ok';
      replaceChannel(env.ctx.config, previous);
      env.ctx.config.relayAllowLoopback = false;
      await police.del(`/api/v1/alerts/channels/${hookId}`);
    }
  });

  // ---------------------------------------------------------------- spreadsheets

  it('refuses an .xlsx zip bomb before exceljs reads it, and changes nothing', async () => {
    const jobsBefore = await importJobs();
    // A sheet that inflates to 256 MB (about 250 KB as uploaded), declared honestly.
    const bomb = await repeated('xl/worksheets/sheet1.xml', Buffer.alloc(1024 * 1024, 0x20), 256);
    expect(bomb.data.length).toBeLessThan(1024 * 1024);
    const honest = await upload(zip([part('[Content_Types].xml', CONTENT_TYPES), bomb]));
    expect(honest.statusCode, honest.body).toBe(413);
    expect(honest.json().error).toMatchObject({
      code: 'spreadsheet_too_large',
      details: [{ field: 'body.file' }],
    });
    expect(honest.json().error.message).toContain(`${XLSX_MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB`);

    // The same data behind a central directory that claims 2 KB: caught after 2 KB of inflating.
    const lying = await upload(
      zip([part('[Content_Types].xml', CONTENT_TYPES), { ...bomb, declaredSize: 2048 }]),
    );
    expect(lying.statusCode, lying.body).toBe(413);
    expect(lying.json().error.code).toBe('spreadsheet_too_large');

    // 40 MB (under the total) squeezed a thousandfold: no spreadsheet compresses like that.
    const squeezed = await repeated('xl/sharedStrings.xml', Buffer.alloc(1024 * 1024, 0x20), 40);
    const ratio = await upload(zip([part('[Content_Types].xml', CONTENT_TYPES), squeezed]));
    expect(ratio.statusCode, ratio.body).toBe(413);
    expect(ratio.json().error.message).toContain('压缩比');
    expect(await importJobs()).toBe(jobsBefore);
  });

  it('refuses an .xlsx with more rows than an import takes before parsing it', async () => {
    const jobsBefore = await importJobs();
    // Unfinished XML: exceljs could not parse it; the row count refuses it first.
    const sheet = `<?xml version="1.0"?><worksheet><sheetData>${rowsXml(IMPORT_MAX_ROWS + 2)}`;
    const res = await upload(
      zip([part('[Content_Types].xml', CONTENT_TYPES), part('xl/worksheets/sheet1.xml', sheet)]),
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details).toEqual([
      { field: 'body.file', message: `一次最多导入 ${IMPORT_MAX_ROWS} 行，请拆分文件` },
    ]);
    expect(await importJobs()).toBe(jobsBefore);

    // A real workbook still goes through.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(['姓名', '身份证号', '房屋', '居住类型']);
    ws.addRow(['导入测试', '110101199003070000', '1-1-101', '业主']);
    const ok = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(ok.statusCode, ok.body).toBe(202);
  });

  it('counts rows exactly across inflate chunks, with or without a namespace prefix', async () => {
    const limits = { maxUncompressedBytes: 1e9, maxRatio: 1e9, maxRows: 1000 };
    const sheet = (rows: string) =>
      zip([part('xl/worksheets/sheet1.xml', `<worksheet><sheetData>${rows}</sheetData></worksheet>`)]);
    expect(await xlsxProblem(sheet(rowsXml(1000)), limits)).toBeNull();
    expect(await xlsxProblem(sheet(rowsXml(1001)), limits)).toMatchObject({ kind: 'rows' });
    expect(await xlsxProblem(sheet(rowsXml(1001, 'x:')), limits)).toMatchObject({ kind: 'rows' });
    // <rowBreaks> and similar are not rows.
    expect(await xlsxProblem(sheet(`${rowsXml(1000)}<rowBreaks/><rows/>`), limits)).toBeNull();
    // Stored (not deflated) entries are checked the same way; garbage is unreadable.
    const raw = Buffer.from(`<worksheet>${rowsXml(1001)}</worksheet>`);
    const stored: ZipPart = {
      name: 'xl/worksheets/s.xml',
      data: raw,
      method: 0,
      crc: zlib.crc32(raw),
      size: raw.length,
    };
    expect(await xlsxProblem(zip([stored]), limits)).toMatchObject({ kind: 'rows' });
    expect(await xlsxProblem(Buffer.from('PK\u0003\u0004 not really a zip'), limits)).toEqual({
      kind: 'unreadable',
    });
  });

  // ---------------------------------------------------------------- live streams

  it(`caps live alert streams at ${MAX_STREAMS_PER_USER} per user; the next gets 429 and closing one frees a slot`, async () => {
    const open = async (client: Client) => {
      const conn = await connectSse(`${base}/api/v1/alerts/stream`, { cookie: client.cookie });
      streams.push(conn);
      return conn;
    };
    const mine: SseConnection[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) {
      const conn = await open(police);
      expect(conn.status).toBe(200);
      mine.push(conn);
    }
    // Over HTTP, so that a stream wrongly opened would fail here rather than hang the test.
    const refused = await fetch(`${base}/api/v1/alerts/stream`, {
      headers: { cookie: police.cookie, accept: 'text/event-stream' },
    });
    try {
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: unknown }).error).toMatchObject({
        code: 'too_many_streams',
        message: `实时推送连接过多（每个账号最多 ${MAX_STREAMS_PER_USER} 个），请关闭其他预警页面后重试`,
      });
    } finally {
      await refused.body?.cancel().catch(() => undefined);
    }
    // Another user is not affected.
    expect((await open(property)).status).toBe(200);
    // Closing one frees its slot once the server has seen the connection go.
    mine[0]!.close();
    await vi.waitFor(
      async () => {
        const again = await open(police);
        if (again.status !== 200) {
          again.close();
          throw new Error(`slot not free yet (${again.status})`);
        }
      },
      { timeout: 5000, interval: 50 },
    );
  });
});
