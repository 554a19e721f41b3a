/** Appointment statistics for the dashboard (appointments.read). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appointmentStatsSchema, appointmentsCounterMessages as m, statsQuerySchema } from '@anju/contracts';
import { appointmentStats } from '../stats.ts';

export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  app.get(
    '/stats',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags: ['appointments'],
        summary: m.key('route.stats'),
        querystring: statsQuerySchema,
        response: { 200: appointmentStatsSchema },
      },
    },
    // Counts and times only, no one's data: nothing to audit.
    async (request) => appointmentStats(ctx.db, request.query),
  );
};
