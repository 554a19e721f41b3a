/**
 * Upgrades, the way an operator meets them: a populated database of the previous release (every
 * migration but the newest) is backed up with the real backup code, wiped, restored into an empty
 * data folder / empty PostgreSQL database, and then started by the current code. The newest
 * migration must be applied and nothing else change: every row of every table that existed before
 * is still there, the audit chain verifies, encrypted fields decrypt, users sign in, and the new
 * module works. The previous release, started on the upgraded database, refuses it.
 *
 * "Previous release" and "newest migration" come from the journal, not from tags written here, so
 * the test keeps its meaning as migrations are added. The demo data is made by the current code
 * on a fully migrated scratch database and copied, column by column, into the previous release's
 * tables (the current seeders write columns the previous schema may not have yet): the rows are
 * what the previous release would hold, whatever the newest migration adds or alters.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { type Db, openDatabase, queryRows } from '../src/db/client.ts';
import { DatabaseTooNewError, knownMigrations, MIGRATIONS_DIR, runMigrations } from '../src/db/migrate.ts';
import { accessDemoSeeder } from '../src/modules/access/seed.ts';
import { registrySeeder, SMALL_REGISTRY } from '../src/modules/registry/seed.ts';
import { appendAudit, verifyAuditChain } from '../src/platform/audit/service.ts';
import type { AppContext } from '../src/platform/context.ts';
import { seedDemo } from '../src/platform/demo-seed.ts';
import { createBackup, restoreBackup } from '../src/platform/ops/backup.ts';
import {
  countRows,
  localPgliteDumper,
  migrationTimesOf,
  postgresDumper,
  postgresIsEmpty,
} from '../src/platform/ops/database-dump.ts';
import { createContext, prepareDatabase } from '../src/platform/startup.ts';
import { accessPartitionsJob } from '../src/modules/access/partitions.ts';
import { runJob } from '../src/platform/jobs.ts';
import { hourlyCountsDisagreeing } from './access-counts.ts';
import { DEMO_PASSWORD, describeBackends, freshPostgresDatabase, signIn, tempDirs } from './harness.ts';

const PASSPHRASE = 'upgrade test passphrase 安居';
const MIGRATIONS_TABLE = 'drizzle.__drizzle_migrations';

const tmp = tempDirs();

// ---------- the previous release, derived from the journal ----------

const ALL = knownMigrations();
const NEWEST = ALL.at(-1)!;
const PREVIOUS = ALL.slice(0, -1);

/** A copy of the migrations folder whose journal stops before the newest migration. */
function previousReleaseMigrations(): string {
  const dir = path.join(tmp('migrations-previous'), 'drizzle');
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
  fs.writeFileSync(
    journalFile,
    JSON.stringify({ ...journal, entries: journal.entries.slice(0, -1) }, null, 2),
  );
  fs.rmSync(path.join(dir, `${NEWEST.tag}.sql`)); // the previous release never had it
  return dir;
}

type Catalogue = Record<string, string[]>;

/** "schema.table" → its columns, for every table (the migrations journal included). */
/**
 * Every column with its type and nullability ("public.alerts.id uuid NOT NULL"): a migration may
 * change no table or column name and still change the schema (a NOT NULL dropped, a type widened).
 */
async function shapeOf(db: Db): Promise<string[]> {
  const rows = await queryRows<{ s: string }>(
    db,
    sql`SELECT c.table_schema || '.' || c.table_name || '.' || c.column_name || ' ' || c.data_type
               || CASE WHEN c.is_nullable = 'YES' THEN ' NULL' ELSE ' NOT NULL' END AS s
        FROM information_schema.columns c
        JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
          AND NOT ${isPartition}
        UNION ALL
        -- How tables are partitioned, and their primary keys: a migration may partition a table.
        SELECT n.nspname || '.' || k.relname || ' ' || CASE WHEN k.relkind = 'p'
                 THEN 'PARTITION BY ' || pg_get_partkeydef(k.oid) ELSE pg_get_constraintdef(p.oid) END
        FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
        LEFT JOIN pg_constraint p ON p.conrelid = k.oid AND p.contype = 'p'
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
          AND (k.relkind = 'p' OR (k.relkind = 'r' AND p.oid IS NOT NULL AND NOT k.relispartition))
        ORDER BY 1`,
  );
  return rows.map((r) => r.s);
}

