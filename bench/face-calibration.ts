/**
 * bench:face --calibration: score calibration and multi-photo enrolment, on embeddings already
 * computed (pure, no I/O). Same cross-validation over identities as face-cv.ts (people dealt into
 * folds; fitted on the other folds' people against a gallery without the held-out people, counted
 * on the held-out people against the full gallery), with a simpler fit: per method, the lowest
 * threshold (and the margin of the grid with the lowest fitted FRR) that lets no fitted impostor in
 * and matches no fitted genuine probe to someone else (no 1:1 FAR target). Per frame (the photo) and
 * per passage (its augmentations as frames 500 ms apart, passage.ts with k of n).
 *
 * Methods (score of person P for a probe embedding e; raw = best cosine over P's templates):
 * - raw: raw(P).
 * - tnorm: raw(P) minus the mean of the top-k cosines of e against a fixed cohort (photos of the
 *   impostor identities of the fitting folds, never the probe's own identity): a per-probe shift
 *   (a face that looks like many strangers needs a higher raw score).
 * - gallery: raw(P) minus the mean of the top-k raw scores of the other gallery persons (the site's
 *   own gallery as the cohort).
 * - znorm (a per-person threshold): (raw(P) - mu_P) / sd_P, mu/sd of P's scores against the cohort:
 *   a person whose templates look like many strangers gets a higher effective threshold.
 */
import {
  decidePassage,
  type PassageFrame,
  type PassageParams,
} from '../packages/server/src/modules/face/passage.ts';
import type { ProbeObs } from './face-cv.ts';
import { FRAME_INTERVAL_MS } from './face-cv.ts';
import { assignFolds, clopperPearson, spread } from './face-stats.ts';

export type CalibMethod = 'raw' | 'tnorm' | 'gallery' | 'znorm';
export const CALIB_METHODS: CalibMethod[] = ['raw', 'tnorm', 'gallery', 'znorm'];

export interface CalibInput {
  /** Enrolled identity -> its templates (one or several photos). */
  templates: Map<string, Float32Array[]>;
  probes: readonly ProbeObs[];
  /** Cohort candidates: one embedding per impostor-identity photo (used only from fitting folds). */
  cohort: ReadonlyArray<{ identity: string; v: Float32Array }>;
  folds: number;
  seed: number;
  topK?: number;
  passage: Pick<PassageParams, 'k' | 'n' | 'windowMs' | 'strangerFrames'>;
}

interface Rate {
  count: number;
  of: number;
  rate: number;
  ci: [number, number];
  folds: { mean: number; min: number; max: number };
}

export interface CalibSummary {
  method: CalibMethod;
  threshold: { mean: number; min: number; max: number };
  frame: { frr: Rate; far_open_set: Rate; misid: Rate };
  passage: { frr: Rate; far_open_set: Rate; misid: Rate };
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

interface Top {
  person: string | null;
  score: number | null;
  second: number | null;
}

/** Scores one embedding for one method against the allowed persons. */
class Scorer {
  readonly znorm = new Map<string, { mu: number; sd: number }>();
  constructor(
    private readonly templates: Map<string, Float32Array[]>,
    private readonly cohort: ReadonlyArray<{ identity: string; v: Float32Array }>,
    private readonly k: number,
  ) {
    for (const [id, ts] of templates) {
      const s = cohort.map((c) => Math.max(...ts.map((t) => dot(t, c.v))));
      const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
      const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, s.length - 1));
      this.znorm.set(id, { mu: mean, sd: sd || 1 });
    }
  }

  top(e: Float32Array, method: CalibMethod, allowed: ReadonlySet<string>, ownIdentity: string): Top {
    const raw: Array<[string, number]> = [];
    for (const [id, ts] of this.templates) {
      if (!allowed.has(id)) continue;
      let best = Number.NEGATIVE_INFINITY;
      for (const t of ts) best = Math.max(best, dot(e, t));
      raw.push([id, best]);
    }
    if (raw.length === 0) return { person: null, score: null, second: null };
    let scored: Array<[string, number]>;
    if (method === 'raw') scored = raw;
    else if (method === 'znorm')
      scored = raw.map(([id, s]) => {
        const z = this.znorm.get(id)!;
        return [id, (s - z.mu) / z.sd];
      });
    else if (method === 'tnorm') {
      const c = this.cohort
        .filter((x) => x.identity !== ownIdentity)
        .map((x) => dot(e, x.v))
        .sort((a, b) => b - a)
        .slice(0, this.k);
      const shift = c.reduce((a, b) => a + b, 0) / Math.max(1, c.length);
      scored = raw.map(([id, s]) => [id, s - shift]);
    } else {
      const sorted = raw.map(([, s]) => s).sort((a, b) => b - a);
      scored = raw.map(([id, s]) => {
        // Top-k of the others: drop this person's own score once.
        const i = sorted.indexOf(s);
        const others = [...sorted.slice(0, i), ...sorted.slice(i + 1)].slice(0, this.k);
        return [id, s - others.reduce((a, b) => a + b, 0) / Math.max(1, others.length)];
      });
    }
    scored.sort((a, b) => b[1] - a[1]);
    return { person: scored[0]![0], score: scored[0]![1], second: scored[1]?.[1] ?? null };
  }
}

