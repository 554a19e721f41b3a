import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  mediationCaseDetailSchema,
  mediationSessionCancelInputSchema,
  mediationSessionInputSchema,
  mediationSessionRecordInputSchema,
} from '@anju/contracts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { mediationMessages as m } from '../messages.ts';
import { cancelSession, createSession, recordSession } from '../sessions.ts';
import { callerOf, TAGS } from './shared.ts';

/**
 * Sessions: schedule (room reserved through appointments) or record at once; record a scheduled
 * one; cancel a scheduled one (its room freed).
 */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.post(
    '/cases/:id/sessions',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.sessionCreate'),
        params: uuidParam('id'),
        body: mediationSessionInputSchema,
        response: { 201: mediationCaseDetailSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSession(ctx, callerOf(request), request.params.id, request.body)),
  );

  app.post(
    '/sessions/:id/record',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.sessionRecord'),
        params: uuidParam('id'),
        body: mediationSessionRecordInputSchema,
        response: { 200: mediationCaseDetailSchema },
      },
    },
    async (request) => recordSession(ctx, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/sessions/:id/cancel',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.sessionCancel'),
        params: uuidParam('id'),
        body: mediationSessionCancelInputSchema,
        response: { 200: mediationCaseDetailSchema },
      },
    },
    async (request) => cancelSession(ctx, callerOf(request), request.params.id, request.body),
  );
};
