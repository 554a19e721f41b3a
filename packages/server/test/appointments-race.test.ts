/**
 * No double booking under concurrency: many people take the last seats of one slot at the same
 * moment through real parallel requests. Exactly `capacity` win, the rest are told "taken" (409),
 * nothing errors — on PGlite and on PostgreSQL (where the requests run on parallel pool
 * connections and meet at the site's advisory lock).
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { appointmentBookings } from '../src/modules/appointments/schema.ts';
import { appointmentFixture, at, BASE, type Fixture, makeService, NOW } from './appointments-fixtures.ts';
import { createTestEnv, describeBackends, signIn, type Client, type TestEnv } from './harness.ts';

describeBackends('appointments race', (backend) => {
  let env: TestEnv;
  let police: Client;
  let fx: Fixture;

  beforeAll(async () => {
    env = await createTestEnv(backend);
    env.setNow(NOW);
    police = await signIn(env.app, 'police');
    const auxiliary = await signIn(env.app, 'auxiliary');
    fx = await appointmentFixture(env, police, auxiliary);
  }, 120_000);
  afterAll(() => env?.close());

  const book = (serviceId: string, start: string, i: number) =>
    env.app.inject({
      method: 'POST',
      url: `${BASE}/public/sites/${fx.siteId}/bookings`,
      payload: { serviceId, start, name: `抢号${i}`, phone: `1350000${String(1000 + i).padStart(4, '0')}` },
      remoteAddress: `10.2.0.${i}`,
    });

  it('gives the last seats of a slot to exactly as many bookers as there are seats', async () => {
    // Capacity three, but two staff members serve it: two seats in the slot.
    const service = await makeService(police, fx, { capacity: 3, staffIds: [fx.policeId, fx.auxiliaryId] });
    const start = at('2026-09-22', '09:00');
    const seats = (await police.get(`${BASE}/services/${service.id}/slots?date=2026-09-22`)).json().slots[0];
    expect(seats).toMatchObject({ time: '09:00', seatsLeft: 2 });
    const n = 30;
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => book(service.id, start, i)));
    const byStatus = new Map<number, number>();
    for (const a of answers) byStatus.set(a.statusCode, (byStatus.get(a.statusCode) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 201: 2, 409: n - 2 });
    for (const a of answers.filter((x) => x.statusCode === 409))
      expect(a.json().error.code).toBe('appointments.slotTaken');
    const rows = await env.ctx.db
      .select()
      .from(appointmentBookings)
      .where(eq(appointmentBookings.serviceId, service.id));
    expect(rows).toHaveLength(2);
    // Each winner holds a different staff member.
    expect(new Set(rows.map((r) => r.staffId)).size).toBe(2);
    expect(
      (await police.get(`${BASE}/services/${service.id}/slots?date=2026-09-22`)).json().slots[0].time,
    ).not.toBe('09:00');
  }, 60_000);

  it('answers 409, not 500, when the seat index catches what the check let through', async () => {
    const service = await makeService(police, fx);
    const start = at('2026-09-22', '14:00');
    expect((await book(service.id, start, 100)).statusCode).toBe(201);
    // A booking marked cancelled behind the module's back keeps its seat rows: the slot looks free
    // to the check, and only the unique index stands in the way.
    await env.ctx.db
      .update(appointmentBookings)
      .set({ status: 'cancelled' })
      .where(eq(appointmentBookings.serviceId, service.id));
    const res = await book(service.id, start, 101);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('appointments.slotTaken');
    const [seats] = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM appointment_seats s JOIN appointment_bookings b ON b.id = s.booking_id
          WHERE b.service_id = ${service.id}`,
    );
    expect(Number(seats!.n)).toBe(2);
  });

  it('keeps concurrent bookings of different slots apart (all succeed)', async () => {
    const service = await makeService(police, fx, { perPhoneDailyLimit: 0, perPhoneWeeklyLimit: 0 });
    const times = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];
    const answers = await Promise.all(times.map((t, i) => book(service.id, at('2026-09-29', t), 200 + i)));
    expect(answers.map((a) => a.statusCode)).toEqual(times.map(() => 201));
  });
});
