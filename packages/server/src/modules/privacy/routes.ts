import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  correctionDecisionSchema,
  correctionDetailSchema,
  correctionInputSchema,
  correctionSchema,
  counterExportSchema,
  type Lang,
  type SubjectExport,
  subjectExportSchema,
} from '@anju/contracts';
import { actorOf, userOf } from '../../platform/auth/guard.ts';
import { langOf } from '../../platform/http-errors.ts';
import { shanghaiDate } from '../../platform/time.ts';
import { callerOf } from '../registry/caller.ts';
import { privacyModuleMessages as m } from './messages.ts';
import {
  correctionDetail,
  decideCorrection,
  fileCorrection,
  linkedPerson,
  myCorrections,
  subjectExport,
} from './service.ts';
import { uuidParam } from '../../platform/route-schemas.ts';

/** The file as a download (`安居个人信息-<name>-<date>.json`, named in the reader's language), never cached. */
function asDownload(reply: FastifyReply, file: SubjectExport, lang: Lang) {
  const name = m.text(lang, 'export.fileName', {
    name: file.person.name,
    date: shanghaiDate(new Date(file.generatedAt)),
  });
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
        summary: m.key('route.myExport'),
        response: { 200: subjectExportSchema },
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      const lang = langOf(request);
      const file = await subjectExport(
        ctx,
        actorOf(request),
        auth.siteIds,
        linkedPerson(auth),
        { kind: 'self' },
        lang,
      );
      return asDownload(reply, file, lang);
    },
  );

  app.post(
    '/me/corrections',
    {
      config: { permission: 'self.household' },
      schema: {
        tags: ['resident'],
        summary: m.key('route.fileCorrection'),
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
        summary: m.key('route.myCorrections'),
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
        summary: m.key('route.correctionDetail'),
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
        summary: m.key('route.decideCorrection'),
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
        summary: m.key('route.counterExport'),
        params: uuidParam('personId'),
        body: counterExportSchema,
        response: { 200: subjectExportSchema },
      },
    },
    async (request, reply) => {
      const auth = userOf(request);
      // The file is handed to the person at the counter in the language the desk asks for it in.
      const lang = langOf(request);
      const file = await subjectExport(
        ctx,
        actorOf(request),
        auth.siteIds,
        request.params.personId as string,
        { kind: 'counter', staffName: auth.displayName, requesterNote: request.body.requesterNote },
        lang,
      );
      return asDownload(reply, file, lang);
    },
  );
};
