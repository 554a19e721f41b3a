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
  type ErrorDetail,
} from '@anju/contracts';
import { eq, inArray, and } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/service.ts';
import { HttpError, notFound } from '../../platform/errors.ts';
import { langOf } from '../../platform/http-errors.ts';
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
import { exportRoster, importJob, runningImports, startImport } from './roster.ts';
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
  type UploadedFile,
} from './tenancies.ts';

const idParams = z.object({ id: z.uuid('编号无效') });
const siteQuery = z.object({ siteId: z.uuid('小区编号无效').optional() });
const okSchema = z.object({ ok: z.literal(true) });
const MB = 1024 * 1024;

/** Multipart form: text fields plus at most one file in the part named "file". */
async function readMultipart(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ fields: Record<string, string>; file: UploadedFile | null }> {
  if (!request.isMultipart()) {
    throw new HttpError(415, 'unsupported_media_type', '请以 multipart/form-data 提交（含文件）');
  }
  const fields: Record<string, string> = {};
  let file: UploadedFile | null = null;
  const tooLarge = `文件超过 ${Math.round(maxBytes / MB)} MB 上限`;
  try {
    for await (const part of request.parts({
      limits: { fileSize: maxBytes, files: 1, fields: 40, fieldSize: 64 * 1024 },
    })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file') file = { bytes, fileName: part.filename || null };
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new HttpError(413, 'file_too_large', tooLarge, [{ field: 'body.file', message: tooLarge }]);
    }
    if (code === 'FST_FILES_LIMIT') {
      throw new HttpError(400, 'validation_error', '只能上传一个文件', [
        { field: 'body.file', message: '只能上传一个文件' },
      ]);
    }
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new HttpError(400, 'validation_error', '表单字段过多');
    }
    throw error;
  }
  return { fields, file };
}

