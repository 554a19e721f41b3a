/**
 * Cross-validation over identities for bench:face, on embeddings already computed (pure, no I/O).
 * People (enrolled and impostor identities alike) are dealt into k folds. For each fold, the
 * threshold and margin are fitted on the OTHER folds' people only (their probes, against a gallery
 * without the held-out people's templates), then applied to the held-out people's probes against the
 * full gallery, as at a site where every resident is enrolled. Each probe is held out exactly once,
 * so the held-out counts add up over folds to one count per probe (pooled rate + exact interval),
 * and the per-fold rates give the spread.
 */
import {
  decidePassage,
  type PassageFrame,
  type PassageParams,
} from '../packages/server/src/modules/face/passage.ts';
import { assignFolds, clopperPearson, type Spread, spread } from './face-stats.ts';

export interface FrameObs {
  /** L2-normalised embedding of the primary face when it passed the probe quality gate. */
  embedding: Float32Array | null;
  /** Why there is no usable face. */
  unusable: 'no_face' | 'refused' | null;
  /** Analysis latency of this frame, ms. */
  ms: number;
}

export interface ProbeObs {
  identity: string;
  genuine: boolean;
  /** frames[0] is the photo itself; the rest are its augmentations, 500 ms apart. */
  frames: FrameObs[];
}

export interface Operating {
  minScore: number;
  minMargin: number;
}

export const FRAME_INTERVAL_MS = 500;

/** Per-frame scores against every template, computed once. */
interface Scored {
  probe: number;
  scores: Float64Array | null;
  unusable: FrameObs['unusable'];
  ms: number;
}

interface Top {
  best: number;
  bestScore: number;
  secondScore: number | null;
}

function topTwo(scores: Float64Array, allowed: readonly boolean[]): Top | null {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  let secondScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) {
    if (!allowed[i]) continue;
    const s = scores[i]!;
    if (s > bestScore) {
      secondScore = bestScore;
      bestScore = s;
      best = i;
    } else if (s > secondScore) secondScore = s;
  }
  if (best < 0) return null;
  return { best, bestScore, secondScore: Number.isFinite(secondScore) ? secondScore : null };
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

export interface Counts {
  genuine: number;
  /** Genuine probes (passages) not granted to their own identity (includes misid). */
  rejected: number;
  misid: number;
  impostors: number;
  impostorGranted: number;
  /** Time to decision of genuine passages that opened for their own person (ms). */
  decisionMs: number[];
  /** Probe indices of the impostors let in (for the log). */
  impostorsIn: number[];
}

const emptyCounts = (): Counts => ({
  genuine: 0,
  rejected: 0,
  misid: 0,
  impostors: 0,
  impostorGranted: 0,
  decisionMs: [],
  impostorsIn: [],
});

export interface PassageShape {
  k: number;
  n: number;
}

export class CrossValidation {
  private readonly templateIds: string[];
  private readonly frames: Scored[][];

  constructor(
    templates: Map<string, Float32Array>,
    private readonly probes: ProbeObs[],
  ) {
    this.templateIds = [...templates.keys()];
    const tv = [...templates.values()];
    this.frames = probes.map((p, pi) =>
      p.frames.map((f) => ({
        probe: pi,
        unusable: f.unusable,
        ms: f.ms,
        scores: f.embedding ? Float64Array.from(tv, (t) => dot(f.embedding!, t)) : null,
      })),
    );
  }

  /** Every probe, and a gallery mask with every template (the site's full gallery). */
  get allProbes(): number[] {
    return this.probes.map((_, i) => i);
  }
  get fullGallery(): boolean[] {
    return this.mask(new Set());
  }

  private mask(excluded: ReadonlySet<string>): boolean[] {
    return this.templateIds.map((id) => !excluded.has(id));
  }