interface ProbeScores {
  probe: ProbeObs;
  frames: Array<Top | null>;
}

type Outcome = 'correct' | 'rejected' | 'misid' | 'impostor_in' | 'impostor_out';

function frameOutcome(p: ProbeScores, thr: number, margin: number): Outcome {
  const f = p.frames[0];
  const votes =
    f &&
    f.person !== null &&
    f.score !== null &&
    f.score >= thr &&
    (f.second === null || f.score - f.second >= margin);
  if (!p.probe.genuine) return votes ? 'impostor_in' : 'impostor_out';
  if (!votes) return 'rejected';
  return f!.person === p.probe.identity ? 'correct' : 'misid';
}

function passageOutcome(p: ProbeScores, thr: number, margin: number, params: CalibInput['passage']): Outcome {
  const frames: PassageFrame[] = [];
  let opened: string | null = null;
  for (let i = 0; i < p.frames.length; i++) {
    const f = p.frames[i];
    const atMs = i * FRAME_INTERVAL_MS;
    frames.push(
      f
        ? { kind: 'face', atMs, personId: f.person, score: f.score, secondScore: f.second }
        : { kind: 'refused', atMs },
    );
    const v = decidePassage(frames, { ...params, minScore: thr, minMargin: margin });
    if (v.action === 'open') {
      opened = v.personId;
      break;
    }
    if (v.action === 'refuse_stranger') break;
  }
  if (!p.probe.genuine) return opened ? 'impostor_in' : 'impostor_out';
  if (!opened) return 'rejected';
  return opened === p.probe.identity ? 'correct' : 'misid';
}

const MARGINS = [0, 0.005, 0.01, 0.02];

/** Lowest threshold (per margin) with no impostor in and no misid on the fitted probes; best FRR. */
function fitOperating(
  scores: readonly ProbeScores[],
  decide: (p: ProbeScores, thr: number, margin: number) => Outcome,
  marginUnit: number,
): { thr: number; margin: number } {
  let best: { thr: number; margin: number; frr: number } | null = null;
  const candidates = [
    ...new Set(scores.flatMap((p) => p.frames.flatMap((f) => (f?.score != null ? [f.score] : [])))),
  ].sort((a, b) => a - b);
  for (const m of MARGINS) {
    const margin = m * marginUnit;
    // The outcome is monotone in the threshold: bisect on the sorted candidate scores.
    let lo = 0;
    let hi = candidates.length;
    const ok = (thr: number) =>
      scores.every((p) => {
        const o = decide(p, thr, margin);
        return o !== 'impostor_in' && o !== 'misid';
      });
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ok(candidates[mid]! + 1e-9)) hi = mid;
      else lo = mid + 1;
    }
    // Just above candidates[lo]: the lowest threshold that keeps every fitted impostor out.
    if (lo >= candidates.length) continue;
    const thr = candidates[lo]! + 1e-9;
    const genuine = scores.filter((p) => p.probe.genuine);
    const frr =
      genuine.filter((p) => decide(p, thr, margin) !== 'correct').length / Math.max(1, genuine.length);
    if (!best || frr < best.frr) best = { thr, margin, frr };
  }
  return best ?? { thr: Number.POSITIVE_INFINITY, margin: 0 };
}

