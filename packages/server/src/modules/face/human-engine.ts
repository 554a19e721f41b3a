/**
 * Alternatives measured against the chosen face-api pipeline (bench/README-face.md):
 * - 'human': @vladmandic/human blazeface + mesh + faceres (1024-d, cosine), optional antispoof/liveness;
 * - 'hybrid': human finds the face (and scores liveness), face-api puts its 68 landmarks on human's box,
 *   then the same dlib chip + 128-d recogniser as the chosen pipeline (face-api does its own alignment).
 */
import type { Human } from '@vladmandic/human';
import { CHIP_SIZE, faceChipStats, dlibChipTransform, type Point, sampleChip } from './align.ts';
import type { AnalyzedFace, AnalyzeOptions, EngineSpec, FaceAnalysis, FaceEngine, Metric } from './engine.ts';
import { averageEmbeddings, buildFace, type RawFace } from './faceapi-engine.ts';
import { decodeImage, type RgbImage } from './image.ts';
import { createHuman } from './human-runtime.ts';
import { type FaceApi, humanVersion, loadFaceApiNets, packageVersion } from './runtime.ts';

type HumanSpec = Extract<EngineSpec, { kind: 'human' | 'hybrid' }>;

export class HumanEngine implements FaceEngine {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly embeddingDim: number;
  readonly metric: Metric;
  readonly hasLiveness: boolean;

  private constructor(
    private readonly human: Human,
    private readonly faceapi: FaceApi | undefined,
    spec: HumanSpec,
  ) {
    this.hasLiveness = spec.liveness ?? false;
    if (spec.kind === 'human') {
      this.modelId = 'human-faceres1024';
      this.embeddingDim = 1024;
      this.metric = 'cosine';
      this.modelVersion = `${humanVersion()}/blazeface`;
    } else {
      this.modelId = 'faceapi-rec128-dlibchip';
      this.embeddingDim = 128;
      this.metric = 'euclidean';
      this.modelVersion = `${packageVersion('@vladmandic/face-api')}/human-${humanVersion()}-blazeface`;
    }
  }

  static async create(spec: HumanSpec): Promise<HumanEngine> {
    const human = await createHuman({
      liveness: spec.liveness ?? false,
      minScore: spec.minScore ?? 0.3,
      describe: spec.kind === 'human',
      mesh: true,
    });
    const faceapi =
      spec.kind === 'hybrid' ? await loadFaceApiNets(['faceLandmark68Net', 'faceRecognitionNet']) : undefined;
    const engine = new HumanEngine(human, faceapi, spec);
    // First inference is slow (weights move into the WASM heap); pay it at start-up.
    const blank = human.tf.zeros([240, 320, 3], 'int32');
    try {
      await human.detect(blank as never);
    } finally {
      human.tf.dispose(blank);
    }
    return engine;
  }

  async analyze(image: Uint8Array, opts: AnalyzeOptions = {}): Promise<FaceAnalysis> {
    const t0 = performance.now();
    const img = await decodeImage(image);
    const t1 = performance.now();
    const tf = this.human.tf as FaceApi['tf'];
    const tensor = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
    const faces: Array<{ face: AnalyzedFace; raw?: RawFace; embedding?: number[] }> = [];
    try {
      const result = await this.human.detect(tensor as never);
      for (const f of result.face) {
        const [x, y, width, height] = f.box;
        const box = { x, y, width, height };
        let raw: RawFace | undefined;
        let face: AnalyzedFace;
        if (this.faceapi) {
          const landmarks = await this.landmarksOnBox(tensor, img, box);
          raw = { box, score: f.boxScore ?? f.score, landmarks };
          face = buildFace(img, raw);
        } else {
          const angle = f.rotation?.angle ?? { yaw: 0, pitch: 0, roll: 0 };
          const deg = 180 / Math.PI;
          const s = 1 / img.scale;
          const cx = img.width / 2;
          const cy = img.height / 2;
          face = {
            box: { x: x * s, y: y * s, width: width * s, height: height * s },
            quality: {
              faceWidthPx: width * s,
              yaw: angle.yaw * deg,
              pitch: angle.pitch * deg,
              roll: angle.roll * deg,
              ...faceChipStats(img, box),
              centered: cx >= x && cx <= x + width && cy >= y && cy <= y + height,
              centerOffset:
                Math.hypot(x + width / 2 - cx, y + height / 2 - cy) / Math.hypot(img.width, img.height),
              detectionScore: f.boxScore ?? f.score,
            },
          };
        }
        if (this.hasLiveness) face.liveness = Math.min(f.real ?? 0, f.live ?? 0);
        faces.push({ face, raw, embedding: f.embedding });
      }
    } finally {
      tensor.dispose();
    }
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
      if (f.raw) f.face.embedding = await this.embedChip(img, f.raw.landmarks, opts.flip ?? false);
      else if (f.embedding) f.face.embedding = Float32Array.from(f.embedding);
    }
    return {
      faces: faces.map((f) => f.face),
      width: img.originalWidth,
      height: img.originalHeight,
      decodeMs: t1 - t0,
      analyzeMs: performance.now() - t1,
      padded: false,
    };
  }

  /** face-api's 68-point landmarks on a square around human's (tighter) blazeface box. */
  private async landmarksOnBox(
    tensor: ReturnType<FaceApi['tf']['tensor3d']>,
    img: RgbImage,
    box: { x: number; y: number; width: number; height: number },
  ): Promise<Point[]> {
    const faceapi = this.faceapi!;
    const side = Math.max(box.width, box.height) * 1.15;
    const x = Math.max(0, box.x + box.width / 2 - side / 2);
    const y = Math.max(0, box.y + box.height / 2 - side / 2 + box.height * 0.05);
    const rect = new faceapi.Rect(x, y, Math.min(side, img.width - x), Math.min(side, img.height - y));
    const [crop] = await faceapi.extractFaceTensors(tensor, [rect]);
    if (!crop) return [];
    try {
      const lm = (await faceapi.nets.faceLandmark68Net.detectLandmarks(crop)) as InstanceType<
        FaceApi['FaceLandmarks68']
      >;
      // detectLandmarks answers in crop pixels.
      return lm.positions.map((p): Point => [p.x + rect.x, p.y + rect.y]);
    } finally {
      crop.dispose();
    }
  }

  private async embedChip(img: RgbImage, landmarks: Point[], flip: boolean): Promise<Float32Array> {
    const faceapi = this.faceapi!;
    const { tf } = faceapi;
    const t = dlibChipTransform(landmarks);
    const inputs = [tf.tensor3d(sampleChip(img, t, CHIP_SIZE), [CHIP_SIZE, CHIP_SIZE, 3], 'float32')];
    if (flip)
      inputs.push(tf.tensor3d(sampleChip(img, t, CHIP_SIZE, true), [CHIP_SIZE, CHIP_SIZE, 3], 'float32'));
    try {
      const out = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(inputs);
      return averageEmbeddings(Array.isArray(out) ? out : [out]);
    } finally {
      for (const x of inputs) x.dispose();
    }
  }

  async close(): Promise<void> {}
}