  /** Per-frame open-set counts of frame 0 (the photo) of the selected probes. */
  frameCounts(probeIdx: readonly number[], allowed: readonly boolean[], op: Operating): Counts {
    const c = emptyCounts();
    for (const pi of probeIdx) {
      const p = this.probes[pi]!;
      const f = this.frames[pi]![0]!;
      const top = f.scores ? topTwo(f.scores, allowed) : null;
      const granted =
        top !== null &&
        top.bestScore >= op.minScore &&
        (top.secondScore === null || top.bestScore - top.secondScore >= op.minMargin);
      if (!p.genuine) {
        c.impostors++;
        if (granted) c.impostorGranted++;
        continue;
      }
      c.genuine++;
      if (!granted || this.templateIds[top.best] !== p.identity) c.rejected++;
      if (granted && this.templateIds[top.best] !== p.identity) c.misid++;
      if (granted && this.templateIds[top.best] === p.identity) c.decisionMs.push(f.ms);
    }
    return c;
  }

  /** The gate's frame sequence for one probe against a gallery (same track, 2 frames/s). */
  passageFrames(pi: number, allowed: readonly boolean[]): PassageFrame[] {
    return this.frames[pi]!.map((f, i): PassageFrame => {
      const atMs = i * FRAME_INTERVAL_MS;
      const top = f.scores ? topTwo(f.scores, allowed) : null;
      if (!top) return { kind: f.unusable === 'no_face' ? 'no_face' : 'refused', atMs };
      return {
        kind: 'face',
        atMs,
        personId: this.templateIds[top.best]!,
        score: top.bestScore,
        secondScore: top.secondScore,
      };
    });
  }

  /**
   * Passage counts: frames are fed one by one to decidePassage; the first verdict that is not
   * "wait" decides. Still waiting after the last frame = not let in (a genuine reject).
   * Time to decision = frames needed × 500 ms + the deciding frame's analysis latency.
   */
  passageCounts(
    probeIdx: readonly number[],
    allowed: readonly boolean[],
    params: PassageParams,
    cache?: Map<number, PassageFrame[]>,
  ): Counts {
    const c = emptyCounts();
    for (const pi of probeIdx) {
      const p = this.probes[pi]!;
      let frames = cache?.get(pi);
      if (!frames) {
        frames = this.passageFrames(pi, allowed);
        cache?.set(pi, frames);
      }
      let opened: string | null = null;
      let ms = 0;
      for (let i = 0; i < frames.length; i++) {
        const v = decidePassage(frames.slice(0, i + 1), params);
        if (v.action === 'wait') continue;
        if (v.action === 'open') {
          opened = v.personId;
          ms = (i + 1) * FRAME_INTERVAL_MS + this.frames[pi]![i]!.ms;
        }
        break;
      }
      if (!p.genuine) {
        c.impostors++;
        if (opened !== null) {
          c.impostorGranted++;
          c.impostorsIn.push(pi);
        }
        continue;
      }
      c.genuine++;
      if (opened !== p.identity) c.rejected++;
      if (opened !== null && opened !== p.identity) c.misid++;
      if (opened === p.identity) c.decisionMs.push(ms);
    }
    return c;
  }

  /** Sorted (descending) 1:1 impostor scores of frame 0: selected probes × allowed templates of others. */
  impostorPairScores(probeIdx: readonly number[], allowed: readonly boolean[]): Float64Array {
    const out: number[] = [];
    for (const pi of probeIdx) {
      const s = this.frames[pi]![0]!.scores;
      if (!s) continue;
      for (let t = 0; t < s.length; t++)
        if (allowed[t] && this.templateIds[t] !== this.probes[pi]!.identity) out.push(s[t]!);
    }
    return Float64Array.from(out).sort().reverse();
  }

