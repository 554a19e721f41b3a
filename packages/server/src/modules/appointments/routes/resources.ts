import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  appointmentResourceInputSchema,
  appointmentResourceListSchema,
  appointmentResourcePatchSchema,
  appointmentResourceSchema,
  resourceCalendarQuerySchema,
  resourceCalendarSchema,
  siteParamQuerySchema,
} from '@anju/contracts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { addDays, shanghaiDate } from '../../../platform/time.ts';
import { createResource, resourceInScope, resourceList, updateResource } from '../config.ts';
import { appointmentMessages as m } from '../messages.ts';
import { resourceCalendar } from '../rooms.ts';
import { callerOf, TAGS } from './shared.ts';

/** Rooms (resources with their own calendar, e.g. the mediation room). */
export const resourceRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/resources',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.resources'),
        querystring: siteParamQuerySchema,
        response: { 200: appointmentResourceListSchema },
      },
    },
    async (request) => ({ items: await resourceList(ctx.db, request.query.siteId) }),
  );

  app.post(
    '/resources',
    {
      config: { permission: 'appointments.configure' },
      schema: {
        tags: TAGS,
        summary: m.key('route.resourceCreate'),
        body: appointmentResourceInputSchema,
        response: { 201: appointmentResourceSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createResource(ctx.db, callerOf(request), request.body)),
  );

  app.patch(
    '/resources/:id',
    {
      config: { permission: 'appointments.configure' },
      schema: {
        tags: TAGS,
        summary: m.key('route.resourceUpdate'),
        params: uuidParam('id'),
        body: appointmentResourcePatchSchema,
        response: { 200: appointmentResourceSchema },
      },
    },
    async (request) => updateResource(ctx.db, callerOf(request), request.params.id, request.body),
  );

  app.get(
    '/resources/:id/calendar',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.resourceCalendar'),
        params: uuidParam('id'),
        querystring: resourceCalendarQuerySchema,
        response: { 200: resourceCalendarSchema },
      },
    },
    async (request) => {
      const room = await resourceInScope(ctx.db, callerOf(request).siteIds, request.params.id);
      const from = request.query.from ?? shanghaiDate(ctx.now());
      const to = request.query.to ?? addDays(from, 6);
      return { items: await resourceCalendar(ctx.db, room.id, from, to) };
    },
  );
};
