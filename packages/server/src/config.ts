import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { backupPassphraseProblem } from './platform/ops/passphrase.ts';

/**
 * Configuration comes from the environment only, validated once at start-up. Every bad value is
 * reported with its variable name and what was expected, then the process exits.
 */
export type Mode = 'demo' | 'production';

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL server; when absent the embedded PGlite in `dataDir/pglite` is used. */
  databaseUrl: string | undefined;
  demoPassword: string;
  /** Base64 32-byte master key; when absent a key file in `dataDir/keys` is used or created. */
  masterKey: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionHours: number;
  bodyLimitBytes: number;
  trustProxy: boolean;
  /**
   * Where residents reach this server (ANJU_PUBLIC_URL, origin only). Links in texts sent to
   * phones (a booking's manage link) are built from it, never from a request's Host header, which
   * a caller chooses: otherwise anyone could have the office text a link to their own site to a
   * phone number they type. Unset: texts carry the code and no link.
   */
  publicUrl: string | null;
  webDistDir: string;
  /** HTTPS served by Anju itself (see platform/ops/tls.ts). */
  tls: TlsConfig;
  /** Plain-HTTP listener while TLS is on: serves localhost, redirects other addresses. null = none. */
  httpPort: number | null;
  /** Bearer token that opens /metrics to non-loopback scrapers. */
  metricsToken: string | undefined;
  backup: BackupConfig;
  /**
   * Lets door relay URLs point at loopback addresses (127.0.0.0/8, ::1, localhost). Tests only:
   * their relay box listens on 127.0.0.1. Link-local/metadata addresses stay refused.
   */
  relayAllowLoopback: boolean;
  /** Head checkpoints of the audit log, kept outside the database (platform/audit/anchor.ts). */
  auditAnchor: AuditAnchorConfig;
}

export interface AuditAnchorConfig {
  /** ANJU_AUDIT_ANCHOR_DIR; undefined: `<dataDir>/audit-anchor` (see auditAnchorDir). */
  dir: string | undefined;
  /** This host's name: its checkpoint file is `audit-head-<host>.json`. */
  host: string;
  /** ANJU_AUDIT_ANCHOR_MINUTES: how often each process writes its checkpoint. */
  everyMinutes: number;
}

export interface TlsConfig {
  /** off: plain HTTP; files: ANJU_TLS_CERT/ANJU_TLS_KEY; auto: local CA in <dataDir>/tls. */
  mode: 'off' | 'files' | 'auto';
  certFile?: string;
  keyFile?: string;
  /** Extra DNS names / IP addresses for the auto certificate (ANJU_TLS_NAMES). */
  extraNames: string[];
}

export interface BackupConfig {
  /** Folder for scheduled daily backups; undefined = no schedule. */
  dir: string | undefined;
  /** How many scheduled backups to keep. */
  keep: number;
  /** Hour of day (Asia/Shanghai) the scheduled backup runs. */
  hour: number;
  passphrase: string | undefined;
}

export const DEFAULT_DEMO_PASSWORD = 'anju-demo-2026';

