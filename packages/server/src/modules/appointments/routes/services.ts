import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  appointmentServiceInputSchema,
  appointmentServiceListSchema,
  appointmentServicePatchSchema,
  appointmentServiceSchema,
  siteParamQuerySchema,
} from '@anju/contracts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { createService, serviceList, updateService } from '../config.ts';
import { appointmentMessages as m } from '../messages.ts';
import { callerOf, TAGS } from './shared.ts';

/** The office's services (appointments.read to see, appointments.configure to change; no delete). */
export const serviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/services',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.services'),
        querystring: siteParamQuerySchema,
        response: { 200: appointmentServiceListSchema },
      },
    },
    async (request) => ({ items: await serviceList(ctx.db, request.query.siteId) }),
  );

  app.post(
    '/services',
    {
      config: { permission: 'appointments.configure' },
      schema: {
        tags: TAGS,
        summary: m.key('route.serviceCreate'),
        body: appointmentServiceInputSchema,
        response: { 201: appointmentServiceSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createService(ctx.db, callerOf(request), request.body)),
  );

  app.patch(
    '/services/:id',
    {
      config: { permission: 'appointments.configure' },
      schema: {
        tags: TAGS,
        summary: m.key('route.serviceUpdate'),
        params: uuidParam('id'),
        body: appointmentServicePatchSchema,
        response: { 200: appointmentServiceSchema },
      },
    },
    async (request) => updateService(ctx.db, callerOf(request), request.params.id, request.body),
  );
};
