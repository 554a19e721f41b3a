import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  buildingCreateSchema,
  buildingMapSchema,
  buildingPatchSchema,
  buildingSchema,
  CONTRACT_FILE_MAX_BYTES,
  flatCreateSchema,
  flatPatchSchema,
  importJobSchema,
  IMPORT_FILE_MAX_BYTES,
  moveInSchema,
  moveOutSchema,
  myHouseholdSchema,
  personDetailSchema,
  personInputSchema,
  personPatchSchema,
  registryStatsSchema,
  residencyRowSchema,
  roomDetailSchema,
  searchQuerySchema,
  searchResponseSchema,
  shopCreateSchema,
  shopPatchSchema,
  shopSchema,
  tenancyFieldsSchema,
  tenancyRenewFieldsSchema,
  tenancySchema,
  registryContractMessages as c,
} from '@anju/contracts';
import { eq, inArray, and } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/service.ts';
import { HttpError, notFound, validationFailed } from '../../platform/errors.ts';
import { langOf } from '../../platform/http-errors.ts';
import { platformMessages } from '../../platform/messages.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { callerOf, scopeOf, siteFor } from './caller.ts';
import { readStoredFile } from './files.ts';
import {
  createPerson,
  personDetail,
  personInScope,
  residencyHistory,
  roomInScope,
  updatePerson,
} from './persons.ts';
import {
  buildingMap,
  listBuildings,
  myHousehold,
  registryStats,
  roomDetail,
  search,
  shopList,
} from './queries.ts';
import { registryMessages as m } from './messages.ts';
import { exportRoster, rosterImportJob, startRosterImport } from './roster.ts';
import { waitForImports } from '../../platform/spreadsheet/import-job.ts';
import { households, rooms } from './schema.ts';
import { saveSiteSettings, siteSettingsOf } from './settings.ts';
import {
  addFlat,
  createBuilding,
  createShop,
  deleteBuilding,
  deleteRoom,
  updateBuilding,
  updateFlat,
  updateShop,
} from './structure.ts';
import {
  createTenancy,
  listTenanciesAudited,
  moveIn,
  moveOut,
  renewTenancy,
  tenancyWithHistory,
} from './tenancies.ts';
import { okResponse as okSchema } from '../../platform/route-schemas.ts';
import { readMultipartForm, type UploadedFile } from '../../platform/multipart.ts';

const idParams = z.object({ id: z.uuid(m.key('invalidId')) });
const siteQuery = z.object({ siteId: z.uuid(c.key('id.site')).optional() });
const MB = 1024 * 1024;

/** Multipart form: text fields plus at most one file in the part named "file". */
async function readMultipart(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ fields: Record<string, string>; file: UploadedFile | null }> {
  const { fields, files } = await readMultipartForm(request, {
    files: ['file'],
    maxBytes,
    maxFields: 40,
    fieldSize: 64 * 1024,
    tooLarge: m.msg('file.tooLarge', { mb: Math.round(maxBytes / MB) }),
  });
  return { fields, file: files.file ?? null };
}

/** Validates a plain object with a contract schema, reporting fields as "body.<path>". */
function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationFailed(result.error.issues, ['body']);
}

function jsonField(fields: Record<string, string>, name: string, label: string): unknown {
  const raw = fields[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'validation_error', c.msg('rule.invalid', { label }), [
      { field: `body.${name}`, message: m.msg('form.notJson', { label }) },
    ]);
  }
}

const blankToUndefined = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.trim() === '' ? undefined : v.trim()]));