  /**
   * Passage 1:1 score of a (probe passage, template) pair: the highest threshold at which the passage
   * rule, with that template as the only one in the gallery, would open. A passage gives an impostor
   * several frames, i.e. several tries: this is the pair's chance of getting in, as frame 0's score
   * is for one frame. Opening is monotone in the threshold (a lower one adds votes and removes stranger
   * frames), so the answer is the highest frame score at which it opens; null = never opens.
   */
  passagePairScore(pi: number, template: number, shape: PassageShape): number | null {
    const fs = this.frames[pi]!;
    const id = this.templateIds[template]!;
    const frames = fs.map((f, i): PassageFrame => {
      const atMs = i * FRAME_INTERVAL_MS;
      return f.scores
        ? { kind: 'face', atMs, personId: id, score: f.scores[template]!, secondScore: null }
        : { kind: f.unusable === 'no_face' ? 'no_face' : 'refused', atMs };
    });
    const candidates = [...new Set(fs.flatMap((f) => (f.scores ? [f.scores[template]!] : [])))].sort(
      (a, b) => b - a,
    );
    const params = passageParams(shape);
    for (const t of candidates) {
      for (let i = 0; i < frames.length; i++) {
        const v = decidePassage(frames.slice(0, i + 1), { ...params, minScore: t, minMargin: 0 });
        if (v.action === 'open') return t;
        if (v.action === 'refuse_stranger') break;
      }
    }
    return null;
  }

  /** Passage 1:1 impostor pair scores (probe × template of another person), computed once per shape. */
  passagePairs(shape: PassageShape): Array<{ probe: number; template: number; score: number | null }> {
    const out: Array<{ probe: number; template: number; score: number | null }> = [];
    for (let pi = 0; pi < this.probes.length; pi++) {
      if (this.frames[pi]!.every((f) => !f.scores)) continue;
      for (let t = 0; t < this.templateIds.length; t++)
        if (this.templateIds[t] !== this.probes[pi]!.identity)
          out.push({ probe: pi, template: t, score: this.passagePairScore(pi, t, shape) });
    }
    return out;
  }

  /** Run k-fold CV for the per-frame decision and each passage shape. */
  run(opts: CvOptions): CvResult {
    const people = [...new Set(this.probes.map((p) => p.identity)), ...this.templateIds];
    const fold = assignFolds([...new Set(people)].sort(), opts.folds, opts.seed);
    const folds: CvFold[] = [];
    const shapePairs = opts.shapes.map((shape) => this.passagePairs(shape));
    for (let f = 0; f < opts.folds; f++) {
      const held = new Set([...fold].filter(([, k]) => k === f).map(([id]) => id));
      const fitIdx = this.probes.flatMap((p, i) => (held.has(p.identity) ? [] : [i]));
      const evalIdx = this.probes.flatMap((p, i) => (held.has(p.identity) ? [i] : []));
      const fitAllowed = this.mask(held);
      const allAllowed = this.mask(new Set());
      const fitSet = new Set(fitIdx);
      const framePairs = this.impostorPairScores(fitIdx, fitAllowed);
      const fitCache = new Map<number, PassageFrame[]>();
      const evalCache = new Map<number, PassageFrame[]>();
      const pick = (
        counts: (op: Operating) => Counts,
        pairs: Float64Array,
      ): { op: Operating; feasible: boolean } => {
        const far1to1 = (t: number) => countAtLeast(pairs, t) / Math.max(1, pairs.length);
        let best: { op: Operating; frr: number } | null = null;
        for (const minMargin of opts.margins) {
          for (const minScore of opts.thresholds) {
            if (far1to1(minScore) > opts.farTarget) continue;
            const c = counts({ minScore, minMargin });
            if (c.impostorGranted > 0 || c.misid > 0) continue;
            const frr = c.rejected / Math.max(1, c.genuine);
            // Lowest FRR; on a tie the stricter point (higher threshold, then larger margin).
            if (
              !best ||
              frr < best.frr ||
              (frr === best.frr &&
                (minScore > best.op.minScore ||
                  (minScore === best.op.minScore && minMargin > best.op.minMargin)))
            )
              best = { op: { minScore, minMargin }, frr };
          }
        }
        const strictest = {
          minScore: opts.thresholds.at(-1)!,
          minMargin: opts.margins.at(-1)!,
        };
        return best ? { op: best.op, feasible: true } : { op: strictest, feasible: false };
      };
      const frameFit = pick((op) => this.frameCounts(fitIdx, fitAllowed, op), framePairs);
      const frame = this.frameCounts(evalIdx, allAllowed, frameFit.op);
      const passages = opts.shapes.map((shape, si) => {
        const base = passageParams(shape);
        // Passage 1:1 pairs of the fit people only (a never-opening pair scores -inf).
        const pairs = Float64Array.from(
          shapePairs[si]!.filter((p) => fitSet.has(p.probe) && fitAllowed[p.template]),
          (p) => p.score ?? Number.NEGATIVE_INFINITY,
        )
          .sort()
          .reverse();
        const fit = pick((op) => this.passageCounts(fitIdx, fitAllowed, { ...base, ...op }, fitCache), pairs);
        return {
          shape,
          fit,
          held: this.passageCounts(evalIdx, allAllowed, { ...base, ...fit.op }, evalCache),
        };
      });
      folds.push({
        fold: f,
        heldPeople: held.size,
        frame: { fit: frameFit, held: frame },
        passages,
      });
    }
    return { folds, options: opts };
  }
}

