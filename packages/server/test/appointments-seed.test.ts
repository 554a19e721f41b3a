/**
 * The appointments demo seed: quick, idempotent, and consistent with the module's own rules (no
 * two holding bookings share a seat, the counter and statistics have past outcomes to show).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { appointmentsDemoSeeder } from '../src/modules/appointments/seed.ts';
import { registrySeeder, SMALL_REGISTRY } from '../src/modules/registry/seed.ts';
import { createTestEnv, describeBackends, signIn, type TestEnv } from './harness.ts';

describeBackends('appointments demo seed', (backend) => {
  let env: TestEnv;
  let seconds = 0;
  beforeAll(async () => {
    const started = Date.now();
    env = await createTestEnv(backend, { seeders: [registrySeeder(SMALL_REGISTRY), appointmentsDemoSeeder] });
    seconds = (Date.now() - started) / 1000;
  }, 120_000);
  afterAll(() => env?.close());

  it('seeds services, sessions and weeks of bookings across channels and outcomes, once', async () => {
    const police = await signIn(env.app, 'police');
    const siteId = police.me.sites[0]!.id;
    const services = (await police.get(`/api/v1/appointments/services?siteId=${siteId}`)).json().items as {
      code: string;
      resourceId: string | null;
    }[];
    expect(services.map((s) => s.code)).toEqual(
      expect.arrayContaining(['id_card_pickup', 'mediation_consult', 'hukou_transfer']),
    );
    expect(services.find((s) => s.code === 'mediation_consult')?.resourceId).toBeTruthy();
    const byStatus = await queryRows<{ status: string; channel: string; n: number }>(
      env.ctx.db,
      sql`SELECT status, channel, count(*)::int AS n FROM appointment_bookings GROUP BY status, channel`,
    );
    const statuses = new Set(byStatus.map((r) => r.status));
    for (const s of ['booked', 'served', 'no_show']) expect(statuses).toContain(s);
    expect(new Set(byStatus.map((r) => r.channel)).size).toBeGreaterThanOrEqual(4);
    // Every holding booking has its seats; no staff member is booked twice at once.
    const [overlap] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM appointment_bookings a JOIN appointment_bookings b
          ON a.staff_id = b.staff_id AND a.id < b.id AND a.start_at < b.end_at AND b.start_at < a.end_at
          WHERE a.status IN ('booked', 'checked_in') AND b.status IN ('booked', 'checked_in')`,
    );
    expect(Number(overlap!.n)).toBe(0);
    const before = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM appointment_bookings`,
    );
    await appointmentsDemoSeeder(env.ctx, siteId);
    const after = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM appointment_bookings`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(Number(before[0]!.n)).toBeGreaterThan(50);
    console.info(
      `appointments demo seed [${backend}]: ${before[0]!.n} bookings; env up in ${seconds.toFixed(1)} s`,
    );
  });
});
