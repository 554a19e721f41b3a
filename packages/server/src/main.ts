/**
 * Anju command line: `serve [--demo]`, `migrate`, `create-admin`, `audit-verify`.
 * npm start = `serve --demo`; npm run serve = `serve` (production).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import readline from 'node:readline/promises';
import { passwordSchema, renderKey } from '@anju/contracts';
import { ConfigError, loadConfig, type Config, type Mode } from './config.ts';
import { runMigrations } from './db/migrate.ts';
import { verifyAnchoredAuditChain, writeAuditAnchor } from './platform/audit/anchor.ts';
import { appendAudit } from './platform/audit/service.ts';
import { approveFromCommandLine, pendingChanges } from './platform/org/account-changes.ts';
import { createUser } from './platform/org/service.ts';
import { DEMO_ACCOUNTS } from './platform/demo-seed.ts';
import { createContext, startServer } from './platform/startup.ts';
import { backupCommand, restoreCommand } from './platform/ops/cli.ts';
import { opsBanner } from './platform/ops/server.ts';
import { safeErrorMessage } from './platform/log-safety.ts';

/** How long a stop signal waits for requests and jobs to finish (systemd waits 90 s). */
const SHUTDOWN_GRACE_MS = 20_000;

const HELP = `Usage: anju <command> [options]
  serve [--demo]                     start the server (demo mode seeds the demo compound)
  migrate                            apply database migrations and exit
  create-admin --username NAME [--display-name TEXT]
                                     create an administrator; password from ANJU_ADMIN_PASSWORD or prompted
  audit-verify                       recompute the audit hash chain and hold it against the head
                                     checkpoints outside the database; exit 1 if broken
  approve-account-change [ID]        list account changes waiting for a police officer's approval, or
                                     approve one (for the first police account, which nobody else can)
  backup FILE                        write an encrypted backup (works while the server runs);
                                     passphrase from ANJU_BACKUP_PASSPHRASE or prompted
  restore FILE                       restore a backup into an empty data folder (and empty database)`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      username: { type: 'string' },
      'display-name': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0];
  if (!command || values.help) {
    console.log(HELP);
    return command ? 0 : 1;
  }
  const mode: Mode = values.demo ? 'demo' : 'production';
  let config: Config;
  try {
    config = loadConfig(process.env, mode);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }

  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate': {
      const ctx = await createContext(config);
      const { applied } = await runMigrations(ctx.database);
      console.log(`migrations applied: ${applied}`);
      await ctx.events.close();
      await ctx.database.close();
      return 0;
    }
    case 'create-admin': {
      if (!values.username) {
        console.error('create-admin: --username is required');
        return 2;
      }
      const password = process.env.ANJU_ADMIN_PASSWORD ?? (await prompt('Password for the new admin: '));
      const checked = passwordSchema.safeParse(password);
      if (!checked.success) {
        console.error(
          `create-admin: password rejected: ${checked.error.issues.map((i) => renderKey(i.message, 'en')).join('; ')}`,
        );
        return 2;
      }
      const ctx = await createContext(config);
      await runMigrations(ctx.database);
      const { id } = await createUser(ctx.db, {
        username: values.username,
        displayName: values['display-name'] ?? values.username,
        role: 'admin',
        password,
        siteIds: [],
      });
      console.log(`admin created: ${values.username} (${id})`);
      await ctx.events.close();
      await ctx.database.close();
      return 0;
    }
    case 'audit-verify': {
      const ctx = await createContext(config);
      const result = await verifyAnchoredAuditChain(ctx);
      if (result.ok) await writeAuditAnchor(ctx, ctx.now());
      console.log(JSON.stringify(result));
      await ctx.events.close();
      await ctx.database.close();
      return result.ok ? 0 : 1;
    }
    case 'approve-account-change':
      return approveAccountChangeCommand(config, positionals[1]);
    case 'backup':
      return backupCommand(config, positionals[1]);
    case 'restore':
      return restoreCommand(config, positionals[1]);
    default:
      console.error(`unknown command: ${command}\n${HELP}`);
      return 2;
  }
}

