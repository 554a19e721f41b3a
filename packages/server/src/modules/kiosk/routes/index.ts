import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preloadPdfFonts } from '../../../platform/pdf/pdf.ts';
import { certificateRoutes } from './certificates.ts';
import { criminalRecordRoutes } from './criminal-records.ts';
import { kioskIdentityRoutes } from './identity.ts';
import { settingsRoutes } from './settings.ts';
import { terminalCertificateRoutes } from './terminal-certificates.ts';
import { verifyRoutes } from './verify.ts';

/**
 * The kiosk module's routes under /api/v1/kiosk, one file per resource. Multipart is registered
 * once here for every kiosk route that takes files (the seal image; the terminal's check and
 * application uploads), with the largest limit any of them needs; each route sets its own.
 */
export const kioskRoutes: FastifyPluginAsyncZod = async (app) => {
  // Parse the 8 MB font once the server listens, so the first certificate at night is as fast as
  // the rest (not in tests that only inject: they need no certificate or wait for it themselves).
  app.addHook('onListen', async () => {
    setImmediate(preloadPdfFonts);
  });
  await app.register(multipart, { limits: { fileSize: 8 * 1024 * 1024, files: 3, fields: 20, parts: 25 } });
  await app.register(terminalCertificateRoutes);
  await app.register(verifyRoutes);
  await app.register(certificateRoutes);
  await app.register(criminalRecordRoutes);
  await app.register(settingsRoutes);
  // Kiosk devices, the terminal's pairing / heartbeat / check / applications, applications in the console.
  await app.register(kioskIdentityRoutes);
};
