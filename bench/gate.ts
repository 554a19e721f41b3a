/**
 * bench:gate — the HTTP gate endpoint under concurrent load, driven as passages.
 *   npm run bench:gate -- [--gates 4] [--fps 2] [--seconds 60] [--max-frames 10] [--data <dir>] [--workers N]
 * Starts the real app (PGlite, small demo registry) on a loopback port, enrols residents through
 * the API with real photos (../shared/faces/dev, read at run time), pairs N gate terminals, then
 * each gate, for `seconds`, serves one person after another: it sends that person's 640×480 JPEG
 * frames to POST /api/v1/access/terminal/face at `fps` (one request at a time, as the tablet does:
 * the next frame leaves 1/fps after the previous one, or when its answer arrives if later),
 * passing back the passage id, until the server decides (or `max-frames`: undecided). A person is
 * another photo of an enrolled resident or a stranger; their frames are that photo with mild
 * brightness changes (more alike than real consecutive frames). Prints one JSON object (last
 * line): passages decided per minute, frames per passage, time to decision (first frame sent to
 * the deciding answer) p50/p95, events written vs passages decided, per-frame latency p50/p95/p99
 * (client-side, full HTTP round trip) and the server's own per-frame time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { count, sql } from 'drizzle-orm';
import type { FaceGateResult } from '@anju/contracts';
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
  const maxFrames = Number(argValue('max-frames') ?? 10);
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

    // People at the gates: other photos of the enrolled residents, plus some strangers; each
    // person's frames are the photo and two brightness variants of it.
    // One stranger for every three residents, interleaved, so every run meets both.
    const genuine = ds.images.filter((img) => img.role === 'probe' && identities.includes(img.identity));
    const strangers = ds.images.filter((img) => img.role === 'impostor');
    const people = Array.from({ length: 60 }, (_, i) =>
      i % 4 === 3
        ? strangers[Math.floor(i / 4) % strangers.length]!
        : genuine[(i - Math.floor(i / 4)) % genuine.length]!,
    );
    const persons = await Promise.all(
      people.map(async (img) => {
        const base = await frame(img.file);
        const variant = (brightness: number) =>
          sharp(base).modulate({ brightness }).jpeg({ quality: 85 }).toBuffer();
        return {
          genuine: img.role === 'probe',
          frames: [base, await variant(1.06), await variant(0.94)],
        };
      }),
    );

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

    // Warm-up: one frame per gate (models and gallery are loaded on first use); its passage is left.
    await Promise.all(tokens.map((t, g) => send(base, t, persons[g % persons.length]!.frames[0]!)));
    const [afterWarmup] = await env.ctx.db.select({ n: count() }).from(accessEvents);

    const latencies: number[] = [];
    const serverMs: number[] = [];
    const decisionMs: number[] = [];
    const framesPerPassage: number[] = [];
    const outcomes: Record<string, number> = {};
    let sent = 0;
    let errors = 0;
    let decided = 0;
    let undecided = 0;
    let genuinePassages = 0;
    let genuineOpened = 0;
    let strangerPassages = 0;
    let strangersOpened = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const interval = 1000 / fps;
    await Promise.all(
      tokens.map(async (token, g) => {
        let k = g * 7;
        await new Promise((r) => setTimeout(r, (g * interval) / gatesN));
        while (performance.now() < deadline) {
          const person = persons[k++ % persons.length]!;
          const first = performance.now();
          let passage: string | undefined;
          let frames = 0;
          let verdict: string | null = null;
          while (frames < maxFrames && performance.now() < deadline) {
            const nextAt = performance.now() + interval;
            const image = person.frames[frames % person.frames.length]!;
            frames++;
            sent++;
            try {
              const r = await send(base, token, image, passage);
              latencies.push(r.ms);
              if (r.status !== 200) {
                errors++;
                break;
              }
              serverMs.push(r.elapsedMs);
              if (!r.pending) {
                verdict = r.decision === 'grant' ? 'grant' : r.reason;
                break;
              }
              passage = r.passageId;
            } catch {
              errors++;
              break;
            }
            const wait = nextAt - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          }
          if (verdict === null) {
            if (frames >= maxFrames) undecided++;
            continue;
          }
          decided++;
          decisionMs.push(performance.now() - first);
          framesPerPassage.push(frames);
          outcomes[verdict] = (outcomes[verdict] ?? 0) + 1;
          if (person.genuine) {
            genuinePassages++;
            if (verdict === 'grant') genuineOpened++;
          } else {
            strangerPassages++;
            if (verdict === 'grant') strangersOpened++;
          }
          // The next person steps up after the door (or the refusal) is done with: not timed here.
        }
      }),
    );
    const elapsedMin = (performance.now() - started) / 60_000;
    const [after] = await env.ctx.db.select({ n: count() }).from(accessEvents);
    const written = (after?.n ?? 0) - (afterWarmup?.n ?? 0);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    const result = {
      gates: gatesN,
      fps_per_gate: fps,
      seconds,
      frame: '640x480 jpeg',
      decided_per: 'passage (k of n frames, modules/face/passage.ts PASSAGE_DEFAULTS)',
      enrolled: identities.length,
      enrol_ms_total: Math.round(enrolMs),
      requests: sent,
      errors,
      passages_decided: decided,
      passages_undecided: undecided,
      passages_per_minute: round(decided / elapsedMin),
      frames_per_passage_mean: round(mean(framesPerPassage)),
      frames_per_passage_p95: percentile(framesPerPassage, 0.95),
      decision_p50_ms: round(percentile(decisionMs, 0.5)),
      decision_p95_ms: round(percentile(decisionMs, 0.95)),
      genuine_opened: `${genuineOpened} of ${genuinePassages}`,
      strangers_opened: `${strangersOpened} of ${strangerPassages}`,
      events_written: written,
      events_lost: decided - written,
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

async function send(base: string, token: string, image: Buffer, passage?: string) {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/access/terminal/face${passage ? `?passage=${passage}` : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
    body: image,
  });
  const body = (await res.json()) as FaceGateResult;
  return {
    status: res.status,
    ms: performance.now() - started,
    pending: body.pending,
    passageId: body.passageId,
    decision: body.pending ? null : body.decision,
    reason: body.pending ? null : body.reason,
    elapsedMs: body.elapsedMs,
  };
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
