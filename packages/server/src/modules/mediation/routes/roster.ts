import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  mediationRosterInputSchema,
  mediationRosterListSchema,
  mediationRosterMemberSchema,
  mediationRosterPatchSchema,
  mediationSiteQuerySchema,
} from '@anju/contracts';
import { okResponse, uuidParam } from '../../../platform/route-schemas.ts';
import { mediationMessages as m } from '../messages.ts';
import { createRosterMember, deleteRosterMember, listRoster, updateRosterMember } from '../team.ts';
import { callerOf, TAGS } from './shared.ts';

/** The N roster: read by everyone who reads cases, managed by police. */
export const rosterRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/roster',
    {
      config: { permission: 'mediation.read' },
      schema: {
        tags: TAGS,
        summary: m.key('route.roster'),
        querystring: mediationSiteQuerySchema,
        response: { 200: mediationRosterListSchema },
      },
    },
    async (request) => listRoster(ctx, callerOf(request), request.query.siteId),
  );

  app.post(
    '/roster',
    {
      config: { permission: 'mediation.roster' },
      schema: {
        tags: TAGS,
        summary: m.key('route.rosterCreate'),
        body: mediationRosterInputSchema,
        response: { 201: mediationRosterMemberSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createRosterMember(ctx, callerOf(request), request.body)),
  );

  app.patch(
    '/roster/:id',
    {
      config: { permission: 'mediation.roster' },
      schema: {
        tags: TAGS,
        summary: m.key('route.rosterUpdate'),
        params: uuidParam('id'),
        body: mediationRosterPatchSchema,
        response: { 200: mediationRosterMemberSchema },
      },
    },
    async (request) => updateRosterMember(ctx, callerOf(request), request.params.id, request.body),
  );

  // Only a member who never served; one who did is deactivated (PATCH active=false) and kept.
  app.delete(
    '/roster/:id',
    {
      config: { permission: 'mediation.roster' },
      schema: {
        tags: TAGS,
        summary: m.key('route.rosterDelete'),
        params: uuidParam('id'),
        response: { 200: okResponse },
      },
    },
    async (request) => {
      await deleteRosterMember(ctx, callerOf(request), request.params.id);
      return { ok: true as const };
    },
  );
};
