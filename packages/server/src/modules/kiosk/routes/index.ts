import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { kioskIdentityRoutes } from './identity.ts';

/** The kiosk module's routes under /api/v1/kiosk (certificates: H1; identity and applications: H2). */
export const kioskRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(kioskIdentityRoutes);
};
