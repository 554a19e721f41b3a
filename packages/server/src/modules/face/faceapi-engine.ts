/**
 * The chosen pipeline: face-api tinyFaceDetector(416) -> 68 landmarks -> dlib-style similarity-aligned
 * 150 px chip -> 128-d recogniser (dlib ResNet port), on tfjs WASM. Frames where the face fills the
 * picture are padded with grey first (the tiny detector misses close-ups).
 */
import {
  faceChipStats,
  CHIP_SIZE,
  dlibChipTransform,
  type Point,
  poseFromLandmarks,
  sampleChip,
} from './align.ts';
import type {
  AnalyzedFace,
  AnalyzeOptions,
  EngineSpec,
  FaceAnalysis,
  FaceBox,
  FaceEngine,
  Metric,
} from './engine.ts';
import { decodeImage, padImage, type RgbImage } from './image.ts';
import { LivenessModels } from './liveness.ts';
import type { Tensor3D } from '@tensorflow/tfjs';
import { type FaceApi, loadFaceApiNets, packageVersion, tfjs } from './runtime.ts';

type FaceApiSpec = Extract<EngineSpec, { kind: 'faceapi' }>;

/** Frames this small (longest side, px) are always padded when padding is 'small' or 'both'. */
const SMALL_FRAME_PX = 400;
/** Border on each side, as a fraction of the side: 250 px -> 500 px. */
const PAD_FRACTION = 0.5;

export interface RawFace {
  box: FaceBox;
  score: number;
  landmarks: Point[];
}

/** Where faces were found and where they are in original-image pixels. */
export function buildFace(img: RgbImage, raw: RawFace): AnalyzedFace {
  const s = 1 / img.scale;
  const box = raw.box;
  const cx = img.width / 2;
  const cy = img.height / 2;
  const bx = box.x + box.width / 2;
  const by = box.y + box.height / 2;
  const pose = poseFromLandmarks(raw.landmarks);
  return {
    box: { x: box.x * s, y: box.y * s, width: box.width * s, height: box.height * s },
    landmarks: raw.landmarks.map(([x, y]) => [x * s, y * s]),
    quality: {
      faceWidthPx: box.width * s,
      yaw: pose.yaw,
      pitch: pose.pitch,
      roll: pose.roll,
      ...faceChipStats(img, box),
      centered: cx >= box.x && cx <= box.x + box.width && cy >= box.y && cy <= box.y + box.height,
      centerOffset: Math.hypot(bx - cx, by - cy) / Math.hypot(img.width, img.height),
      detectionScore: raw.score,
    },
  };
}

export class FaceApiEngine implements FaceEngine {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly embeddingDim = 128;
  readonly metric: Metric = 'euclidean';
  readonly hasLiveness: boolean;
  private readonly spec: Required<FaceApiSpec>;

  private constructor(
    private readonly faceapi: FaceApi,
    spec: FaceApiSpec,
    private readonly live?: LivenessModels,
  ) {
    this.spec = {
      inputSize: 416,
      minScore: 0.3,
      padding: 'both',
      alignment: 'dlib',
      liveness: false,
      ...spec,
    };
    this.hasLiveness = !!live;
    const det = this.spec.detector === 'tiny' ? `tiny${this.spec.inputSize}` : 'ssd';
    // The embedding space depends on the alignment, not on the detector: templates stay comparable
    // across detectors, but not across alignments.
    this.modelId = `faceapi-rec128-${this.spec.alignment === 'dlib' ? 'dlibchip' : 'boxcrop'}`;
    this.modelVersion = `${packageVersion('@vladmandic/face-api')}/${det}/pad-${this.spec.padding}${live ? '/live' : ''}`;
  }

  static async create(spec: FaceApiSpec): Promise<FaceApiEngine> {
    const faceapi = await loadFaceApiNets([
      spec.detector === 'tiny' ? 'tinyFaceDetector' : 'ssdMobilenetv1',
      'faceLandmark68Net',
      'faceRecognitionNet',
    ]);
    // face-api has no anti-spoofing: human's antispoof + liveness models on a crop from face-api's box.
    const live = spec.liveness ? await LivenessModels.load() : undefined;
    const engine = new FaceApiEngine(faceapi, spec, live);
    await engine.warmUp();
    return engine;
  }

  /** The first inference is several times slower (weights move into the WASM heap): do it now. */
  private async warmUp() {
    const { tf } = this.faceapi;
    const blank = { data: new Uint8Array(320 * 240 * 3).fill(128), width: 320, height: 240 };
    const img: RgbImage = { ...blank, originalWidth: 320, originalHeight: 240, scale: 1, format: 'jpeg' };
    await this.detectOnce(img, 0);
    const crop = tf.zeros([112, 112, 3], 'float32') as ReturnType<typeof tf.tensor3d>;
    try {
      await this.faceapi.nets.faceLandmark68Net.detectLandmarks(crop);
    } finally {
      crop.dispose();
    }
    const fake: RawFace = { box: { x: 100, y: 60, width: 120, height: 120 }, score: 1, landmarks: [] };
    for (let i = 0; i < 68; i++) fake.landmarks.push([100 + (i % 10) * 12, 60 + Math.floor(i / 10) * 17]);
    await this.embed(img, fake, true);
    if (this.live) await this.live.score(img, fake.box);
  }

