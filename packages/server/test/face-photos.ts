/**
 * Photos for the kiosk face tests and benches, made at run time from ../shared/faces/dev (never
 * copied into the repo): a kiosk camera frame, an ID-card chip photo (102x126), and ID-standard
 * portraits plus the crafted ways they fail.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export const DEV_FACES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/faces/dev',
);
export const haveDevFaces = existsSync(path.join(DEV_FACES, 'enrolled.txt'));
export const devPhoto = (rel: string): Buffer => readFileSync(path.join(DEV_FACES, rel));

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A kiosk / door camera frame: the photo at about 300 px on a 640x480 grey background (tests, bench:gate, bench:kiosk, bench:kiosk-face). */
export async function cameraFrame(bytes: Uint8Array): Promise<Buffer> {
  const face = await sharp(bytes).rotate().resize(300, 300, { fit: 'inside' }).toBuffer();
  const meta = await sharp(face).metadata();
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#8a8f94' } })
    .composite([
      {
        input: face,
        left: Math.round((640 - (meta.width ?? 300)) / 2),
        top: Math.round((480 - (meta.height ?? 300)) / 2),
      },
    ])
    .jpeg({ quality: 85 })
    .toBuffer();
}

/**
 * A crop of `bytes` framed like an ID photo around the face `box` (original pixels): the face box
 * `faceFraction` of the width, its centre at `centreY` of the height.
 */
async function framed(
  bytes: Uint8Array,
  box: Box,
  outW: number,
  outH: number,
  faceFraction: number,
  centreY = 0.55,
): Promise<Buffer> {
  const { data, info } = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true });
  let w = box.width / faceFraction;
  let h = (w * outH) / outW;
  const s = Math.min(1, info.width / w, info.height / h);
  w *= s;
  h *= s;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const left = Math.min(Math.max(0, cx - w / 2), info.width - w);
  const top = Math.min(Math.max(0, cy - centreY * h), info.height - h);
  return sharp(data)
    .extract({ left: Math.round(left), top: Math.round(top), width: Math.floor(w), height: Math.floor(h) })
    .resize(outW, outH, { fit: 'cover' })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A 二代证 chip photo: 102x126 colour JPEG, ID framing. Without a box: a centre crop. */
export async function chipPhotoOf(bytes: Uint8Array, box?: Box): Promise<Buffer> {
  if (box) return framed(bytes, box, 102, 126, 0.55);
  return sharp(bytes).rotate().resize(102, 126, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
}

/**
 * An ID-standard portrait (358x441, the 二代证 photo size) of the face in `box`: ID framing, and
 * everything outside the head (an ellipse around the face box, hair included) and above the chin
 * replaced by a white background with a soft edge.
 */
export async function idPortrait(bytes: Uint8Array, box: Box): Promise<Buffer> {
  const W = 358;
  const H = 441;
  const crop = await framed(bytes, box, W, H, 0.55, 0.55);
  const { data } = await sharp(crop).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  // Face box in the portrait: width 0.55 W, centre at (0.5 + shift) W, 0.55 H.
  const fw = 0.55 * W;
  const fh = (fw * box.height) / box.width;
  const cx = 0.5 * W;
  const cy = 0.55 * H - 0.15 * fh;
  const rx = 0.72 * fw;
  const ry = 0.95 * fh;
  const chin = 0.55 * H + 0.5 * fh;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const d = Math.hypot((x - cx) / rx, (y - cy) / ry);
      // 1 inside the head, 0 outside, soft over ~6 % of the radius; below the chin the photo stays.
      const keep = y > chin ? 1 : Math.min(1, Math.max(0, (1.06 - d) / 0.06));
      const i = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) data[i + c] = Math.round(data[i + c]! * keep + 244 * (1 - keep));
    }
  }
  return sharp(data, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The same portrait much darker (under-exposed). */
export const darkened = (bytes: Uint8Array) => sharp(bytes).linear(0.3, 0).jpeg({ quality: 90 }).toBuffer();

/** The portrait shrunk to half size into the middle of a light canvas of the same size (face too small). */
export async function tinyFace(bytes: Uint8Array): Promise<Buffer> {
  const meta = await sharp(bytes).metadata();
  const W = meta.width!;
  const H = meta.height!;
  const small = await sharp(bytes)
    .resize(Math.round(W / 2), Math.round(H / 2))
    .toBuffer();
  return sharp({ create: { width: W, height: H, channels: 3, background: '#f4f4f4' } })
    .composite([{ input: small, left: Math.round(W / 4), top: Math.round(H / 4) }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The portrait moved sideways by `fraction` of its width (light background filled in). */
export async function offCentre(bytes: Uint8Array, fraction = 0.22): Promise<Buffer> {
  const meta = await sharp(bytes).metadata();
  const W = meta.width!;
  const H = meta.height!;
  const dx = Math.round(W * fraction);
  const kept = await sharp(bytes)
    .extract({ left: 0, top: 0, width: W - dx, height: H })
    .toBuffer();
  return sharp({ create: { width: W, height: H, channels: 3, background: '#f4f4f4' } })
    .composite([{ input: kept, left: dx, top: 0 }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The portrait on a busy background: deterministic coloured stripes and blocks outside the head. */
export async function busyBackground(portrait: Uint8Array): Promise<Buffer> {
  const { data, info } = await sharp(portrait).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: W, height: H } = info;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      // Only what is (near) the white background of the portrait.
      if (data[i]! < 225 || data[i + 1]! < 225 || data[i + 2]! < 225) continue;
      const stripe = (Math.floor(x / 9) + Math.floor(y / 13)) % 3;
      data[i] = stripe === 0 ? 40 : stripe === 1 ? 200 : 120;
      data[i + 1] = stripe === 0 ? 90 : stripe === 1 ? 60 : 180;
      data[i + 2] = stripe === 0 ? 160 : stripe === 1 ? 50 : 90;
    }
  }
  return sharp(data, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}