/** Node.js lines that still receive security fixes (24 LTS until 2028-04-30, and later ones). */
function runtimeSupported(version: string): boolean {
  return Number(version.split('.')[0]) >= 24;
}

/** Lists waiting account changes, or approves one as the operator at the server (audited). */
async function approveAccountChangeCommand(config: Config, id: string | undefined): Promise<number> {
  const ctx = await createContext(config);
  try {
    if (!id) {
      const waiting = await pendingChanges(ctx.db);
      if (!waiting.length) console.log('no account changes are waiting for approval');
      for (const c of waiting) {
        const what = [
          c.toRole && `role ${c.fromRole ?? '-'} -> ${c.toRole}`,
          c.toSites &&
            `sites ${c.fromSites.map((x) => x.name).join(',') || '-'} -> ${c.toSites.map((x) => x.name).join(',') || '-'}`,
          c.reactivate && 're-enable',
          c.setsPassword && 'password',
        ].filter(Boolean);
        console.log(
          `${c.id}  ${c.kind} ${c.username}  ${what.join('; ')}  (asked by ${c.requestedBy} ${c.requestedAt})`,
        );
      }
      return 0;
    }
    if (!/^[0-9a-f-]{36}$/i.test(id)) {
      console.error('approve-account-change: give the change id (run without it to list them)');
      return 2;
    }
    const operator = os.userInfo().username;
    const { change, audit, initialPassword } = await approveFromCommandLine(ctx.db, id, operator, new Date());
    await appendAudit(ctx.db, { id: null, name: `cli:${operator}`, role: 'operator', ip: null }, audit);
    console.log(`approved: ${change.kind} ${change.username} (${change.id})`);
    if (initialPassword) {
      console.log(
        `initial password (shown once; hand it over in person, it must be changed at the first sign-in): ${initialPassword}`,
      );
    }
    return 0;
  } catch (error) {
    console.error(`approve-account-change: ${safeErrorMessage(error)}`);
    return 1;
  } finally {
    await ctx.events.close();
    await ctx.database.close();
  }
}

async function serve(config: Config): Promise<number> {
  const started = performance.now();
  const ctx = await createContext(config);
  const app = await startServer(ctx);
  const url = `${config.tls.mode === 'off' ? 'http' : 'https'}://localhost:${config.port}`;
  const lines = [
    '',
    // i18n-data: the product's name in both scripts; the operator's banner is otherwise English, like the rest of the CLI
    `  安居 Anju is running (${config.mode} mode, ${ctx.database.kind}) in ${Math.round(performance.now() - started)} ms`,
    `  Console:  ${url}`,
    `  API docs: ${url}/api/docs`,
    `  Data:     ${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}`,
    `  Runtime:  Node.js ${process.version}`,
    ...opsBanner(app),
  ];
  if (!runtimeSupported(process.versions.node)) {
    lines.push(
      '',
      `  WARNING: Node.js ${process.version} no longer gets security fixes. Start Anju with npm`,
      '  (npm start / npm run serve) or node_modules/.bin/node, which run the Node.js 24 LTS it installed.',
    );
  }
  if (config.mode === 'demo') {
    if (config.host === '127.0.0.1') {
      lines.push('  Listening on 127.0.0.1 only: the demo password is public (set HOST=0.0.0.0 to open it)');
    }
    lines.push('', `  Demo accounts (password: ${config.demoPassword}):`);
    for (const [username, name] of Object.entries(DEMO_ACCOUNTS))
      lines.push(`    ${username.padEnd(10)} ${name}`);
  }
  console.log(lines.join('\n'), '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // A request or job that never ends must not keep the process alive: systemd (and the
    // cluster) would wait for ever. After the grace period it exits anyway.
    setTimeout(() => {
      app.log.error({ signal, graceMs: SHUTDOWN_GRACE_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    // close() lets in-flight requests finish before the database goes away.
    await app.close();
    await ctx.events.close();
    await ctx.database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return new Promise<number>(() => undefined);
}

async function prompt(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    // Start-up failures land in journald: a failed query's parameters stay out of it.
    console.error(safeErrorMessage(error));
    process.exitCode = 1;
  },
);
