import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runJob } from '../../platform/jobs.ts';
import { describeBackends, signIn, type TestEnv, createTestEnv } from '../../../test/harness.ts';
import { registryImportJobs } from './schema.ts';
import { INTERRUPTED_IMPORT_MESSAGE, registryImportRecoveryJob } from './roster.ts';

describeBackends('registry: imports cut off by a crash', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(backend);
  });
  afterAll(async () => env?.close());

  it('a job left "importing" by a dead process is marked failed; running and finished jobs are left alone', async () => {
    const property = await signIn(env.app, 'property');
    const siteId = property.me.sites[0]!.id;
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    const job = (status: 'validating' | 'importing' | 'done', createdAt: Date) => ({
      siteId,
      userId: property.me.user.id,
      status,
      fileName: 'roster.xlsx',
      skipInvalid: false,
      total: 500,
      processed: 200,
      createdAt,
    });
    const [orphanImporting, orphanValidating, running, done] = await env.ctx.db
      .insert(registryImportJobs)
      .values([
        job('importing', hoursAgo(2)),
        job('validating', hoursAgo(1)),
        job('importing', new Date()),
        job('done', hoursAgo(3)),
      ])
      .returning();

    const run = await runJob(env.ctx, registryImportRecoveryJob);
    expect(run).toMatchObject({ ran: true, result: { failed: 2 } });

    const status = async (id: string) =>
      (await env.ctx.db.select().from(registryImportJobs).where(eq(registryImportJobs.id, id)))[0]!;
    for (const orphan of [orphanImporting!, orphanValidating!]) {
      expect(await status(orphan.id)).toMatchObject({ status: 'failed', imported: 0 });
      // What the import page polls: a finished job with the reason, not a spinner for ever.
      const seen = await property.get(`/api/v1/registry/imports/${orphan.id}`);
      expect(seen.statusCode, seen.body).toBe(200);
      expect(seen.json()).toMatchObject({ status: 'failed', message: INTERRUPTED_IMPORT_MESSAGE });
      expect(seen.json().finishedAt).toBeTruthy();
    }
    expect((await status(running!.id)).status).toBe('importing');
    expect((await status(done!.id)).status).toBe('done');

    // Running it again changes nothing more.
    expect((await runJob(env.ctx, registryImportRecoveryJob)).result).toEqual({ failed: 0 });
  });
});
