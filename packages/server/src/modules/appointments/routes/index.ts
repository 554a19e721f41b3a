import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { counterRoutes } from './counter.ts';
import { statsRoutes } from './stats.ts';

/** The appointments module's routes under /api/v1/appointments, one file per resource. */
export const appointmentRoutes: FastifyPluginAsyncZod = async (app) => {
  // Each resource's plugin is registered here (services, availability, holidays, resources,
  // slots, bookings, public, mine, counter, stats).
  await app.register(counterRoutes);
  await app.register(statsRoutes);
};
