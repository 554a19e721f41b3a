import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { availabilityRoutes } from './availability.ts';
import { bookingRoutes } from './bookings.ts';
import { counterRoutes } from './counter.ts';
import { holidayRoutes } from './holidays.ts';
import { mineRoutes } from './mine.ts';
import { publicRoutes } from './public.ts';
import { resourceRoutes } from './resources.ts';
import { serviceRoutes } from './services.ts';
import { slotRoutes } from './slots.ts';
import { statsRoutes } from './stats.ts';

/** The appointments module's routes under /api/v1/appointments, one file per resource. */
export const appointmentRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(serviceRoutes);
  await app.register(availabilityRoutes);
  await app.register(holidayRoutes);
  await app.register(resourceRoutes);
  await app.register(slotRoutes);
  await app.register(bookingRoutes);
  await app.register(publicRoutes);
  await app.register(mineRoutes);
  await app.register(counterRoutes);
  await app.register(statsRoutes);
};