const envSchema = z.object({
  PORT: z.coerce.number().int('must be a whole number').min(1).max(65535).default(8080),
  /** Default by mode (see loadConfig): demo 127.0.0.1, production 0.0.0.0. */
  HOST: z.string().min(1).optional(),
  ANJU_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .refine(
      (v) => URL.canParse(v),
      'is not a valid URL (percent-encode special characters in the user name and password, e.g. @ as %40)',
    )
    .optional(),
  ANJU_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  ANJU_MASTER_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ANJU_SESSION_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(12),
  ANJU_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  ANJU_TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  ANJU_WEB_DIST: z.string().optional(),
  ANJU_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://anju.example.org' })
    .optional(),
  ANJU_TLS: z.enum(['off', 'auto']).optional(),
  ANJU_TLS_CERT: z.string().min(1).optional(),
  ANJU_TLS_KEY: z.string().min(1).optional(),
  ANJU_TLS_NAMES: z
    .string()
    .regex(/^[\w.:-]+(,[\w.:-]+)*$/, 'must be a comma-separated list of host names or IP addresses')
    .optional(),
  ANJU_HTTP_PORT: z
    .union([z.literal('off'), z.coerce.number().int('must be a whole number').min(1).max(65535)])
    .optional(),
  ANJU_METRICS_TOKEN: z
    .string()
    .regex(/^[\w.~+/=-]{16,200}$/, 'must be 16–200 characters of letters, digits or ._~+/=-')
    .optional(),
  ANJU_BACKUP_DIR: z.string().min(1).optional(),
  ANJU_BACKUP_KEEP: z.coerce.number().int('must be a whole number').min(1).max(366).default(7),
  ANJU_BACKUP_HOUR: z.coerce.number().int('must be a whole number').min(0).max(23).default(3),
  ANJU_BACKUP_PASSPHRASE: z
    .string()
    .superRefine((v, ctx) => {
      const problem = backupPassphraseProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  ANJU_RELAY_ALLOW_LOOPBACK: z.enum(['true', 'false', '1', '0']).default('false'),
  ANJU_AUDIT_ANCHOR_DIR: z.string().min(1).optional(),
  ANJU_AUDIT_ANCHOR_MINUTES: z.coerce.number().int('must be a whole number').min(1).max(1440).default(5),
});

/**
 * Variables whose value may be shown back in an error message: none of them is a secret. Any
 * other variable (DATABASE_URL with its password, ANJU_MASTER_KEY, ANJU_BACKUP_PASSPHRASE,
 * ANJU_METRICS_TOKEN, ANJU_DEMO_PASSWORD, and whatever is added later) is named, never echoed:
 * start-up errors end up in journald and in support tickets.
 */
const ECHOED_VARIABLES = new Set([
  'PORT',
  'HOST',
  'LOG_LEVEL',
  'ANJU_SESSION_HOURS',
  'ANJU_BODY_LIMIT_BYTES',
  'ANJU_TRUST_PROXY',
  'ANJU_PUBLIC_URL',
  'ANJU_TLS',
  'ANJU_TLS_NAMES',
  'ANJU_HTTP_PORT',
  'ANJU_BACKUP_KEEP',
  'ANJU_BACKUP_HOUR',
  'ANJU_RELAY_ALLOW_LOOPBACK',
]);

/** "(got …)" for a variable that may be echoed, nothing for the others. */
function shownValue(name: string, value: string | undefined): string {
  if (!ECHOED_VARIABLES.has(name)) return '';
  return ` (got ${JSON.stringify(value?.slice(0, 100))})`;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Relative paths are taken from where the user ran npm, not the workspace npm switched into. */
function baseDir(env: NodeJS.ProcessEnv): string {
  return env.INIT_CWD ?? process.cwd();
}

export function loadConfig(env: NodeJS.ProcessEnv, mode: Mode): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        return `${name}: ${i.message}${shownValue(name, env[name])}`;
      }),
    );
  }
  const e = parsed.data;
  if (mode === 'production' && e.ANJU_DEMO_PASSWORD !== undefined) {
    throw new ConfigError([
      'ANJU_DEMO_PASSWORD: demo passwords are refused outside demo mode; unset it and create an admin with `npm run anju -- create-admin`',
    ]);
  }
  const here = baseDir(env);
  const ops = opsConfig(e, env, here);
  return {
    mode,
    // Demo mode's passwords are printed on the console and in the README: reachable from this
    // machine only, unless HOST says otherwise.
    host: e.HOST ?? (mode === 'demo' ? '127.0.0.1' : '0.0.0.0'),
    // With TLS on, PORT defaults to 8443 so plain http://localhost:8080 keeps working beside it.
    port: env.PORT === undefined && ops.tls.mode !== 'off' ? 8443 : e.PORT,
    dataDir: path.resolve(here, e.ANJU_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    demoPassword: e.ANJU_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
    masterKey: e.ANJU_MASTER_KEY,
    logLevel: e.LOG_LEVEL,
    sessionHours: e.ANJU_SESSION_HOURS,
    bodyLimitBytes: e.ANJU_BODY_LIMIT_BYTES,
    trustProxy: e.ANJU_TRUST_PROXY === 'true' || e.ANJU_TRUST_PROXY === '1',
    publicUrl: e.ANJU_PUBLIC_URL ? new URL(e.ANJU_PUBLIC_URL).origin : null,
    relayAllowLoopback: e.ANJU_RELAY_ALLOW_LOOPBACK === 'true' || e.ANJU_RELAY_ALLOW_LOOPBACK === '1',
    webDistDir: e.ANJU_WEB_DIST
      ? path.resolve(here, e.ANJU_WEB_DIST)
      : path.resolve(import.meta.dirname, '../../web/dist'),
    auditAnchor: {
      dir: e.ANJU_AUDIT_ANCHOR_DIR ? path.resolve(here, e.ANJU_AUDIT_ANCHOR_DIR) : undefined,
      host: os.hostname(),
      everyMinutes: e.ANJU_AUDIT_ANCHOR_MINUTES,
    },
    ...ops,
  };
}

