import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FaceError } from './errors.ts';
import { decodeImage, IMAGE_LIMITS, padImage } from './image.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const DEV = path.resolve(repoRoot, '../shared/faces/dev');

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(FaceError);
    return (err as FaceError).code;
  }
  return 'no error';
}

const jpeg = (width: number, height: number, quality = 80) =>
  sharp({ create: { width, height, channels: 3, background: { r: 90, g: 120, b: 150 } } })
    .jpeg({ quality })
    .toBuffer();

describe('decodeImage', () => {
  it('decodes a JPEG to packed RGB at working size', async () => {
    const img = await decodeImage(await jpeg(640, 480));
    expect(img).toMatchObject({ width: 640, height: 480, originalWidth: 640, originalHeight: 480, scale: 1 });
    expect(img.data.length).toBe(640 * 480 * 3);
  });

  it('shrinks large photos to the working size', async () => {
    const img = await decodeImage(await jpeg(4000, 3000));
    expect(Math.max(img.width, img.height)).toBe(IMAGE_LIMITS.workingMaxSide);
    expect(img.originalWidth).toBe(4000);
    expect(img.scale).toBeCloseTo(IMAGE_LIMITS.workingMaxSide / 4000, 5);
  });

  it('applies EXIF orientation', async () => {
    const rotated = await sharp(await jpeg(300, 200))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const img = await decodeImage(rotated);
    expect([img.width, img.height, img.originalWidth, img.originalHeight]).toEqual([200, 300, 200, 300]);
  });

  it('turns greyscale and RGBA PNG into 3 channels', async () => {
    const png = await sharp({
      create: { width: 20, height: 10, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    expect((await decodeImage(png)).data.length).toBe(20 * 10 * 3);
    const grey = await sharp(await jpeg(20, 10))
      .greyscale()
      .jpeg()
      .toBuffer();
    expect((await decodeImage(grey)).data.length).toBe(20 * 10 * 3);
  });

  it('gives a specific code for each kind of bad input', async () => {
    expect(await codeOf(decodeImage(new Uint8Array(0)))).toBe('image_empty');
    expect(await codeOf(decodeImage(Buffer.from('this is not an image, just text')))).toBe('not_an_image');
    expect(await codeOf(decodeImage(Buffer.from('%PDF-1.7 fake')))).toBe('not_an_image');
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } })
      .gif()
      .toBuffer();
    expect(await codeOf(decodeImage(gif))).toBe('unsupported_image_format');

    const whole = await jpeg(640, 480);
    expect(await codeOf(decodeImage(whole.subarray(0, Math.floor(whole.length * 0.6))))).toBe(
      'image_truncated',
    );
    const garbled = Buffer.from(whole);
    for (let i = 20; i < garbled.length - 2; i++) garbled[i] = (i * 131) & 0xff;
    expect(await codeOf(decodeImage(garbled))).toBe('image_corrupt');

    // > 10 MB of bytes is refused before any decoding.
    const huge = Buffer.alloc(IMAGE_LIMITS.maxBytes + 1);
    whole.copy(huge);
    expect(await codeOf(decodeImage(huge))).toBe('image_too_large');
    // > 20 megapixels (a small file: one flat colour).
    expect(await codeOf(decodeImage(await jpeg(5000, 4100, 30)))).toBe('image_too_many_pixels');
  });

  it.skipIf(!existsSync(DEV))('decodes real (including progressive) dev photos', async () => {
    const img = await decodeImage(readFileSync(path.join(DEV, 'deepface_12/3.jpg')));
    expect(img.originalWidth * img.originalHeight).toBeGreaterThan(10_000_000);
    expect(Math.max(img.width, img.height)).toBe(IMAGE_LIMITS.workingMaxSide);
    const real = readFileSync(path.join(DEV, 'Abdullah_Gul/1.jpg'));
    expect(await codeOf(decodeImage(real.subarray(0, real.length - 200)))).toBe('image_truncated');
  });
});

describe('padImage', () => {
  it('adds a grey border and keeps the pixels', async () => {
    const img = await decodeImage(await jpeg(10, 8));
    const { image, offsetX, offsetY } = padImage(img, 0.5);
    expect([image.width, image.height, offsetX, offsetY]).toEqual([20, 16, 5, 4]);
    expect(image.data[0]).toBe(128);
    const inner = ((offsetY + 2) * image.width + offsetX + 3) * 3;
    const orig = (2 * img.width + 3) * 3;
    expect(Array.from(image.data.subarray(inner, inner + 3))).toEqual(
      Array.from(img.data.subarray(orig, orig + 3)),
    );
  });
});
