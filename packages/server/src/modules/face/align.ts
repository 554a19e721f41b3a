/**
 * Face alignment and pixel measures in plain JS (no tensors): the dlib "face chip" that the 128-d
 * recogniser (a port of dlib's ResNet) was trained on, pose from 68 landmarks, and blur.
 */
import type { RgbImage } from './image.ts';

export type Point = [number, number];

/** chip -> image: x = a*u - b*v + tx, y = b*u + a*v + ty. */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

// dlib's mean face shape for 68-point landmarks 17..67 (get_face_chip_details, dlib/image_transforms/interpolation.h).
const MEAN_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004,
  0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122,
  0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
  0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532,
  0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
];
const MEAN_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454,
  0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423,
  0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077,
  0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192,
  0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803,
  0.824182,
];
// dlib skips the eyebrows (17-26) and the lower lip (55-59, 65-67).
const CHIP_POINTS = Array.from({ length: 51 }, (_, k) => k + 17).filter(
  (i) => !(i <= 26 || (i >= 55 && i <= 59) || i >= 65),
);

/** dlib's recogniser input: 150 px chip with 0.25 padding (dlib_face_recognition_resnet_model_v1). */
export const CHIP_SIZE = 150;
export const CHIP_PADDING = 0.25;

/** Least-squares similarity transform taking `from` (chip) points onto `to` (image) points. */
export function fitSimilarity(from: Point[], to: Point[]): Similarity {
  const n = from.length;
  let fx = 0;
  let fy = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i]![0];
    fy += from[i]![1];
    tx += to[i]![0];
    ty += to[i]![1];
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  let num1 = 0;
  let num2 = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const sx = from[i]![0] - fx;
    const sy = from[i]![1] - fy;
    const dx = to[i]![0] - tx;
    const dy = to[i]![1] - ty;
    num1 += sx * dx + sy * dy;
    num2 += sx * dy - sy * dx;
    den += sx * sx + sy * sy;
  }
  const a = num1 / den;
  const b = num2 / den;
  return { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) };
}

/** The transform dlib's get_face_chip_details(shape, size, padding) would use for these 68 landmarks. */
export function dlibChipTransform(landmarks: Point[], size = CHIP_SIZE, padding = CHIP_PADDING): Similarity {
  const from: Point[] = [];
  const to: Point[] = [];
  for (const i of CHIP_POINTS) {
    from.push([
      ((padding + MEAN_X[i - 17]!) / (2 * padding + 1)) * size,
      ((padding + MEAN_Y[i - 17]!) / (2 * padding + 1)) * size,
    ]);
    to.push(landmarks[i]!);
  }
  return fitSimilarity(from, to);
}

/**
 * Sample a size x size RGB chip through `t` with bilinear interpolation; when the chip is much smaller
 * than the face, average k x k sub-samples so it is not aliased. Outside the image is black (as dlib).
 */
export function sampleChip(img: RgbImage, t: Similarity, size: number, flip = false): Float32Array {
  const out = new Float32Array(size * size * 3);
  const scale = Math.hypot(t.a, t.b);
  const k = scale > 1.5 ? Math.min(4, Math.ceil(scale)) : 1;
  const { data, width, height } = img;
  const inv = 1 / (k * k);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      let r = 0;
      let g = 0;
      let bl = 0;
      for (let sy = 0; sy < k; sy++) {
        for (let sx = 0; sx < k; sx++) {
          const cu = u + (sx + 0.5) / k - 0.5;
          const cv = v + (sy + 0.5) / k - 0.5;
          const x = t.a * cu - t.b * cv + t.tx;
          const y = t.b * cu + t.a * cv + t.ty;
          const x0 = Math.floor(x);
          const y0 = Math.floor(y);
          const wx = x - x0;
          const wy = y - y0;
          for (let dy = 0; dy < 2; dy++) {
            const yy = y0 + dy;
            if (yy < 0 || yy >= height) continue;
            const w1 = dy ? wy : 1 - wy;
            for (let dx = 0; dx < 2; dx++) {
              const xx = x0 + dx;
              if (xx < 0 || xx >= width) continue;
              const w = w1 * (dx ? wx : 1 - wx);
              const p = (yy * width + xx) * 3;
              r += w * data[p]!;
              g += w * data[p + 1]!;
              bl += w * data[p + 2]!;
            }
          }
        }
      }
      const o = (v * size + (flip ? size - 1 - u : u)) * 3;
      out[o] = r * inv;
      out[o + 1] = g * inv;
      out[o + 2] = bl * inv;
    }
  }
  return out;
}