  async analyze(image: Uint8Array, opts: AnalyzeOptions = {}): Promise<FaceAnalysis> {
    const t0 = performance.now();
    const img = await decodeImage(image);
    const t1 = performance.now();
    const { raws, padded } = await this.detect(img);
    const faces = raws.map((raw) => ({ raw, face: buildFace(img, raw) }));
    faces.sort((p, q) => {
      const a = p.face.quality;
      const b = q.face.quality;
      if (a.centered !== b.centered) return a.centered ? -1 : 1;
      if (a.centered) return b.faceWidthPx - a.faceWidthPx;
      return a.centerOffset - b.centerOffset;
    });
    const embed = opts.embed ?? 'primary';
    const count = embed === 'all' ? faces.length : embed === 'primary' ? Math.min(1, faces.length) : 0;
    for (let i = 0; i < count; i++) {
      const f = faces[i]!;
      f.face.embedding = await this.embed(img, f.raw, opts.flip ?? false);
    }
    if (this.live && faces[0]) {
      const { real, live } = await this.live.score(img, faces[0].raw.box);
      faces[0].face.liveness = Math.min(real, live);
    }
    return {
      faces: faces.map((f) => f.face),
      width: img.originalWidth,
      height: img.originalHeight,
      decodeMs: t1 - t0,
      analyzeMs: performance.now() - t1,
      padded,
    };
  }

  /** Detect + landmarks on the working image, padding small or face-filled frames. */
  async detect(img: RgbImage): Promise<{ raws: RawFace[]; padded: boolean }> {
    const { padding } = this.spec;
    const small = Math.max(img.width, img.height) <= SMALL_FRAME_PX;
    const padFirst = (padding === 'small' || padding === 'both') && small;
    let raws = await this.detectOnce(img, padFirst ? PAD_FRACTION : 0);
    let padded = padFirst;
    if (raws.length === 0 && !padFirst && (padding === 'retry' || padding === 'both')) {
      raws = await this.detectOnce(img, PAD_FRACTION);
      padded = true;
    }
    return { raws, padded };
  }

  private async detectOnce(img: RgbImage, pad: number): Promise<RawFace[]> {
    const { faceapi } = this;
    const { tf } = faceapi;
    const { image, offsetX, offsetY } = pad > 0 ? padImage(img, pad) : { image: img, offsetX: 0, offsetY: 0 };
    const tensor = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    try {
      const options =
        this.spec.detector === 'tiny'
          ? new faceapi.TinyFaceDetectorOptions({
              inputSize: this.spec.inputSize,
              scoreThreshold: this.spec.minScore,
            })
          : new faceapi.SsdMobilenetv1Options({ minConfidence: this.spec.minScore, maxResults: 20 });
      const found = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks();
      return found.map((r) => {
        const b = r.detection.box;
        return {
          box: { x: b.x - offsetX, y: b.y - offsetY, width: b.width, height: b.height },
          score: r.detection.score,
          landmarks: r.landmarks.positions.map((p): Point => [p.x - offsetX, p.y - offsetY]),
        };
      });
    } finally {
      tensor.dispose();
    }
  }

  /** 128-d descriptor of one face; with `flip`, the mean of the face and its mirror image. */
  async embed(img: RgbImage, raw: RawFace, flip: boolean): Promise<Float32Array> {
    const { tf } = this.faceapi;
    const inputs: Array<ReturnType<typeof tf.tensor3d>> = [];
    try {
      if (this.spec.alignment === 'dlib') {
        const t = dlibChipTransform(raw.landmarks);
        inputs.push(tf.tensor3d(sampleChip(img, t, CHIP_SIZE), [CHIP_SIZE, CHIP_SIZE, 3], 'float32'));
        if (flip)
          inputs.push(tf.tensor3d(sampleChip(img, t, CHIP_SIZE, true), [CHIP_SIZE, CHIP_SIZE, 3], 'float32'));
      } else {
        inputs.push(...(await this.boxCrop(img, raw, flip)));
      }
      const out = await this.faceapi.nets.faceRecognitionNet.computeFaceDescriptor(inputs);
      const list = Array.isArray(out) ? out : [out];
      return averageEmbeddings(list);
    } finally {
      for (const t of inputs) t.dispose();
    }
  }

  /** face-api's own alignment: an axis-aligned square around the landmarks (useDlibAlignment). */
  private async boxCrop(img: RgbImage, raw: RawFace, flip: boolean) {
    const { faceapi } = this;
    const { tf } = faceapi;
    const lm = new faceapi.FaceLandmarks68(
      raw.landmarks.map(([x, y]) => new faceapi.Point(x / img.width, y / img.height)),
      { width: img.width, height: img.height },
    );
    const rect = lm.align(null, { useDlibAlignment: true });
    const tensor = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
    try {
      const [crop] = await faceapi.extractFaceTensors(tensor, [rect]);
      if (!crop) throw new Error('face crop failed');
      if (!flip) return [crop];
      // Same tfjs instance as face-api's; only the typings differ.
      const mirrored = tfjs().reverse(crop as unknown as Tensor3D, 1) as unknown as typeof crop;
      return [crop, mirrored];
    } finally {
      tensor.dispose();
    }
  }

  async close(): Promise<void> {}
}

export function intersectionOverUnion(a: FaceBox, b: FaceBox): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

export function averageEmbeddings(list: Float32Array[]): Float32Array {
  const first = list[0];
  if (!first) throw new Error('no embedding');
  if (list.length === 1) return Float32Array.from(first);
  const out = new Float32Array(first.length);
  for (const e of list) for (let i = 0; i < out.length; i++) out[i] = out[i]! + e[i]! / list.length;
  return out;
}
