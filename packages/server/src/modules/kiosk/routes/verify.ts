import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  publicKeysQuerySchema,
  publicKeysSchema,
  verifyInputSchema,
  verifyResultSchema,
} from '@anju/contracts';
import { kioskMessages as m } from '../messages.ts';
import { publishedKeys } from '../office-keys.ts';
import { verifyToken } from '../verification.ts';

/** The public verification API (no sign-in): the published keys and a certificate's status now. */
export const verifyRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/verify/keys',
    {
      config: { public: true },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.verifyKeys'),
        querystring: publicKeysQuerySchema,
        response: { 200: publicKeysSchema },
      },
    },
    async (request, reply) => {
      const keys = await publishedKeys(ctx.db);
      const { office } = request.query;
      return reply
        .header('cache-control', 'no-cache')
        .send({ keys: office ? keys.filter((k) => k.siteId === office) : keys });
    },
  );

  app.post(
    '/verify',
    {
      config: { public: true },
      schema: {
        tags: ['kiosk'],
        summary: m.key('route.verify'),
        body: verifyInputSchema,
        response: { 200: verifyResultSchema },
      },
    },
    async (request, reply) => {
      const result = await verifyToken(ctx.db, request.body.token, ctx.now(), request.ip);
      // A revocation must show on the next check: nothing here may be cached.
      return reply.header('cache-control', 'no-store').send(result);
    },
  );
};
