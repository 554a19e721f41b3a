import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  freeSlotsSchema,
  serviceDaysQuerySchema,
  serviceDaysSchema,
  serviceSlotsQuerySchema,
} from '@anju/contracts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { shanghaiDate } from '../../../platform/time.ts';
import { serviceDays, serviceSlots } from '../availability.ts';
import { serviceInScope } from '../config.ts';
import { appointmentMessages as m } from '../messages.ts';
import { callerOf, daysRange, TAGS } from './shared.ts';

/** Free days and slots of a service, for staff booking on a caller's behalf. */
export const slotRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/services/:id/days',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.serviceDays'),
        params: uuidParam('id'),
        querystring: serviceDaysQuerySchema,
        response: { 200: serviceDaysSchema },
      },
    },
    async (request) => {
      const service = await serviceInScope(ctx.db, callerOf(request).siteIds, request.params.id);
      const now = ctx.now();
      const { from, to } = daysRange(service, now, request.query);
      return { days: await serviceDays(ctx.db, service, from, to, now) };
    },
  );

  app.get(
    '/services/:id/slots',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.serviceSlots'),
        params: uuidParam('id'),
        querystring: serviceSlotsQuerySchema,
        response: { 200: freeSlotsSchema },
      },
    },
    async (request) => {
      const service = await serviceInScope(ctx.db, callerOf(request).siteIds, request.params.id);
      const now = ctx.now();
      return serviceSlots(ctx.db, service, request.query.date ?? shanghaiDate(now), now);
    },
  );
};