/** Where the audit head checkpoints live: the configured folder, else beside the database. */
export function auditAnchorDir(config: Pick<Config, 'dataDir' | 'auditAnchor'>): string {
  return config.auditAnchor.dir ?? path.join(config.dataDir, 'audit-anchor');
}

type Env = z.infer<typeof envSchema>;

/** TLS, metrics and backup settings, with the checks that span several variables. */
function opsConfig(
  e: Env,
  env: NodeJS.ProcessEnv,
  here: string,
): Pick<Config, 'tls' | 'httpPort' | 'metricsToken' | 'backup'> {
  const problems: string[] = [];
  const extraNames = e.ANJU_TLS_NAMES ? e.ANJU_TLS_NAMES.split(',') : [];
  let tls: TlsConfig = { mode: 'off', extraNames };
  if (e.ANJU_TLS === 'off') {
    // An explicit switch: certificate settings left in the file are ignored.
  } else if (e.ANJU_TLS_CERT || e.ANJU_TLS_KEY) {
    if (!e.ANJU_TLS_CERT || !e.ANJU_TLS_KEY) {
      problems.push(
        'ANJU_TLS_CERT / ANJU_TLS_KEY: set both (PEM certificate chain and private key) or neither',
      );
    } else if (e.ANJU_TLS === 'auto') {
      problems.push(
        'ANJU_TLS: "auto" makes its own certificate; unset it when ANJU_TLS_CERT/ANJU_TLS_KEY are given',
      );
    } else {
      const certFile = path.resolve(here, e.ANJU_TLS_CERT);
      const keyFile = path.resolve(here, e.ANJU_TLS_KEY);
      for (const [name, file] of [
        ['ANJU_TLS_CERT', certFile],
        ['ANJU_TLS_KEY', keyFile],
      ] as const) {
        if (!readable(file)) problems.push(`${name}: cannot read ${file}`);
      }
      tls = { mode: 'files', certFile, keyFile, extraNames };
    }
  } else if (e.ANJU_TLS === 'auto') {
    tls = { mode: 'auto', extraNames };
  }
  let httpPort: number | null = null;
  if (tls.mode !== 'off') {
    httpPort = e.ANJU_HTTP_PORT === 'off' ? null : (e.ANJU_HTTP_PORT ?? 8080);
    const mainPort = env.PORT === undefined ? 8443 : e.PORT;
    if (httpPort === mainPort) problems.push(`ANJU_HTTP_PORT: must differ from PORT (${mainPort})`);
  }
  if (e.ANJU_BACKUP_DIR && !e.ANJU_BACKUP_PASSPHRASE) {
    problems.push('ANJU_BACKUP_PASSPHRASE: required when ANJU_BACKUP_DIR schedules daily backups');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    tls,
    httpPort,
    metricsToken: e.ANJU_METRICS_TOKEN,
    backup: {
      dir: e.ANJU_BACKUP_DIR ? path.resolve(here, e.ANJU_BACKUP_DIR) : undefined,
      keep: e.ANJU_BACKUP_KEEP,
      hour: e.ANJU_BACKUP_HOUR,
      passphrase: e.ANJU_BACKUP_PASSPHRASE,
    },
  };
}

function readable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
