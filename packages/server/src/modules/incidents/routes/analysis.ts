import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  incidentAnalysisQuerySchema,
  incidentAnalysisSchema,
  incidentSiteQuerySchema,
  publicIncidentNumbersSchema,
} from '@anju/contracts';
import { analyseIncidents, publicIncidentNumbers } from '../analysis.ts';
import { incidentMessages as m } from '../messages.ts';
import { TAGS } from './shared.ts';

/** The analysis page (研判) and, for staff to check, the suppressed numbers the public boards show. */
export const analysisRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/analysis',
    {
      config: { permission: 'incidents.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.analysis'),
        querystring: incidentAnalysisQuerySchema,
        response: { 200: incidentAnalysisSchema },
      },
    },
    async (request) => analyseIncidents(ctx.db, request.query.siteId, ctx.now(), request.query.months),
  );

  app.get(
    '/public-numbers',
    {
      config: { permission: 'incidents.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.publicNumbers'),
        querystring: incidentSiteQuerySchema,
        response: { 200: publicIncidentNumbersSchema },
      },
    },
    async (request) => publicIncidentNumbers(ctx.db, request.query.siteId, ctx.now()),
  );
};
