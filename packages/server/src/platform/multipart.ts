import type { Message } from '@anju/contracts';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';
import { platformMessages as m } from './messages.ts';

/** A file taken from a multipart form, with the name the sender gave it. */
export interface UploadedFile {
  bytes: Buffer;
  fileName: string | null;
}

export interface FormLimits {
  /** the file parts wanted, by field name; other file parts are read and dropped */
  files: readonly string[];
  /** per file */
  maxBytes: number;
  maxFields?: number;
  /** per text field */
  fieldSize?: number;
  /** what a too-large file is told (default: "exceeds the N MB limit") */
  tooLarge?: Message;
}

/**
 * Reads a multipart form: its text fields and the named files, each within the size limit.
 * Every upload route uses this one reader, so a wrong content type (415), a file over the limit
 * (413, on the file's field) and too many parts (400) answer the same way everywhere; what a file
 * must contain is checked by the route (by content, not by name).
 */
export async function readMultipartForm(
  request: FastifyRequest,
  limits: FormLimits,
): Promise<{ fields: Record<string, string>; files: Record<string, UploadedFile> }> {
  if (!request.isMultipart()) {
    throw new HttpError(415, 'unsupported_media_type', m.msg('upload.multipartRequired'));
  }
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  // Which file was being read when a limit was hit, to name the field in the error.
  let current = limits.files[0] ?? 'file';
  try {
    for await (const part of request.parts({
      limits: {
        fileSize: limits.maxBytes,
        files: limits.files.length,
        fields: limits.maxFields ?? 20,
        fieldSize: limits.fieldSize ?? 16 * 1024,
      },
    })) {
      if (part.type === 'file') {
        current = part.fieldname;
        const bytes = await part.toBuffer();
        if (limits.files.includes(part.fieldname) && bytes.length > 0) {
          files[part.fieldname] = { bytes, fileName: part.filename || null };
        }
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      const message =
        limits.tooLarge ?? m.msg('upload.tooLarge', { mb: Math.round(limits.maxBytes / 1024 / 1024) });
      throw new HttpError(413, 'file_too_large', message, [{ field: `body.${current}`, message }]);
    }
    if (code === 'FST_FILES_LIMIT') {
      const message = m.msg('upload.tooManyFiles', { max: limits.files.length });
      throw new HttpError(400, 'validation_error', message, [{ field: `body.${current}`, message }]);
    }
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new HttpError(400, 'validation_error', m.msg('upload.tooManyFields'));
    }
    throw error;
  }
  return { fields, files };
}
