/**
 * The kiosk's identity side, mounted by routes/index.ts under /api/v1/kiosk: kiosk devices
 * (console), the kiosk's terminal routes, applications (console and resident). One face engine
 * pool per process, shared with the gate (modules/face/shared-engine.ts).
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sharedFaceEngine } from '../../face/shared-engine.ts';
import { bindCheckKeyring } from '../identity-check.ts';
import { applicationRoutes } from './applications.ts';
import { deviceRoutes } from './devices.ts';
import { IMAGE_MAX_BYTES } from './multipart.ts';
import { terminalRoutes } from './terminal.ts';

export const kioskIdentityRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.ctx;
  bindCheckKeyring(ctx.db, ctx.keyring);
  const faces = sharedFaceEngine(ctx);
  app.addHook('onClose', () => faces.close());
  if (!app.hasRequestDecorator('isMultipart')) {
    await app.register(multipart, {
      limits: { fileSize: IMAGE_MAX_BYTES, files: 2, fields: 10, parts: 12 },
    });
  }
  await app.register(deviceRoutes);
  await app.register(terminalRoutes(faces));
  await app.register(applicationRoutes(faces));
};
