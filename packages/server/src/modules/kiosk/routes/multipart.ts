import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../../platform/errors.ts';
import { kioskIdentityServerMessages as m } from '../identity.messages.ts';

export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/** Multipart form: text fields and the named files (others are read and dropped). */
export async function readForm(
  request: FastifyRequest,
  fileNames: readonly string[],
  maxBytes = IMAGE_MAX_BYTES,
): Promise<{ fields: Record<string, string>; files: Record<string, Buffer> }> {
  if (!request.isMultipart()) {
    throw new HttpError(415, 'unsupported_media_type', m.msg('form.multipartRequired'));
  }
  const fields: Record<string, string> = {};
  const files: Record<string, Buffer> = {};
  try {
    for await (const part of request.parts({
      limits: { fileSize: maxBytes, files: fileNames.length, fields: 10, fieldSize: 16 * 1024 },
    })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (fileNames.includes(part.fieldname) && bytes.length > 0) files[part.fieldname] = bytes;
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      const message = m.msg('form.tooLarge', { mb: Math.round(maxBytes / 1024 / 1024) });
      throw new HttpError(413, 'file_too_large', message);
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new HttpError(400, 'validation_error', m.msg('form.tooManyParts'));
    }
    throw error;
  }
  return { fields, files };
}
