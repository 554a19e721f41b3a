import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  IMPORT_FILE_MAX_BYTES,
  INCIDENT_IMPORT_MODES,
  incidentImportJobSchema,
  incidentImportMappingSchema,
  incidentImportPreviewSchema,
  incidentSiteQuerySchema,
} from '@anju/contracts';
import { z } from 'zod';
import { HttpError, validationFailed } from '../../../platform/errors.ts';
import { langOf } from '../../../platform/http-errors.ts';
import { platformMessages } from '../../../platform/messages.ts';
import { readMultipartForm, type UploadedFile } from '../../../platform/multipart.ts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { waitForImports } from '../../../platform/spreadsheet/import-job.ts';
import { incidentImportJob, previewImport, startIncidentImport } from '../import.ts';
import { incidentMessages as m } from '../messages.ts';
import type { Caller } from '../scope.ts';
import { callerOf, TAGS } from './shared.ts';

/** The form of both steps: `siteId` (one of the caller's sites), the `file`, and the other fields. */
async function importForm(
  request: FastifyRequest,
  caller: Caller,
): Promise<{ siteId: string; file: UploadedFile; fields: Record<string, string> }> {
  const { fields, files } = await readMultipartForm(request, {
    files: ['file'],
    maxBytes: IMPORT_FILE_MAX_BYTES,
    maxFields: 5,
  });
  const site = incidentSiteQuerySchema.safeParse({ siteId: fields.siteId });
  if (!site.success) throw validationFailed(site.error.issues, ['body']);
  if (!caller.siteIds.includes(site.data.siteId))
    throw new HttpError(403, 'site_forbidden', platformMessages.msg('siteForbidden'));
  const file = files.file;
  if (!file)
    throw new HttpError(400, 'validation_error', m.msg('import.chooseFile'), [
      { field: 'body.file', message: m.msg('import.chooseFile') },
    ]);
  return { siteId: site.data.siteId, file, fields };
}

/** The mapping field: JSON of field → 0-based column. */
function mappingOf(raw: string | undefined) {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '');
  } catch {
    throw new HttpError(400, 'validation_error', m.msg('import.mappingNotJson'), [
      { field: 'body.mapping', message: m.msg('import.mappingNotJson') },
    ]);
  }
  const parsed = incidentImportMappingSchema.safeParse(value);
  if (!parsed.success) throw validationFailed(parsed.error.issues, ['body', 'mapping']);
  return parsed.data;
}

/**
 * The import of dispatch exports (import.ts): read the header and guess the mapping, start the
 * job, follow its progress. Uploads are multipart (`file`, `siteId`, and `mapping`, `mode`).
 */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  await app.register(multipart, {
    limits: { fileSize: IMPORT_FILE_MAX_BYTES, files: 1, fields: 5, parts: 6 },
  });
  // Let a running import finish before the database closes.
  app.addHook('onClose', waitForImports);

  app.post(
    '/imports/preview',
    {
      config: { permission: 'incidents.import' },
      schema: {
        tags: TAGS,
        summary: m.key('route.importPreview'),
        consumes: ['multipart/form-data'],
        response: { 200: incidentImportPreviewSchema },
      },
    },
    async (request) => {
      const { file } = await importForm(request, callerOf(request));
      return previewImport(file.bytes, file.fileName);
    },
  );

  app.post(
    '/imports',
    {
      config: { permission: 'incidents.import' },
      schema: {
        tags: TAGS,
        summary: m.key('route.import'),
        consumes: ['multipart/form-data'],
        response: { 202: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { siteId, file, fields } = await importForm(request, caller);
      const mapping = mappingOf(fields.mapping);
      const mode = z
        .enum(INCIDENT_IMPORT_MODES, { error: m.key('import.modeInvalid') })
        .safeParse(fields.mode);
      if (!mode.success) throw validationFailed(mode.error.issues, ['body', 'mode']);
      const job = await startIncidentImport(ctx, caller, siteId, file, mapping, mode.data, request.log);
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/imports/:id',
    {
      config: { permission: 'incidents.import' },
      schema: {
        tags: TAGS,
        summary: m.key('route.importJob'),
        params: uuidParam('id'),
        response: { 200: incidentImportJobSchema },
      },
    },
    async (request) =>
      incidentImportJob(ctx.db, callerOf(request).siteIds, request.params.id, langOf(request)),
  );
};
