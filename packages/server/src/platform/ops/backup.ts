import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { auditAnchorDir, type Config } from '../../config.ts';
import { openDatabase } from '../../db/client.ts';
import { knownMigrations } from '../../db/migrate.ts';
import type { AuditVerifyResult } from '@anju/contracts';
import { supersedeAnchors, writeAuditAnchor } from '../audit/anchor.ts';
import { bindAuditChainKey, verifyAuditChain } from '../audit/service.ts';
import { createKeyring, loadMasterKey } from '../crypto.ts';
import { type AddEntry, DamagedArchiveError, openArchive, readArchive, writeArchive } from './archive.ts';
import { countRows, type DatabaseDumper, postgresIsEmpty, postgresRestore } from './database-dump.ts';

/**
 * `anju backup` / `anju restore`: one encrypted archive holding the database (PGlite data-folder
 * image or pg_dump), the key file(s), a configuration snapshot without secrets and every retained
 * file under the data folder. Restore goes into an empty data folder (and, on PostgreSQL, an empty
 * database), stages everything, and only moves it into place once the whole archive authenticated.
 */
export const ANJU_VERSION: string = (
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

const MANIFEST = 'manifest.json';
const PGLITE_ENTRY = 'database/pglite.tar';
const POSTGRES_ENTRY = 'database/postgres.dump';
/**
 * Top-level names in the data folder that are never copied as files. `audit-anchor` holds the
 * live log's head checkpoints, which describe the database at the time they were written, not the
 * dump (a restore writes a fresh one of the restored log).
 */
const SKIPPED = new Set(['pglite', 'run', 'lost+found', 'audit-anchor']);
const STAGING_PREFIX = '.restore-';

export interface Manifest {
  format: 'anju-backup-manifest';
  version: 1;
  createdAt: string;
  anjuVersion: string;
  hostname: string;
  database: { kind: 'pglite' | 'postgres'; entry: string; migrationTimes: number[] };
  key: { source: 'file' | 'env'; fingerprint: string };
  config: Record<string, unknown>;
  files: { path: string; size: number }[];
}

export class RestoreRefusedError extends Error {}

/** Short, non-reversible identifier of a master key (tells "same key?" without revealing it). */
export function keyFingerprint(key: Buffer): string {
  return crypto.createHash('sha256').update('anju-key-fingerprint\0').update(key).digest('hex').slice(0, 16);
}

function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** The configuration without secrets (an allow-list: settings added later stay out until listed). */
export function configSnapshot(config: Config): Record<string, unknown> {
  return {
    mode: config.mode,
    host: config.host,
    port: config.port,
    httpPort: config.httpPort,
    dataDir: config.dataDir,
    database: config.databaseUrl ? redactUrl(config.databaseUrl) : 'pglite (embedded)',
    masterKey: config.masterKey ? 'ANJU_MASTER_KEY (environment, not in this archive)' : 'key file',
    logLevel: config.logLevel,
    sessionHours: config.sessionHours,
    bodyLimitBytes: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    tls: {
      mode: config.tls.mode,
      certFile: config.tls.certFile,
      keyFile: config.tls.keyFile,
      extraNames: config.tls.extraNames,
    },
    metricsToken: config.metricsToken ? 'set' : 'unset',
    backup: { dir: config.backup.dir, keep: config.backup.keep, hour: config.backup.hour },
  };
}

interface DataFile {
  abs: string;
  rel: string;
  size: number;
  mode: number;
}

/** Retained files: everything under the data folder except the live database and run files. */
export function collectDataFiles(config: Config): DataFile[] {
  const root = config.dataDir;
  const out: DataFile[] = [];
  const backupDir = config.backup.dir ? path.resolve(config.backup.dir) : null;
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && (SKIPPED.has(entry.name) || entry.name.startsWith(STAGING_PREFIX))) continue;
      if (backupDir && abs === backupDir) continue;
      if (entry.isDirectory()) walk(abs, r);
      else if (entry.isFile() && !/\.(tmp|partial-[0-9a-f]+)$/.test(entry.name)) {
        const st = fs.statSync(abs);
        out.push({ abs, rel: r, size: st.size, mode: st.mode & 0o777 });
      }
    }
  };
  if (fs.existsSync(root)) walk(root, '');
  return out;
}

