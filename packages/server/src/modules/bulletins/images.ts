import { POST_IMAGE_MAX_BYTES, postImageUrl, type PostImage } from '@anju/contracts';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { Db } from '../../db/client.ts';
import { HttpError } from '../../platform/errors.ts';
import { bulletinMessages as m } from './messages.ts';
import { bulletinImages } from './schema.ts';

export const IMAGE_MIN_PX = 16;
export const IMAGE_MAX_PX = 8000;
/** Stored images are at most this wide/high: a board never needs more. */
const STORED_MAX_PX = 1920;

const field = 'body.file';
const notImage = () =>
  new HttpError(415, 'unsupported_media_type', m.msg('error.imageNotImage'), [
    { field, message: m.msg('error.imageNotImage') },
  ]);

export const imageTooLarge = () => m.msg('error.imageTooLarge', { mb: POST_IMAGE_MAX_BYTES / 1024 / 1024 });

/**
 * Checks an upload by content (sharp must read it as PNG, JPEG or WebP, whatever its name says),
 * then re-encodes it to WebP: metadata (EXIF, GPS) and anything hidden after the pixels is gone.
 */
export async function storeImage(db: Db, siteId: string, bytes: Buffer, userId: string): Promise<PostImage> {
  const meta = await sharp(bytes, { limitInputPixels: IMAGE_MAX_PX * IMAGE_MAX_PX })
    .metadata()
    .catch(() => null);
  if (!meta || !['png', 'jpeg', 'webp'].includes(meta.format ?? '')) throw notImage();
  const { width = 0, height = 0 } = meta;
  if (width < IMAGE_MIN_PX || height < IMAGE_MIN_PX || width > IMAGE_MAX_PX || height > IMAGE_MAX_PX) {
    const msg = m.msg('error.imageBadSize', { min: IMAGE_MIN_PX, max: IMAGE_MAX_PX });
    throw new HttpError(400, 'validation_error', msg, [{ field, message: msg }]);
  }
  const out = await sharp(bytes, { limitInputPixels: IMAGE_MAX_PX * IMAGE_MAX_PX })
    .rotate()
    .resize({ width: STORED_MAX_PX, height: STORED_MAX_PX, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 82 })
    .toBuffer({ resolveWithObject: true })
    .catch(() => {
      throw notImage();
    });
  const [row] = await db
    .insert(bulletinImages)
    .values({
      siteId,
      contentType: 'image/webp',
      width: out.info.width,
      height: out.info.height,
      bytes: out.data,
      uploadedById: userId,
    })
    .returning({ id: bulletinImages.id });
  return { id: row!.id, url: postImageUrl(row!.id), width: out.info.width, height: out.info.height };
}

export async function imageBytes(db: Db, id: string) {
  const [row] = await db
    .select({ bytes: bulletinImages.bytes, contentType: bulletinImages.contentType })
    .from(bulletinImages)
    .where(eq(bulletinImages.id, id));
  if (!row) throw new HttpError(404, 'not_found', m.msg('error.imageNotFound'));
  return row;
}
