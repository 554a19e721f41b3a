import sharp from 'sharp';
import { FaceError } from './errors.ts';

/** Limits from the issue ("Bad input"): > 10 MB or > 20 megapixels is refused before decoding. */
export const IMAGE_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 20_000_000,
  /** Large photos are shrunk to this longest side before detection (gate frames, 640x480, are not). */
  workingMaxSide: 1024,
} as const;

export type ImageLimits = { maxBytes: number; maxPixels: number; workingMaxSide: number };

/** A decoded RGB image at working size; `scale` maps working pixels back to the original (orig = work / scale). */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
  originalWidth: number;
  originalHeight: number;
  scale: number;
  format: 'jpeg' | 'png' | 'webp';
}

type Sniffed = 'jpeg' | 'png' | 'webp' | 'other_image' | 'unknown';

const startsWith = (buf: Uint8Array, bytes: number[], at = 0) => bytes.every((b, i) => buf[at + i] === b);

/** Identify the container by its magic bytes, so sharp only ever sees the three formats we accept. */
export function sniffImage(buf: Uint8Array): Sniffed {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buf, [0x52, 0x49, 0x46, 0x46]) && startsWith(buf, [0x57, 0x45, 0x42, 0x50], 8))
    return 'webp';
  const head = Buffer.from(buf.subarray(0, 64)).toString('latin1');
  if (
    head.startsWith('GIF8') ||
    head.startsWith('BM') ||
    head.startsWith('II*\0') ||
    head.startsWith('MM\0*') ||
    head.slice(4, 8) === 'ftyp' ||
    /^\s*<(\?xml|svg)/i.test(head)
  ) {
    return 'other_image';
  }
  return 'unknown';
}

/** A JPEG must end with the EOI marker (FF D9), possibly followed by padding; otherwise it was cut off. */
function jpegLooksTruncated(buf: Uint8Array): boolean {
  let end = buf.length;
  // Some encoders and cameras append zero padding or a few stray bytes after EOI.
  while (end > 2 && buf[end - 1] === 0x00) end--;
  for (let i = end - 2; i >= Math.max(0, end - 32); i--) {
    if (buf[i] === 0xff && buf[i + 1] === 0xd9) return false;
  }
  return true;
}

function classifySharpError(err: unknown): FaceError {
  const message = err instanceof Error ? err.message : String(err);
  if (/premature end|truncated|unexpected end/i.test(message)) return new FaceError('image_truncated');
  if (/pixel limit|exceeds/i.test(message)) return new FaceError('image_too_many_pixels');
  if (/unsupported image format/i.test(message)) return new FaceError('not_an_image');
  return new FaceError('image_corrupt');
}

/**
 * Check limits, decode (EXIF-rotated) and shrink to the working size, returning packed RGB.
 * Throws FaceError with a specific code for every kind of bad input.
 */
export async function decodeImage(input: Uint8Array, limits: ImageLimits = IMAGE_LIMITS): Promise<RgbImage> {
  if (input.length === 0) throw new FaceError('image_empty');
  if (input.length > limits.maxBytes) throw new FaceError('image_too_large');
  const kind = sniffImage(input);
  if (kind === 'unknown') throw new FaceError('not_an_image');
  if (kind === 'other_image') throw new FaceError('unsupported_image_format');
  if (kind === 'jpeg' && jpegLooksTruncated(input)) throw new FaceError('image_truncated');

  const options = { failOn: 'truncated', limitInputPixels: limits.maxPixels } as const;
  let width: number;
  let height: number;
  let swapSides: boolean;
  try {
    const meta = await sharp(input, { ...options, limitInputPixels: false }).metadata();
    if (!meta.width || !meta.height) throw new FaceError('image_corrupt');
    width = meta.width;
    height = meta.height;
    // EXIF orientations 5-8 rotate by 90 degrees, so the upright image has its sides swapped.
    swapSides = (meta.orientation ?? 1) >= 5;
  } catch (err) {
    throw err instanceof FaceError ? err : classifySharpError(err);
  }
  if (width * height > limits.maxPixels) throw new FaceError('image_too_many_pixels');

  try {
    const { data, info } = await sharp(input, options)
      .rotate()
      .resize({
        width: limits.workingMaxSide,
        height: limits.workingMaxSide,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new FaceError('image_corrupt', `unexpected ${info.channels} channels`);
    const originalWidth = swapSides ? height : width;
    const originalHeight = swapSides ? width : height;
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
      originalWidth,
      originalHeight,
      scale: info.width / originalWidth,
      format: kind,
    };
  } catch (err) {
    throw err instanceof FaceError ? err : classifySharpError(err);
  }
}

/** Surround the image with a flat grey border of `fraction` x side on every side. */
export function padImage(
  img: RgbImage,
  fraction: number,
): { image: RgbImage; offsetX: number; offsetY: number } {
  const padX = Math.round(img.width * fraction);
  const padY = Math.round(img.height * fraction);
  const width = img.width + 2 * padX;
  const height = img.height + 2 * padY;
  const data = new Uint8Array(width * height * 3).fill(128);
  const rowBytes = img.width * 3;
  for (let y = 0; y < img.height; y++) {
    data.set(img.data.subarray(y * rowBytes, (y + 1) * rowBytes), ((y + padY) * width + padX) * 3);
  }
  return { image: { ...img, data, width, height }, offsetX: padX, offsetY: padY };
}
