import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { analysisRoutes } from './analysis.ts';
import { categoryRoutes } from './categories.ts';
import { importRoutes } from './imports.ts';
import { peopleRoutes } from './people.ts';
import { placeRoutes } from './places.ts';
import { registerRoutes } from './register.ts';

/** The incidents module's routes under /api/v1/incidents, one file per resource. */
export const incidentRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(categoryRoutes);
  await app.register(analysisRoutes);
  await app.register(placeRoutes);
  // Before the register's '/:id' routes read 'imports' as an incident's id.
  await app.register(importRoutes);
  await app.register(registerRoutes);
  await app.register(peopleRoutes);
};
