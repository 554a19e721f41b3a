import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Config } from '../../config.ts';
import { type Database, openDatabase } from '../../db/client.ts';
import { DamagedArchiveError, WrongPassphraseError } from './archive.ts';
import { createBackup, RestoreRefusedError, restoreBackup } from './backup.ts';
import {
  type DatabaseDumper,
  localPgliteDumper,
  postgresDumper,
  remotePgliteDumper,
} from './database-dump.ts';
import { safeErrorMessage } from '../log-safety.ts';
import { operatorLang, opsMessages as m } from './messages.ts';
import { backupPassphraseProblem } from './passphrase.ts';
import { processAlive, readRuntimeInfo } from './runtime.ts';

/** `anju backup <file>` and `anju restore <file>`; both return the process exit code. */

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new Error('no passphrase: set ANJU_BACKUP_PASSPHRASE (there is no terminal to ask on)');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  process.stdout.write(question);
  // readline echoes through this internal method; silencing it hides the passphrase.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function passphraseFor(config: Config, confirm: boolean): Promise<string> {
  if (config.backup.passphrase) return config.backup.passphrase;
  const lang = operatorLang();
  const first = await promptHidden(m.text(lang, 'cli.passphrase'));
  if (confirm) {
    // A new backup: the passphrase must be strong. Restoring takes whatever an old backup used.
    const problem = backupPassphraseProblem(first);
    if (problem) throw new Error(`the passphrase ${problem}`);
    if ((await promptHidden(m.text(lang, 'cli.repeat'))) !== first)
      throw new Error('the two passphrases differ');
  }
  return first;
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

export async function backupCommand(config: Config, file: string | undefined): Promise<number> {
  if (!file) {
    console.error(
      'backup: name the archive file, e.g. `npm run anju -- backup /var/backups/anju/manual.anjubak`',
    );
    return 2;
  }
  const target = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  if (fs.existsSync(target)) {
    console.error(`backup: ${target} already exists; choose a new file name`);
    return 2;
  }
  let passphrase: string;
  try {
    passphrase = await passphraseFor(config, true);
  } catch (error) {
    console.error(`backup: ${(error as Error).message}`);
    return 2;
  }
  let opened: Database | null = null;
  let dumper: DatabaseDumper;
  let via: string;
  if (config.databaseUrl) {
    opened = await openDatabase({ url: config.databaseUrl });
    dumper = postgresDumper(config.databaseUrl, opened.db);
    via = 'pg_dump';
  } else {
    const running = readRuntimeInfo(config.dataDir);
    if (running && processAlive(running.pid)) {
      dumper = remotePgliteDumper(running);
      via = `the running server (pid ${running.pid})`;
    } else {
      const dir = path.join(config.dataDir, 'pglite');
      if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
        console.error(`backup: no database in ${dir}`);
        return 1;
      }
      opened = await openDatabase({ pgliteDir: dir });
      dumper = localPgliteDumper(opened);
      via = 'the data folder (server not running)';
    }
  }
  try {
    const started = performance.now();
    const result = await createBackup({ config, file: target, passphrase, dumper });
    console.log(
      [
        `backup written: ${result.file}`,
        `  size ${mib(result.bytes)}, ${result.files} file(s) from the data folder, database (${result.manifest.database.kind}) via ${via}`,
        `  key: ${result.manifest.key.source === 'env' ? 'ANJU_MASTER_KEY (environment) — NOT in the archive, keep it safe separately' : 'key file included'}`,
        `  took ${Math.round(performance.now() - started)} ms`,
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    console.error(`backup failed: ${safeErrorMessage(error)}`);
    return 1;
  } finally {
    await opened?.close();
  }
}

export async function restoreCommand(config: Config, file: string | undefined): Promise<number> {
  if (!file) {
    console.error('restore: name the archive file');
    return 2;
  }
  const source = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  if (!fs.existsSync(source)) {
    console.error(`restore: ${source} does not exist`);
    return 2;
  }
  let passphrase: string;
  try {
    passphrase = await passphraseFor(config, false);
  } catch (error) {
    console.error(`restore: ${(error as Error).message}`);
    return 2;
  }
  try {
    const started = performance.now();
    const report = await restoreBackup({
      config,
      file: source,
      passphrase,
      log: (l) => console.log(`  ${l}`),
    });
    const tables = Object.entries(report.rowCounts);
    const rows = tables.reduce((n, [, c]) => n + c, 0);
    console.log(
      [
        `restored into ${config.databaseUrl ? 'DATABASE_URL and ' : ''}${config.dataDir}`,
        `  ${tables.length} tables, ${rows} rows; ${report.files} file(s)`,
        `  audit chain: ${report.audit.ok ? `verified (${report.audit.entries} entries)` : `BROKEN at ${report.audit.firstBrokenId}: ${report.audit.reason}`}`,
        ...(report.supersededCheckpoints.length
          ? [
              `  audit checkpoints of the log before the restore moved aside (superseded-…): ${report.supersededCheckpoints.join(', ')}`,
            ]
          : []),
        `  configuration at backup time: ${JSON.stringify(report.manifest.config)}`,
        `  took ${Math.round(performance.now() - started)} ms`,
      ].join('\n'),
    );
    return report.audit.ok ? 0 : 1;
  } catch (error) {
    if (
      error instanceof WrongPassphraseError ||
      error instanceof RestoreRefusedError ||
      error instanceof DamagedArchiveError
    ) {
      console.error(`restore refused: ${error.message}`);
      return 1;
    }
    console.error(`restore failed: ${safeErrorMessage(error)}`);
    return 1;
  }
}
