import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  certificateDetailSchema,
  certificateListQuerySchema,
  certificateListSchema,
  dailyCountsQuerySchema,
  dailyCountsSchema,
  myCertificatesSchema,
  revokeCertificateInputSchema,
} from '@anju/contracts';
import { appendAudit } from '../../../platform/audit/service.ts';
import {
  certificateDetail,
  certificateFor,
  dailyCounts,
  listCertificates,
  myCertificates,
  revokeCertificate,
} from '../certificate-console.ts';
import { certificatePdf } from '../certificates.ts';
import { kioskMessages as m } from '../messages.ts';
import { okResponse as ok, uuidParam } from '../../../platform/route-schemas.ts';
import { originOf, pdfDisposition, readerOf, siteOf } from './shared.ts';

/** The console's certificates: search, details, revoke (police), reprint (audited), daily counts. */
export const certificateRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/certificates',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.list'),
        querystring: certificateListQuerySchema,
        response: { 200: certificateListSchema },
      },
    },
    async (request) => listCertificates(ctx, readerOf(request), request.query, ctx.now()),
  );

  app.get(
    '/certificates/daily',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.daily'),
        querystring: dailyCountsQuerySchema,
        response: { 200: dailyCountsSchema },
      },
    },
    async (request) =>
      dailyCounts(
        ctx.db,
        readerOf(request),
        siteOf(request, request.query.siteId),
        request.query.days,
        ctx.now(),
      ),
  );

  app.get(
    '/certificates/:id',
    {
      config: { permission: 'certificates.read' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.detail'),
        params: uuidParam('id'),
        response: { 200: certificateDetailSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return certificateDetail(ctx, readerOf(request), id, originOf(request), ctx.now());
    },
  );

  app.post(
    '/certificates/:id/revoke',
    {
      config: { permission: 'certificates.revoke' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.revoke'),
        params: uuidParam('id'),
        body: revokeCertificateInputSchema,
        response: { 200: ok },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      await revokeCertificate(ctx, readerOf(request), id, request.body.reason, ctx.now());
      return { ok: true as const };
    },
  );

  app.get(
    '/certificates/:id/pdf',
    {
      config: { permission: 'certificates.reprint' },
      schema: { tags: ['kiosk'], summary: m.key('route.reprint'), params: uuidParam('id') },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const reader = readerOf(request);
      const row = await certificateFor(ctx.db, reader, id);
      const pdf = await certificatePdf(ctx.db, row.id, originOf(request));
      await appendAudit(ctx.db, reader.actor, {
        action: 'kiosk.certificate.reprint',
        subjectType: 'certificate',
        subjectId: row.id,
        fields: ['name', 'idNumber.masked', 'content'],
        siteId: row.siteId,
      });
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', pdfDisposition('attachment', pdf.serial))
        .send(Buffer.from(pdf.bytes));
    },
  );

  app.get(
    '/my/certificates',
    {
      config: { permission: 'self.applications' },
      schema: { tags: ['kiosk'], summary: m.key('route.mine'), response: { 200: myCertificatesSchema } },
    },
    async (request) => myCertificates(ctx, readerOf(request).personId, originOf(request), ctx.now()),
  );
};
