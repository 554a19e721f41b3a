import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { mediationStatsQuerySchema, mediationStatsSchema } from '@anju/contracts';
import { notFound } from '../../../platform/errors.ts';
import { shanghaiDate } from '../../../platform/time.ts';
import { agreementMessages as m } from '../agreements.messages.ts';
import { defaultWindow, mediationStats } from '../stats.ts';
import { callerOf, TAGS } from './shared.ts';

/** The figures of a site (aggregate only: every role with mediation.stats sees the same). */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/stats',
    {
      config: { permission: 'mediation.stats' },
      schema: {
        tags: TAGS,
        summary: m.key('route.stats'),
        querystring: mediationStatsQuerySchema,
        response: { 200: mediationStatsSchema },
      },
    },
    async (request) => {
      const { siteId, from, to } = request.query;
      if (!callerOf(request).siteIds.includes(siteId)) throw notFound(m.msg('error.siteNotFound'));
      const now = ctx.now();
      return mediationStats(ctx.db, siteId, defaultWindow(now, { from, to }), shanghaiDate(now));
    },
  );
};
