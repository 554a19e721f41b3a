/** The demo boards: a published weekly tip written from the demo incidents, once. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bulletinsDemoSeeder } from '../src/modules/bulletins/seed.ts';
import { incidentsDemoSeeder } from '../src/modules/incidents/seed.ts';
import { createTestEnv, describeBackends, signIn, type TestEnv } from './harness.ts';

const NOW = new Date('2026-12-07T02:00:00Z');

describeBackends('bulletins: demo seeder', (backend) => {
  let env: TestEnv;
  let siteId = '';
  beforeAll(async () => {
    env = await createTestEnv(backend);
    env.setNow(NOW);
    siteId = (await signIn(env.app, 'police')).me.sites[0]!.id;
  }, 120_000);
  afterAll(async () => env?.close());

  it('publishes this week’s tip and two posts, once', async () => {
    await incidentsDemoSeeder(env.ctx, siteId);
    await bulletinsDemoSeeder(env.ctx, siteId);
    await bulletinsDemoSeeder(env.ctx, siteId);
    const board = (await env.app.inject({ url: `/api/v1/bulletins/public/sites/${siteId}` })).json() as {
      posts: { title: string; boardCode: string; bodyHtml: string }[];
      numbers: { total: { count: number | null } } | null;
    };
    expect(board.posts).toHaveLength(3);
    const tip = board.posts.find((p) => p.boardCode === 'alerts')!;
    expect(tip.title).toContain('本周安全提示');
    expect(tip.bodyHtml).toMatch(/多发于 \d+–\d+ 时/);
    expect(board.numbers?.total.count).toBeGreaterThan(0);
  }, 60_000);
});
