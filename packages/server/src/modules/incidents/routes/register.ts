import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  incidentFromAlertSchema,
  incidentInputSchema,
  incidentListQuerySchema,
  incidentListSchema,
  incidentPatchSchema,
  incidentSchema,
} from '@anju/contracts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { incidentMessages as m } from '../messages.ts';
import {
  createIncident,
  getIncident,
  incidentFromAlert,
  listIncidents,
  updateIncident,
} from '../register.ts';
import { callerOf, TAGS } from './shared.ts';

/** The register: list, read, record, change, and gate alert → incident. No delete: a record stays. */
export const registerRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '',
    {
      config: { permission: 'incidents.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.list'),
        querystring: incidentListQuerySchema,
        response: { 200: incidentListSchema },
      },
    },
    async (request) => listIncidents(ctx.db, request.query),
  );

  app.post(
    '',
    {
      config: { permission: 'incidents.write' },
      schema: {
        tags: TAGS,
        summary: m.key('route.create'),
        body: incidentInputSchema,
        response: { 201: incidentSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createIncident(ctx.db, callerOf(request), request.body, ctx.now())),
  );

  app.post(
    '/from-alert',
    {
      config: { permission: 'incidents.write' },
      schema: {
        tags: TAGS,
        summary: m.key('route.fromAlert'),
        body: incidentFromAlertSchema,
        response: { 201: incidentSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await incidentFromAlert(ctx.db, callerOf(request), request.body)),
  );

  app.get(
    '/:id',
    {
      config: { permission: 'incidents.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.get'),
        params: uuidParam('id'),
        response: { 200: incidentSchema },
      },
    },
    async (request) => getIncident(ctx.db, callerOf(request), request.params.id),
  );

  app.patch(
    '/:id',
    {
      config: { permission: 'incidents.write' },
      schema: {
        tags: TAGS,
        summary: m.key('route.update'),
        params: uuidParam('id'),
        body: incidentPatchSchema,
        response: { 200: incidentSchema },
      },
    },
    async (request) => updateIncident(ctx.db, callerOf(request), request.params.id, request.body, ctx.now()),
  );
};
