import { and, eq, inArray, sql } from 'drizzle-orm';
import { type ImportJob, type Lang, renderKey, renderStored } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../errors.ts';
import type { Job } from '../jobs.ts';
import { safeErrorForLog } from '../log-safety.ts';
import { importMessages as m } from './messages.ts';
import { importJobs } from './schema.ts';

/**
 * The background job every spreadsheet import runs in: the file was read and accepted (readSheet)
 * and the job row exists before the request answers; then every record is validated (progress
 * written every PROGRESS_EVERY rows) and the valid ones written in one transaction. All or
 * nothing: one bad row and nothing is written; skip-invalid: the bad rows are left out and
 * reported. A job whose process died is given up by importRecoveryJob ("nothing imported").
 * What a record means and how it is written is the importing module's (`prepare`).
 */

/**
 * A row's failure as the job stores it: the column and the reason as message strings (keys of the
 * module's catalogue), rendered in the reader's language when the job is read. Never the cell's
 * value: the job keeps them for days.
 */
export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface RowCheck<V> {
  row?: V;
  errors: RowError[];
}

/** What an import does with its records, set up once when the job starts running. */
export interface ImportRun<R, V> {
  /** one record: a row to write, or its errors (state across rows, such as duplicates, is the run's) */
  validate(record: R): RowCheck<V>;
  /** every valid row, inside the job's one transaction */
  write(tx: Db, rows: V[], jobId: string): Promise<void>;
}

export interface ImportSpec<R, V> {
  /** whose import: 'registry.roster', 'incidents.dispatch' */
  kind: string;
  siteId: string;
  userId: string;
  fileName: string;
  skipInvalid: boolean;
  records: R[];
  /** loads what validation needs (the site's rooms, categories…) when the job starts */
  prepare(): Promise<ImportRun<R, V>>;
}

/** Where a failed import's error goes (the request's logger). */
export interface ImportLogger {
  error(obj: object, msg?: string): void;
}

/** A failed import's message (Chinese, as a reader sees it by default: for tests and logs). */
export const IMPORT_FAILED_MESSAGE = m.text('zh-CN', 'job.failed');
export const INTERRUPTED_IMPORT_MESSAGE = m.text('zh-CN', 'job.interrupted');

/** Imports running in this process, so shutdown can wait for them. */
export const runningImports = new Set<Promise<void>>();

/** Lets running imports finish (an app's onClose hook: before the database closes). */
export async function waitForImports(): Promise<void> {
  await Promise.allSettled([...runningImports]);
}

/** For tests: runs after validation, just before the rows are written. */
export const importTestHooks: { beforeWrite: ((jobId: string) => Promise<void>) | null } = {
  beforeWrite: null,
};

/**
 * A job's status only moves on from validating/importing: once failInterruptedImports has given a
 * job up ("nothing imported"), the runner that may still be working on it cannot change it again.
 */
const stillRunning = inArray(importJobs.status, ['validating', 'importing']);

/** The job was given up (failed) while this process was still running it: nothing is written. */
class ImportGivenUp extends Error {
  constructor(jobId: string) {
    super(`import job ${jobId} was given up while running; its rows were not written`);
  }
}

export const PROGRESS_EVERY = 200;

/** Records the job and starts it in the background; answers its id at once. */
export async function startImport<R, V>(
  ctx: AppContext,
  spec: ImportSpec<R, V>,
  log?: ImportLogger,
): Promise<{ id: string }> {
  const [job] = await ctx.db
    .insert(importJobs)
    .values({
      kind: spec.kind,
      siteId: spec.siteId,
      userId: spec.userId,
      status: 'validating',
      fileName: spec.fileName,
      skipInvalid: spec.skipInvalid,
      total: spec.records.length,
      createdAt: ctx.now(),
    })
    .returning({ id: importJobs.id });
  const jobId = job!.id;
  const run = new Promise<void>((resolve) => {
    setImmediate(() => {
      runImport(ctx, spec, jobId)
        .catch(async (error: unknown) => {
          // The stored message is read back by staff for days: never the error's own text, which
          // for a failed query holds the rows' values (names, ID numbers). The log gets it without them.
          log?.error({ err: safeErrorForLog(error), importJobId: jobId }, `${spec.kind} import failed`);
          await ctx.db
            .update(importJobs)
            .set({ status: 'failed', message: m.key('job.failed'), finishedAt: new Date() })
            .where(and(eq(importJobs.id, jobId), stillRunning))
            .catch(() => undefined);
        })
        .finally(resolve);
    });
  });
  runningImports.add(run);
  void run.finally(() => runningImports.delete(run));
  return { id: jobId };
}

