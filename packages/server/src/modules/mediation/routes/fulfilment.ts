import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  mediationAgreementSchema,
  mediationFollowupDoneInputSchema,
  mediationFollowupInputSchema,
  mediationFollowupSchema,
  mediationTermSettleInputSchema,
} from '@anju/contracts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { agreementMessages as m } from '../agreements.messages.ts';
import { addFollowup, followupDone, settleTerm } from '../fulfilment.ts';
import { callerOf, TAGS } from './shared.ts';

/** Performance of the terms and follow-up visits. */
export const fulfilmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.post(
    '/terms/:id/settle',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.settleTerm'),
        params: uuidParam('id'),
        body: mediationTermSettleInputSchema,
        response: { 200: mediationAgreementSchema },
      },
    },
    async (request) => settleTerm(ctx, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/cases/:id/followups',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.addFollowup'),
        params: uuidParam('id'),
        body: mediationFollowupInputSchema,
        response: { 201: mediationFollowupSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addFollowup(ctx, callerOf(request), request.params.id, request.body)),
  );

  app.post(
    '/followups/:id/done',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.followupDone'),
        params: uuidParam('id'),
        body: mediationFollowupDoneInputSchema,
        response: { 200: mediationFollowupSchema },
      },
    },
    async (request) => followupDone(ctx, callerOf(request), request.params.id, request.body),
  );
};
