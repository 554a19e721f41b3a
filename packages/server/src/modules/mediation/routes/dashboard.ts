import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { mediationOverdueCountsSchema, mediationSiteQuerySchema } from '@anju/contracts';
import { notFound } from '../../../platform/errors.ts';
import { agreementMessages as m } from '../agreements.messages.ts';
import { overdueCounts } from '../overdue.ts';
import { callerOf, TAGS } from './shared.ts';

/** The dashboard's overdue counts (a mediator counts only their own cases). */
export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/overdue',
    {
      config: { permission: 'mediation.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.overdue'),
        querystring: mediationSiteQuerySchema,
        response: { 200: mediationOverdueCountsSchema },
      },
    },
    // Counts only, no case's content: nothing to audit.
    async (request) => {
      const caller = callerOf(request);
      const { siteId } = request.query;
      if (!caller.siteIds.includes(siteId)) throw notFound(m.msg('error.siteNotFound'));
      return overdueCounts(ctx.db, caller, siteId, ctx.now());
    },
  );
};