function rate(counts: Array<{ count: number; of: number }>): Rate {
  const count = counts.reduce((a, c) => a + c.count, 0);
  const of = counts.reduce((a, c) => a + c.of, 0);
  const per = spread(counts.filter((c) => c.of > 0).map((c) => c.count / c.of));
  return {
    count,
    of,
    rate: count / Math.max(1, of),
    ci: clopperPearson(count, of),
    folds: { mean: per.mean, min: per.min, max: per.max },
  };
}

export function runCalibration(input: CalibInput): CalibSummary[] {
  const k = input.topK ?? 10;
  const people = [...new Set(input.probes.map((p) => p.identity).concat([...input.templates.keys()]))].sort();
  const foldOf = assignFolds(people, input.folds, input.seed);
  const out: CalibSummary[] = [];
  for (const method of CALIB_METHODS) {
    const thresholds: number[] = [];
    const frameCounts: Record<'frr' | 'far' | 'misid', Array<{ count: number; of: number }>> = {
      frr: [],
      far: [],
      misid: [],
    };
    const passageCounts: typeof frameCounts = { frr: [], far: [], misid: [] };
    for (let fold = 0; fold < input.folds; fold++) {
      const held = (id: string) => foldOf.get(id) === fold;
      const cohort = input.cohort.filter((c) => !held(c.identity));
      const scorer = new Scorer(input.templates, cohort, k);
      const all = new Set(input.templates.keys());
      const fitGallery = new Set([...all].filter((id) => !held(id)));
      const score = (p: ProbeObs, allowed: Set<string>): ProbeScores => ({
        probe: p,
        frames: p.frames.map((f) =>
          f.embedding ? scorer.top(f.embedding, method, allowed, p.identity) : null,
        ),
      });
      const fitScores = input.probes.filter((p) => !held(p.identity)).map((p) => score(p, fitGallery));
      const heldScores = input.probes.filter((p) => held(p.identity)).map((p) => score(p, all));
      // Margins in each method's own units: znorm scores are in cohort standard deviations.
      const unit =
        method === 'znorm'
          ? 1 /
            spread(
              [...all].map((id) => {
                const z = scorer.znorm.get(id);
                return z ? z.sd : 1;
              }),
            ).mean
          : 1;
      const f1 = fitOperating(fitScores, frameOutcome, unit);
      const fp = fitOperating(fitScores, (p, t, m) => passageOutcome(p, t, m, input.passage), unit);
      thresholds.push(f1.thr);
      const tally = (outs: Outcome[], into: typeof frameCounts) => {
        const genuine = outs.filter((o) => o === 'correct' || o === 'rejected' || o === 'misid');
        const impostors = outs.filter((o) => o === 'impostor_in' || o === 'impostor_out');
        into.frr.push({ count: genuine.filter((o) => o !== 'correct').length, of: genuine.length });
        into.misid.push({ count: genuine.filter((o) => o === 'misid').length, of: genuine.length });
        into.far.push({ count: impostors.filter((o) => o === 'impostor_in').length, of: impostors.length });
      };
      tally(
        heldScores.map((p) => frameOutcome(p, f1.thr, f1.margin)),
        frameCounts,
      );
      tally(
        heldScores.map((p) => passageOutcome(p, fp.thr, fp.margin, input.passage)),
        passageCounts,
      );
    }
    const t = spread(thresholds);
    out.push({
      method,
      threshold: { mean: t.mean, min: t.min, max: t.max },
      frame: {
        frr: rate(frameCounts.frr),
        far_open_set: rate(frameCounts.far),
        misid: rate(frameCounts.misid),
      },
      passage: {
        frr: rate(passageCounts.frr),
        far_open_set: rate(passageCounts.far),
        misid: rate(passageCounts.misid),
      },
    });
  }
  return out;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const rateText = (r: Rate) => `${r.count}/${r.of} ${pct(r.rate)} [${pct(r.ci[0])}–${pct(r.ci[1])}]`;

export function calibrationLines(label: string, rows: readonly CalibSummary[]): string[] {
  return rows.map(
    (r) =>
      `${label} ${r.method.padEnd(8)} thr ${r.threshold.mean.toFixed(3)} | frame FRR ${rateText(r.frame.frr)} FAR ${rateText(r.frame.far_open_set)} misid ${rateText(r.frame.misid)}` +
      ` | passage FRR ${rateText(r.passage.frr)} FAR ${rateText(r.passage.far_open_set)} misid ${rateText(r.passage.misid)}`,
  );
}