/** The master key as the server would use it: from the environment or the key file. */
function currentMasterKey(config: Config): { source: 'env' | 'file'; key: Buffer } {
  if (config.masterKey) return { source: 'env', key: Buffer.from(config.masterKey, 'base64') };
  const file = path.join(config.dataDir, 'keys', 'master.key');
  if (!fs.existsSync(file)) {
    throw new Error(`no key file at ${file}: this data folder has never been started, nothing to back up`);
  }
  return { source: 'file', key: Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64') };
}

export interface BackupResult {
  file: string;
  bytes: number;
  files: number;
  manifest: Manifest;
}

export async function createBackup(o: {
  config: Config;
  file: string;
  passphrase: string;
  dumper: DatabaseDumper;
}): Promise<BackupResult> {
  const { config, dumper } = o;
  const key = currentMasterKey(config);
  const { migrationTimes, config: serverConfig } = await dumper.info();
  const files = collectDataFiles(config);
  const manifest: Manifest = {
    format: 'anju-backup-manifest',
    version: 1,
    createdAt: new Date().toISOString(),
    anjuVersion: ANJU_VERSION,
    hostname: os.hostname(),
    database: {
      kind: dumper.kind,
      entry: dumper.kind === 'pglite' ? PGLITE_ENTRY : POSTGRES_ENTRY,
      migrationTimes,
    },
    key: { source: key.source, fingerprint: keyFingerprint(key.key) },
    config: serverConfig ?? configSnapshot(config),
    files: files.map((f) => ({ path: f.rel, size: f.size })),
  };
  fs.mkdirSync(path.dirname(path.resolve(o.file)), { recursive: true });
  const { bytes } = await writeArchive(o.file, o.passphrase, async (add: AddEntry) => {
    await add({ path: MANIFEST }, Buffer.from(JSON.stringify(manifest, null, 2)));
    await add({ path: manifest.database.entry, mode: 0o600 }, dumper.dump());
    for (const f of files) await add({ path: `data/${f.rel}`, mode: f.mode }, fs.createReadStream(f.abs));
  });
  return { file: o.file, bytes, files: files.length, manifest };
}

export interface RestoreReport {
  manifest: Manifest;
  rowCounts: Record<string, number>;
  audit: AuditVerifyResult;
  files: number;
  /** Audit head checkpoints of the log before the restore, moved aside (anchor.ts). */
  supersededCheckpoints: string[];
}

function isEmptyDir(dir: string): boolean {
  if (!fs.existsSync(dir)) return true;
  return fs.readdirSync(dir).filter((n) => n !== 'lost+found').length === 0;
}

/** "data/a/b.jpg" → "a/b.jpg"; refuses anything that could escape the data folder. */
function safeDataPath(entryPath: string): string {
  const rel = entryPath.slice('data/'.length);
  const parts = rel.split('/');
  if (
    !rel ||
    rel.includes('\\') ||
    rel.includes('\0') ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new DamagedArchiveError(`backup archive holds an unsafe path: ${entryPath}`);
  }
  return rel;
}

/**
 * Restores an archive into config.dataDir (must be empty) and, on PostgreSQL, config.databaseUrl
 * (must be an empty database). Verifies the result: audit chain and row counts.
 */
export async function restoreBackup(o: {
  config: Config;
  file: string;
  passphrase: string;
  log?: (line: string) => void;
}): Promise<RestoreReport> {
  const { config } = o;
  const log = o.log ?? (() => undefined);
  const wantKind = config.databaseUrl ? 'postgres' : 'pglite';
  const dataDir = config.dataDir;

  // 1. Passphrase first: a wrong one must leave everything untouched.
  const opened = await openArchive(o.file, o.passphrase);

  // 2. The target must be empty.
  if (!isEmptyDir(dataDir)) {
    throw new RestoreRefusedError(
      `the data folder ${dataDir} is not empty; restore only goes into an empty one`,
    );
  }
  if (wantKind === 'postgres') {
    const probe = await openDatabase({ url: config.databaseUrl });
    try {
      if (!(await postgresIsEmpty(probe.db))) {
        throw new RestoreRefusedError(
          'the database at DATABASE_URL is not empty; create a fresh one (CREATE DATABASE …) and restore into it',
        );
      }
    } finally {
      await probe.close();
    }
  }

  const createdDataDir = !fs.existsSync(dataDir);
  const staging = path.join(dataDir, `${STAGING_PREFIX}${crypto.randomBytes(4).toString('hex')}`);
  let manifest: Manifest | null = null;
  let files = 0;
  const cleanup = () => {
    fs.rmSync(staging, { recursive: true, force: true });
    if (createdDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // 3. Stream every entry into the staging folder; nothing is in place until all of it authenticated.
    await readArchive(o.file, opened, async (meta, data) => {
      if (!manifest) {
        if (meta.path !== MANIFEST)
          throw new DamagedArchiveError('backup archive does not start with its manifest');
        const parts: Buffer[] = [];
        for await (const c of data) parts.push(c);
        manifest = JSON.parse(Buffer.concat(parts).toString('utf8')) as Manifest;
        checkManifest(manifest, config, wantKind);
        log(`backup of ${manifest.createdAt} from ${manifest.hostname} (Anju ${manifest.anjuVersion})`);
        fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
        return;
      }
      let target: string;
      if (meta.path === manifest.database.entry) target = path.join(staging, 'database.dump');
      else if (meta.path.startsWith('data/')) {
        target = path.join(staging, 'data', safeDataPath(meta.path));
        files++;
      } else throw new DamagedArchiveError(`backup archive holds an unknown entry: ${meta.path}`);
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      const out = fs.createWriteStream(target, { mode: (meta.mode ?? 0o600) & 0o777 });
      for await (const chunk of data) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) =>
        out.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
    });
    if (!manifest) throw new DamagedArchiveError('backup archive is empty');
    const m: Manifest = manifest;
    const dump = path.join(staging, 'database.dump');
    if (!fs.existsSync(dump)) throw new DamagedArchiveError('backup archive holds no database');

    // 4. The database.
    if (m.database.kind === 'pglite') {
      log('loading the embedded database…');
      const pg = await PGlite.create({
        dataDir: path.join(staging, 'pglite'),
        loadDataDir: new Blob([fs.readFileSync(dump)]),
      });
      await pg.close();
    } else {
      log('pg_restore into the empty database…');
      await postgresRestore(config.databaseUrl!, dump);
    }
    fs.rmSync(dump);

    // 5. Into place.
    fs.mkdirSync(dataDir, { recursive: true });
    const stagedData = path.join(staging, 'data');
    if (fs.existsSync(stagedData)) {
      for (const name of fs.readdirSync(stagedData))
        fs.renameSync(path.join(stagedData, name), path.join(dataDir, name));
    }
    if (m.database.kind === 'pglite')
      fs.renameSync(path.join(staging, 'pglite'), path.join(dataDir, 'pglite'));
    fs.rmSync(staging, { recursive: true, force: true });
  } catch (error) {
    // pg_restore runs as one transaction: when it fails the database is still empty.
    cleanup();
    throw error;
  }

  // 6. Verify what came back: the chain with the restored installation's key. Checkpoints of the
  // log as it was before (entries newer than the backup) are moved aside, and the restored log
  // gets a checkpoint of its own.
  const restored = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(dataDir, 'pglite') });
  try {
    const keyring = createKeyring(loadMasterKey(dataDir, config.masterKey));
    bindAuditChainKey(restored.db, keyring);
    const audit = await verifyAuditChain(restored.db);
    const rowCounts = await countRows(restored.db);
    const now = new Date();
    const supersededCheckpoints = supersedeAnchors(auditAnchorDir(config), now);
    if (audit.ok) await writeAuditAnchor({ db: restored.db, keyring, config }, now);
    return { manifest: manifest!, rowCounts, audit, files, supersededCheckpoints };
  } finally {
    await restored.close();
  }
}

