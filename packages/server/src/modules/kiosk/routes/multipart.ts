import type { FastifyRequest } from 'fastify';
import { readMultipartForm } from '../../../platform/multipart.ts';

/** Photos from the kiosk's camera, the card's chip or the applicant's upload. */
export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/** A kiosk form through the platform's one multipart reader: text fields and the named images' bytes. */
export async function readForm(
  request: FastifyRequest,
  fileNames: readonly string[],
): Promise<{ fields: Record<string, string>; files: Record<string, Buffer> }> {
  const form = await readMultipartForm(request, {
    files: fileNames,
    maxBytes: IMAGE_MAX_BYTES,
    maxFields: 10,
  });
  const files: Record<string, Buffer> = {};
  for (const [name, file] of Object.entries(form.files)) files[name] = file.bytes;
  return { fields: form.fields, files };
}
