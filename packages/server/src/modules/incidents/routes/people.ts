import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { incidentPersonInputSchema, incidentPersonListSchema, incidentPersonSchema } from '@anju/contracts';
import { platformMessages } from '../../../platform/messages.ts';
import { okResponse, uuidParam } from '../../../platform/route-schemas.ts';
import { incidentMessages as m } from '../messages.ts';
import { addIncidentPerson, incidentPeople, removeIncidentPerson } from '../register.ts';
import { callerOf, TAGS } from './shared.ts';

/** People involved: incidents.people (police side) only; every read and change is audited. */
export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/involved/:incidentId',
    {
      config: { permission: 'incidents.people' },
      schema: {
        tags: TAGS,
        summary: m.key('route.persons'),
        params: uuidParam('incidentId'),
        response: { 200: incidentPersonListSchema },
      },
    },
    async (request) => ({
      items: await incidentPeople(ctx.db, callerOf(request), request.params.incidentId),
    }),
  );

  app.post(
    '/involved/:incidentId',
    {
      config: { permission: 'incidents.people' },
      schema: {
        tags: TAGS,
        summary: m.key('route.personAdd'),
        params: uuidParam('incidentId'),
        body: incidentPersonInputSchema,
        response: { 201: incidentPersonSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addIncidentPerson(ctx.db, callerOf(request), request.params.incidentId, request.body)),
  );

  app.delete(
    '/involved/:incidentId/:personId',
    {
      config: { permission: 'incidents.people' },
      schema: {
        tags: TAGS,
        summary: m.key('route.personRemove'),
        params: z.object({
          incidentId: z.uuid(platformMessages.key('mustBeUuid')),
          personId: z.uuid(platformMessages.key('mustBeUuid')),
        }),
        response: { 200: okResponse },
      },
    },
    async (request) => {
      await removeIncidentPerson(
        ctx.db,
        callerOf(request),
        request.params.incidentId,
        request.params.personId,
      );
      return { ok: true as const };
    },
  );
};