function checkManifest(m: Manifest, config: Config, wantKind: 'pglite' | 'postgres'): void {
  if (m.format !== 'anju-backup-manifest' || m.version !== 1) {
    throw new RestoreRefusedError('unsupported backup manifest (made by a newer Anju?)');
  }
  if (m.database.kind !== wantKind) {
    throw new RestoreRefusedError(
      m.database.kind === 'pglite'
        ? 'this backup holds an embedded (PGlite) database: unset DATABASE_URL to restore it'
        : 'this backup holds a PostgreSQL dump: set DATABASE_URL to an empty PostgreSQL database to restore it',
    );
  }
  const newest = knownMigrations().at(-1)?.when ?? 0;
  if (m.database.migrationTimes.some((t) => t > newest)) {
    throw new RestoreRefusedError(
      `this backup was made by a newer Anju (${m.anjuVersion}) whose database this version cannot run; upgrade Anju first`,
    );
  }
  if (m.key.source === 'env' && !config.masterKey) {
    throw new RestoreRefusedError(
      'this backup was made with ANJU_MASTER_KEY from the environment (the key is not in the archive): set the same ANJU_MASTER_KEY',
    );
  }
  if (config.masterKey && keyFingerprint(Buffer.from(config.masterKey, 'base64')) !== m.key.fingerprint) {
    throw new RestoreRefusedError(
      'ANJU_MASTER_KEY differs from the key this backup was made with: encrypted fields would be unreadable',
    );
  }
}
