import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  incidentPublicPlaceInputSchema,
  incidentPublicPlaceListSchema,
  incidentPublicPlacePatchSchema,
  incidentPublicPlaceSchema,
  incidentSiteQuerySchema,
} from '@anju/contracts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { incidentMessages as m } from '../messages.ts';
import { createPublicPlace, publicPlaceList, updatePublicPlace } from '../register.ts';
import { callerOf, TAGS } from './shared.ts';

/** Named public places of a site (incidents.read to see, incidents.write to change; retired, not deleted). */
export const placeRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/places',
    {
      config: { permission: 'incidents.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.places'),
        querystring: incidentSiteQuerySchema,
        response: { 200: incidentPublicPlaceListSchema },
      },
    },
    async (request) => ({ items: await publicPlaceList(ctx.db, request.query.siteId) }),
  );

  app.post(
    '/places',
    {
      config: { permission: 'incidents.write' },
      schema: {
        tags: TAGS,
        summary: m.key('route.placeCreate'),
        body: incidentPublicPlaceInputSchema,
        response: { 201: incidentPublicPlaceSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPublicPlace(ctx.db, callerOf(request), request.body)),
  );

  app.patch(
    '/places/:id',
    {
      config: { permission: 'incidents.write' },
      schema: {
        tags: TAGS,
        summary: m.key('route.placeUpdate'),
        params: uuidParam('id'),
        body: incidentPublicPlacePatchSchema,
        response: { 200: incidentPublicPlaceSchema },
      },
    },
    async (request) => updatePublicPlace(ctx.db, callerOf(request), request.params.id, request.body),
  );
};
