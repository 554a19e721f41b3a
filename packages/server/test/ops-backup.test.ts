import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { appendAudit, verifyAuditChain } from '../src/platform/audit/service.ts';
import type { AppContext } from '../src/platform/context.ts';
import { createKeyring, loadMasterKey } from '../src/platform/crypto.ts';
import {
  DamagedArchiveError,
  openArchive,
  readArchive,
  WrongPassphraseError,
  writeArchive,
} from '../src/platform/ops/archive.ts';
import { createBackup, RestoreRefusedError, restoreBackup } from '../src/platform/ops/backup.ts';
import { backupCommand } from '../src/platform/ops/cli.ts';
import {
  countRows,
  type DatabaseDumper,
  localPgliteDumper,
  postgresDumper,
  postgresIsEmpty,
} from '../src/platform/ops/database-dump.ts';
import {
  listBackups,
  nextBackupTime,
  shanghaiStamp,
  startBackupSchedule,
} from '../src/platform/ops/schedule.ts';
import { openDatabase } from '../src/db/client.ts';
import { registrySeeder, SMALL_REGISTRY } from '../src/modules/registry/seed.ts';
import { createContext, prepareDatabase, startServer } from '../src/platform/startup.ts';
import {
  type Backend,
  DEMO_PASSWORD,
  describeBackends,
  freshPostgresDatabase,
  signIn,
  tempDirs,
} from './harness.ts';

const PASSPHRASE = 'test backup passphrase 安居';
const tmp = tempDirs();

const freshPostgres = () => freshPostgresDatabase(process.env.TEST_DATABASE_URL!, 'anju_ops');

/**
 * A real installation: data folder with key file, PGlite or PostgreSQL, demo data and some activity.
 * The backup → wipe → restore suites take the full demo compound (1,940 households); the control
 * port and schedule checks are about the path an archive takes, not its size: they take `small`.
 */
