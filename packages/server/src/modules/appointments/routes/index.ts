import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** The appointments module's routes under /api/v1/appointments, one file per resource. */
export const appointmentRoutes: FastifyPluginAsyncZod = async (_app) => {
  // Each resource's plugin is registered here (services, availability, holidays, resources,
  // slots, bookings, public, mine, counter, stats).
};
