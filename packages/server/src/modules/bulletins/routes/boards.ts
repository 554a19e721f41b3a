import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { boardListSchema, bulletinSiteQuerySchema } from '@anju/contracts';
import { bulletinMessages as m } from '../messages.ts';
import { ensureBoards } from '../posts.ts';
import { TAGS } from './shared.ts';

/** A site's boards (the four are seeded on first use). */
export const boardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/boards',
    {
      config: { permission: 'bulletins.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.boards'),
        querystring: bulletinSiteQuerySchema,
        response: { 200: boardListSchema },
      },
    },
    async (request) => ({ items: await ensureBoards(app.ctx.db, request.query.siteId) }),
  );
};
