import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  issueCertificateInputSchema,
  issuedCertificateSchema,
  terminalPdfQuerySchema,
} from '@anju/contracts';
import { and, eq } from 'drizzle-orm';
import { actorOf } from '../../../platform/auth/guard.ts';
import { HttpError } from '../../../platform/errors.ts';
import { certificatePdf, issueCertificate } from '../certificates.ts';
import { requireCheck } from '../check-ref.ts';
import { kioskMessages as m } from '../messages.ts';
import { kioskCertificates } from '../schema.ts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { deviceOf, originOf, pdfDisposition } from './shared.ts';

/** The kiosk's certificate routes: issue on a verified check, then download that certificate's PDF. */
export const terminalCertificateRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.post(
    '/terminal/certificates',
    {
      config: { device: 'kiosk' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.issue'),
        body: issueCertificateInputSchema,
        response: { 201: issuedCertificateSchema },
      },
    },
    async (request, reply) => {
      const device = deviceOf(request);
      const now = ctx.now();
      const check = await requireCheck(ctx.db, device.deviceId, request.body.checkId, now);
      const issued = await issueCertificate(ctx, {
        check,
        deviceId: device.deviceId,
        type: request.body.type,
        purpose: request.body.purpose,
        origin: originOf(request),
        now,
        actor: actorOf(request),
      });
      return reply.status(201).header('cache-control', 'no-store').send(issued);
    },
  );

  app.get(
    '/terminal/certificates/:id/pdf',
    {
      config: { device: 'kiosk' },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.terminalPdf'),
        params: uuidParam('id'),
        querystring: terminalPdfQuerySchema,
      },
    },
    async (request, reply) => {
      const device = deviceOf(request);
      const { id } = request.params as { id: string };
      // Only the device and check that issued it (the check itself must still be live).
      await requireCheck(ctx.db, device.deviceId, request.query.checkId, ctx.now());
      const [row] = await ctx.db
        .select({ id: kioskCertificates.id })
        .from(kioskCertificates)
        .where(
          and(
            eq(kioskCertificates.id, id),
            eq(kioskCertificates.deviceId, device.deviceId),
            eq(kioskCertificates.checkId, request.query.checkId),
          ),
        );
      if (!row) throw new HttpError(404, 'not_found', m.msg('error.certificateNotFound'));
      const pdf = await certificatePdf(ctx.db, row.id, originOf(request));
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', pdfDisposition('inline', pdf.serial))
        .send(Buffer.from(pdf.bytes));
    },
  );
};