/** Validates a plain object with a contract schema, reporting fields as "body.<path>". */
function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((i) => ({
    field: ['body', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw new HttpError(
    400,
    'validation_error',
    details.map((d) => `${d.field}: ${d.message}`).join('; '),
    details,
  );
}

function jsonField(fields: Record<string, string>, name: string, label: string): unknown {
  const raw = fields[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'validation_error', `${label}格式不正确`, [
      { field: `body.${name}`, message: `${label}格式不正确（应为 JSON）` },
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
  app.addHook('onClose', async () => {
    await Promise.allSettled([...runningImports]);
  });

  app.get(
    '/buildings',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: '楼栋列表（含各楼入住情况统计）',
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
        summary: '新增楼栋：按单元数 × 楼层数 × 每层户数一次生成全部房屋（房号如 3-2-1501）',
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
        summary: '修改楼栋名称或楼号（改楼号时房屋编号随之更新）',
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
        summary: '删除楼栋（仅当其房屋从未登记过住户、租赁或商铺；否则 409 并说明原因）',
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
        summary: '在楼栋中添加一户房屋',
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
        summary: '更正房屋的单元、楼层、房号或面积（商铺请改商铺信息）',
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
        summary: '删除房屋（仅当没有任何户、居住记录、租赁合同或商铺登记指向它；否则 409）',
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
        summary: '新增沿街商铺（门面房与经营信息：名称、类别、营业执照号、经营者）',
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
        summary: '修改商铺信息（名称、类别、营业执照号、经营者、营业状态、门牌）',
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
        summary: '楼栋平面图：楼层 × 单元，每户的入住状态与图例',
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
        summary: '房屋详情：住户、与户主关系、居住类型、起始日期、租赁合同（记入审计）',
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
        summary: '户详情（即该户所在房屋的详情）',
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
      if (!h) throw notFound('户');
      return roomDetail(ctx, caller, h.roomId);
    },
  );

  app.get(
    '/rooms/:id/residencies',
    {
      config: { permission: 'registry.read' },
      schema: {
        tags: ['registry'],
        summary: '房屋的全部居住记录（历史）',
        params: idParams,
        response: { 200: z.object({ items: z.array(residencyRowSchema) }) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const room = await roomInScope(ctx.db, caller, request.params.id, 'params.id');
      const items = await residencyHistory(ctx.db, caller.siteIds, { roomId: room.id }, today());
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
        summary: '核实房屋（如确认空置）',
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
        summary: '沿街商铺（经营者、营业执照号）',
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
        summary:
          '搜索：姓名、拼音首字母、身份证号、手机号、房屋（3-2-1501）、商铺名称、车牌（查到人员的检索记入审计）',
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
        summary: '登记人员（入户走访采集）；身份证号已存在时返回 409 duplicate_person 与已有记录编号',
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
        summary: '人员详情（物业看到脱敏身份证号；每次查看记入审计）',
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
        summary: '更新人员信息（生成走访记录，记录变更的字段）',
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
        summary: '人员的全部居住记录（历史）',
        params: idParams,
        response: { 200: z.object({ items: z.array(residencyRowSchema) }) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const person = await personInScope(ctx.db, caller, request.params.id);
      const items = await residencyHistory(ctx.db, caller.siteIds, { personId: person.id }, today());
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
        summary:
          '租赁登记（multipart/form-data：roomId、landlordName、startDate、endDate、monthlyRent、tenants=JSON、file=合同扫描件 PDF/JPEG/PNG ≤ 10 MB）',
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ id: z.string(), householdId: z.string() }) },
      },
    },
    async (request, reply) => {
      const { fields, file } = await readMultipart(request, CONTRACT_FILE_MAX_BYTES);
      const parsed = parseBody(tenancyFieldsSchema, {
        ...blankToUndefined(fields),
        tenants: jsonField(fields, 'tenants', '租户'),
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
        summary: '租赁合同列表（筛选：生效中、30 天内到期、已到期；记入审计）',
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
        summary: '租赁合同详情（含续租前的历史合同；记入审计）',
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
        summary: '续租：新合同关联原合同，历史保留（JSON，或 multipart 附新合同扫描件）',
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
          tenantPersonIds: jsonField(form.fields, 'tenantPersonIds', '租户'),
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
        summary: '入住登记（业主、家庭成员、商户经营者、从业人员；租户请走租赁登记）',
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
        summary: '迁出登记（日期为最后居住日）',
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
      schema: { tags: ['registry'], summary: '查看合同扫描件（记入审计）', params: idParams },
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
        summary:
          '导入花名册（multipart：file=.xlsx/.csv，skipInvalid=true 跳过错误行，siteId）；返回任务编号，进度见 GET /imports/:id',
        consumes: ['multipart/form-data'],
        response: { 202: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { fields, file } = await readMultipart(request, IMPORT_FILE_MAX_BYTES);
      const parsed = parseBody(
        z.object({
          siteId: z.uuid('小区编号无效').optional(),
          skipInvalid: z
            .enum(['true', 'false', '1', '0'], { error: 'skipInvalid 应为 true 或 false' })
            .optional(),
        }),
        blankToUndefined(fields),
      );
      const siteId = siteFor(caller, parsed.siteId);
      if (!caller.siteIds.includes(siteId))
        throw new HttpError(403, 'site_forbidden', '无权访问该小区的数据');
      if (!file) {
        throw new HttpError(400, 'validation_error', '请选择要导入的文件', [
          { field: 'body.file', message: '请选择要导入的 .xlsx 或 .csv 文件' },
        ]);
      }
      const skip = parsed.skipInvalid === 'true' || parsed.skipInvalid === '1';
      return reply.status(202).send(await startImport(ctx, caller, siteId, file, skip, request.log));
    },
  );

  app.get(
    '/imports/:id',
    {
      config: { permission: 'registry.write' },
      schema: {
        tags: ['registry'],
        summary: '导入任务进度与逐行错误',
        params: idParams,
        response: { 200: importJobSchema },
      },
    },
    async (request) => importJob(ctx.db, callerOf(request).siteIds, request.params.id, langOf(request)),
  );

  app.get(
    '/export',
    {
      config: { permission: 'registry.export' },
      schema: {
        tags: ['registry'],
        summary: '导出花名册（.xlsx / .csv，按角色脱敏，记入审计）',
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
        summary: '实有人口统计（户数、人数、商铺、业主、租户、流动人口、30 天内到期合同）',
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
        summary: '我的住户信息（仅本户）',
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
        summary: '小区登记设置（本市行政区划代码前缀，用于判断流动人口）',
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
        summary: '修改小区登记设置',
        body: z.object({
          siteId: z.uuid('小区编号无效'),
          cityRegionPrefix: z
            .string()
            .regex(/^[1-9]\d{1,5}$/, '本市行政区划代码前缀应为 2–6 位数字，如 4101'),
          cityName: z.string().trim().min(1, '请填写城市名称').max(20),
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
