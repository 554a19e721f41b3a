/**
 * The counter (appointments.read to look, appointments.serve to act): the day's queue, check-in
 * by code or scanned QR, walk-in numbers, call / served / no-show.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  appointmentsCounterMessages as m,
  checkInInputSchema,
  checkInResultSchema,
  counterQueueQuerySchema,
  counterQueueSchema,
  queueEntrySchema,
  walkInInputSchema,
} from '@anju/contracts';
import { actorOf, userOf } from '../../../platform/auth/guard.ts';
import { uuidParam } from '../../../platform/route-schemas.ts';
import { shanghaiDate } from '../../../platform/time.ts';
import { checkIn, counterStep, dayQueue, markNoShow, walkIn } from '../counter.ts';

const tags = ['appointments'];

export const counterRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/counter/queue',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags,
        summary: m.key('route.queue'),
        querystring: counterQueueQuerySchema,
        response: { 200: counterQueueSchema },
      },
    },
    async (request) => {
      const date = request.query.date ?? shanghaiDate(ctx.now());
      return { date, items: await dayQueue(ctx, { ...request.query, date }) };
    },
  );

  app.post(
    '/counter/check-in',
    {
      config: { permission: 'appointments.serve' },
      schema: {
        tags,
        summary: m.key('route.checkIn'),
        body: checkInInputSchema,
        response: { 200: checkInResultSchema },
      },
    },
    async (request) => {
      const done = await checkIn(ctx, actorOf(request), request.body);
      return { booking: done.entry, queueNumber: done.queueNumber, already: done.already };
    },
  );

  app.post(
    '/counter/walk-in',
    {
      config: { permission: 'appointments.serve' },
      schema: {
        tags,
        summary: m.key('route.walkIn'),
        body: walkInInputSchema,
        response: { 201: queueEntrySchema },
      },
    },
    async (request, reply) => {
      const { phone, ...rest } = request.body;
      reply.code(201);
      return walkIn(ctx, actorOf(request), { ...rest, phone: phone || undefined });
    },
  );

  for (const step of ['call', 'served'] as const) {
    app.post(
      `/bookings/:id/${step}`,
      {
        config: { permission: 'appointments.serve' },
        schema: {
          tags,
          summary: m.key(step === 'call' ? 'route.call' : 'route.served'),
          params: uuidParam('id'),
          response: { 200: queueEntrySchema },
        },
      },
      async (request) => {
        const auth = userOf(request);
        const actor = { ...actorOf(request), id: auth.userId };
        return counterStep(ctx, actor, auth.siteIds, (request.params as { id: string }).id, step);
      },
    );
  }

  app.post(
    '/bookings/:id/no-show',
    {
      config: { permission: 'appointments.serve' },
      schema: {
        tags,
        summary: m.key('route.noShow'),
        params: uuidParam('id'),
        response: { 200: queueEntrySchema },
      },
    },
    async (request) => {
      const auth = userOf(request);
      return markNoShow(ctx, actorOf(request), auth.siteIds, (request.params as { id: string }).id);
    },
  );
};
