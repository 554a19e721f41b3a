import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import type { AppContext } from './context.ts';
import { safeErrorForLog } from './log-safety.ts';

/**
 * A tiny scheduler for periodic background jobs (e.g. lapsing expired tenancies). Each job runs
 * once at start and then every `everyMinutes`, inside one transaction holding a PostgreSQL
 * advisory lock named after the job, so with several API processes only one runs it at a time
 * (the others skip that round). The clock is injectable so tests can run a job "tomorrow".
 *
 * A process runs at most MAX_CONCURRENT_JOBS jobs at a time; the rest wait their turn. Each job
 * holds one pooled connection for its lock, and on PostgreSQL writes alerts through the pool
 * (alerts/pipeline.ts jobDb), so a second connection. With all fifteen jobs started at once on a
 * pool of ten, every connection ended up holding a job's lock while its job waited for another:
 * the process hung, requests and shutdown included (CI, 2026-12-02).
 */
export const MAX_CONCURRENT_JOBS = 2;
export interface Job {
  name: string;
  everyMinutes: number;
  /** `ctx.db` is the transaction that holds the job's lock. */
  run(ctx: AppContext, now: Date): Promise<Record<string, unknown> | undefined>;
}

export interface JobRun {
  job: string;
  /** false when another process held the lock. */
  ran: boolean;
  result?: Record<string, unknown>;
}

interface Logger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SchedulerOptions {
  /** Defaults to ctx.now. */
  clock?: () => Date;
  log?: Logger;
  timers?: {
    setInterval(fn: () => void, ms: number): unknown;
    clearInterval(handle: unknown): void;
  };
}

export interface Scheduler {
  /** Runs a job now (waiting for its lock round like a scheduled run). */
  runNow(name: string): Promise<JobRun>;
  stop(): Promise<void>;
}

/**
 * What a job run may take on: at least `min` items, then more only while under `ms` since the
 * budget was made. `take()` is asked before each item and counts it when it says yes.
 */
export function workBudget(min: number, ms: number): { take(): boolean } {
  const started = performance.now();
  let taken = 0;
  return {
    take() {
      if (taken >= min && performance.now() - started > ms) return false;
      taken++;
      return true;
    },
  };
}

/** Advisory-lock key of a job: a fixed range plus a hash of its name. */
export function jobLockId(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 4_242_000_000 + (h % 1_000_000);
}

/** Runs one job under its lock; returns `ran: false` when another process is running it. */
export async function runJob(ctx: AppContext, job: Job, now: Date = ctx.now()): Promise<JobRun> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await queryRows<{ locked: boolean }>(
      tx as unknown as Db,
      sql`SELECT pg_try_advisory_xact_lock(${jobLockId(job.name)}::bigint) AS locked`,
    );
    if (!row?.locked) return { job: job.name, ran: false };
    const result = await job.run({ ...ctx, db: tx as unknown as Db }, now);
    return { job: job.name, ran: true, result: result ?? {} };
  });
}

const silent: Logger = { info: () => undefined, error: () => undefined };

export function startScheduler(
  ctx: AppContext,
  jobs: readonly Job[],
  options: SchedulerOptions = {},
): Scheduler {
  const clock = options.clock ?? ctx.now;
  const log = options.log ?? silent;
  const timers = options.timers ?? {
    setInterval: (fn: () => void, ms: number) => {
      const handle = setInterval(fn, ms);
      handle.unref();
      return handle;
    },
    clearInterval: (handle: unknown) => clearInterval(handle as NodeJS.Timeout),
  };
  const running = new Set<string>();
  const inflight = new Set<Promise<unknown>>();
  const handles: unknown[] = [];
  let stopped = false;
  // Jobs waiting for one of the MAX_CONCURRENT_JOBS turns, in the order they became due.
  const waiting: (() => void)[] = [];
  let active = 0;
  const turn = (): Promise<boolean> =>
    new Promise((resolve) => {
      const start = () => {
        active++;
        resolve(true);
      };
      if (active < MAX_CONCURRENT_JOBS) start();
      else waiting.push(() => (stopped ? resolve(false) : start()));
    });
  const release = () => {
    active--;
    waiting.shift()?.();
  };

  const runInTurn = async (job: Job): Promise<JobRun> => {
    if (!(await turn())) return { job: job.name, ran: false };
    try {
      // The clock is read when the job starts, not when it became due.
      return await runJob(ctx, job, clock());
    } finally {
      release();
    }
  };

  const tick = (job: Job): Promise<JobRun> => {
    if (stopped || running.has(job.name)) return Promise.resolve({ job: job.name, ran: false });
    running.add(job.name);
    const p = runInTurn(job)
      .then((r) => {
        if (r.ran) log.info({ job: job.name, result: r.result }, 'job finished');
        return r;
      })
      .catch((err: unknown) => {
        // A failed query's error carries its parameters (personal data): logged without them.
        log.error({ job: job.name, err: safeErrorForLog(err) }, 'job failed');
        return { job: job.name, ran: false };
      })
      .finally(() => {
        running.delete(job.name);
        inflight.delete(p);
      });
    inflight.add(p);
    return p;
  };

  for (const job of jobs) {
    void tick(job);
    handles.push(timers.setInterval(() => void tick(job), job.everyMinutes * 60_000));
  }

  return {
    runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new Error(`unknown job ${name}`));
      return tick(job);
    },
    async stop() {
      stopped = true;
      for (const h of handles) timers.clearInterval(h);
      // Jobs still waiting for a turn give it up; the running ones finish.
      for (const wake of waiting.splice(0)) wake();
      await Promise.allSettled([...inflight]);
    },
  };
}
