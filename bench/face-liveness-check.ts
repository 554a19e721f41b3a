/**
 * Does liveness.ts (human's antispoof + liveness models on a crop placed from face-api's box) agree
 * with human's own pipeline (blazeface + mesh crop)? Also picks the crop scale/shift that agrees best.
 *   nice -n 10 npx tsx bench/face-liveness-check.ts [--data <dir>] [--every 2]
 */
import { readFileSync } from 'node:fs';
import { FaceApiEngine, intersectionOverUnion } from '../packages/server/src/modules/face/faceapi-engine.ts';
import { createHuman } from '../packages/server/src/modules/face/human-runtime.ts';
import { decodeImage } from '../packages/server/src/modules/face/image.ts';
import { LivenessModels } from '../packages/server/src/modules/face/liveness.ts';
import { argValue, DEFAULT_DATA_DIR, loadDataset, percentile } from './face-lib.ts';

const ds = loadDataset(argValue('data') ?? DEFAULT_DATA_DIR);
const every = Number(argValue('every') ?? 2);
const engine = await FaceApiEngine.create({
  kind: 'faceapi',
  detector: 'tiny',
  padding: 'both',
  alignment: 'dlib',
});
const human = await createHuman({ liveness: true, minScore: 0.3, describe: false, mesh: true });
const models = await LivenessModels.load();
const crops = [
  { scale: 0.9, shiftY: 0 },
  { scale: 1.0, shiftY: 0 },
  { scale: 1.1, shiftY: 0 },
  { scale: 1.2, shiftY: 0 },
  { scale: 1.1, shiftY: -0.05 },
  { scale: 1.1, shiftY: 0.05 },
];
const rows: Array<{ human: number; ours: number[]; msHuman: number; msOurs: number }> = [];
for (const ref of ds.images.filter((_, i) => i % every === 0)) {
  const img = await decodeImage(readFileSync(ref.file));
  const { raws } = await engine.detect(img);
  const raw = raws.sort((p, q) => q.box.width - p.box.width)[0];
  if (!raw) continue;
  const tensor = human.tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
  let t = performance.now();
  const result = await human.detect(tensor as never);
  const msHuman = performance.now() - t;
  human.tf.dispose(tensor);
  const match = result.face
    .map((f) => ({
      f,
      iou: intersectionOverUnion(raw.box, { x: f.box[0], y: f.box[1], width: f.box[2], height: f.box[3] }),
    }))
    .sort((a, b) => b.iou - a.iou)[0];
  if (!match || match.iou < 0.2) continue;
  const ours: number[] = [];
  t = performance.now();
  for (const c of crops) {
    const s = await models.score(img, raw.box, c);
    ours.push(Math.min(s.real, s.live));
  }
  const msOurs = (performance.now() - t) / crops.length;
  rows.push({ human: Math.min(match.f.real ?? 0, match.f.live ?? 0), ours, msHuman, msOurs });
}

const corr = (a: number[], b: number[]) => {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
};
const h = rows.map((r) => r.human);
const q = (v: number[]) => [0.01, 0.05, 0.5, 0.95].map((p) => percentile(v, p).toFixed(2)).join(' / ');
console.log(`faces compared: ${rows.length}; human's own min(real,live) p1/p5/p50/p95: ${q(h)}`);
crops.forEach((c, i) => {
  const o = rows.map((r) => r.ours[i]!);
  const mad = o.reduce((s, x, k) => s + Math.abs(x - h[k]!), 0) / o.length;
  console.log(
    JSON.stringify({
      crop: c,
      corr: +corr(h, o).toFixed(3),
      meanAbsDiff: +mad.toFixed(3),
      p1_p5_p50_p95: q(o),
      min: +Math.min(...o).toFixed(2),
    }),
  );
});
console.log(
  JSON.stringify({
    ms_human_detect_mesh_antispoof_liveness: +percentile(
      rows.map((r) => r.msHuman),
      0.5,
    ).toFixed(1),
    ms_liveness_ts: +percentile(
      rows.map((r) => r.msOurs),
      0.5,
    ).toFixed(1),
  }),
);
