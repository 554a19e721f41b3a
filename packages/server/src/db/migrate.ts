import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { queryRows, type Database } from './client.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../drizzle');
const MIGRATION_LOCK_ID = 4_242_001;

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

/** The migrations a journal lists (by default the ones shipped with this code). */
export function knownMigrations(migrationsFolder: string = MIGRATIONS_DIR): Journal['entries'] {
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8'),
  ) as Journal;
  return journal.entries;
}

export class DatabaseTooNewError extends Error {}

export interface MigrationOptions {
  /**
   * Another migrations folder (default: the one shipped with this code). Tests use a copy with a
   * shortened journal to build, and to play, an earlier release's database.
   */
  migrationsFolder?: string;
}

/**
 * Applies pending migrations in one transaction (Drizzle's migrator wraps them), so a failing
 * migration leaves the database as it was. Refuses a database that a newer Anju has migrated.
 */
export async function runMigrations(
  database: Database,
  options: MigrationOptions = {},
): Promise<{ applied: number }> {
  const migrationsFolder = options.migrationsFolder ?? MIGRATIONS_DIR;
  return database.withLock(MIGRATION_LOCK_ID, async () => {
    const known = knownMigrations(migrationsFolder);
    const before = await appliedMigrationTimes(database);
    const newest = known.at(-1)?.when ?? 0;
    const unknown = before.filter((t) => t > newest);
    if (unknown.length > 0) {
      throw new DatabaseTooNewError(
        `The database has ${unknown.length} migration(s) newer than this version of Anju knows ` +
          `(latest known: ${known.at(-1)?.tag}). Upgrade Anju before starting it on this database.`,
      );
    }
    if (database.kind === 'pglite') {
      await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    } else {
      await migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder });
    }
    const after = await appliedMigrationTimes(database);
    return { applied: after.length - before.length };
  });
}

async function appliedMigrationTimes(database: Database): Promise<number[]> {
  const [exists] = await queryRows<{ present: boolean }>(
    database.db,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!exists?.present) return [];
  const rows = await queryRows<{ created_at: string }>(
    database.db,
    sql`SELECT created_at FROM drizzle.__drizzle_migrations`,
  );
  return rows.map((r) => Number(r.created_at));
}

/** True when every migration this code knows is applied. */
export async function migrationsCurrent(database: Database): Promise<boolean> {
  const applied = new Set(await appliedMigrationTimes(database));
  return knownMigrations().every((m) => applied.has(m.when));
}