async function runImport<R, V>(ctx: AppContext, spec: ImportSpec<R, V>, jobId: string): Promise<void> {
  const job = and(eq(importJobs.id, jobId), stillRunning);
  const run = await spec.prepare();
  const errors: RowError[] = [];
  const valid: V[] = [];
  const bad = new Set<number>();
  for (const [i, record] of spec.records.entries()) {
    const result = run.validate(record);
    for (const e of result.errors) {
      errors.push(e);
      bad.add(e.row);
    }
    if (result.row !== undefined) valid.push(result.row);
    if ((i + 1) % PROGRESS_EVERY === 0) {
      await ctx.db
        .update(importJobs)
        .set({ processed: i + 1 })
        .where(job);
    }
  }
  const total = spec.records.length;
  if (errors.length && !spec.skipInvalid) {
    await ctx.db
      .update(importJobs)
      .set({
        status: 'failed',
        processed: total,
        skipped: bad.size,
        errors: errors.slice(0, 1000),
        message: m.key('job.invalidRows', { rows: bad.size }),
        finishedAt: new Date(),
      })
      .where(job);
    return;
  }
  const importing = await ctx.db
    .update(importJobs)
    .set({ status: 'importing', processed: total })
    .where(job)
    .returning({ id: importJobs.id });
  if (!importing.length) return; // Given up already: it says nothing was imported, so import nothing.
  await importTestHooks.beforeWrite?.(jobId);
  await ctx.db.transaction(async (tx) => {
    if (valid.length) await run.write(tx, valid, jobId);
    // The row lock taken here orders this against failInterruptedImports: if that came first, no
    // row matches and everything written above is rolled back.
    const finished = await tx
      .update(importJobs)
      .set({
        status: 'done',
        imported: valid.length,
        skipped: bad.size,
        errors: errors.slice(0, 1000),
        message: bad.size
          ? m.key('job.doneSkipped', { imported: valid.length, skipped: bad.size })
          : m.key('job.done', { imported: valid.length }),
        finishedAt: new Date(),
      })
      .where(job)
      .returning({ id: importJobs.id });
    if (!finished.length) throw new ImportGivenUp(jobId);
  });
}

/**
 * An import runs in the background of the process that accepted it. If that process dies, the
 * job would say "validating"/"importing" for ever. The rows are written in one transaction, so
 * such a job imported nothing — this says so, and the user imports the file again.
 */
export async function failInterruptedImports(db: Db, startedBefore: Date): Promise<number> {
  const failed = await db
    .update(importJobs)
    .set({ status: 'failed', message: m.key('job.interrupted'), finishedAt: new Date() })
    .where(and(stillRunning, sql`${importJobs.createdAt} < ${startedBefore.toISOString()}::timestamptz`))
    .returning({ id: importJobs.id });
  return failed.length;
}

const PROCESS_STARTED_AT = new Date();
/** Far longer than any import takes (10,000 rows import in seconds). */
const IMPORT_STALE_MINUTES = 30;

export const importRecoveryJob: Job = {
  name: 'imports.interrupted',
  everyMinutes: 10,
  async run(ctx, now) {
    // PGlite serves one process, so a job this process did not start has lost its runner. On
    // PostgreSQL another process may be importing right now: only jobs older than any real
    // import are given up.
    const cutoff =
      ctx.database.kind === 'pglite'
        ? PROCESS_STARTED_AT
        : new Date(now.getTime() - IMPORT_STALE_MINUTES * 60_000);
    return { failed: await failInterruptedImports(ctx.db, cutoff) };
  },
};

/**
 * A job of `kind` at one of `siteIds` as `lang` reads it: its stored messages (keys) rendered in
 * that language. Another site's job, or another module's, is a 404.
 */
export async function importJob(
  db: Db,
  kind: string,
  siteIds: readonly string[],
  id: string,
  lang: Lang,
): Promise<ImportJob> {
  const [job] = siteIds.length
    ? await db
        .select()
        .from(importJobs)
        .where(
          and(eq(importJobs.id, id), eq(importJobs.kind, kind), inArray(importJobs.siteId, [...siteIds])),
        )
    : [];
  if (!job) throw notFound(m.msg('job.notFound'));
  return {
    id: job.id,
    status: job.status,
    fileName: job.fileName,
    skipInvalid: job.skipInvalid,
    total: job.total,
    processed: job.processed,
    imported: job.imported,
    skipped: job.skipped,
    // Jobs stored before issue 12 hold Chinese text: renderKey leaves it as it is.
    errors: job.errors.map((e) => ({
      ...e,
      field: renderKey(e.field, lang),
      message: renderKey(e.message, lang),
    })),
    message: renderStored(job.message, lang),
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
