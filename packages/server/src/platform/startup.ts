import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from '../app.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { runMigrations } from '../db/migrate.ts';
import type { AppContext } from './context.ts';
import { createKeyring, loadMasterKey } from './crypto.ts';
import { DEMO_SEEDERS } from '../modules/index.ts';
import { isDemoDatabase, seedDemo } from './demo-seed.ts';

export async function createContext(config: Config): Promise<AppContext> {
  const database = await openDatabase({
    url: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pglite'),
  });
  const keyring = createKeyring(loadMasterKey(config.dataDir, config.masterKey));
  return { config, database, db: database.db, keyring, now: () => new Date() };
}

export class DemoDataInProductionError extends Error {}

/** Brings the database up to date and, in demo mode, seeds it. */
export async function prepareDatabase(ctx: AppContext): Promise<{ applied: number; seeded: boolean }> {
  const { applied } = await runMigrations(ctx.database);
  if (ctx.config.mode === 'demo') {
    return { applied, seeded: await seedDemo(ctx, DEMO_SEEDERS) };
  }
  if (await isDemoDatabase(ctx.db)) {
    throw new DemoDataInProductionError(
      'This database holds the demo compound and its demo accounts (published password). ' +
        'Production mode refuses it: point ANJU_DATA_DIR or DATABASE_URL at a fresh database.',
    );
  }
  return { applied, seeded: false };
}

/**
 * Starts listening first (so /api/health answers 503 while starting), then migrates and seeds,
 * then marks the app ready.
 */
export async function startServer(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = await buildApp(ctx, options);
  await app.listen({ port: ctx.config.port, host: ctx.config.host });
  try {
    const result = await prepareDatabase(ctx);
    app.log.info(result, 'database ready');
  } catch (error) {
    await app.close();
    throw error;
  }
  app.serving = true;
  return app;
}
