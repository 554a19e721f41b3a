import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { agreementRoutes } from './agreements.ts';
import { fulfilmentRoutes } from './fulfilment.ts';
import { statsRoutes } from './stats.ts';

/**
 * The mediation module's routes under /api/v1/mediation, one file per resource:
 * core (cases, team, roster, sessions) and, below, agreements / fulfilment / statistics.
 */
export const mediationRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- core: cases, team, roster, sessions ----
  // ---- agreements, fulfilment, statistics (one register line each) ----
  await app.register(agreementRoutes);
  await app.register(fulfilmentRoutes);
  await app.register(statsRoutes);
};
