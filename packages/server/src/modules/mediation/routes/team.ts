import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  mediationCaseDetailSchema,
  mediationRecusalInputSchema,
  mediationSuggestionListSchema,
  mediationTeamInputSchema,
} from '@anju/contracts';
import { langOf } from '../../../platform/http-errors.ts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { mediationMessages as m } from '../messages.ts';
import { assignTeam, declareRecusal, suggestions } from '../team.ts';
import { callerOf, TAGS } from './shared.ts';

/** The team of a case: assignment (the "2" + N), declared relations, suggestions by dispute type. */
export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.put(
    '/cases/:id/team',
    {
      config: { permission: 'mediation.intake' },
      schema: {
        tags: TAGS,
        summary: m.key('route.team'),
        params: uuidParam('id'),
        body: mediationTeamInputSchema,
        response: { 200: mediationCaseDetailSchema },
      },
    },
    async (request) => assignTeam(ctx, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/cases/:id/recusals',
    {
      config: { permission: 'mediation.work' },
      schema: {
        tags: TAGS,
        summary: m.key('route.recusal'),
        params: uuidParam('id'),
        body: mediationRecusalInputSchema,
        response: { 200: mediationCaseDetailSchema },
      },
    },
    async (request) => declareRecusal(ctx, callerOf(request), request.params.id, request.body),
  );

  app.get(
    '/cases/:id/suggestions',
    {
      config: { permission: 'mediation.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.suggestions'),
        params: uuidParam('id'),
        response: { 200: mediationSuggestionListSchema },
      },
    },
    async (request) => suggestions(ctx, callerOf(request), request.params.id, langOf(request)),
  );
};
