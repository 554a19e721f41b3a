import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from '../app.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { runMigrations } from '../db/migrate.ts';
import type { AppContext } from './context.ts';
import { createKeyring, loadMasterKey } from './crypto.ts';
import { createEventBus } from './events.ts';
import { DEMO_SEEDERS, MODULE_JOBS } from '../modules/index.ts';
import { type Scheduler, startScheduler } from './jobs.ts';
import { type DemoSeeder, isDemoDatabase, seedDemo } from './demo-seed.ts';
import { attachOps } from './ops/server.ts';
import { type AnchorSchedule, startAuditAnchoring } from './audit/anchor.ts';
import { bindAuditChainKey } from './audit/service.ts';
import { prepareTls } from './ops/tls.ts';

export async function createContext(config: Config): Promise<AppContext> {
  const database = await openDatabase({
    url: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pglite'),
  });
  const keyring = createKeyring(loadMasterKey(config.dataDir, config.masterKey));
  const events = await createEventBus(config.databaseUrl);
  bindAuditChainKey(database.db, keyring);
  return { config, database, db: database.db, keyring, events, now: () => new Date() };
}

// Distinct from migration (4_242_001), audit chain (4_242_002), backup and alert locks.
const DEMO_SEED_LOCK_ID = 4_242_004;

export class DemoDataInProductionError extends Error {}

/** Brings the database up to date and, in demo mode, seeds it. */
export async function prepareDatabase(
  ctx: AppContext,
  seeders: DemoSeeder[] = DEMO_SEEDERS,
): Promise<{ applied: number; seeded: boolean }> {
  // Entries written from here on (the demo seed's too) are linked with the keyed chain.
  bindAuditChainKey(ctx.database.db, ctx.keyring);
  bindAuditChainKey(ctx.db, ctx.keyring);
  const { applied } = await runMigrations(ctx.database);
  if (ctx.config.mode === 'demo') {
    // Several processes may start on one empty PostgreSQL at once: one seeds, the others wait
    // for the lock, then find the demo marker and skip.
    const seeded = await ctx.database.withLock(DEMO_SEED_LOCK_ID, () => seedDemo(ctx, seeders));
    return { applied, seeded };
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
  // TLS material is read (or, with ANJU_TLS=auto, created) before the server exists.
  const tls = options.tls === undefined ? prepareTls(ctx.config) : options.tls;
  const app = await buildApp(ctx, { ...options, tls });
  // Module jobs (e.g. lapsing expired tenancies) start once the database is ready.
  let scheduler: Scheduler | null = null;
  let anchoring: AnchorSchedule | null = null;
  app.addHook('onClose', async () => {
    await scheduler?.stop();
    // A last checkpoint of the audit head before the database closes.
    await anchoring?.stop();
  });
  await app.listen({ port: ctx.config.port, host: ctx.config.host });
  try {
    await attachOps(app, ctx, tls);
    const result = await prepareDatabase(ctx);
    app.log.info(result, 'database ready');
  } catch (error) {
    await app.close();
    throw error;
  }
  app.serving = true;
  scheduler = startScheduler(ctx, MODULE_JOBS, { log: app.log });
  anchoring = startAuditAnchoring(ctx, app.log);
  return app;
}
