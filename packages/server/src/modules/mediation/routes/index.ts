import multipart from '@fastify/multipart';
import { MEDIATION_FILE_MAX_BYTES } from '@anju/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { agreementRoutes } from './agreements.ts';
import { fulfilmentRoutes } from './fulfilment.ts';
import { statsRoutes } from './stats.ts';
import { caseRoutes } from './cases.ts';
import { dashboardRoutes } from './dashboard.ts';
import { rosterRoutes } from './roster.ts';
import { sessionRoutes } from './sessions.ts';
import { teamRoutes } from './team.ts';

/**
 * The mediation module's routes under /api/v1/mediation, one file per resource:
 * core (cases, team, roster, sessions) and, below, agreements / fulfilment / statistics.
 */
export const mediationRoutes: FastifyPluginAsyncZod = async (app) => {
  // Attachments only; the per-route limit is in files.ts (readMultipartForm).
  await app.register(multipart, {
    limits: { fileSize: MEDIATION_FILE_MAX_BYTES, files: 1, fields: 3, parts: 4 },
  });
  // ---- core: cases, team, roster, sessions ----
  await app.register(caseRoutes);
  await app.register(teamRoutes);
  await app.register(rosterRoutes);
  await app.register(sessionRoutes);
  // ---- agreements, fulfilment, statistics (one register line each) ----
  await app.register(agreementRoutes);
  await app.register(fulfilmentRoutes);
  await app.register(statsRoutes);
  await app.register(dashboardRoutes);
};
