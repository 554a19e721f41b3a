import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bulletinPublicParamsSchema, publicBoardSchema } from '@anju/contracts';
import { eq } from 'drizzle-orm';
import { HttpError } from '../../../platform/errors.ts';
import { sites } from '../../../platform/org/schema.ts';
import { bulletinMessages as m } from '../messages.ts';
import { publicBoard } from '../public-board.ts';
import { BulletinStreamHub } from '../stream.ts';
import { headersOf, TAGS } from './shared.ts';

/**
 * The public board of a site (no sign-in; the phone page and the display screen): published posts
 * and suppressed numbers, and a live stream that says when to reload.
 */
export const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  const hub = new BulletinStreamHub(ctx.events);
  app.addHook('preClose', async () => hub.close());

  app.get(
    '/public/sites/:siteId',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: m.key('route.public'),
        params: bulletinPublicParamsSchema,
        response: { 200: publicBoardSchema },
      },
    },
    async (request) => publicBoard(ctx.db, request.params.siteId, ctx.now()),
  );

  app.get(
    '/public/sites/:siteId/stream',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: m.key('route.publicStream'),
        description:
          'text/event-stream. Each event: `event: bulletin`, `data: BulletinStreamEvent` (published | unpublished | edited); reload the public board on each, and after reconnecting.',
        params: bulletinPublicParamsSchema,
      },
    },
    async (request, reply) => {
      const { siteId } = request.params;
      if (!String(request.headers.accept ?? '').includes('text/event-stream')) {
        throw new HttpError(406, 'not_acceptable', m.msg('error.notEventStream'));
      }
      const [site] = await ctx.db.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId));
      if (!site) throw new HttpError(404, 'not_found', m.msg('error.siteNotFound'));
      if (!hub.hasRoomFor(request.ip))
        throw new HttpError(429, 'too_many_streams', m.msg('error.tooManyStreams'));
      const headers = headersOf(reply);
      reply.hijack();
      hub.open(reply.raw, siteId, request.ip, headers);
    },
  );
};
