import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context.ts';
import { writeAuditAnchor } from '../audit/anchor.ts';
import { createBackup } from './backup.ts';
import { localPgliteDumper, postgresDumper } from './database-dump.ts';
import { backupLastSuccess, backupRuns } from './metrics.ts';
import { safeErrorForLog } from '../log-safety.ts';

/**
 * Daily encrypted backups into ANJU_BACKUP_DIR at ANJU_BACKUP_HOUR (Asia/Shanghai), keeping the
 * newest ANJU_BACKUP_KEEP. With several API processes on one PostgreSQL, an advisory lock and the
 * "one file per day" rule make only one of them write the day's backup. A server that was off at
 * the backup hour catches up shortly after it starts.
 */
export interface BackupSchedule {
  /** Makes a backup now (unless today's exists); resolves to its path, or null when skipped. */
  runNow(): Promise<string | null>;
  nextRunAt(): Date | null;
  stop(): Promise<void>;
}

const FILE = /^anju-backup-(\d{8})-(\d{6})\.anjubak$/;
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000; // China has no daylight saving time
// Distinct from the migration (4_242_001) and audit-chain (4_242_002) locks.
const BACKUP_LOCK_ID = 4_242_101;
const DAY_MS = 24 * 60 * 60 * 1000;

/** YYYYMMDD-HHmmss in Asia/Shanghai. */
export function shanghaiStamp(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .slice(0, 15);
}

/** The next instant after `now` when the Shanghai clock shows hour:00. */
export function nextBackupTime(now: Date, hour: number): Date {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  let at =
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour) - SHANGHAI_OFFSET_MS;
  if (at <= now.getTime()) at += DAY_MS;
  return new Date(at);
}

export function listBackups(dir: string): { file: string; stamp: string }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, m: FILE.exec(name) }))
    .filter((x) => x.m)
    .map((x) => ({ file: path.join(dir, x.name), stamp: `${x.m![1]}-${x.m![2]}` }))
    .sort((a, b) => (a.stamp < b.stamp ? 1 : -1));
}

/** Deletes all but the newest `keep` scheduled backups; returns what it removed. */
export function pruneBackups(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(keep);
  for (const b of old) fs.rmSync(b.file, { force: true });
  return old.map((b) => b.file);
}

export function startBackupSchedule(
  ctx: AppContext,
  log: FastifyBaseLogger,
  options: { catchUpDelayMs?: number } = {},
): BackupSchedule | null {
  const { dir, keep, hour, passphrase } = ctx.config.backup;
  if (!dir || !passphrase) return null;
  let timer: NodeJS.Timeout | null = null;
  let next: Date | null = null;
  let running: Promise<string | null> | null = null;
  let stopped = false;

  const runOnce = async (): Promise<string | null> => {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const now = ctx.now();
    const stamp = shanghaiStamp(now);
    return ctx.database.withLock(BACKUP_LOCK_ID, async () => {
      if (listBackups(dir).some((b) => b.stamp.slice(0, 8) === stamp.slice(0, 8))) return null;
      const file = path.join(dir, `anju-backup-${stamp}.anjubak`);
      // A checkpoint of the audit head with every backup (the archive then holds at least it).
      const anchored = await writeAuditAnchor(ctx, now);
      if (anchored.problem) log.error({ problem: anchored.problem }, 'audit checkpoint not moved forward');
      const dumper =
        ctx.database.kind === 'pglite'
          ? localPgliteDumper(ctx.database)
          : postgresDumper(ctx.config.databaseUrl!, ctx.db);
      const started = performance.now();
      const result = await createBackup({ config: ctx.config, file, passphrase, dumper });
      const removed = pruneBackups(dir, keep);
      log.info(
        { file, bytes: result.bytes, ms: Math.round(performance.now() - started), removed: removed.length },
        'scheduled backup written',
      );
      return file;
    });
  };

  const runNow = (): Promise<string | null> => {
    if (running) return running;
    running = runOnce()
      .then((file) => {
        if (file) {
          backupRuns.inc({ result: 'ok' });
          backupLastSuccess.set(Date.now() / 1000);
        }
        return file;
      })
      .catch((error: unknown) => {
        backupRuns.inc({ result: 'failed' });
        log.error({ err: safeErrorForLog(error) }, 'scheduled backup failed');
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const arm = (at: Date) => {
    if (stopped) return;
    next = at;
    timer = setTimeout(
      () => {
        void runNow().finally(() => arm(nextBackupTime(ctx.now(), hour)));
      },
      Math.max(0, at.getTime() - Date.now()),
    );
    timer.unref();
  };

  const newest = listBackups(dir)[0];
  const newestAge = newest ? fs.statSync(newest.file).mtimeMs : 0;
  if (Date.now() - newestAge > DAY_MS) arm(new Date(Date.now() + (options.catchUpDelayMs ?? 5 * 60 * 1000)));
  else arm(nextBackupTime(ctx.now(), hour));

  return {
    runNow,
    nextRunAt: () => next,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
