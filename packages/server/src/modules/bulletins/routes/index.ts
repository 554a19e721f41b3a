import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { boardRoutes } from './boards.ts';
import { draftRoutes } from './drafts.ts';
import { imageRoutes } from './images.ts';
import { mineRoutes } from './mine.ts';
import { postRoutes } from './posts.ts';
import { publicRoutes } from './public.ts';

/** The bulletins module's routes under /api/v1/bulletins, one file per resource. */
export const bulletinRoutes: FastifyPluginAsyncZod = async (app) => {
  // Post images only; the per-route limit is in routes/images.ts (readMultipartForm).
  await app.register(multipart, { limits: { fileSize: 8 * 1024 * 1024, files: 1, fields: 5, parts: 6 } });
  await app.register(boardRoutes);
  await app.register(postRoutes);
  await app.register(imageRoutes);
  await app.register(draftRoutes);
  await app.register(publicRoutes);
  await app.register(mineRoutes);
};
