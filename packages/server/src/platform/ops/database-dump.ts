import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { type Database, type Db, queryRows } from '../../db/client.ts';
import { controlRequest, readJson, type RuntimeInfo } from './runtime.ts';

/**
 * Where a backup's database bytes come from: the embedded PGlite (its consistent data-folder
 * tarball, taken in this process or by the running server) or pg_dump of a PostgreSQL server.
 */
export interface DatabaseDumper {
  kind: 'pglite' | 'postgres';
  /** Applied migrations; and the server's own configuration snapshot when a running server answers. */
  info(): Promise<{ migrationTimes: number[]; config?: Record<string, unknown> }>;
  /** The dump as a byte stream; rejects (while iterating) when the dump fails. */
  dump(): AsyncIterable<Buffer | Uint8Array>;
}

/** The PGlite instance behind a Drizzle database (drizzle keeps it as $client). */
export function pgliteClient(database: Database): PGlite {
  if (database.kind !== 'pglite') throw new Error('not a PGlite database');
  return (database.db as unknown as { $client: PGlite }).$client;
}

export async function migrationTimesOf(db: Db): Promise<number[]> {
  const [exists] = await queryRows<{ present: boolean }>(
    db,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!exists?.present) return [];
  const rows = await queryRows<{ created_at: string }>(
    db,
    sql`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at`,
  );
  return rows.map((r) => Number(r.created_at));
}

/**
 * Row count of every table (all schemas but the system ones), keyed "schema.table". A partitioned
 * table counts its partitions' rows, which are not listed again: which months have a partition
 * depends on the data and the day (access_events), the rows do not.
 */
export async function countRows(db: Db): Promise<Record<string, number>> {
  const tables = await queryRows<{ schema: string; name: string }>(
    db,
    sql`SELECT t.table_schema AS schema, t.table_name AS name FROM information_schema.tables t
        JOIN pg_namespace n ON n.nspname = t.table_schema
        JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.table_name
        WHERE t.table_type = 'BASE TABLE' AND t.table_schema NOT IN ('pg_catalog', 'information_schema')
          AND NOT c.relispartition
        ORDER BY 1, 2`,
  );
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await queryRows<{ n: string | number }>(
      db,
      sql`SELECT count(*) AS n FROM ${sql.identifier(t.schema)}.${sql.identifier(t.name)}`,
    );
    out[`${t.schema}.${t.name}`] = Number(row?.n ?? 0);
  }
  return out;
}

/** Dumps the PGlite this process has open. */
export function localPgliteDumper(database: Database): DatabaseDumper {
  return {
    kind: 'pglite',
    info: async () => ({ migrationTimes: await migrationTimesOf(database.db) }),
    async *dump() {
      const client = pgliteClient(database);
      // Fewer WAL records to replay when the copy is opened.
      await client.query('CHECKPOINT');
      // Taken while PGlite holds its query lock: an instant, crash-consistent image.
      const blob = await client.dumpDataDir('none');
      yield* Readable.fromWeb(blob.stream() as WebReadableStream);
    },
  };
}

/** Asks the running server (which owns the PGlite) for the dump over its loopback control port. */
export function remotePgliteDumper(info: RuntimeInfo): DatabaseDumper {
  return {
    kind: 'pglite',
    async info() {
      const res = await controlRequest(info, 'GET', '/v1/info');
      const body = await readJson<{
        migrationTimes: number[];
        config: Record<string, unknown>;
        error?: string;
      }>(res);
      if (res.statusCode !== 200) throw new Error(`running server refused: ${body.error ?? res.statusCode}`);
      return { migrationTimes: body.migrationTimes, config: body.config };
    },
    async *dump() {
      const res = await controlRequest(info, 'POST', '/v1/database-dump');
      if (res.statusCode !== 200) {
        const body = await readJson<{ error?: string }>(res).catch(() => ({ error: undefined }));
        throw new Error(`running server could not dump the database: ${body.error ?? res.statusCode}`);
      }
      const expected = Number(res.headers['content-length'] ?? -1);
      let received = 0;
      for await (const chunk of res) {
        received += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (expected >= 0 && received !== expected) {
        throw new Error(
          `database dump from the running server was cut short (${received}/${expected} bytes)`,
        );
      }
    },
  };
}

/**
 * Connection settings for the PostgreSQL command-line tools: the password goes through
 * PGPASSWORD, never the command line (which `ps` shows to every user).
 */
export function pgToolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** pg_dump in custom format (uncompressed: the archive gzips everything). */
export function postgresDumper(url: string, db: Db): DatabaseDumper {
  return {
    kind: 'postgres',
    info: async () => ({ migrationTimes: await migrationTimesOf(db) }),
    async *dump() {
      const { dbname, env } = pgToolConnection(url);
      const child = spawn(
        'pg_dump',
        ['--format=custom', '--compress=0', '--no-owner', '--no-privileges', `--dbname=${dbname}`],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const stderr: Buffer[] = [];
      child.stderr.on('data', (d: Buffer) => stderr.push(d));
      const exited = new Promise<number>((resolve, reject) => {
        child.once('error', (e: NodeJS.ErrnoException) =>
          reject(e.code === 'ENOENT' ? new Error('pg_dump not found: install postgresql-client') : e),
        );
        child.once('close', (code) => resolve(code ?? 1));
      });
      let complete = false;
      try {
        for await (const chunk of child.stdout) yield chunk as Buffer;
        complete = true;
      } finally {
        // Only when the archive was abandoned: after stdout ends pg_dump may still be exiting.
        if (!complete && child.exitCode === null) child.kill();
      }
      const code = await exited;
      if (code !== 0) throw new Error(`pg_dump failed (${code}): ${Buffer.concat(stderr).toString().trim()}`);
    },
  };
}

/** pg_restore into an empty database, all or nothing (one transaction). */
export async function postgresRestore(url: string, dumpFile: string): Promise<void> {
  const { dbname, env } = pgToolConnection(url);
  const child = spawn(
    'pg_restore',
    [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${dbname}`,
      dumpFile,
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stderr: Buffer[] = [];
  child.stderr.on('data', (d: Buffer) => stderr.push(d));
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new Error('pg_restore not found: install postgresql-client') : e),
    );
    child.once('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`pg_restore failed (${code}): ${Buffer.concat(stderr).toString().trim()}`);
}

/** True when the database holds no tables of its own (a fresh CREATE DATABASE). */
export async function postgresIsEmpty(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ n: string | number }>(
    db,
    sql`SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`,
  );
  return Number(row?.n ?? 0) === 0;
}