const mean = (pts: Point[], idx: number[]): Point => {
  let x = 0;
  let y = 0;
  for (const i of idx) {
    x += pts[i]![0];
    y += pts[i]![1];
  }
  return [x / idx.length, y / idx.length];
};
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);

// Nose tip height between the eye line and the mouth corners on dlib's mean frontal face.
const FRONTAL_NOSE_RATIO = 0.523;
// Nose protrusion relative to the eye-to-mouth distance (adult average), for the pitch estimate.
const NOSE_DEPTH_RATIO = 0.43;

/**
 * Rough head pose in degrees from 68 landmarks (no 3D model): yaw from where the nose tip sits between
 * the jaw ends, pitch from the nose tip's height between eyes and mouth, roll from the eye line.
 * Positive yaw = nose towards the image's right; positive pitch = looking down.
 */
export function poseFromLandmarks(pts: Point[]): { yaw: number; pitch: number; roll: number } {
  const eyeL = mean(pts, range(36, 41));
  const eyeR = mean(pts, range(42, 47));
  const rollRad = Math.atan2(eyeR[1] - eyeL[1], eyeR[0] - eyeL[0]);
  const c = Math.cos(-rollRad);
  const s = Math.sin(-rollRad);
  const rot = (p: Point): Point => [c * p[0] - s * p[1], s * p[0] + c * p[1]];
  const jawL = rot(pts[0]!);
  const jawR = rot(pts[16]!);
  const nose = rot(pts[30]!);
  const eyes = rot([(eyeL[0] + eyeR[0]) / 2, (eyeL[1] + eyeR[1]) / 2]);
  const mouth = rot(mean(pts, [48, 54]));
  const half = (jawR[0] - jawL[0]) / 2;
  const yawSin = half > 0 ? (nose[0] - (jawL[0] + jawR[0]) / 2) / half : 0;
  const span = mouth[1] - eyes[1];
  const noseRatio = span > 0 ? (nose[1] - eyes[1]) / span : FRONTAL_NOSE_RATIO;
  const deg = 180 / Math.PI;
  return {
    yaw: Math.asin(Math.max(-1, Math.min(1, yawSin))) * deg,
    pitch: Math.atan((noseRatio - FRONTAL_NOSE_RATIO) / NOSE_DEPTH_RATIO) * deg,
    roll: rollRad * deg,
  };
}

/**
 * Sharpness: variance of the 3x3 Laplacian of the grey face resampled to 96 px, so the value does
 * not depend on the face's size in the frame. Low = blurry.
 */
export function faceChipStats(
  img: RgbImage,
  box: { x: number; y: number; width: number; height: number },
): { blur: number; brightness: number } {
  const n = 96;
  const side = Math.max(box.width, box.height);
  const t: Similarity = {
    a: side / n,
    b: 0,
    tx: box.x + box.width / 2 - side / 2,
    ty: box.y + box.height / 2 - side / 2,
  };
  const rgb = sampleChip(img, t, n);
  const grey = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++)
    grey[i] = 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;
  let sum = 0;
  let sum2 = 0;
  let count = 0;
  for (let y = 1; y < n - 1; y++) {
    for (let x = 1; x < n - 1; x++) {
      const i = y * n + x;
      const lap = grey[i - 1]! + grey[i + 1]! + grey[i - n]! + grey[i + n]! - 4 * grey[i]!;
      sum += lap;
      sum2 += lap * lap;
      count++;
    }
  }
  const m = sum / count;
  // Exposure: mean luma (0-255) of the middle of the face (the inner 60 % of the chip: skin, not
  // hair or background).
  let light = 0;
  let lightCount = 0;
  for (let y = Math.round(n * 0.2); y < Math.round(n * 0.8); y++) {
    for (let x = Math.round(n * 0.2); x < Math.round(n * 0.8); x++) {
      light += grey[y * n + x]!;
      lightCount++;
    }
  }
  return { blur: sum2 / count - m * m, brightness: light / lightCount };
}

export function blurVariance(img: RgbImage, box: { x: number; y: number; width: number; height: number }) {
  return faceChipStats(img, box).blur;
}
