import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { disputeCaseDraftSchema, generatedDraftSchema, safetyTipDraftSchema } from '@anju/contracts';
import { disputeCaseDraft, safetyTipDraft } from '../drafts.ts';
import { bulletinMessages as m } from '../messages.ts';
import { callerOf, depsOf, TAGS } from './shared.ts';

/** Generated drafts: the weekly safety tip and an anonymised dispute case. */
export const draftRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.post(
    '/drafts/safety-tip',
    {
      config: { permission: 'bulletins.write' },
      schema: {
        tags: TAGS,
        summary: m.key('route.safetyTipDraft'),
        body: safetyTipDraftSchema,
        response: { 201: generatedDraftSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await safetyTipDraft(depsOf(ctx), callerOf(request), request.body.siteId)),
  );

  app.post(
    '/drafts/dispute-case',
    {
      config: { permission: 'bulletins.write' },
      schema: {
        tags: TAGS,
        summary: m.key('route.disputeCaseDraft'),
        body: disputeCaseDraftSchema,
        response: { 201: generatedDraftSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await disputeCaseDraft(depsOf(ctx), callerOf(request), request.body)),
  );
};
