/**
 * bench:gate — the HTTP gate endpoint under concurrent load.
 *   npm run bench:gate -- [--gates 4] [--fps 2] [--seconds 60] [--data <dir>] [--workers N]
 * Starts the real app (PGlite, small demo registry) on a loopback port, enrols residents through
 * the API with real photos (../shared/faces/dev, read at run time), pairs N gate terminals, then
 * each gate sends `fps` 640×480 JPEG frames per second to POST /api/v1/access/terminal/face over
 * HTTP for `seconds`. Prints one JSON object (last line): requests, errors, events written vs
 * requests sent, latency p50/p95/p99 (client-side, full HTTP round trip) and the server's own
 * per-decision time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { count, sql } from 'drizzle-orm';
import { queryRows } from '../packages/server/src/db/client.ts';
import { accessEvents } from '../packages/server/src/modules/access/schema.ts';
import { cameraFrame } from '../packages/server/test/face-photos.ts';
import { createTestEnv, signIn } from '../packages/server/test/harness.ts';
import { argValue, DEFAULT_DATA_DIR, loadDataset, percentile } from './face-lib.ts';

const round = (x: number) => Math.round(x * 10) / 10;

/** A door-camera-like frame (the photo at about 300 px on a 640×480 grey background) of a photo file. */
const frame = (file: string): Promise<Buffer> => cameraFrame(readFileSync(file));

async function main() {
  const gatesN = Number(argValue('gates') ?? 4);
  const fps = Number(argValue('fps') ?? 2);
  const seconds = Number(argValue('seconds') ?? 60);
  const ds = loadDataset(path.resolve(argValue('data') ?? DEFAULT_DATA_DIR));
  if (argValue('workers')) process.env.ANJU_FACE_WORKERS = argValue('workers');

  const env = await createTestEnv('pglite');
  try {
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const address = env.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    const base = `http://127.0.0.1:${address.port}`;
    const police = await signIn(env.app, 'police');
    const siteId = police.me.sites[0]!.id;

    // Residents of the small demo registry, each enrolled with one identity's first photo.
    const residents = await queryRows<{ person_id: string }>(
      env.ctx.db,
      sql`SELECT DISTINCT r.person_id FROM residencies r JOIN persons p ON p.id = r.person_id
          WHERE r.site_id = ${siteId} AND r.status = 'active' AND p.birth_date < now() - interval '18 years' LIMIT 20`,
    );
    const identities = ds.enrolled.slice(0, residents.length);
    const enrolStarted = performance.now();
    for (const [i, identity] of identities.entries()) {
      const personId = residents[i]!.person_id;
      await police.post(`/api/v1/access/persons/${personId}/consents`, {
        purpose: 'face_recognition',
        textVersion: 'bench',
        channel: 'in_person',
      });
      const res = await police.request({
        method: 'POST',
        url: `/api/v1/access/persons/${personId}/faces`,
        payload: readFileSync(path.join(ds.dir, identity, '1.jpg')),
        headers: { 'content-type': 'image/jpeg' },
      });
      if (res.statusCode !== 201) console.error(`enrol ${identity}: ${res.statusCode} ${res.body}`);
    }
    const enrolMs = performance.now() - enrolStarted;

    // Frames: other photos of the enrolled people, plus some strangers.
    const probeFiles = ds.images
      .filter((img) => (img.role === 'probe' && identities.includes(img.identity)) || img.role === 'impostor')
      .slice(0, 80)
      .map((img) => img.file);
    const frames = await Promise.all(probeFiles.map(frame));

    const tokens: string[] = [];
    for (let g = 0; g < gatesN; g++) {
      const gate = await police.post('/api/v1/access/gates', {
        siteId,
        name: `压测门 ${g + 1}`,
        direction: 'both',
      });
      const code = await police.post(`/api/v1/access/gates/${gate.json().id}/pairing-code`);
      const paired = await fetch(`${base}/api/v1/access/terminal/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: code.json().code, name: `bench-${g}` }),
      });
      tokens.push(((await paired.json()) as { token: string }).token);
    }
    const [before] = await env.ctx.db.select({ n: count() }).from(accessEvents);

    // Warm-up: one frame per gate (models and gallery are loaded on first use).
    await Promise.all(tokens.map((t, g) => send(base, t, frames[g % frames.length]!)));
    const [afterWarmup] = await env.ctx.db.select({ n: count() }).from(accessEvents);

    const latencies: number[] = [];
    const serverMs: number[] = [];
    const outcomes: Record<string, number> = {};
    let sent = 0;
    let errors = 0;
    const deadline = performance.now() + seconds * 1000;
    const interval = 1000 / fps;
    await Promise.all(
      tokens.map(async (token, g) => {
        let k = g * 7;
        let nextAt = performance.now() + (g * interval) / gatesN;
        const inflight: Promise<void>[] = [];
        while (nextAt < deadline) {
          const wait = nextAt - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          nextAt += interval;
          const image = frames[k++ % frames.length]!;
          sent++;
          // A gate keeps its frame rate even while a decision is in flight.
          inflight.push(
            send(base, token, image).then(
              (r) => {
                latencies.push(r.ms);
                if (r.status !== 200) errors++;
                else {
                  serverMs.push(r.elapsedMs);
                  outcomes[r.reason] = (outcomes[r.reason] ?? 0) + 1;
                }
              },
              () => {
                errors++;
              },
            ),
          );
        }
        await Promise.all(inflight);
      }),
    );
    const [after] = await env.ctx.db.select({ n: count() }).from(accessEvents);
    const written = (after?.n ?? 0) - (afterWarmup?.n ?? 0);
    const result = {
      gates: gatesN,
      fps_per_gate: fps,
      seconds,
      frame: '640x480 jpeg',
      enrolled: identities.length,
      enrol_ms_total: Math.round(enrolMs),
      requests: sent,
      errors,
      events_written: written,
      events_lost: sent - written,
      outcomes,
      p50_ms: round(percentile(latencies, 0.5)),
      p95_ms: round(percentile(latencies, 0.95)),
      p99_ms: round(percentile(latencies, 0.99)),
      max_ms: round(Math.max(...latencies)),
      server_p50_ms: round(percentile(serverMs, 0.5)),
      server_p95_ms: round(percentile(serverMs, 0.95)),
      events_before: before?.n ?? 0,
    };
    console.log(JSON.stringify(result));
  } finally {
    await env.close();
  }
}

async function send(base: string, token: string, image: Buffer) {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/access/terminal/face`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
    body: image,
  });
  const body = (await res.json()) as { reason: string; elapsedMs: number };
  return {
    status: res.status,
    ms: performance.now() - started,
    reason: body.reason,
    elapsedMs: body.elapsedMs,
  };
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