/** A month partition of a partitioned table (which months exist depends on the data and the day). */
const isPartition = sql`EXISTS (SELECT 1 FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
  WHERE n.nspname = c.table_schema AND k.relname = c.table_name AND k.relispartition)`;

async function catalogueOf(db: Db): Promise<Catalogue> {
  const rows = await queryRows<{ t: string; c: string }>(
    db,
    sql`SELECT c.table_schema || '.' || c.table_name AS t, c.column_name AS c
        FROM information_schema.columns c
        JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
          AND NOT ${isPartition}
        ORDER BY 1, 2`,
  );
  const out: Catalogue = {};
  for (const r of rows) {
    out[r.t] ??= [];
    out[r.t]!.push(r.c);
  }
  return out;
}

/**
 * Copies every row of `from` into the same tables of `to`, for the columns both schemas have
 * (through JSON, so every column type converts as PostgreSQL itself converts it). Foreign keys
 * and triggers are off for the copy (session_replication_role = replica): the audit chain's
 * rows arrive as they are. Identity/serial sequences are moved past the copied ids.
 */
async function copyRows(from: Db, to: Db, target: Catalogue, source: Catalogue): Promise<void> {
  await to.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await db.execute(sql`SET LOCAL session_replication_role = replica`);
    for (const [table, targetColumns] of Object.entries(target)) {
      if (table === MIGRATIONS_TABLE || !source[table]) continue;
      const columns = targetColumns.filter((c) => source[table]!.includes(c));
      const [schema, name] = table.split('.') as [string, string];
      const qualified = sql`${sql.identifier(schema)}.${sql.identifier(name)}`;
      const list = sql.join(
        columns.map((c) => sql.identifier(c)),
        sql`, `,
      );
      const [{ rows } = { rows: '[]' }] = await queryRows<{ rows: string }>(
        from,
        sql`SELECT coalesce(json_agg(t), '[]')::text AS rows FROM (SELECT ${list} FROM ${qualified}) t`,
      );
      if (rows === '[]') continue;
      await db.execute(
        sql`INSERT INTO ${qualified} (${list}) OVERRIDING SYSTEM VALUE
            SELECT ${list} FROM json_populate_recordset(NULL::${qualified}, ${rows}::json)`,
      );
      for (const column of columns) {
        const [serial] = await queryRows<{ seq: string | null }>(
          db,
          sql`SELECT pg_get_serial_sequence(${table}, ${column}) AS seq`,
        );
        if (!serial?.seq) continue;
        await db.execute(
          sql`SELECT setval(${serial.seq}::regclass, (SELECT max(${sql.identifier(column)})::bigint FROM ${qualified}))`,
        );
      }
    }
  });
}

// ---------- databases ----------

/** Access events added to the previous release's data: several months, a month boundary. */
const SEVERAL_MONTHS_AT = [
  '2026-08-15T04:00:00.000Z',
  '2026-09-30T15:59:59.999Z',
  '2026-09-30T16:00:00.000Z', // 2026-10-01 00:00 in Shanghai
  '2026-10-20T04:00:00.000Z',
];
const SEVERAL_MONTHS = `{${SEVERAL_MONTHS_AT.join(',')}}`;

/** Count, distinct ids and a digest of every access event with all its fields, in id order. */
/** The access events' columns as the database has them (the newest migration may add some). */
async function eventColumns(db: Db): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'access_events'
        ORDER BY ordinal_position`,
  );
  return rows.map((r) => r.name);
}

/** Count, distinct ids and a digest of every field of the given columns, row by row. */
async function eventsOf(db: Db, columns: string[]): Promise<{ n: number; ids: number; digest: string }> {
  const fields = sql.raw(columns.map((c) => `e."${c.replaceAll('"', '""')}"`).join(', '));
  const [row] = await queryRows<{ n: number; ids: number; digest: string }>(
    db,
    sql`SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids,
               md5(string_agg(json_build_array(${fields})::text, '|' ORDER BY id)) AS digest
        FROM access_events e`,
  );
  return row!;
}

const freshPostgres = () => freshPostgresDatabase(process.env.TEST_DATABASE_URL!, 'anju_upgrade');

async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.events.close();
  await ctx.database.close();
}

