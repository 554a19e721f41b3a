import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  incidentCategoryInputSchema,
  incidentCategoryListSchema,
  incidentCategoryPatchSchema,
  incidentCategorySchema,
  incidentSiteQuerySchema,
} from '@anju/contracts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { categoryList, createCategory, updateCategory } from '../categories.ts';
import { incidentMessages as m } from '../messages.ts';
import { callerOf, TAGS } from './shared.ts';

/** The category tree (incidents.read to see, incidents.categories — police — to change; no delete). */
export const categoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/categories',
    {
      config: { permission: 'incidents.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.categories'),
        querystring: incidentSiteQuerySchema,
        response: { 200: incidentCategoryListSchema },
      },
    },
    async (request) => ({ items: await categoryList(ctx.db, request.query.siteId) }),
  );

  app.post(
    '/categories',
    {
      config: { permission: 'incidents.categories' },
      schema: {
        tags: TAGS,
        summary: m.key('route.categoryCreate'),
        body: incidentCategoryInputSchema,
        response: { 201: incidentCategorySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCategory(ctx.db, callerOf(request), request.body)),
  );

  app.patch(
    '/categories/:id',
    {
      config: { permission: 'incidents.categories' },
      schema: {
        tags: TAGS,
        summary: m.key('route.categoryUpdate'),
        params: uuidParam('id'),
        body: incidentCategoryPatchSchema,
        response: { 200: incidentCategorySchema },
      },
    },
    async (request) => updateCategory(ctx.db, callerOf(request), request.params.id, request.body),
  );
};
