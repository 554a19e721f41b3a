/**
 * Shared by the face benchmarks: the dev-set layout (`<identity>/<n>.jpg`, enrolled.txt,
 * impostors.txt) and the accuracy measures (1:1 matrix, open-set 1:N, FTA, thresholds at a FAR).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DATA_DIR = path.resolve(REPO_ROOT, '../shared/faces/dev');

export interface ImageRef {
  identity: string;
  n: number;
  file: string;
  role: 'enroll' | 'probe' | 'impostor';
}

export interface Dataset {
  dir: string;
  enrolled: string[];
  impostors: string[];
  images: ImageRef[];
}

const readList = (file: string) =>
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('#'));

const numbered = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .map((f) => /^(\d+)\.jpe?g$/i.exec(f))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ n: Number(m[1]), name: m[0] }))
        .sort((a, b) => a.n - b.n)
    : [];

/** Read the layout: enrol `<id>/1.jpg` of each enrolled id, probe the rest, impostor ids only probe. */
export function loadDataset(dir: string): Dataset {
  const enrolled = readList(path.join(dir, 'enrolled.txt'));
  const impostors = readList(path.join(dir, 'impostors.txt'));
  const clash = impostors.filter((id) => enrolled.includes(id));
  if (clash.length) throw new Error(`identities in both enrolled.txt and impostors.txt: ${clash.join(', ')}`);
  const images: ImageRef[] = [];
  for (const identity of enrolled) {
    for (const { n, name } of numbered(path.join(dir, identity))) {
      images.push({ identity, n, file: path.join(dir, identity, name), role: n === 1 ? 'enroll' : 'probe' });
    }
  }
  for (const identity of impostors) {
    for (const { n, name } of numbered(path.join(dir, identity))) {
      images.push({ identity, n, file: path.join(dir, identity, name), role: 'impostor' });
    }
  }
  return { dir, enrolled, impostors, images };
}

/** Higher = more alike. Euclidean distances are negated so one comparison direction serves all. */
export type Scorer = (a: Float32Array, b: Float32Array) => number;

export const negEuclidean: Scorer = (a, b) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return -Math.sqrt(s);
};

export const cosine: Scorer = (a, b) => {
  let d = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return d / Math.sqrt(na * nb);
};

export interface Probe {
  identity: string;
  genuine: boolean;
  /** null = failure to acquire (no usable face). */
  embedding: Float32Array | null;
}

export interface MatrixScores {
  genuine: Array<number | null>;
  impostor: number[];
  impostorUnscored: number;
}

/** Full 1:1 matrix: each probe against its own template (genuine) and every other template (impostor). */
export function matrixScores(
  templates: Map<string, Float32Array | null>,
  probes: Probe[],
  score: Scorer,
): MatrixScores {
  const genuine: Array<number | null> = [];
  const impostor: number[] = [];
  let impostorUnscored = 0;
  for (const p of probes) {
    for (const [id, t] of templates) {
      const same = p.genuine && id === p.identity;
      const s = p.embedding && t ? score(p.embedding, t) : null;
      if (same) genuine.push(s);
      else if (s === null) impostorUnscored++;
      else impostor.push(s);
    }
  }
  return { genuine, impostor, impostorUnscored };
}

/**
 * The loosest threshold (accept if score >= thr) whose impostor accept count stays within
 * floor(far * N): just above the (k+1)-th highest impostor score.
 */
export function thresholdAtFar(impostor: number[], far: number): number {
  const sorted = [...impostor].sort((a, b) => b - a);
  const k = Math.floor(far * sorted.length);
  const next = sorted[k];
  return next === undefined ? Number.NEGATIVE_INFINITY : next + 1e-6;
}

export const rate = (num: number, den: number) => (den === 0 ? 0 : num / den);

export function matrixRates(m: MatrixScores, thr: number) {
  const fa = m.impostor.filter((s) => s >= thr).length;
  const fr = m.genuine.filter((s) => s === null || s < thr).length;
  const frScored = m.genuine.filter((s) => s !== null && s < thr).length;
  const scored = m.genuine.filter((s) => s !== null).length;
  return {
    far: rate(fa, m.impostor.length),
    falseAccepts: fa,
    impostorPairs: m.impostor.length,
    frr: rate(fr, m.genuine.length),
    frrScored: rate(frScored, scored),
  };
}

/** Equal error rate on scored pairs (FTA left out). */
export function eer(m: MatrixScores): number {
  const gen = m.genuine.filter((s): s is number => s !== null);
  const all = [...new Set([...gen, ...m.impostor])].sort((a, b) => a - b);
  let best = 1;
  for (const thr of all) {
    const far = rate(m.impostor.filter((s) => s >= thr).length, m.impostor.length);
    const frr = rate(gen.filter((s) => s < thr).length, gen.length);
    best = Math.min(best, Math.max(far, frr));
  }
  return best;
}

export interface TopTwo {
  best?: { id: string; score: number };
  second?: { id: string; score: number };
}

/** Open-set top-2 (distinct identities) of one probe over the templates. */
export function topTwo(templates: Map<string, Float32Array | null>, e: Float32Array, score: Scorer): TopTwo {
  let best: TopTwo['best'];
  let second: TopTwo['second'];
  for (const [id, t] of templates) {
    if (!t) continue;
    const s = score(e, t);
    if (!best || s > best.score) {
      second = best;
      best = { id, score: s };
    } else if (!second || s > second.score) {
      second = { id, score: s };
    }
  }
  return { best, second };
}

export interface OpenSetResult {
  genuine: number;
  impostors: number;
  correct: number;
  misid: number;
  rejected: number;
  impostorGranted: number;
  fta: number;
}

/** Open-set 1:N decisions at `thr` with a margin to the second-best identity. */
export function openSet(
  templates: Map<string, Float32Array | null>,
  probes: Probe[],
  score: Scorer,
  thr: number,
  margin = 0,
): OpenSetResult {
  const r: OpenSetResult = {
    genuine: 0,
    impostors: 0,
    correct: 0,
    misid: 0,
    rejected: 0,
    impostorGranted: 0,
    fta: 0,
  };
  for (const p of probes) {
    if (p.genuine) r.genuine++;
    else r.impostors++;
    if (!p.embedding) {
      r.fta++;
      if (p.genuine) r.rejected++;
      continue;
    }
    const { best, second } = topTwo(templates, p.embedding, score);
    const granted = !!best && best.score >= thr && (!second || best.score - second.score >= margin);
    if (!p.genuine) {
      if (granted) r.impostorGranted++;
    } else if (!granted) r.rejected++;
    else if (best!.id === p.identity) r.correct++;
    else r.misid++;
  }
  return r;
}

export function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/** Runs `fn` once to warm up, then `times` times: p50 and p95 of those runs, ms to 0.1. */
export async function timeRuns(
  times: number,
  fn: () => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return { p50: round(percentile(ms, 0.5)), p95: round(percentile(ms, 0.95)) };
}

/** `--name value` or `--name=value` from argv. */
export function argValue(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) return argv[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}