describeBackends(
  'upgrades: a populated previous-release database, backed up, restored, upgraded',
  (backend) => {
    const drops: Array<() => Promise<void>> = [];
    const archive = path.join(tmp('upgrade-archive'), 'previous.anjubak');
    let newTables: string[];
    let currentShape: string[];
    let currentCatalogue: Catalogue;
    let previousMigrations: string;
    let config: Config;
    let before: Record<string, number>;
    let auditEntries: number;
    let events: { n: number; ids: number; digest: string };
    let eventFields: string[];
    let sample: { id: string; idNumber: string };
    let upgraded: AppContext | undefined;

    beforeAll(() => {
      previousMigrations = previousReleaseMigrations();
    });

    afterAll(async () => {
      if (upgraded) await closeContext(upgraded).catch(() => undefined);
      for (const drop of drops) await drop().catch(() => undefined);
    });

    const newestTablesOf = (counts: Record<string, number>) =>
      Object.keys(counts).filter((t) => newTables.includes(t));

    it('builds and populates the previous release database; it lacks the newest tables', async () => {
      expect(PREVIOUS.length).toBeGreaterThan(0);
      let databaseUrl: string | undefined;
      if (backend === 'postgres') {
        const db = await freshPostgres();
        databaseUrl = db.url;
        drops.push(db.drop);
      }
      config = {
        ...loadConfig(
          { ANJU_DATA_DIR: path.join(tmp(`upgrade-${backend}`), 'data'), LOG_LEVEL: 'silent' },
          'demo',
        ),
        demoPassword: DEMO_PASSWORD,
        databaseUrl,
        backup: { dir: undefined, keep: 7, hour: 3, passphrase: PASSPHRASE },
      };
      const ctx = await createContext(config);
      try {
        const { applied } = await runMigrations(ctx.database, { migrationsFolder: previousMigrations });
        expect(applied).toBe(PREVIOUS.length);
        expect(await migrationTimesOf(ctx.db)).toEqual(PREVIOUS.map((m) => m.when));

        // The demo compound, made by the current code on a fully migrated scratch database of the
        // same backend with the same keys: registry (small, to stay fast) and access, plus a few
        // audit entries. Then copied into the previous release's tables.
        let scratchUrl: string | undefined;
        if (backend === 'postgres') {
          const scratch = await freshPostgres();
          drops.push(scratch.drop);
          scratchUrl = scratch.url;
        }
        const scratchDatabase = await openDatabase({ url: scratchUrl, pgliteDir: 'memory://' });
        try {
          const scratch: AppContext = { ...ctx, database: scratchDatabase, db: scratchDatabase.db };
          await runMigrations(scratchDatabase);
          expect(await seedDemo(scratch, [registrySeeder(SMALL_REGISTRY), accessDemoSeeder])).toBe(true);
          for (let i = 0; i < 3; i++) {
            await appendAudit(
              scratch.db,
              { id: null, name: 'upgrade-test', role: null, ip: '127.0.0.1' },
              { action: 'ops.upgrade_test', fields: [`n${i}`] },
            );
          }
          currentCatalogue = await catalogueOf(scratch.db);
          currentShape = await shapeOf(scratch.db);
          const previousCatalogue = await catalogueOf(ctx.db);
          // The newest migration changes the schema: a table, a column, a type or a NOT NULL.
          expect(await shapeOf(ctx.db)).not.toEqual(currentShape);
          newTables = Object.keys(currentCatalogue)
            .filter((t) => !(t in previousCatalogue))
            .sort();
          for (const [table, columns] of Object.entries(previousCatalogue)) {
            // A column the previous release had and the current one dropped is not filled here.
            expect(currentCatalogue[table] ?? [], table).toEqual(expect.arrayContaining(columns));
          }
          await copyRows(scratch.db, ctx.db, previousCatalogue, currentCatalogue);
        } finally {
          await scratchDatabase.close();
        }
        // Access events in several months, two at a Shanghai month boundary: partitioning by
        // month (access_events_partitions) must keep every one exactly once, ids included.
        await ctx.db.execute(
          sql`INSERT INTO access_events (site_id, at, method, decision, reason)
              SELECT s.id, m.at, 'card', 'deny', 'unknown_card'
              FROM (SELECT id FROM sites ORDER BY id LIMIT 1) s,
                   unnest(${SEVERAL_MONTHS}::timestamptz[]) AS m(at)`,
        );
        eventFields = await eventColumns(ctx.db);
        events = await eventsOf(ctx.db, eventFields);
        expect(events.n).toBeGreaterThan(SEVERAL_MONTHS_AT.length);

        const [person] = await queryRows<{ id: string; id_number_enc: string }>(
          ctx.db,
          sql`SELECT id, id_number_enc FROM persons ORDER BY id LIMIT 1`,
        );
        expect(person).toBeDefined();
        sample = {
          id: person!.id,
          idNumber: ctx.keyring.decrypt('id-number', person!.id_number_enc).toString('utf8'),
        };
        expect(sample.idNumber).toMatch(/^\d{17}[\dX]$/);

        before = await countRows(ctx.db);
        expect(newestTablesOf(before)).toEqual([]);
        expect(before['public.users']).toBeGreaterThanOrEqual(6);
        expect(before['public.persons']).toBeGreaterThan(0);
        expect(before['public.access_events']).toBeGreaterThan(0);
        expect(before[MIGRATIONS_TABLE]).toBe(PREVIOUS.length);
        const audit = await verifyAuditChain(ctx.db);
        expect(audit.ok).toBe(true);
        auditEntries = audit.entries;
        expect(auditEntries).toBeGreaterThanOrEqual(3);

        // 2. Backed up with the real backup code, an encrypted archive of the older database.
        const result = await createBackup({
          config,
          file: archive,
          passphrase: PASSPHRASE,
          dumper:
            ctx.database.kind === 'pglite'
              ? localPgliteDumper(ctx.database)
              : postgresDumper(databaseUrl!, ctx.db),
        });
        expect(result.manifest.database.kind).toBe(backend);
        expect(result.manifest.database.migrationTimes).toEqual(PREVIOUS.map((m) => m.when));
        expect(fs.readFileSync(archive).includes(Buffer.from('audit_log'))).toBe(false);
      } finally {
        await closeContext(ctx);
      }
      // 3. Wiped: the data folder, and on PostgreSQL the database itself.
      fs.rmSync(config.dataDir, { recursive: true, force: true });
      if (backend === 'postgres') await drops.at(-1)!();
    }, 120_000);

    it('restored into an empty target, the current code applies exactly the newest migration and keeps every row', async () => {
      expect(before, 'the previous-release database was not built').toBeDefined();
      let databaseUrl: string | undefined;
      if (backend === 'postgres') {
        const db = await freshPostgres();
        drops.push(db.drop);
        databaseUrl = db.url;
        const probe = await openDatabase({ url: databaseUrl });
        expect(await postgresIsEmpty(probe.db)).toBe(true);
        await probe.close();
      }
      const target: Config = { ...config, dataDir: path.join(tmp('upgrade-restore'), 'data'), databaseUrl };
      const report = await restoreBackup({ config: target, file: archive, passphrase: PASSPHRASE });
      expect(report.rowCounts).toEqual(before);
      expect(report.audit).toMatchObject({ ok: true, entries: auditEntries });

      // The normal start-up path of the current code.
      upgraded = await createContext(target);
      const ctx = upgraded;
      const prepared = await prepareDatabase(ctx);
      expect(prepared).toEqual({ applied: ALL.length - PREVIOUS.length, seeded: false });
      expect(await migrationTimesOf(ctx.db)).toEqual(ALL.map((m) => m.when));

      const after = await countRows(ctx.db);
      // Every table that existed keeps its exact row count (the migrations journal gains the new
      // entries); the only new tables are the newest migration's.
      const expected = {
        ...before,
        [MIGRATIONS_TABLE]: before[MIGRATIONS_TABLE]! + ALL.length - PREVIOUS.length,
      };
      const kept = Object.fromEntries(Object.keys(before).map((t) => [t, after[t]]));
      expect(kept).toEqual(expected);
      expect(
        Object.keys(after)
          .filter((t) => !(t in before))
          .sort(),
      ).toEqual(newTables);
      // The upgraded schema is exactly what the current code makes from scratch.
      expect(await catalogueOf(ctx.db)).toEqual(currentCatalogue);
      expect(await shapeOf(ctx.db)).toEqual(currentShape);
      const audit = await verifyAuditChain(ctx.db);
      expect(audit).toMatchObject({ ok: true, entries: auditEntries });
      // Every access event kept exactly once, with its id and every field; each in its month.
      // The previous release's columns, field by field (a column the upgrade adds is new, not lost).
      expect(await eventsOf(ctx.db, eventFields)).toEqual(events);
      // Past months a release had no partition for wait in the default partition until the hourly
      // access-partitions job gives them theirs, a month a run (whichever release partitioned).
      for (let run = 0; run < 6; run++) {
        const { result } = await runJob(ctx, accessPartitionsJob);
        if ((result as { moved: number }).moved === 0) break;
      }
      expect(await eventsOf(ctx.db, eventFields)).toEqual(events);
      const placed = await queryRows<{ at: string; part: string }>(
        ctx.db,
        sql`SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
                   tableoid::regclass::text AS part
            FROM access_events WHERE at = ANY(${SEVERAL_MONTHS}::timestamptz[]) ORDER BY at`,
      );
      expect(placed).toEqual([
        { at: '2026-08-15T04:00:00.000Z', part: 'access_events_p2026_08' },
        { at: '2026-09-30T15:59:59.999Z', part: 'access_events_p2026_09' },
        { at: '2026-09-30T16:00:00.000Z', part: 'access_events_p2026_10' },
        { at: '2026-10-20T04:00:00.000Z', part: 'access_events_p2026_10' },
      ]);
      // The hourly counts the upgrade made from the events already there agree with them.
      expect(await hourlyCountsDisagreeing(ctx.db)).toEqual([]);

      const app = await buildApp(ctx, { logger: false });
      try {
        app.serving = true;
        await app.ready();
        const ready = await app.inject({ url: '/api/ready' });
        expect(ready.statusCode, ready.body).toBe(200);
        expect(ready.json().checks).toMatchObject({ database: 'ok', migrations: 'ok' });

        // Demo users sign in with the password set before the upgrade.
        const police = await signIn(app, 'police');
        expect(police.me.user.role).toBe('police');
        const siteId = police.me.sites[0]!.id;
        const wrong = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'police', password: `${DEMO_PASSWORD}-not` },
          remoteAddress: '10.9.8.6',
        });
        expect(wrong.statusCode).toBe(401);

        // An ID number encrypted by the previous release decrypts with the restored key.
        const person = await police.get(
          `/api/v1/registry/persons/${sample.id}?purpose=${encodeURIComponent('升级核验')}`,
        );
        expect(person.statusCode, person.body).toBe(200);
        expect(person.json()).toMatchObject({ idNumber: sample.idNumber, idNumberMasked: false });

        // The new module's tables are there and work: lists answer, a watch rule on a person of
        // the old data is stored and listed.
        const list = await police.get('/api/v1/alerts');
        expect(list.statusCode, list.body).toBe(200);
        expect(list.json()).toMatchObject({ items: [], total: 0 });
        const created = await police.post('/api/v1/alerts/watch-rules', {
          siteId,
          personId: sample.id,
          purpose: '升级后布控测试',
          legalBasis: '《中华人民共和国人民警察法》第六条',
          expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          desk: 'police_office',
        });
        expect(created.statusCode, created.body).toBe(201);
        const rules = await police.get('/api/v1/alerts/watch-rules');
        expect(rules.statusCode, rules.body).toBe(200);
        expect(rules.json().items.map((r: { id: string }) => r.id)).toContain(created.json().id);
        // The previous release's entries keep their unkeyed links; what the current code wrote
        // since is keyed, and the whole chain verifies.
        const links = await queryRows<{ link: string; n: number }>(
          ctx.db,
          sql`SELECT link, count(*)::int AS n FROM audit_log GROUP BY link ORDER BY link`,
        );
        expect(links).toEqual([
          { link: 'hmac-sha256', n: expect.any(Number) },
          { link: 'sha256', n: auditEntries },
        ]);
        const verified = await verifyAuditChain(ctx.db);
        expect(verified).toMatchObject({ ok: true, keyedFrom: expect.any(Number) });
        expect(verified.entries).toBeGreaterThan(auditEntries);
      } finally {
        await app.close();
      }
    }, 120_000);

    it('the previous release refuses the upgraded database and leaves it as it is', async () => {
      expect(upgraded, 'the upgraded database was not started').toBeDefined();
      const ctx = upgraded!;
      const migrationsBefore = await migrationTimesOf(ctx.db);
      const error = await runMigrations(ctx.database, { migrationsFolder: previousMigrations }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DatabaseTooNewError);
      expect((error as Error).message).toMatch(
        new RegExp(`${ALL.length - PREVIOUS.length} migration\\(s\\) newer than this version of Anju`),
      );
      expect((error as Error).message).toContain(PREVIOUS.at(-1)!.tag);
      expect(await migrationTimesOf(ctx.db)).toEqual(migrationsBefore);
      expect(await catalogueOf(ctx.db)).toEqual(currentCatalogue);
      // The current code still accepts it: nothing left to apply.
      expect(await runMigrations(ctx.database)).toEqual({ applied: 0 });
    });
  },
);
