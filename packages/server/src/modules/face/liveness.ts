/**
 * Liveness without running human's whole pipeline: human's antispoof (128 px) and liveness (32 px)
 * graph models, loaded from its npm folder, fed the same kind of crop human gives them (a square
 * around the face, 0..1 RGB) but placed from face-api's box. That saves human's own face detector and
 * mesh (~40 ms a frame). Agreement with human's own scores is measured in bench/README-face.md.
 * Neither model has been validated against real spoofs (no spoof samples exist here).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GraphModel } from '@tensorflow/tfjs';
import { type Similarity, sampleChip } from './align.ts';
import type { FaceBox } from './engine.ts';
import type { RgbImage } from './image.ts';
import { humanModelDir, tfjs } from './runtime.ts';

/** human crops the face at 192 px (facemesh input) before resizing for these models. */
const CROP_PX = 192;
/**
 * Crop side / face-api tiny box width, and vertical shift of the crop centre (fraction of box height),
 * calibrated so the scores agree with human's own on the dev set (bench/face-liveness-check.ts).
 */
export const LIVENESS_CROP = { scale: 1.2, shiftY: 0 };

interface ModelJson {
  modelTopology: unknown;
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: unknown;
  weightsManifest: Array<{ paths: string[]; weights: unknown[] }>;
}

async function loadGraph(name: string): Promise<GraphModel> {
  const tf = tfjs();
  const dir = humanModelDir();
  const json = JSON.parse(await readFile(path.join(dir, `${name}.json`), 'utf8')) as ModelJson;
  const parts = await Promise.all(
    json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(path.join(dir, p))),
  );
  const weights = Buffer.concat(parts);
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology as object,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as never,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
    }),
  );
}

export class LivenessModels {
  private constructor(
    private readonly antispoof: GraphModel,
    private readonly live: GraphModel,
  ) {}

  static async load(): Promise<LivenessModels> {
    return new LivenessModels(await loadGraph('antispoof'), await loadGraph('liveness'));
  }

  /** Scores for the face in `box` (working-image pixels): real (antispoof) and live, each 0..1. */
  async score(img: RgbImage, box: FaceBox, crop = LIVENESS_CROP): Promise<{ real: number; live: number }> {
    const tf = tfjs();
    const side = box.width * crop.scale;
    const t: Similarity = {
      a: side / CROP_PX,
      b: 0,
      tx: box.x + box.width / 2 - side / 2,
      ty: box.y + box.height / 2 + crop.shiftY * box.height - side / 2,
    };
    const rgb = sampleChip(img, t, CROP_PX);
    for (let i = 0; i < rgb.length; i++) rgb[i] = rgb[i]! / 255;
    const input = tf.tensor4d(rgb, [1, CROP_PX, CROP_PX, 3]);
    try {
      const results = tf.tidy(() => {
        const a = this.antispoof.execute(tf.image.resizeBilinear(input, [128, 128])) as ReturnType<
          typeof tf.tensor
        >;
        const l = this.live.execute(tf.image.resizeBilinear(input, [32, 32])) as ReturnType<typeof tf.tensor>;
        return [a, l];
      });
      const [a, l] = await Promise.all(results.map((r) => r.data()));
      tf.dispose(results);
      return { real: a![0]!, live: l![0]! };
    } finally {
      input.dispose();
    }
  }
}
