/**
 * The face engine contract. Implementations: face-api (the chosen pipeline), human and a human+face-api
 * hybrid (kept for the benchmark comparison). All coordinates are in original-image pixels.
 */

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FaceQuality {
  /** Face box width in original-image pixels. */
  faceWidthPx: number;
  /** Degrees, rough (estimated from 2D landmarks). 0 = frontal. */
  yaw: number;
  pitch: number;
  roll: number;
  /** Variance of the Laplacian of the face resampled to 96 px; lower = blurrier. */
  blur: number;
  /** Mean luma 0-255 of the middle of the face (exposure: too dark / too bright). Absent from older engines. */
  brightness?: number;
  /** The face box contains the image centre. */
  centered: boolean;
  /** Distance from the box centre to the image centre, as a fraction of the image diagonal. */
  centerOffset: number;
  /** Detector confidence 0..1. */
  detectionScore: number;
}

export interface AnalyzedFace {
  box: FaceBox;
  landmarks?: Array<[number, number]>;
  quality: FaceQuality;
  /** 0..1, higher = more likely a live person (only engines with an anti-spoof model). */
  liveness?: number;
  /** Only for the faces that were embedded (see AnalyzeOptions.embed); faces[0] is the primary face. */
  embedding?: Float32Array;
}

export interface FaceAnalysis {
  /** Sorted: faces[0] is the primary face (contains the image centre, then largest). */
  faces: AnalyzedFace[];
  width: number;
  height: number;
  decodeMs: number;
  analyzeMs: number;
  /** The image was padded with a grey border to find a face that fills the frame. */
  padded: boolean;
}

export interface AnalyzeOptions {
  /** Which faces get an embedding: the primary one (default, the gate), all, or none. */
  embed?: 'primary' | 'all' | 'none';
  /** Average the embedding with that of the mirrored face (enrolment: better templates, ~+35 ms). */
  flip?: boolean;
}

export type Metric = 'euclidean' | 'cosine';

export interface EngineInfo {
  modelId: string;
  modelVersion: string;
  embeddingDim: number;
  /** How embeddings are compared; the gallery stores L2-normalised vectors either way. */
  metric: Metric;
  hasLiveness: boolean;
}

export interface FaceEngine extends EngineInfo {
  analyze(image: Uint8Array, opts?: AnalyzeOptions): Promise<FaceAnalysis>;
  close(): Promise<void>;
}

/** Serialisable engine choice, so worker threads can build the same engine. */
export type EngineSpec =
  | {
      kind: 'faceapi';
      detector: 'tiny' | 'ssd';
      /** tinyFaceDetector input size (multiple of 32). */
      inputSize?: number;
      minScore?: number;
      /** pad: 'small' = always pad frames <= 400 px, 'retry' = pad and retry when no face, 'both', 'none'. */
      padding?: 'none' | 'small' | 'retry' | 'both';
      /** 'dlib' = similarity-warped dlib chip (default); 'box' = face-api's own axis-aligned crop. */
      alignment?: 'dlib' | 'box';
      /** Also score the primary face with human's antispoof + liveness models (~+40 ms). */
      liveness?: boolean;
    }
  | {
      kind: 'human';
      /** Run antispoof + liveness models and report face.liveness. */
      liveness?: boolean;
      minScore?: number;
    }
  | {
      kind: 'hybrid';
      /** human blazeface (+ antispoof/liveness) finds faces; face-api landmarks + dlib chip + 128-d embed. */
      liveness?: boolean;
      minScore?: number;
    };

/** The production pipeline, chosen on the dev set (bench/README-face.md). */
export const DEFAULT_ENGINE_SPEC: EngineSpec = {
  kind: 'faceapi',
  detector: 'tiny',
  inputSize: 416,
  minScore: 0.3,
  padding: 'both',
  alignment: 'dlib',
  liveness: true,
};

/** L2-normalise in place and return the vector. */
export function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * inv;
  return v;
}

/** Order faces so the primary one (LFW convention / person in front of the gate) comes first. */
export function sortPrimaryFirst<T extends { quality: FaceQuality; box: FaceBox }>(faces: T[]): T[] {
  return faces.sort((p, q) => {
    if (p.quality.centered !== q.quality.centered) return p.quality.centered ? -1 : 1;
    if (p.quality.centered) return q.box.width * q.box.height - p.box.width * p.box.height;
    return p.quality.centerOffset - q.quality.centerOffset;
  });
}
