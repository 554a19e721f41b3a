import { idCheckChar } from '@anju/contracts';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runJob } from '../../platform/jobs.ts';
import { type Client, describeBackends, signIn, type TestEnv, createTestEnv } from '../../../test/harness.ts';
import { queryRows } from '../../db/client.ts';
import { importJobs } from '../../platform/spreadsheet/schema.ts';
import {
  failInterruptedImports,
  importRecoveryJob,
  importTestHooks,
  INTERRUPTED_IMPORT_MESSAGE,
  runningImports,
} from '../../platform/spreadsheet/import-job.ts';

/** A valid ID number (GB 11643 check character computed). */
const makeId = (birth: string, seq: number) => {
  const first17 = `410105${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

describeBackends('registry: imports cut off by a crash', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(backend);
  });
  afterAll(async () => {
    importTestHooks.beforeWrite = null;
    await env?.close();
  });

  it('a job left "importing" by a dead process is marked failed; running and finished jobs are left alone', async () => {
    const property = await signIn(env.app, 'property');
    const siteId = property.me.sites[0]!.id;
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    const job = (status: 'validating' | 'importing' | 'done', createdAt: Date) => ({
      kind: 'registry.roster',
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
      .insert(importJobs)
      .values([
        job('importing', hoursAgo(2)),
        job('validating', hoursAgo(1)),
        job('importing', new Date()),
        job('done', hoursAgo(3)),
      ])
      .returning();

    const run = await runJob(env.ctx, importRecoveryJob);
    expect(run).toMatchObject({ ran: true, result: { failed: 2 } });

    const status = async (id: string) =>
      (await env.ctx.db.select().from(importJobs).where(eq(importJobs.id, id)))[0]!;
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
    expect((await runJob(env.ctx, importRecoveryJob)).result).toEqual({ failed: 0 });
  });

  it('a job given up while its runner is still going stays failed, and none of its rows are written', async () => {
    const property = await signIn(env.app, 'property');
    const building = await property.post('/api/v1/registry/buildings', {
      number: 88,
      units: 1,
      floors: 2,
      flatsPerFloor: 2,
    });
    expect(building.statusCode, building.body).toBe(201);
    const header = '姓名,身份证号,性别,民族,手机号,房屋,居住类型,与户主关系,入住日期';
    const csvOf = (seq: number) =>
      [
        header,
        `恢复甲,${makeId('19700101', seq)},,汉族,13900000001,88-1-101,业主,户主,2020-01-01`,
        `恢复乙,${makeId('19720202', seq + 1)},,汉族,13900000002,88-1-102,业主,户主,2020-01-01`,
        `恢复丙,${makeId('19800303', seq + 2)},,汉族,13900000003,88-1-201,业主,户主,2020-01-01`,
      ].join('\r\n');
    const upload = (client: Client, csv: string) => {
      const form = new FormData();
      form.append('skipInvalid', 'false');
      form.append('file', new Blob([Buffer.from(csv)]), 'roster.csv');
      return client.request({
        method: 'POST',
        url: '/api/v1/registry/imports',
        payload: form as unknown as string,
      });
    };
    const count = async (table: 'persons' | 'residencies' | 'households') =>
      (await queryRows<{ n: number }>(env.ctx.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;
    const settled = async () => {
      while (runningImports.size) await Promise.all([...runningImports]);
    };
    const before = { persons: await count('persons'), residencies: await count('residencies') };

    // Jobs other tests left "running" are given up first, so the count below is this import's.
    const soon = () => new Date(Date.now() + 60_000);
    await failInterruptedImports(env.ctx.db, soon());
    // The recovery job gives the import up after validation, while the runner is about to write.
    let givenUp = 0;
    importTestHooks.beforeWrite = async () => {
      givenUp = await failInterruptedImports(env.ctx.db, soon());
    };
    const res = await upload(property, csvOf(700));
    expect(res.statusCode, res.body).toBe(202);
    await settled();
    importTestHooks.beforeWrite = null;
    expect(givenUp).toBe(1);

    const seen = (await property.get(`/api/v1/registry/imports/${res.json().id}`)).json();
    expect(seen).toMatchObject({ status: 'failed', message: INTERRUPTED_IMPORT_MESSAGE, imported: 0 });
    expect(await count('persons')).toBe(before.persons);
    expect(await count('residencies')).toBe(before.residencies);
    const audits = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'registry.import' AND subject_id = ${res.json().id}`,
    );
    expect(audits[0]!.n).toBe(0);

    // The same file, not given up, is imported in full: the rows above were real and valid.
    const again = await upload(property, csvOf(700));
    expect(again.statusCode, again.body).toBe(202);
    await settled();
    const done = (await property.get(`/api/v1/registry/imports/${again.json().id}`)).json();
    expect(done).toMatchObject({ status: 'done', imported: 3 });
    expect(await count('persons')).toBe(before.persons + 3);
    // Its runner finished: giving up old jobs now leaves it alone.
    expect(await failInterruptedImports(env.ctx.db, soon())).toBe(0);
    expect((await property.get(`/api/v1/registry/imports/${again.json().id}`)).json().status).toBe('done');
  });
});