async function installation(
  backend: Backend,
  drops: Array<() => Promise<void>>,
  size: 'full' | 'small' = 'full',
) {
  const dataDir = tmp(`backup-${backend}`);
  let databaseUrl: string | undefined;
  if (backend === 'postgres') {
    const db = await freshPostgres();
    databaseUrl = db.url;
    drops.push(db.drop);
  }
  const config: Config = {
    ...loadConfig({ ANJU_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, 'demo'),
    demoPassword: DEMO_PASSWORD,
    databaseUrl,
    backup: { dir: undefined, keep: 7, hour: 3, passphrase: PASSPHRASE },
  };
  const ctx = await createContext(config);
  await prepareDatabase(ctx, size === 'small' ? [registrySeeder(SMALL_REGISTRY)] : undefined);
  const app = await buildApp(ctx, { logger: false });
  app.serving = true;
  await app.ready();
  return { config, ctx, app, dataDir };
}

async function shutdown(app: FastifyInstance, ctx: AppContext) {
  await app.close();
  await ctx.events.close();
  await ctx.database.close();
}

function dumperFor(ctx: AppContext): DatabaseDumper {
  return ctx.database.kind === 'pglite'
    ? localPgliteDumper(ctx.database)
    : postgresDumper(ctx.config.databaseUrl!, ctx.db);
}

describeBackends('operations: backup → wipe → restore', (backend) => {
  const drops: Array<() => Promise<void>> = [];
  const archive = path.join(tmp('archives'), 'anju.anjubak');
  let source: Awaited<ReturnType<typeof installation>>;
  let counts: Record<string, number>;
  let auditEntries: number;
  let sealed: string;
  const photo = crypto.randomBytes(200_000);

  beforeAll(async () => {
    source = await installation(backend, drops);
    const { app, ctx, dataDir } = source;
    // Activity: logins (sessions + audit entries), a direct audit entry, an encrypted value, a retained file.
    await signIn(app, 'police');
    await signIn(app, 'property');
    await appendAudit(
      ctx.db,
      { id: null, name: 'ops-test', role: null, ip: '127.0.0.1' },
      { action: 'ops.test' },
    );
    sealed = ctx.keyring.encrypt('id-number', '110101199003077777');
    fs.mkdirSync(path.join(dataDir, 'files', 'photos'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'files', 'photos', 'p1.jpg'), photo);
    counts = await countRows(ctx.db);
    const audit = await verifyAuditChain(ctx.db);
    expect(audit.ok).toBe(true);
    auditEntries = audit.entries;
    expect(auditEntries).toBeGreaterThanOrEqual(3);
  }, 300_000);

  afterAll(async () => {
    for (const drop of drops) await drop().catch(() => undefined);
  });

  it('writes one encrypted archive while the app is serving', async () => {
    const result = await createBackup({
      config: source.config,
      file: archive,
      passphrase: PASSPHRASE,
      dumper: dumperFor(source.ctx),
    });
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
    expect(result.manifest.database.kind).toBe(backend);
    expect(result.manifest.key.source).toBe('file');
    expect(result.manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['keys/master.key', 'files/photos/p1.jpg']),
    );
    // Encrypted: neither the key, the photo nor table contents are visible in the file.
    const bytes = fs.readFileSync(archive);
    const key = fs.readFileSync(path.join(source.dataDir, 'keys', 'master.key'), 'utf8').trim();
    expect(bytes.includes(Buffer.from(key))).toBe(false);
    expect(bytes.includes(photo.subarray(0, 64))).toBe(false);
    expect(bytes.includes(Buffer.from('audit_log'))).toBe(false);
    // The snapshot holds no secrets.
    expect(JSON.stringify(result.manifest.config)).not.toContain(DEMO_PASSWORD);
    expect(JSON.stringify(result.manifest.config)).not.toContain(PASSPHRASE);

    // The app kept serving through the backup; then the installation is wiped.
    expect((await source.app.inject({ url: '/api/ready' })).statusCode).toBe(200);
    await shutdown(source.app, source.ctx);
    fs.rmSync(source.dataDir, { recursive: true, force: true });
  }, 180_000);

  /** An empty place to restore into: a new data folder, and a fresh database on PostgreSQL. */
  async function emptyTarget(): Promise<Config> {
    let databaseUrl: string | undefined;
    if (backend === 'postgres') {
      const db = await freshPostgres();
      drops.push(db.drop);
      databaseUrl = db.url;
    }
    return { ...source.config, dataDir: path.join(tmp('restore'), 'data'), databaseUrl };
  }

  async function targetUntouched(config: Config) {
    expect(fs.existsSync(config.dataDir)).toBe(false);
    if (config.databaseUrl) {
      const probe = await openDatabase({ url: config.databaseUrl });
      expect(await postgresIsEmpty(probe.db)).toBe(true);
      await probe.close();
    }
  }

  it('refuses a wrong passphrase clearly and writes nothing', async () => {
    const target = await emptyTarget();
    const error = await restoreBackup({
      config: target,
      file: archive,
      passphrase: 'not the passphrase',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongPassphraseError);
    expect((error as Error).message).toMatch(/wrong backup passphrase/);
    await targetUntouched(target);
  });

  it('refuses a damaged archive and writes nothing', async () => {
    const damaged = `${archive}.damaged`;
    const bytes = fs.readFileSync(archive);
    bytes[bytes.length - 50]! ^= 0x01;
    fs.writeFileSync(damaged, bytes);
    const target = await emptyTarget();
    await expect(
      restoreBackup({ config: target, file: damaged, passphrase: PASSPHRASE }),
    ).rejects.toBeInstanceOf(DamagedArchiveError);
    await targetUntouched(target);
  });

  it('refuses a data folder that is not empty', async () => {
    const target = await emptyTarget();
    fs.mkdirSync(target.dataDir, { recursive: true });
    fs.writeFileSync(path.join(target.dataDir, 'something'), 'x');
    await expect(
      restoreBackup({ config: target, file: archive, passphrase: PASSPHRASE }),
    ).rejects.toBeInstanceOf(RestoreRefusedError);
    expect(fs.readdirSync(target.dataDir)).toEqual(['something']);
  });

  it('restores an identical system: counts, audit chain, keys and files', async () => {
    const target = await emptyTarget();
    const report = await restoreBackup({ config: target, file: archive, passphrase: PASSPHRASE });
    expect(report.rowCounts).toEqual(counts);
    expect(report.audit).toMatchObject({ ok: true, entries: auditEntries });

    // Same key: what was encrypted before the backup decrypts after the restore.
    const keyring = createKeyring(loadMasterKey(target.dataDir, undefined));
    expect(keyring.decrypt('id-number', sealed).toString()).toBe('110101199003077777');
    expect(fs.readFileSync(path.join(target.dataDir, 'files', 'photos', 'p1.jpg')).equals(photo)).toBe(true);
    expect(fs.statSync(path.join(target.dataDir, 'keys', 'master.key')).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(target.dataDir).filter((n) => n.startsWith('.restore-'))).toEqual([]);

    // And it runs: the restored system starts and signs users in.
    const ctx = await createContext(target);
    try {
      await prepareDatabase(ctx);
      const app = await buildApp(ctx, { logger: false });
      app.serving = true;
      await app.ready();
      const police = await signIn(app, 'police');
      expect(police.me.user.role).toBe('police');
      expect((await verifyAuditChain(ctx.db)).ok).toBe(true);
      await app.close();
    } finally {
      await ctx.events.close();
      await ctx.database.close();
    }
  }, 180_000);
});

describe('operations: backup of a running PGlite server through its control port', () => {
  it('the backup command asks the running server for the dump; the restore matches', async () => {
    const drops: Array<() => Promise<void>> = [];
    const { config, ctx, app } = await installation('pglite', drops, 'small');
    await app.close();
    const running = await startServer(
      { ...ctx, config: { ...config, port: 0, host: '127.0.0.1' } },
      { logger: false },
    );
    try {
      await signIn(running, 'police');
      const counts = await countRows(ctx.db);
      const file = path.join(tmp('cmd'), 'running.anjubak');
      const logs: string[] = [];
      const log = console.log;
      console.log = (...args: unknown[]) => logs.push(args.join(' '));
      try {
        expect(await backupCommand(config, file)).toBe(0);
      } finally {
        console.log = log;
      }
      expect(logs.join('\n')).toMatch(/via the running server \(pid \d+\)/);
      // The live server is still fine, then the restore equals what it had.
      expect((await running.inject({ url: '/api/ready' })).statusCode).toBe(200);
      const target = { ...config, dataDir: path.join(tmp('restore-running'), 'data') };
      const report = await restoreBackup({ config: target, file, passphrase: PASSPHRASE });
      expect(report.rowCounts).toEqual(counts);
      expect(report.audit.ok).toBe(true);
      // The server's own configuration went into the archive (port 0 here, not the CLI's 8080).
      expect(report.manifest.config.port).toBe(0);
    } finally {
      await running.close();
      await ctx.events.close();
      await ctx.database.close();
    }
  }, 300_000);
});

describe('operations: scheduled daily backups', () => {
  it('computes the next run in Asia/Shanghai time', () => {
    // 20:00 UTC = 04:00 next day in Shanghai: 03:00 has passed, so the next run is a day later.
    expect(nextBackupTime(new Date('2026-01-01T20:00:00Z'), 3).toISOString()).toBe(
      '2026-01-02T19:00:00.000Z',
    );
    // 18:00 UTC = 02:00 Shanghai: 03:00 Shanghai is an hour away.
    expect(nextBackupTime(new Date('2026-01-01T18:00:00Z'), 3).toISOString()).toBe(
      '2026-01-01T19:00:00.000Z',
    );
    expect(shanghaiStamp(new Date('2026-01-01T18:30:05Z'))).toBe('20260102-023005');
  });

  it('writes one backup per day and keeps the newest N', async () => {
    const drops: Array<() => Promise<void>> = [];
    const inst = await installation('pglite', drops, 'small');
    const dir = tmp('scheduled');
    let now = new Date('2026-03-01T19:00:00Z');
    const ctx: AppContext = {
      ...inst.ctx,
      now: () => now,
      config: { ...inst.config, backup: { dir, keep: 2, hour: 3, passphrase: PASSPHRASE } },
    };
    const schedule = startBackupSchedule(ctx, pino({ level: 'silent' }), { catchUpDelayMs: 60 * 60 * 1000 })!;
    try {
      expect(schedule.nextRunAt()!.getTime()).toBeGreaterThan(Date.now()); // catch-up armed, not immediate
      for (const day of ['2026-03-01', '2026-03-02', '2026-03-03']) {
        now = new Date(`${day}T19:00:00Z`);
        expect(await schedule.runNow()).toMatch(/anju-backup-\d{8}-030000\.anjubak$/);
      }
      expect(await schedule.runNow()).toBeNull(); // today's exists (another process, or a rerun)
      const kept = listBackups(dir).map((b) => path.basename(b.file));
      expect(kept).toEqual(['anju-backup-20260304-030000.anjubak', 'anju-backup-20260303-030000.anjubak']);
      // A scheduled archive restores like any other.
      const target = { ...inst.config, dataDir: path.join(tmp('restore-scheduled'), 'data') };
      const report = await restoreBackup({
        config: target,
        file: listBackups(dir)[0]!.file,
        passphrase: PASSPHRASE,
      });
      expect(report.audit.ok).toBe(true);
    } finally {
      await schedule.stop();
      await shutdown(inst.app, inst.ctx);
    }
  }, 300_000);
});

describe('operations: archive format', () => {
  const cheap = { N: 2 ** 12, r: 8, p: 1 }; // the format, not the work factor, is under test here
  const big = crypto.randomBytes(3 * 1024 * 1024 + 123);
  const file = path.join(tmp('format'), 'a.anjubak');

  async function entries(f: string, passphrase = PASSPHRASE): Promise<Record<string, Buffer>> {
    const out: Record<string, Buffer> = {};
    await readArchive(f, await openArchive(f, passphrase), async (meta, data) => {
      const parts: Buffer[] = [];
      for await (const c of data) parts.push(c);
      out[meta.path] = Buffer.concat(parts);
    });
    return out;
  }

  it('round-trips entries of any size across many authenticated chunks', async () => {
    await writeArchive(
      file,
      PASSPHRASE,
      async (add) => {
        await add({ path: 'manifest.json' }, Buffer.from('{}'));
        await add(
          { path: 'big' },
          (async function* () {
            yield big.subarray(0, 10);
            yield big.subarray(10);
          })(),
        );
        await add({ path: 'empty' }, Buffer.alloc(0));
      },
      cheap,
    );
    const got = await entries(file);
    expect(Object.keys(got)).toEqual(['manifest.json', 'big', 'empty']);
    expect(got.big!.equals(big)).toBe(true);
    expect(got.empty!.length).toBe(0);
  });

  it('detects a wrong passphrase, an altered byte, a dropped tail and an edited header', async () => {
    await expect(openArchive(file, 'wrong')).rejects.toBeInstanceOf(WrongPassphraseError);
    const bytes = fs.readFileSync(file);
    const variant = (name: string, b: Buffer) => {
      const f = path.join(path.dirname(file), name);
      fs.writeFileSync(f, b);
      return f;
    };
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)]! ^= 0x80;
    await expect(entries(variant('flipped', flipped))).rejects.toThrow(/fails authentication/);
    await expect(entries(variant('short', bytes.subarray(0, bytes.length - 1000)))).rejects.toBeInstanceOf(
      DamagedArchiveError,
    );
    // Dropping whole chunks at the end is caught too (the last chunk carries the "final" flag).
    const headerEnd = 12 + bytes.readUInt32BE(8);
    const firstChunk = 4 + bytes.readUInt32BE(headerEnd) + 16;
    await expect(entries(variant('cut', bytes.subarray(0, headerEnd + firstChunk)))).rejects.toThrow(
      /truncated/,
    );
    const header = Buffer.from(bytes);
    const at = header.indexOf('"chunkSize"');
    header[at + 2] = 'C'.charCodeAt(0); // same length, different header
    await expect(entries(variant('header', header))).rejects.toThrow();
    await expect(entries(variant('foreign', Buffer.from('not an archive at all')))).rejects.toThrow(
      /not an Anju backup archive/,
    );
  });
});
