import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  mediationCaseDetailSchema,
  mediationCaseInputSchema,
  mediationCaseListSchema,
  mediationContactInputSchema,
  mediationExtendInputSchema,
  mediationFileSchema,
  mediationGradeInputSchema,
  mediationListQuerySchema,
  mediationSettleOnSpotInputSchema,
  mediationViolationInputSchema,
} from '@anju/contracts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import {
  caseDetail,
  createCase,
  extendDeadline,
  gradeTwoPlusN,
  listCases,
  recordContact,
  settleOnSpot,
} from '../cases.ts';
import { downloadFile, uploadFile } from '../files.ts';
import { mediationMessages as m } from '../messages.ts';
import { recordViolation } from '../violation.ts';
import { callerOf, TAGS } from './shared.ts';

/** Cases: intake, list, detail, the simple actions, the police-only violation record, attachments. */
export const caseRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  const detail = { 200: mediationCaseDetailSchema };

  app.get(
    '/cases',
    {
      config: { permission: 'mediation.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.list'),
        querystring: mediationListQuerySchema,
        response: { 200: mediationCaseListSchema },
      },
    },
    async (request) => listCases(ctx, callerOf(request), request.query),
  );

  app.post(
    '/cases',
    {
      config: { permission: 'mediation.intake' },
      schema: {
        tags: TAGS,
        summary: m.key('route.create'),
        body: mediationCaseInputSchema,
        response: { 201: mediationCaseDetailSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createCase(ctx, callerOf(request), request.body)),
  );

  app.get(
    '/cases/:id',
    {
      config: { permission: 'mediation.read' },
      schema: { tags: TAGS, summary: m.key('route.get'), params: uuidParam('id'), response: detail },
    },
    async (request) => caseDetail(ctx, callerOf(request), request.params.id),
  );

  app.post(
    '/cases/:id/contact',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.contact'),
        params: uuidParam('id'),
        body: mediationContactInputSchema,
        response: detail,
      },
    },
    async (request) => recordContact(ctx, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/cases/:id/settle-on-spot',
    {
      config: { permission: 'mediation.intake' },
      schema: {
        tags: TAGS,
        summary: m.key('route.settleOnSpot'),
        params: uuidParam('id'),
        body: mediationSettleOnSpotInputSchema,
        response: detail,
      },
    },
    async (request) => settleOnSpot(ctx, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/cases/:id/grade',
    {
      config: { permission: 'mediation.intake' },
      schema: {
        tags: TAGS,
        summary: m.key('route.grade'),
        params: uuidParam('id'),
        body: mediationGradeInputSchema,
        response: detail,
      },
    },
    async (request) => gradeTwoPlusN(ctx, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/cases/:id/extend',
    {
      config: { permission: 'mediation.intake' },
      schema: {
        tags: TAGS,
        summary: m.key('route.extend'),
        params: uuidParam('id'),
        body: mediationExtendInputSchema,
        response: detail,
      },
    },
    async (request) => extendDeadline(ctx, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/cases/:id/violation',
    {
      config: { permission: 'mediation.violation' },
      schema: {
        tags: TAGS,
        summary: m.key('route.violation'),
        params: uuidParam('id'),
        body: mediationViolationInputSchema,
        response: detail,
      },
    },
    async (request) => recordViolation(ctx, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/cases/:id/files',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.fileUpload'),
        consumes: ['multipart/form-data'],
        params: uuidParam('id'),
        response: { 201: mediationFileSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await uploadFile(ctx, callerOf(request), request.params.id, request)),
  );

  app.get(
    '/files/:id',
    {
      config: { permission: 'mediation.read' },
      schema: { tags: TAGS, summary: m.key('route.file'), params: uuidParam('id') },
    },
    async (request, reply) => {
      const f = await downloadFile(ctx, callerOf(request), request.params.id);
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(f.bytes);
    },
  );
};
