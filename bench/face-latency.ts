/**
 * Single-thread latency of each face pipeline on one gate-like 640x480 frame (a dev photo placed in a
 * plain frame, face ~180 px) and on a 250x250 LFW photo: decode + detect + landmarks + embed (+ liveness).
 *   nice -n 10 npx tsx bench/face-latency.ts [--data <dir>] [--only tiny416,live] [--runs 25]
 * Prints min / p50 / p95 per pipeline: on a shared machine, min is the closest to the uncontended cost.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createEngine } from '../packages/server/src/modules/face/create-engine.ts';
import type { EngineSpec } from '../packages/server/src/modules/face/engine.ts';
import { argValue, DEFAULT_DATA_DIR, percentile } from './face-lib.ts';

const SPECS: Record<string, EngineSpec> = {
  tiny416: { kind: 'faceapi', detector: 'tiny', inputSize: 416, padding: 'both', alignment: 'dlib' },
  live: {
    kind: 'faceapi',
    detector: 'tiny',
    inputSize: 416,
    padding: 'both',
    alignment: 'dlib',
    liveness: true,
  },
  tiny320: { kind: 'faceapi', detector: 'tiny', inputSize: 320, padding: 'both', alignment: 'dlib' },
  ssd: { kind: 'faceapi', detector: 'ssd', padding: 'both', alignment: 'dlib' },
  hybrid: { kind: 'hybrid', liveness: true },
  human: { kind: 'human', liveness: true },
};

const dir = path.resolve(argValue('data') ?? DEFAULT_DATA_DIR);
const runs = Number(argValue('runs') ?? 25);
const person = await sharp(readFileSync(path.join(dir, 'deepface_10/1.jpg')))
  .resize(360, 480)
  .toBuffer();
const frame = await sharp({
  create: { width: 640, height: 480, channels: 3, background: { r: 70, g: 80, b: 90 } },
})
  .composite([{ input: person, left: 140, top: 0 }])
  .jpeg({ quality: 85 })
  .toBuffer();
const lfw = readFileSync(path.join(dir, 'Abdullah_Gul/2.jpg'));

for (const name of (argValue('only') ?? Object.keys(SPECS).join(',')).split(',')) {
  const t0 = performance.now();
  const engine = await createEngine(SPECS[name]!);
  const loadMs = performance.now() - t0;
  for (const [label, img] of [
    ['640x480', frame],
    ['lfw250', lfw],
  ] as const) {
    const times: number[] = [];
    let faces = 0;
    let width = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const a = await engine.analyze(img);
      times.push(performance.now() - t);
      faces = a.faces.length;
      width = a.faces[0]?.quality.faceWidthPx ?? 0;
    }
    console.log(
      JSON.stringify({
        pipeline: name,
        image: label,
        faces,
        faceWidthPx: Math.round(width),
        loadMs: Math.round(loadMs),
        min: Math.round(Math.min(...times)),
        p50: Math.round(percentile(times, 0.5)),
        p95: Math.round(percentile(times, 0.95)),
      }),
    );
  }
  await engine.close();
}
