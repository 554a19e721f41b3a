/**
 * bench:alerts — from the gate's decision to the alert on an open duty console.
 *   npm run bench:alerts -- [--passages 100] [--faces 5] [--postgres] [--two-instances]
 * Starts the real app on a loopback port (PGlite in memory; with --postgres a fresh database on
 * TEST_DATABASE_URL), pairs a gate terminal, gives the resident a card and a face template
 * (../shared/faces/dev, read at run time), puts a watch rule on them and opens the police
 * console's live stream (SSE over HTTP, cookie session). Then, one at a time, the terminal sends
 * card passages (and a few face passages) over HTTP; for each, the time until the matching
 * 'raised' event arrives on the stream is measured:
 *   request_to_alert_ms  from the terminal sending the request (includes the gate decision)
 *   response_to_alert_ms from the terminal receiving its decision (negative: the alert was first)
 * With --two-instances (needs --postgres) the console is connected to a second app instance with
 * its own event bus on the same database: the alert crosses PostgreSQL LISTEN/NOTIFY.
 * Prints one JSON object as the last line.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AlertStreamEvent } from '@anju/contracts';
import { buildApp } from '../packages/server/src/app.ts';
import { openDatabase, type Database } from '../packages/server/src/db/client.ts';
import { connectSse } from '../packages/server/src/modules/alerts/sse-client.ts';
import type { AppContext } from '../packages/server/src/platform/context.ts';
import { createEventBus, type EventBus } from '../packages/server/src/platform/events.ts';
import { users } from '../packages/server/src/platform/org/schema.ts';
import { createTestEnv, signIn } from '../packages/server/test/harness.ts';
import { argValue, DEFAULT_DATA_DIR, percentile } from './face-lib.ts';

const flag = (name: string) => process.argv.includes(`--${name}`);
const round = (x: number) => Math.round(x * 10) / 10;
const stats = (xs: number[]) =>
  xs.length
    ? {
        n: xs.length,
        p50: round(percentile(xs, 0.5)),
        p95: round(percentile(xs, 0.95)),
        max: round(Math.max(...xs)),
      }
    : { n: 0, p50: null, p95: null, max: null };

async function main() {
  const passages = Number(argValue('passages') ?? 100);
  const faces = Number(argValue('faces') ?? 5);
  const postgres = flag('postgres');
  const twoInstances = flag('two-instances');
  if (postgres && !process.env.TEST_DATABASE_URL)
    throw new Error('--postgres needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  if (twoInstances && !postgres) throw new Error('--two-instances needs --postgres');
  const dataDir = path.resolve(argValue('data') ?? DEFAULT_DATA_DIR);

  const env = await createTestEnv(postgres ? 'postgres' : 'pglite');
  let second: { app: FastifyInstance; database: Database; events: EventBus } | null = null;
  try {
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
    let consoleBase = base;
    if (twoInstances) {
      const url = env.ctx.config.databaseUrl!;
      const database = await openDatabase({ url });
      const events = await createEventBus(url);
      const ctxB: AppContext = { ...env.ctx, database, db: database.db, events };
      const app = await buildApp(ctxB, { logger: false });
      app.serving = true;
      await app.listen({ port: 0, host: '127.0.0.1' });
      second = { app, database, events };
      consoleBase = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    }

    const police = await signIn(env.app, 'police');
    const property = await signIn(env.app, 'property');
    const siteId = police.me.sites[0]!.id;
    const gateId = (
      await property.post('/api/v1/access/gates', { siteId, name: '东门', direction: 'in' })
    ).json().id;
    const code = (await property.post(`/api/v1/access/gates/${gateId}/pairing-code`)).json().code;
    const token = (
      await env.app.inject({ method: 'POST', url: '/api/v1/access/terminal/pair', payload: { code } })
    ).json().token as string;
    const [residentUser] = await env.ctx.db.select().from(users).where(eq(users.username, 'resident'));
    const personId = residentUser!.personId!;
    await property.post(`/api/v1/access/persons/${personId}/cards`, { cardNumber: 'BE0C0001' });
    let faceReady = false;
    if (faces > 0) {
      await property.post(`/api/v1/access/persons/${personId}/consents`, {
        purpose: 'face_recognition',
        textVersion: 'bench',
        channel: 'in_person',
      });
      const enrolled = await property.request({
        method: 'POST',
        url: `/api/v1/access/persons/${personId}/faces`,
        payload: readFileSync(path.join(dataDir, 'Abdullah_Gul', '1.jpg')),
        headers: { 'content-type': 'image/jpeg' },
      });
      faceReady = enrolled.statusCode === 201;
    }
    const rule = await police.post('/api/v1/alerts/watch-rules', {
      siteId,
      personId,
      purpose: '基准测试',
      legalBasis: '基准测试（bench:alerts）',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      desk: 'police_office',
    });
    if (rule.statusCode !== 201) throw new Error(`watch rule: ${rule.body}`);

    const stream = await connectSse(`${consoleBase}/api/v1/alerts/stream`, { cookie: police.cookie });
    if (stream.status !== 200) throw new Error(`stream: HTTP ${stream.status}`);
    const arrivals = new Map<number, number>();
    const seqs: number[] = [];
    stream.onEvent((e) => {
      const data = JSON.parse(e.data) as AlertStreamEvent;
      seqs.push(data.seq);
      if (data.action === 'raised' && data.alert?.accessEventId)
        arrivals.set(data.alert.accessEventId, e.receivedAt);
    });

    const probe = readFileSync(path.join(dataDir, 'Abdullah_Gul', '2.jpg'));
    const pass = async (kind: 'card' | 'face') => {
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/access/terminal/${kind === 'card' ? 'credential' : 'face'}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': kind === 'card' ? 'application/json' : 'image/jpeg',
        },
        body: kind === 'card' ? JSON.stringify({ method: 'card', value: 'BE0C0001' }) : probe,
      });
      const answered = performance.now();
      const result = (await res.json()) as { eventId: number; decision: string; elapsedMs: number };
      const deadline = performance.now() + 5000;
      while (!arrivals.has(result.eventId) && performance.now() < deadline)
        await new Promise((r) => setTimeout(r, 1));
      const at = arrivals.get(result.eventId);
      return at === undefined
        ? { missing: true as const, decision: result.decision }
        : {
            missing: false as const,
            decision: result.decision,
            request: at - started,
            response: at - answered,
            server: result.elapsedMs,
          };
    };

    // Warm-up (JIT, connection pools, the face models).
    for (let i = 0; i < 5; i++) await pass('card');
    if (faceReady) await pass('face');

    const card = { request: [] as number[], response: [] as number[], decision: [] as number[], missing: 0 };
    const wall = performance.now();
    for (let i = 0; i < passages; i++) {
      const r = await pass('card');
      if (r.missing) card.missing++;
      else {
        card.request.push(r.request);
        card.response.push(r.response);
        card.decision.push(r.server);
      }
    }
    const cardWallMs = performance.now() - wall;
    const face = {
      request: [] as number[],
      response: [] as number[],
      decision: [] as number[],
      missing: 0,
      granted: 0,
    };
    for (let i = 0; faceReady && i < faces; i++) {
      const r = await pass('face');
      if (r.decision === 'grant') face.granted++;
      if (r.missing) {
        if (r.decision === 'grant') face.missing++;
      } else {
        face.request.push(r.request);
        face.response.push(r.response);
        face.decision.push(r.server);
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    stream.close();

    const p95 = percentile(card.request, 0.95);
    console.log(
      JSON.stringify({
        bench: 'alerts',
        backend: postgres ? 'postgres' : 'pglite',
        console: twoInstances ? 'second instance (LISTEN/NOTIFY)' : 'same instance',
        card: {
          passages,
          missing: card.missing,
          request_to_alert_ms: stats(card.request),
          response_to_alert_ms: stats(card.response),
          gate_decision_ms: stats(card.decision),
          passages_per_s: round((passages / cardWallMs) * 1000),
        },
        face: {
          passages: faceReady ? faces : 0,
          granted: face.granted,
          missing: face.missing,
          request_to_alert_ms: stats(face.request),
          gate_decision_ms: stats(face.decision),
        },
        duplicates: seqs.length - new Set(seqs).size,
        target_p95_ms: 1000,
        ok: card.missing === 0 && face.missing === 0 && p95 <= 1000,
      }),
    );
  } finally {
    if (second) {
      await second.app.close();
      await second.events.close();
      await second.database.close();
    }
    await env.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
