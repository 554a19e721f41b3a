import path from 'node:path';
import { z } from 'zod';

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
  webDistDir: string;
}

export const DEFAULT_DEMO_PASSWORD = 'anju-demo-2026';

const envSchema = z.object({
  PORT: z.coerce.number().int('must be a whole number').min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  ANJU_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
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
});

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
        return `${name}: ${i.message} (got ${JSON.stringify(env[name])})`;
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
  return {
    mode,
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(here, e.ANJU_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    demoPassword: e.ANJU_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
    masterKey: e.ANJU_MASTER_KEY,
    logLevel: e.LOG_LEVEL,
    sessionHours: e.ANJU_SESSION_HOURS,
    bodyLimitBytes: e.ANJU_BODY_LIMIT_BYTES,
    trustProxy: e.ANJU_TRUST_PROXY === 'true' || e.ANJU_TRUST_PROXY === '1',
    webDistDir: e.ANJU_WEB_DIST
      ? path.resolve(here, e.ANJU_WEB_DIST)
      : path.resolve(import.meta.dirname, '../../web/dist'),
  };
}
