/**
 * bench:face helpers that touch files: an on-disk cache of engine analyses (so a rerun computes no
 * image twice) and the mild augmentations that stand in for consecutive gate frames.
 *
 * Augmented frames are MORE ALIKE than real consecutive frames: they come from one photo, so pose,
 * expression, lighting direction, motion blur and the camera never change between them. Passage
 * figures built from them are optimistic about how much several frames add.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type {
  AnalyzeOptions,
  AnalyzedFace,
  EngineInfo,
  FaceAnalysis,
  FaceEngine,
} from '../packages/server/src/modules/face/engine.ts';
import { mulberry32 } from '../packages/server/src/platform/random.ts';

/** Bump when what is cached changes shape or meaning. */
const CACHE_FORMAT = 1;

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

interface CachedFace extends Omit<AnalyzedFace, 'embedding'> {
  embedding?: number[];
}
interface CachedAnalysis extends Omit<FaceAnalysis, 'faces'> {
  faces: CachedFace[];
  /** Wall time of the engine call when it was computed (bytes in hand -> analysis), ms. */
  ms: number;
}

export interface TimedAnalysis {
  analysis: FaceAnalysis;
  ms: number;
  cached: boolean;
}

/**
 * Analyses cached under $TMPDIR/anju-face-bench/<model@version>/ by a caller's key (file hash +
 * options). The key carries the engine's model id and version, so a changed engine recomputes.
 */
export class AnalysisCache {
  readonly dir: string;
  hits = 0;
  misses = 0;

  constructor(
    private readonly engine: Pick<FaceEngine, 'analyze'> & EngineInfo,
    private readonly enabled = true,
  ) {
    const tag = `${engine.modelId}@${engine.modelVersion}-f${CACHE_FORMAT}`.replace(/[^\w.@-]+/g, '_');
    this.dir = path.join(tmpdir(), 'anju-face-bench', tag);
    if (enabled) mkdirSync(this.dir, { recursive: true });
  }

  /** Analyse the bytes `make()` yields, unless `key` is cached. `make` runs only on a miss. */
  async analyze(
    key: string,
    make: () => Promise<Uint8Array> | Uint8Array,
    opts: AnalyzeOptions,
  ): Promise<TimedAnalysis> {
    const file = path.join(this.dir, `${sha256(`${key}|${JSON.stringify(opts)}`)}.json`);
    if (this.enabled && existsSync(file)) {
      const c = JSON.parse(readFileSync(file, 'utf8')) as CachedAnalysis;
      this.hits++;
      const { ms, ...rest } = c;
      const faces = c.faces.map(({ embedding, ...f }) => ({
        ...f,
        ...(embedding ? { embedding: Float32Array.from(embedding) } : {}),
      }));
      return { analysis: { ...rest, faces }, ms, cached: true };
    }
    this.misses++;
    const bytes = await make();
    const t0 = performance.now();
    const analysis = await this.engine.analyze(bytes, opts);
    const ms = performance.now() - t0;
    if (this.enabled) {
      const c: CachedAnalysis = {
        ...analysis,
        faces: analysis.faces.map(({ embedding, ...f }) => ({
          ...f,
          ...(embedding ? { embedding: Array.from(embedding) } : {}),
        })),
        ms,
      };
      // Write then rename: an interrupted run leaves no half-written entry.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(c));
      renameSync(tmp, file);
    }
    return { analysis, ms, cached: false };
  }

  /** A FaceEngine whose analyze() goes through the cache keyed by the image's hash (for enrolment). */
  asEngine(): FaceEngine {
    const { engine } = this;
    return {
      modelId: engine.modelId,
      modelVersion: engine.modelVersion,
      embeddingDim: engine.embeddingDim,
      metric: engine.metric,
      hasLiveness: engine.hasLiveness,
      analyze: async (image, opts = {}) => (await this.analyze(sha256(image), () => image, opts)).analysis,
      close: async () => {},
    };
  }
}

/** One mild augmentation of a photo, standing in for a later frame of the same passage. */
export interface Augmentation {
  /** Shift of the view, as a fraction of width / height. */
  dx: number;
  dy: number;
  /** Zoom: > 1 = closer (the face grows). */
  scale: number;
  /** sharp modulate() brightness multiplier. */
  brightness: number;
  /** JPEG quality of the re-encoded frame. */
  quality: number;
}

/** Ranges: shift ±4 %, zoom 0.93–1.07, brightness 0.85–1.15, JPEG quality 60–90 (uniform). */
export function augmentations(seedKey: string, count: number): Augmentation[] {
  const rnd = mulberry32(Number.parseInt(sha256(seedKey).slice(0, 8), 16));
  const u = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  return Array.from({ length: count }, () => ({
    dx: u(-0.04, 0.04),
    dy: u(-0.04, 0.04),
    scale: u(0.93, 1.07),
    brightness: u(0.85, 1.15),
    quality: Math.round(u(60, 90)),
  }));
}

export const augmentationKey = (a: Augmentation) =>
  `aug:${a.dx.toFixed(4)},${a.dy.toFixed(4)},${a.scale.toFixed(4)},${a.brightness.toFixed(4)},${a.quality}`;

/** The augmented frame as a JPEG: at most 1024 px (what the engine works on anyway), same aspect. */
export async function augmentFrame(src: Uint8Array, a: Augmentation): Promise<Buffer> {
  const { data, info } = await sharp(src)
    .rotate()
    .resize({ width: 1024, height: 1024, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const W = info.width;
  const H = info.height;
  // Edge-replicated border so a shift or zoom-out never shows a blank band.
  const pad = Math.ceil(0.15 * Math.max(W, H));
  const padded = await sharp(data, { raw: { width: W, height: H, channels: 3 } })
    .extend({ top: pad, bottom: pad, left: pad, right: pad, extendWith: 'copy' })
    .raw()
    .toBuffer();
  const cw = Math.min(W + 2 * pad, Math.round(W / a.scale));
  const ch = Math.min(H + 2 * pad, Math.round(H / a.scale));
  const left = Math.round(pad + W / 2 + a.dx * W - cw / 2);
  const top = Math.round(pad + H / 2 + a.dy * H - ch / 2);
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, v));
  return sharp(padded, { raw: { width: W + 2 * pad, height: H + 2 * pad, channels: 3 } })
    .extract({
      left: clamp(left, W + 2 * pad - cw),
      top: clamp(top, H + 2 * pad - ch),
      width: cw,
      height: ch,
    })
    .resize(W, H)
    .modulate({ brightness: a.brightness })
    .jpeg({ quality: a.quality })
    .toBuffer();
}