/** How many of the descending `sorted` values are >= t (binary search). */
export function countAtLeast(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! >= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Window = n frames at 2 frames/s plus slack; a stranger needs all n frames to match no one. */
export const passageParams = (s: PassageShape, op?: Operating): PassageParams => ({
  k: s.k,
  n: s.n,
  windowMs: Math.max(2000, s.n * FRAME_INTERVAL_MS),
  strangerFrames: s.n,
  minScore: op?.minScore ?? 0,
  minMargin: op?.minMargin ?? 0,
});

export interface CvOptions {
  folds: number;
  seed: number;
  /** Fit constraint: 1:1 FAR of the fit people at most this (frame 0; per passage: passage pairs). */
  farTarget: number;
  thresholds: number[];
  margins: number[];
  shapes: PassageShape[];
}

export interface CvFold {
  fold: number;
  heldPeople: number;
  frame: { fit: { op: Operating; feasible: boolean }; held: Counts };
  passages: Array<{ shape: PassageShape; fit: { op: Operating; feasible: boolean }; held: Counts }>;
}

export interface CvResult {
  folds: CvFold[];
  options: CvOptions;
}

export interface RateSummary {
  /** Pooled over folds: count / total, with its exact 95 % interval. */
  count: number;
  of: number;
  rate: number;
  ci: [number, number];
  /** Spread of the per-fold rates. */
  folds: Spread;
}

function rateSummary(per: Array<{ k: number; n: number }>): RateSummary {
  const count = per.reduce((a, b) => a + b.k, 0);
  const of = per.reduce((a, b) => a + b.n, 0);
  return {
    count,
    of,
    rate: of ? count / of : 0,
    ci: clopperPearson(count, of),
    folds: spread(per.filter((x) => x.n > 0).map((x) => x.k / x.n)),
  };
}

export interface CountsSummary {
  frr: RateSummary;
  far_open_set: RateSummary;
  misid: RateSummary;
  threshold: Spread;
  margin: Spread;
  /** Folds where no grid point met the fit constraints (the strictest point was used). */
  infeasible_folds: number;
}

export function summarize(held: Counts[], fits: Array<{ op: Operating; feasible: boolean }>): CountsSummary {
  return {
    frr: rateSummary(held.map((c) => ({ k: c.rejected, n: c.genuine }))),
    far_open_set: rateSummary(held.map((c) => ({ k: c.impostorGranted, n: c.impostors }))),
    misid: rateSummary(held.map((c) => ({ k: c.misid, n: c.genuine }))),
    threshold: spread(fits.map((f) => f.op.minScore)),
    margin: spread(fits.map((f) => f.op.minMargin)),
    infeasible_folds: fits.filter((f) => !f.feasible).length,
  };
}