function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const registryRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  const today = () => shanghaiDate(ctx.now());

  await app.register(multipart, {
    limits: {
      fileSize: Math.max(CONTRACT_FILE_MAX_BYTES, IMPORT_FILE_MAX_BYTES),
      files: 1,
      fields: 40,
      parts: 50,
    },
  });
  // Let a running import finish before the database closes.
  app.addHook('onClose', waitForImports);

  app.get(
    '/buildings',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.buildings'),
        querystring: siteQuery,
        response: { 200: z.object({ items: z.array(buildingSchema) }) },
      },
    },
    async (request) => ({
      items: await listBuildings(ctx.db, scopeOf(callerOf(request), request.query.siteId), today()),
    }),
  );

  // --- structure: buildings, flats and shops (structure.ts) ----------------------------------
  app.post(
    '/buildings',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.createBuilding'),
        body: buildingCreateSchema,
        response: { 201: z.object({ id: z.string(), flats: z.number() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createBuilding(ctx, callerOf(request), request.body)),
  );

  app.patch(
    '/buildings/:id',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.updateBuilding'),
        params: idParams,
        body: buildingPatchSchema,
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => updateBuilding(ctx, callerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/buildings/:id',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.deleteBuilding'),
        params: idParams,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await deleteBuilding(ctx, callerOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/buildings/:id/flats',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.addFlat'),
        params: idParams,
        body: flatCreateSchema,
        response: { 201: z.object({ id: z.string(), label: z.string() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addFlat(ctx, callerOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/rooms/:id',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.updateFlat'),
        params: idParams,
        body: flatPatchSchema,
        response: { 200: z.object({ id: z.string(), label: z.string() }) },
      },
    },
    async (request) => updateFlat(ctx, callerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/rooms/:id',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.deleteRoom'),
        params: idParams,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await deleteRoom(ctx, callerOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/shops',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.createShop'),
        body: shopCreateSchema,
        response: { 201: z.object({ id: z.string(), roomId: z.string(), label: z.string() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await createShop(ctx, callerOf(request), request.body)),
  );

  app.patch(
    '/shops/:id',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.updateShop'),
        params: idParams,
        body: shopPatchSchema,
        response: { 200: z.object({ id: z.string(), roomId: z.string(), label: z.string() }) },
      },
    },
    async (request) => updateShop(ctx, callerOf(request), request.params.id, request.body),
  );

  app.get(
    '/buildings/:id/map',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.buildingMap'),
        params: idParams,
        response: { 200: buildingMapSchema },
      },
    },
    async (request) => buildingMap(ctx.db, callerOf(request).siteIds, request.params.id, today()),
  );

  app.get(
    '/rooms/:id',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.roomDetail'),
        params: idParams,
        response: { 200: roomDetailSchema },
      },
    },
    async (request) => roomDetail(ctx, callerOf(request), request.params.id),
  );

  app.get(
    '/households/:id',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.householdDetail'),
        params: idParams,
        response: { 200: roomDetailSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const [h] = await ctx.db
        .select({ roomId: households.roomId })
        .from(households)
        .where(and(eq(households.id, request.params.id), inArray(households.siteId, caller.siteIds)));
      if (!h) throw notFound(m.msg('household.notFound'));
      return roomDetail(ctx, caller, h.roomId);
    },
  );

  app.get(
    '/rooms/:id/residencies',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.roomResidencies'),
        params: idParams,
        response: { 200: z.object({ items: z.array(residencyRowSchema) }) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const room = await roomInScope(ctx.db, caller, request.params.id, 'params.id');
      const items = await residencyHistory(ctx.db, caller.siteIds, { roomId: room.id }, today(), caller.lang);
      await appendAudit(ctx.db, caller.actor, {
        action: 'room.history_read',
        subjectType: 'room',
        subjectId: room.id,
        fields: ['name', 'residencyType', 'validity'],
        siteId: room.siteId,
      });
      return { items };
    },
  );

  app.post(
    '/rooms/:id/verify',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.verifyRoom'),
        params: idParams,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const room = await roomInScope(ctx.db, caller, request.params.id, 'params.id');
      await ctx.db.update(rooms).set({ verifiedAt: ctx.now() }).where(eq(rooms.id, room.id));
      await appendAudit(ctx.db, caller.actor, {
        action: 'room.verify',
        subjectType: 'room',
        subjectId: room.id,
        fields: ['verifiedAt'],
        siteId: room.siteId,
      });
      return { ok: true as const };
    },
  );

  app.get(
    '/shops',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.shops'),
        querystring: siteQuery.extend({
          q: z.string().trim().max(50).optional(),
          street: z.string().trim().max(20).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: z.object({ items: z.array(shopSchema), total: z.number() }) },
      },
    },
    async (request) => {
      const { siteId, ...q } = request.query;
      return shopList(ctx.db, scopeOf(callerOf(request), siteId), q);
    },
  );

  app.get(
    '/search',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.search'),
        querystring: searchQuerySchema,
        response: { 200: searchResponseSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { q, siteId, limit } = request.query;
      return search(ctx, caller, scopeOf(caller, siteId), q, limit);
    },
  );

  app.post(
    '/persons',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.createPerson'),
        body: personInputSchema,
        response: {
          201: z.object({
            id: z.string(),
            residencyId: z.string().nullable(),
            householdId: z.string().nullable(),
          }),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPerson(ctx, callerOf(request), request.body)),
  );

  app.get(
    '/persons/:id',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.personDetail'),
        params: idParams,
        querystring: z.object({ purpose: z.string().trim().max(100).optional() }),
        response: { 200: personDetailSchema },
      },
    },
    async (request) => personDetail(ctx, callerOf(request), request.params.id, request.query.purpose),
  );

  app.patch(
    '/persons/:id',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.updatePerson'),
        params: idParams,
        body: personPatchSchema,
        response: { 200: z.object({ changedFields: z.array(z.string()) }) },
      },
    },
    async (request) => updatePerson(ctx, callerOf(request), request.params.id, request.body),
  );

  app.get(
    '/persons/:id/residencies',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.personResidencies'),
        params: idParams,
        response: { 200: z.object({ items: z.array(residencyRowSchema) }) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const person = await personInScope(ctx.db, caller, request.params.id);
      const items = await residencyHistory(
        ctx.db,
        caller.siteIds,
        { personId: person.id },
        today(),
        caller.lang,
      );
      await appendAudit(ctx.db, caller.actor, {
        action: 'person.read',
        subjectType: 'person',
        subjectId: person.id,
        fields: ['residencies'],
        siteId: person.siteId,
      });
      return { items };
    },
  );

  app.post(
    '/tenancies',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.createTenancy'),
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ id: z.string(), householdId: z.string() }) },
      },
    },
    async (request, reply) => {
      const { fields, file } = await readMultipart(request, CONTRACT_FILE_MAX_BYTES);
      const parsed = parseBody(tenancyFieldsSchema, {
        ...blankToUndefined(fields),
        tenants: jsonField(fields, 'tenants', c.key('label.tenants')),
      });
      return reply.status(201).send(await createTenancy(ctx, callerOf(request), parsed, file));
    },
  );

  app.get(
    '/tenancies',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.tenancies'),
        querystring: siteQuery.extend({
          filter: z.enum(['all', 'active', 'expiring', 'expired']).default('all'),
          roomId: z.uuid().optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(tenancySchema), total: z.number() }) },
      },
    },
    async (request) => {
      const { siteId, ...q } = request.query;
      const caller = callerOf(request);
      return listTenanciesAudited(ctx, caller, scopeOf(caller, siteId), q, today());
    },
  );

  app.get(
    '/tenancies/:id',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.tenancyDetail'),
        params: idParams,
        response: { 200: tenancySchema.extend({ history: z.array(tenancySchema) }) },
      },
    },
    async (request) => tenancyWithHistory(ctx, callerOf(request), request.params.id, today()),
  );

  app.post(
    '/tenancies/:id/renew',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.renewTenancy'),
        params: idParams,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      let raw: unknown;
      let file: UploadedFile | null = null;
      if (request.isMultipart()) {
        const form = await readMultipart(request, CONTRACT_FILE_MAX_BYTES);
        file = form.file;
        raw = {
          ...blankToUndefined(form.fields),
          tenantPersonIds: jsonField(form.fields, 'tenantPersonIds', c.key('label.tenants')),
        };
      } else raw = request.body ?? {};
      const parsed = parseBody(tenancyRenewFieldsSchema, raw);
      return reply
        .status(201)
        .send(await renewTenancy(ctx, callerOf(request), request.params.id, parsed, file));
    },
  );

  app.post(
    '/move-in',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.moveIn'),
        body: moveInSchema,
        response: { 201: z.object({ residencyId: z.string(), householdId: z.string().nullable() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await moveIn(ctx, callerOf(request), request.body)),
  );

  app.post(
    '/residencies/:id/move-out',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.moveOut'),
        params: idParams,
        body: moveOutSchema,
        response: { 200: z.object({ status: z.enum(['active', 'ended']), validTo: z.string() }) },
      },
    },
    async (request) => moveOut(ctx, callerOf(request), request.params.id, request.body),
  );

  app.get(
    '/files/:id',
    {
      config: { permission: 'registry.read' },
      schema: { tags: ['registry'], summary: m.key('route.file'), params: idParams },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const f = await readStoredFile(ctx.db, ctx.keyring, caller.siteIds, request.params.id);
      await appendAudit(ctx.db, caller.actor, {
        action: 'file.read',
        subjectType: 'file',
        subjectId: request.params.id,
        fields: [f.purpose],
        siteId: f.siteId,
      });
      return reply
        .type(f.mime)
        .header('cache-control', 'no-store')
        .header('content-disposition', contentDisposition('inline', f.fileName ?? 'file'))
        .send(f.bytes);
    },
  );

  app.post(
    '/imports',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.import'),
        consumes: ['multipart/form-data'],
        response: { 202: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { fields, file } = await readMultipart(request, IMPORT_FILE_MAX_BYTES);
      const parsed = parseBody(
        z.object({
          siteId: z.uuid(c.key('id.site')).optional(),
          skipInvalid: z.enum(['true', 'false', '1', '0'], { error: m.key('import.skipInvalid') }).optional(),
        }),
        blankToUndefined(fields),
      );
      const siteId = siteFor(caller, parsed.siteId);
      if (!caller.siteIds.includes(siteId))
        throw new HttpError(403, 'site_forbidden', platformMessages.msg('siteForbidden'));
      if (!file) {
        throw new HttpError(400, 'validation_error', m.msg('import.chooseFile'), [
          { field: 'body.file', message: m.msg('import.chooseFileField') },
        ]);
      }
      const skip = parsed.skipInvalid === 'true' || parsed.skipInvalid === '1';
      return reply.status(202).send(await startRosterImport(ctx, caller, siteId, file, skip, request.log));
    },
  );

  app.get(
    '/imports/:id',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.importJob'),
        params: idParams,
        response: { 200: importJobSchema },
      },
    },
    async (request) => rosterImportJob(ctx.db, callerOf(request).siteIds, request.params.id, langOf(request)),
  );

  app.get(
    '/export',
    {
      config: { permission: 'registry.export' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.export'),
        querystring: siteQuery.extend({
          format: z.enum(['xlsx', 'csv']).default('xlsx'),
          purpose: z.string().trim().max(100).optional(),
        }),
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { siteId, format, purpose } = request.query;
      const out = await exportRoster(ctx, caller, scopeOf(caller, siteId), format, purpose, langOf(request));
      return reply
        .type(out.mime)
        .header('cache-control', 'no-store')
        .header('content-disposition', contentDisposition('attachment', out.fileName))
        .header('x-row-count', String(out.rows))
        .send(out.body);
    },
  );

  app.get(
    '/stats',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.stats'),
        querystring: siteQuery,
        response: { 200: registryStatsSchema },
      },
    },
    async (request) => registryStats(ctx.db, scopeOf(callerOf(request), request.query.siteId), today()),
  );

  app.get(
    '/my-household',
    {
      config: { permission: 'self.household' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.myHousehold'),
        response: { 200: myHouseholdSchema },
      },
    },
    async (request) => myHousehold(ctx, callerOf(request)),
  );

  app.get(
    '/settings',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.settings'),
        querystring: siteQuery,
        response: {
          200: z.object({ siteId: z.string(), cityRegionPrefix: z.string(), cityName: z.string() }),
        },
      },
    },
    async (request) =>
      siteSettingsOf(ctx.db, siteFor(callerOf(request), request.query.siteId, 'query.siteId')),
  );

  app.put(
    '/settings',
    {
      config: { permission: 'sites.manage' },
      schema: {
        tags: ['registry'],
        summary: m.key('route.updateSettings'),
        body: z.object({
          siteId: z.uuid(c.key('id.site')),
          cityRegionPrefix: z.string().regex(/^[1-9]\d{1,5}$/, m.key('settings.regionPrefix')),
          cityName: z.string().trim().min(1, m.key('settings.cityNameRequired')).max(20),
        }),
        response: { 200: okSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      await saveSiteSettings(ctx.db, request.body);
      await appendAudit(ctx.db, caller.actor, {
        action: 'registry.settings_update',
        subjectType: 'site',
        subjectId: request.body.siteId,
        fields: ['cityRegionPrefix', 'cityName'],
        siteId: request.body.siteId,
      });
      return { ok: true as const };
    },
  );
};
