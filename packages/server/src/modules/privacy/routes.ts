import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  correctionDecisionSchema,
  correctionDetailSchema,
  correctionInputSchema,
  correctionSchema,
  counterExportSchema,
  type SubjectExport,
  subjectExportSchema,
} from '@anju/contracts';
import { actorOf, userOf } from '../../platform/auth/guard.ts';
import { HttpError } from '../../platform/errors.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { titleLangOf } from '../alerts/titles.ts';
import { callerOf } from '../registry/caller.ts';
import {
  correctionDetail,
  decideCorrection,
  fileCorrection,
  myCorrections,
  subjectExport,
} from './service.ts';

const uuidParam = (name: string) => z.object({ [name]: z.uuid('必须是 UUID') });
const langOf = (request: FastifyRequest) => titleLangOf(request.headers['accept-language']);

/** The file as a download: `安居个人信息-<name>-<date>.json`, never cached. */
function asDownload(reply: FastifyReply, file: SubjectExport) {
  const name = `安居个人信息-${file.person.name}-${shanghaiDate(new Date(file.generatedAt))}.json`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return reply
    .header('cache-control', 'no-store')
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(file);
}

/**
 * /api/v1/privacy: a person's own data (PIPL Art. 45–46). Residents download their file and ask
 * for corrections from their phone; the police office produces the file for a person at the
 * counter; the desk that keeps a field decides its corrections (they arrive as alerts).
 */
export const privacyRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/me/export',
    {
      config: { permission: 'self.household' },
      schema: {
        tags: ['resident'],
        summary: '下载我的个人信息（本人及家庭，一个 JSON 文件；记入审计）',
        response: { 200: subjectExportSchema },
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      if (!auth.personId) {
        throw new HttpError(409, 'no_person_linked', '账号未关联居民信息，请到物业或警务室登记');
      }
      const file = await subjectExport(ctx, actorOf(request), auth.siteIds, auth.personId, { kind: 'self' });
      return asDownload(reply, file);
    },
  );

  app.post(
    '/me/corrections',
    {
      config: { permission: 'self.household' },
      schema: {
        tags: ['resident'],
        summary: '申请更正我的信息（交物业服务台或社区警务室处理）',
        body: correctionInputSchema,
        response: { 201: correctionSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await fileCorrection(ctx, userOf(request), actorOf(request), request.body)),
  );

  app.get(
    '/me/corrections',
    {
      config: { permission: 'self.household' },
      schema: {
        tags: ['resident'],
        summary: '我的更正申请及处理结果',
        response: { 200: z.object({ items: z.array(correctionSchema) }) },
      },
    },
    async (request) => ({ items: await myCorrections(ctx, userOf(request)) }),
  );

  app.get(
    '/corrections/:alertId',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags: ['privacy'],
        summary: '更正申请详情（申请更正的项目与内容；查看记入审计）',
        params: uuidParam('alertId'),
        response: { 200: correctionDetailSchema },
      },
    },
    async (request) =>
      correctionDetail(
        ctx,
        userOf(request),
        actorOf(request),
        request.params.alertId as string,
        langOf(request),
      ),
  );

  app.post(
    '/corrections/:alertId/decide',
    {
      config: { permission: 'alerts.handle' },
      schema: {
        tags: ['privacy'],
        summary: '处理更正申请：采纳（可同时写入登记信息）或驳回并说明理由',
        params: uuidParam('alertId'),
        body: correctionDecisionSchema,
        response: { 200: correctionDetailSchema },
      },
    },
    async (request) =>
      decideCorrection(
        ctx,
        userOf(request),
        actorOf(request),
        callerOf(request),
        request.params.alertId as string,
        request.body,
        langOf(request),
      ),
  );

  app.post(
    '/persons/:personId/export',
    {
      config: { permission: 'privacy.subjectExport' },
      schema: {
        tags: ['privacy'],
        summary: '为到柜台申请的本人导出其个人信息（须填写申请人及核验情况；记入审计）',
        params: uuidParam('personId'),
        body: counterExportSchema,
        response: { 200: subjectExportSchema },
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const file = await subjectExport(
        ctx,
        actorOf(request),
        auth.siteIds,
        request.params.personId as string,
        { kind: 'counter', staffName: auth.displayName, requesterNote: request.body.requesterNote },
      );
      return asDownload(reply, file);
    },
  );
};
