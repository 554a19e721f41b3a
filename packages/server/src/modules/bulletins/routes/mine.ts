import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicBoardSchema } from '@anju/contracts';
import { z } from 'zod';
import { userOf } from '../../../platform/auth/guard.ts';
import { HttpError } from '../../../platform/errors.ts';
import { bulletinMessages as m } from '../messages.ts';
import { publicBoard } from '../public-board.ts';
import { TAGS } from './shared.ts';

/** The resident's phone page: their own site's board (what the public page shows). */
export const mineRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  app.get(
    '/mine',
    {
      config: { permission: 'self.bulletins' },
      schema: {
        tags: TAGS,
        summary: m.key('route.mine'),
        querystring: z.object({ siteId: z.uuid().optional() }),
        response: { 200: publicBoardSchema },
      },
    },
    async (request) => {
      const user = userOf(request);
      const siteId = request.query.siteId ?? user.siteIds[0];
      if (!siteId || !user.siteIds.includes(siteId))
        throw new HttpError(404, 'not_found', m.msg('error.siteNotFound'));
      return publicBoard(ctx.db, siteId, ctx.now());
    },
  );
};
