import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, describeBackends, type TestEnv } from '../../test/harness.ts';
import { jobLockId, runJob, startScheduler, type Job } from './jobs.ts';

describeBackends('job scheduler', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(backend, { demo: false });
  });
  afterAll(() => env?.close());

  it('runs each job once at start and then every N minutes, with the injected clock', async () => {
    const seen: Date[] = [];
    const job: Job = {
      name: 'test.tick',
      everyMinutes: 5,
      run: async (ctx, now) => {
        // The job runs inside the transaction that holds its lock.
        await ctx.db.execute(sql`SELECT 1`);
        seen.push(now);
        return { n: seen.length };
      },
    };
    const intervals: { fn: () => void; ms: number }[] = [];
    const clock = new Date('2026-07-01T16:00:00Z');
    const scheduler = startScheduler(env.ctx, [job], {
      clock: () => clock,
      timers: {
        setInterval: (fn, ms) => intervals.push({ fn, ms }),
        clearInterval: () => undefined,
      },
    });
    await expect.poll(() => seen.length).toBe(1);
    expect(intervals.map((i) => i.ms)).toEqual([5 * 60_000]);
    intervals[0]!.fn();
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]).toBe(clock);
    expect(await scheduler.runNow('test.tick')).toMatchObject({ ran: true, result: { n: 3 } });
    await scheduler.stop();
    intervals[0]!.fn();
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.length).toBe(3);
  });

  it('keeps running after a job fails, and logs the failure', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const job: Job = {
      name: 'test.flaky',
      everyMinutes: 1,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
        return {};
      },
    };
    const intervals: (() => void)[] = [];
    const scheduler = startScheduler(env.ctx, [job], {
      log: { info: () => undefined, error: (obj) => errors.push(obj) },
      timers: { setInterval: (fn) => intervals.push(fn), clearInterval: () => undefined },
    });
    await expect.poll(() => errors.length).toBe(1);
    intervals[0]!();
    await expect.poll(() => calls).toBe(2);
    await scheduler.stop();
  });

  it.runIf(backend === 'postgres')('skips a round while another process holds the job lock', async () => {
    const job: Job = { name: 'test.locked', everyMinutes: 10, run: async () => ({ did: true }) };
    // Another "process": a separate connection holding the job's advisory lock.
    const url = env.ctx.config.databaseUrl;
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1::bigint)', [jobLockId(job.name)]);
      expect(await runJob(env.ctx, job)).toEqual({ job: 'test.locked', ran: false });
      await other.query('SELECT pg_advisory_unlock($1::bigint)', [jobLockId(job.name)]);
      expect(await runJob(env.ctx, job)).toMatchObject({ ran: true, result: { did: true } });
    } finally {
      await other.end();
    }
  });

  it('gives each job its own lock key', () => {
    expect(jobLockId('registry.expire-lapsed')).not.toBe(jobLockId('access.retention'));
    expect(jobLockId('a')).toBe(jobLockId('a'));
  });
});
