import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idNumberProblem } from '@anju/contracts';
import { createTestEnv, describeBackends, signIn, type TestEnv } from '../../../test/harness.ts';
import { queryRows } from '../../db/client.ts';
import { seedDemo } from '../../platform/demo-seed.ts';
import { sites } from '../../platform/org/schema.ts';
import { DEMO_REGISTRY, seedRegistry, SMALL_REGISTRY, type SeedResult } from './seed.ts';

describeBackends('registry demo compound', (backend) => {
  let env: TestEnv;
  let result: SeedResult;
  let seconds: number;

  beforeAll(async () => {
    env = await createTestEnv(backend, { demo: false });
    let siteId = '';
    await seedDemo(env.ctx, [
      async (_ctx, id) => {
        siteId = id;
      },
    ]);
    const started = performance.now();
    result = await seedRegistry(env.ctx, siteId, DEMO_REGISTRY);
    seconds = (performance.now() - started) / 1000;
    console.log(`[${backend}] demo registry seeded in ${seconds.toFixed(1)} s`, result);
  }, 120_000);
  afterAll(() => env?.close());

  // How long seeding takes is measured by `npm run bench:registry`, not asserted here.
  it('has the article’s shape: 1,940 households, 5,000+ people, 400 shops', async () => {
    const police = await signIn(env.app, 'police');
    const stats = (await police.get('/api/v1/registry/stats')).json();
    console.log(`[${backend}] stats`, stats);
    expect(stats.households).toBe(1940);
    expect(stats.persons).toBeGreaterThanOrEqual(5000);
    expect(stats.shops).toBe(400);
    expect(stats.tenanciesExpiringIn30Days).toBeGreaterThan(0);
    expect(stats.floating).toBeGreaterThan(0);
    const expired = (await police.get('/api/v1/registry/tenancies?filter=expired')).json();
    expect(expired.total).toBeGreaterThan(0);

    const buildings = (await police.get('/api/v1/registry/buildings')).json().items as {
      flats: number;
      legend: Record<string, number>;
    }[];
    const flats = buildings.reduce((n, b) => n + b.flats, 0);
    const rented = buildings.reduce((n, b) => n + b.legend.rented!, 0);
    expect(rented / flats).toBeGreaterThan(0.28);
    expect(rented / flats).toBeLessThan(0.38);
    expect((await police.get('/api/v1/registry/shops?pageSize=500')).json().items).toHaveLength(400);
  });

  it('has families with children and elderly, some living alone, and valid-format ID numbers', async () => {
    const [ages] = await queryRows<{ children: number; elderly: number; alone: number }>(
      env.ctx.db,
      sql`SELECT count(*) FILTER (WHERE birth_date > now() - interval '14 years')::int AS children,
            count(*) FILTER (WHERE birth_date < now() - interval '70 years')::int AS elderly,
            count(*) FILTER (WHERE 'elderly_alone' = ANY(care_flags))::int AS alone
          FROM persons`,
    );
    expect(ages!.children).toBeGreaterThan(300);
    expect(ages!.elderly).toBeGreaterThan(200);
    expect(ages!.alone).toBeGreaterThan(50);
    const sample = await queryRows<{ id_number_enc: string }>(
      env.ctx.db,
      sql`SELECT id_number_enc FROM persons ORDER BY random() LIMIT 300`,
    );
    for (const row of sample) {
      const id = env.ctx.keyring.decrypt('id-number', row.id_number_enc).toString();
      expect(idNumberProblem(id), id).toBeNull();
    }
  });

  it('links the demo resident to a person in an owner-occupied flat', async () => {
    const resident = await signIn(env.app, 'resident');
    const mine = (await resident.get('/api/v1/registry/my-household')).json();
    expect(mine.households).toHaveLength(1);
    const me = mine.households[0].members.find((m: { isMe: boolean }) => m.isMe);
    expect(me.type).toBe('owner');
  });

  it('is deterministic: the same seed gives the same people and layout', async () => {
    const snapshot = async () => {
      const [site] = await env.ctx.db.insert(sites).values({ name: '确定性' }).returning();
      await seedRegistry(env.ctx, site!.id, { ...SMALL_REGISTRY, linkResident: false });
      const rows = await queryRows<{ line: string }>(
        env.ctx.db,
        sql`SELECT p.name || '|' || p.birth_date || '|' || rm.label || '|' || r.type AS line
            FROM persons p JOIN residencies r ON r.person_id = p.id JOIN rooms rm ON rm.id = r.room_id
            WHERE p.site_id = ${site!.id} ORDER BY 1`,
      );
      return rows.map((r) => r.line);
    };
    const a = await snapshot();
    expect(a.length).toBeGreaterThan(80);
    expect(await snapshot()).toEqual(a);
  });
});
