import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/**
 * The mediation module's routes under /api/v1/mediation, one file per resource:
 * core (cases, team, roster, sessions) and, below, agreements / fulfilment / statistics.
 */
export const mediationRoutes: FastifyPluginAsyncZod = async (_app) => {
  // ---- core: cases, team, roster, sessions ----
  // ---- agreements, fulfilment, statistics (one register line each) ----
};
