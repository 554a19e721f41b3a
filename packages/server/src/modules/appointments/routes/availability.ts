import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  appointmentClosureInputSchema,
  appointmentClosureListSchema,
  appointmentClosureSchema,
  appointmentOverrideInputSchema,
  appointmentOverrideListSchema,
  appointmentOverrideSchema,
  appointmentSessionInputSchema,
  appointmentSessionListSchema,
  appointmentSessionPatchSchema,
  appointmentSessionSchema,
  appointmentStaffListSchema,
  appointmentStaffSchema,
  dateRangeQuerySchema,
  siteParamQuerySchema,
  staffHoursInputSchema,
  staffUserParamsSchema,
} from '@anju/contracts';
import { okResponse as ok, uuidParam } from '../../../platform/route-schemas.ts';
import {
  closureList,
  createClosure,
  createOverride,
  createSession,
  deleteClosure,
  deleteOverride,
  deleteSession,
  overrideList,
  sessionList,
  setStaffHours,
  staffList,
  updateSession,
} from '../config.ts';
import { appointmentMessages as m } from '../messages.ts';
import { callerOf, TAGS } from './shared.ts';

/** Availability as data: staff weekly hours, date overrides, closures, weekend/holiday sessions. */
export const availabilityRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  const read = { permission: 'appointments.read' } as const;
  const configure = { permission: 'appointments.configure' } as const;

  app.get(
    '/staff',
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: m.key('route.staff'),
        querystring: siteParamQuerySchema,
        response: { 200: appointmentStaffListSchema },
      },
    },
    async (request) => ({ items: await staffList(ctx.db, request.query.siteId) }),
  );

  app.put(
    '/staff/:userId/hours',
    {
      config: configure,
      schema: {
        tags: TAGS,
        summary: m.key('route.staffHours'),
        params: staffUserParamsSchema,
        body: staffHoursInputSchema,
        response: { 200: appointmentStaffSchema },
      },
    },
    async (request) => setStaffHours(ctx.db, callerOf(request), request.params.userId, request.body),
  );

  app.get(
    '/overrides',
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: m.key('route.overrides'),
        querystring: dateRangeQuerySchema,
        response: { 200: appointmentOverrideListSchema },
      },
    },
    async (request) => {
      const { siteId, from, to } = request.query;
      return { items: await overrideList(ctx.db, siteId, from, to) };
    },
  );

  app.post(
    '/overrides',
    {
      config: configure,
      schema: {
        tags: TAGS,
        summary: m.key('route.overrideCreate'),
        body: appointmentOverrideInputSchema,
        response: { 201: appointmentOverrideSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOverride(ctx.db, callerOf(request), request.body)),
  );

  app.delete(
    '/overrides/:id',
    {
      config: configure,
      schema: {
        tags: TAGS,
        summary: m.key('route.overrideDelete'),
        params: uuidParam('id'),
        response: { 200: ok },
      },
    },
    async (request) => {
      await deleteOverride(ctx.db, callerOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/closures',
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: m.key('route.closures'),
        querystring: dateRangeQuerySchema,
        response: { 200: appointmentClosureListSchema },
      },
    },
    async (request) => {
      const { siteId, from, to } = request.query;
      return { items: await closureList(ctx.db, siteId, from, to) };
    },
  );

  app.post(
    '/closures',
    {
      config: configure,
      schema: {
        tags: TAGS,
        summary: m.key('route.closureCreate'),
        body: appointmentClosureInputSchema,
        response: { 201: appointmentClosureSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createClosure(ctx.db, callerOf(request), request.body)),
  );

  app.delete(
    '/closures/:id',
    {
      config: configure,
      schema: {
        tags: TAGS,
        summary: m.key('route.closureDelete'),
        params: uuidParam('id'),
        response: { 200: ok },
      },
    },
    async (request) => {
      await deleteClosure(ctx.db, callerOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/sessions',
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: m.key('route.sessions'),
        querystring: siteParamQuerySchema,
        response: { 200: appointmentSessionListSchema },
      },
    },
    async (request) => ({ items: await sessionList(ctx.db, request.query.siteId) }),
  );

  app.post(
    '/sessions',
    {
      config: configure,
      schema: {
        tags: TAGS,
        summary: m.key('route.sessionCreate'),
        body: appointmentSessionInputSchema,
        response: { 201: appointmentSessionSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSession(ctx.db, callerOf(request), request.body)),
  );

  app.patch(
    '/sessions/:id',
    {
      config: configure,
      schema: {
        tags: TAGS,
        summary: m.key('route.sessionUpdate'),
        params: uuidParam('id'),
        body: appointmentSessionPatchSchema,
        response: { 200: appointmentSessionSchema },
      },
    },
    async (request) => updateSession(ctx.db, callerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/sessions/:id',
    {
      config: configure,
      schema: {
        tags: TAGS,
        summary: m.key('route.sessionDelete'),
        params: uuidParam('id'),
        response: { 200: ok },
      },
    },
    async (request) => {
      await deleteSession(ctx.db, callerOf(request), request.params.id);
      return { ok: true as const };
    },
  );
};
