/**
 * The appointments counter (issue 14): check-in by code and by the scanned QR (another site's
 * code or QR is a 404 like a wrong one; a cancelled booking or another day's is a 409 saying so),
 * queue numbers A-001… of the day, walk-ins merged with bookings by time, call / served, no-show
 * only after the 15-minute grace (and then the seat is free again), the job that closes past
 * days' bookings, and the statistics from known data.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { appointmentsNoShowJob, closePastBookings } from '../src/modules/appointments/counter.ts';
import { appointmentBookings, appointmentSeats } from '../src/modules/appointments/schema.ts';
import { runJob } from '../src/platform/jobs.ts';
import { enqueueMessage, messagesFor } from '../src/platform/notify/outbox.ts';
import { sites } from '../src/platform/org/schema.ts';
import { addBooking, addService, randomCode, shanghai } from './appointments-counter-fixtures.ts';
import { createTestEnv, describeBackends, signIn, type Client, type TestEnv } from './harness.ts';

const TODAY = '2026-12-07'; // a Monday
const NOW = shanghai(TODAY, '10:00');

describeBackends('appointments counter', (backend) => {
  let env: TestEnv;
  let siteId: string;
  let otherSiteId: string;
  let police: Client;
  let auxiliary: Client;
  let resident: Client;
  let serviceId: string;
  let otherSiteServiceId: string;
  const Q = '/api/v1/appointments';
  const book = (over: Partial<Parameters<typeof addBooking>[2]> = {}) =>
    addBooking(env.ctx.db, env.ctx.keyring, { siteId, serviceId, start: shanghai(TODAY, '10:30'), ...over });
  const checkIn = (who: Client, body: Record<string, unknown>) =>
    who.post(`${Q}/counter/check-in`, { siteId, ...body });

  beforeAll(async () => {
    env = await createTestEnv(backend);
    env.setNow(NOW);
    police = await signIn(env.app, 'police');
    auxiliary = await signIn(env.app, 'auxiliary');
    resident = await signIn(env.app, 'resident');
    siteId = police.me.sites[0]!.id;
    const [b] = await env.ctx.db.insert(sites).values({ name: 'Site B' }).returning();
    otherSiteId = b!.id;
    serviceId = (await addService(env.ctx.db, siteId, { durationMin: 15 })).id;
    otherSiteServiceId = (await addService(env.ctx.db, otherSiteId)).id;
  }, 120_000);
  afterAll(async () => env?.close());

  it('checks a booking in by its typed code: the first number of the day, the same one on a second scan, audited', async () => {
    const b = await book({ start: shanghai(TODAY, '10:30'), name: 'Wang Fang', phone: '13911112222' });
    // Reminders still waiting are cancelled by the check-in.
    await enqueueMessage(env.ctx.db, env.ctx.keyring, {
      siteId,
      channel: 'sms',
      to: '13911112222',
      text: 'reminder',
      sendAfter: shanghai(TODAY, '09:30'),
      ref: `appointment:${b.id}`,
      purpose: 'appointment.hourBefore',
    });
    const typed = `${b.code.slice(0, 4).toLowerCase()} ${b.code.slice(4)}`;
    const res = await checkIn(auxiliary, { code: typed });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ queueNumber: 'A-001', already: false });
    expect(body.booking).toMatchObject({
      id: b.id,
      status: 'checked_in',
      queueNumber: 'A-001',
      name: 'Wang Fang',
      phone: '13911112222',
      checkedInAt: NOW.toISOString(),
    });
    const again = await checkIn(police, { code: b.code });
    expect(again.json()).toMatchObject({ queueNumber: 'A-001', already: true });
    expect((await messagesFor(env.ctx.db, `appointment:${b.id}`)).map((r) => r.status)).toEqual([
      'cancelled',
    ]);
    const audit = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'appointment.checkIn' AND subject_id = ${b.id}`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('checks a booking in by the scanned QR (the manage URL), and takes a bare code from a scanner too', async () => {
    const b = await book({ start: shanghai(TODAY, '11:00') });
    const qrText = `https://anju.example.cn/book/${siteId}/manage?code=${b.code}`;
    const res = await checkIn(auxiliary, { qrText });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ queueNumber: 'A-002', booking: { id: b.id, status: 'checked_in' } });
    const c = await book({ start: shanghai(TODAY, '11:15') });
    expect((await checkIn(auxiliary, { qrText: c.code })).json().queueNumber).toBe('A-003');
  });

  it('answers a wrong code, another site’s code and another site’s QR alike: 404; a malformed one 400', async () => {
    const theirs = await addBooking(env.ctx.db, env.ctx.keyring, {
      siteId: otherSiteId,
      serviceId: otherSiteServiceId,
      start: shanghai(TODAY, '10:30'),
    });
    let code = randomCode();
    while (code === theirs.code) code = randomCode();
    for (const body of [
      { code },
      { code: theirs.code },
      { qrText: `https://anju.example.cn/book/${otherSiteId}/manage?code=${theirs.code}` },
    ]) {
      const res = await checkIn(police, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    // Naming the other site outright is refused as a site.
    expect(
      (await police.post(`${Q}/counter/check-in`, { siteId: otherSiteId, code: theirs.code })).statusCode,
    ).toBe(403);
    expect((await checkIn(police, { code: 'ABC' })).statusCode).toBe(400);
    expect((await checkIn(police, { code: 'O0O0O0O0' })).statusCode).toBe(400);
    expect((await checkIn(police, { qrText: 'https://example.com/other' })).statusCode).toBe(400);
    expect((await checkIn(police, {})).statusCode).toBe(400);
    const [still] = await env.ctx.db
      .select()
      .from(appointmentBookings)
      .where(eq(appointmentBookings.id, theirs.id));
    expect(still!.status).toBe('booked');
  });

  it('refuses a cancelled booking and another day’s booking with their own 409s', async () => {
    const cancelled = await book({ start: shanghai(TODAY, '14:00'), status: 'cancelled' });
    const res = await checkIn(police, { code: cancelled.code });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('booking_cancelled');
    const tomorrow = await book({ start: shanghai('2026-12-08', '09:00') });
    const other = await checkIn(police, { code: tomorrow.code });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('booking_other_day');
    expect(other.json().error.message).toContain('2026-12-08');
    const [row] = await env.ctx.db
      .select()
      .from(appointmentBookings)
      .where(eq(appointmentBookings.id, tomorrow.id));
    expect(row).toMatchObject({ status: 'booked', queueNumber: null });
  });

  it('lists the day’s queue with walk-ins merged among the bookings by time', async () => {
    const early = await book({ start: shanghai(TODAY, '09:00'), name: 'Early' });
    const late = await book({ start: shanghai(TODAY, '16:00'), name: 'Late' });
    env.setNow(shanghai(TODAY, '10:40'));
    const walk = await auxiliary.post(`${Q}/counter/walk-in`, {
      siteId,
      serviceId,
      name: 'Walk In',
      phone: '',
    });
    expect(walk.statusCode, walk.body).toBe(201);
    expect(walk.json()).toMatchObject({
      channel: 'walk_in',
      status: 'checked_in',
      queueNumber: 'A-004',
      phone: null,
      start: shanghai(TODAY, '10:40').toISOString(),
    });
    env.setNow(NOW);
    const res = await police.get(`${Q}/counter/queue?siteId=${siteId}&date=${TODAY}`);
    expect(res.statusCode, res.body).toBe(200);
    const items: { name: string; start: string; channel: string; status: string }[] = res.json().items;
    expect(items.map((i) => i.start)).toEqual([...items.map((i) => i.start)].sort());
    const names = items.map((i) => i.name);
    expect(names.indexOf('Early')).toBe(0);
    expect(names.indexOf('Wang Fang')).toBeLessThan(names.indexOf('Walk In'));
    expect(names.indexOf('Walk In')).toBeLessThan(names.indexOf('Late'));
    expect(items.every((i) => i.status !== 'cancelled')).toBe(true);
    expect(items).toHaveLength(6); // 09:00, 10:30, 10:40 walk-in, 11:00, 11:15, 16:00
    // Today is the default day; another day has its own list; the resident may not look.
    expect((await police.get(`${Q}/counter/queue?siteId=${siteId}`)).json().date).toBe(TODAY);
    expect(
      (await police.get(`${Q}/counter/queue?siteId=${siteId}&date=2026-12-08`)).json().items,
    ).toHaveLength(1);
    expect((await resident.get(`${Q}/counter/queue?siteId=${siteId}`)).statusCode).toBe(403);
    void early;
    void late;
  });

  it('calls and serves a checked-in person; a booking not checked in cannot be called', async () => {
    const [walkIn] = await env.ctx.db
      .select()
      .from(appointmentBookings)
      .where(and(eq(appointmentBookings.siteId, siteId), eq(appointmentBookings.channel, 'walk_in')));
    env.setNow(shanghai(TODAY, '10:52'));
    const called = await auxiliary.post(`${Q}/bookings/${walkIn!.id}/call`);
    expect(called.statusCode, called.body).toBe(200);
    expect(called.json()).toMatchObject({
      calledAt: shanghai(TODAY, '10:52').toISOString(),
      staffId: auxiliary.me.user.id,
    });
    env.setNow(shanghai(TODAY, '11:05'));
    const served = await auxiliary.post(`${Q}/bookings/${walkIn!.id}/served`);
    expect(served.json()).toMatchObject({
      status: 'served',
      calledAt: shanghai(TODAY, '10:52').toISOString(),
    });
    expect((await auxiliary.post(`${Q}/bookings/${walkIn!.id}/served`)).statusCode).toBe(409);
    const notYet = await book({ start: shanghai(TODAY, '15:00') });
    const refused = await auxiliary.post(`${Q}/bookings/${notYet.id}/call`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('invalid_transition');
    env.setNow(NOW);
  });

  it('marks a no-show only after the 15-minute grace, and then frees the seat', async () => {
    const staffId = police.me.user.id;
    const b = await book({ start: shanghai(TODAY, '09:50'), staffId });
    const seats = () =>
      env.ctx.db.select().from(appointmentSeats).where(eq(appointmentSeats.bookingId, b.id));
    expect(await seats()).toHaveLength(2);
    const early = await auxiliary.post(`${Q}/bookings/${b.id}/no-show`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('no_show_too_early');
    expect(early.json().error.message).toContain('10:05');
    expect(await seats()).toHaveLength(2);
    env.setNow(shanghai(TODAY, '10:05'));
    const marked = await auxiliary.post(`${Q}/bookings/${b.id}/no-show`);
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({
      status: 'no_show',
      noShowAt: shanghai(TODAY, '10:05').toISOString(),
    });
    expect(await seats()).toEqual([]);
    // The slot is free again: another booking can take the same seat rows.
    await book({ start: shanghai(TODAY, '09:50'), staffId });
    expect((await auxiliary.post(`${Q}/bookings/${b.id}/no-show`)).statusCode).toBe(409);
    // A checked-in person is no no-show.
    const [checked] = await env.ctx.db
      .select()
      .from(appointmentBookings)
      .where(and(eq(appointmentBookings.siteId, siteId), eq(appointmentBookings.queueNumber, 'A-001')));
    expect((await auxiliary.post(`${Q}/bookings/${checked!.id}/no-show`)).statusCode).toBe(409);
    const audit = await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'appointment.noShow' AND subject_id = ${b.id}`,
    );
    expect(audit[0]!.n).toBe(1);
    env.setNow(NOW);
  });

  it('answers 404 for another site’s booking on call / served / no-show', async () => {
    const theirs = await addBooking(env.ctx.db, env.ctx.keyring, {
      siteId: otherSiteId,
      serviceId: otherSiteServiceId,
      start: shanghai(TODAY, '08:00'),
    });
    for (const step of ['call', 'served', 'no-show'])
      expect((await police.post(`${Q}/bookings/${theirs.id}/${step}`)).statusCode).toBe(404);
  });

  it('gives out numbers without gaps or repeats when several check in at once', async () => {
    const list = await Promise.all(
      ['12:00', '12:15', '12:30', '12:45', '13:00'].map((t) => book({ start: shanghai(TODAY, t) })),
    );
    const answers = await Promise.all(list.map((b) => checkIn(auxiliary, { code: b.code })));
    const numbers = answers.map((a) => a.json().queueNumber).sort();
    expect(numbers).toEqual(['A-005', 'A-006', 'A-007', 'A-008', 'A-009']);
  });

  it('computes the statistics from known bookings', async () => {
    const s1 = await addService(env.ctx.db, siteId, { nameZh: 'S1', nameEn: 'Service one' });
    const s2 = await addService(env.ctx.db, siteId, { nameZh: 'S2', nameEn: 'Service two' });
    const at = shanghai;
    const add = (over: Parameters<typeof addBooking>[2]) => addBooking(env.ctx.db, env.ctx.keyring, over);
    const base = { siteId, seats: false };
    // 2026-09-19 Saturday (weekend), 09-20 Sunday (调休 working day), 09-25 Mid-Autumn (holiday).
    await add({
      ...base,
      serviceId: s1.id,
      start: at('2026-09-19', '09:00'),
      channel: 'public',
      status: 'served',
      checkedInAt: at('2026-09-19', '08:55'),
      calledAt: at('2026-09-19', '09:01'),
    });
    await add({
      ...base,
      serviceId: s1.id,
      start: at('2026-09-19', '09:30'),
      channel: 'phone',
      status: 'no_show',
    });
    await add({
      ...base,
      serviceId: s2.id,
      start: at('2026-09-20', '10:00'),
      channel: 'resident',
      status: 'served',
      checkedInAt: at('2026-09-20', '09:58'),
      calledAt: at('2026-09-20', '10:00'),
    });
    await add({
      ...base,
      serviceId: s2.id,
      start: at('2026-09-21', '10:00'),
      channel: 'walk_in',
      status: 'served',
      checkedInAt: at('2026-09-21', '10:00'),
      calledAt: at('2026-09-21', '10:10'),
    });
    await add({
      ...base,
      serviceId: s1.id,
      start: at('2026-09-21', '11:00'),
      channel: 'counter',
      status: 'cancelled',
    });
    await add({
      ...base,
      serviceId: s1.id,
      start: at('2026-09-22', '09:00'),
      channel: 'phone',
      status: 'checked_in',
      checkedInAt: at('2026-09-22', '08:50'),
    });
    await add({
      ...base,
      serviceId: s2.id,
      start: at('2026-09-25', '09:00'),
      channel: 'public',
      status: 'no_show',
    });
    await add({
      ...base,
      serviceId: s1.id,
      start: at('2026-09-25', '09:30'),
      channel: 'resident',
      status: 'served',
      checkedInAt: at('2026-09-25', '09:20'),
      calledAt: at('2026-09-25', '09:24'),
    });
    // Outside the range (the day after, and the evening before in UTC terms but not in Shanghai).
    await add({
      ...base,
      serviceId: s1.id,
      start: at('2026-09-26', '00:10'),
      channel: 'public',
      status: 'served',
    });
    await add({
      ...base,
      serviceId: s1.id,
      start: at('2026-09-18', '23:50'),
      channel: 'public',
      status: 'served',
    });

    const res = await police.get(`${Q}/stats?siteId=${siteId}&from=2026-09-19&to=2026-09-25`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      from: '2026-09-19',
      to: '2026-09-25',
      total: 7,
      cancelled: 1,
      byService: [
        { serviceId: s1.id, nameZh: 'S1', nameEn: 'Service one', count: 4 },
        { serviceId: s2.id, nameZh: 'S2', nameEn: 'Service two', count: 3 },
      ],
      byDay: [
        { date: '2026-09-19', kind: 'weekend', count: 2 },
        { date: '2026-09-20', kind: 'makeup_workday', count: 1 },
        { date: '2026-09-21', kind: 'workday', count: 1 },
        { date: '2026-09-22', kind: 'workday', count: 1 },
        { date: '2026-09-23', kind: 'workday', count: 0 },
        { date: '2026-09-24', kind: 'workday', count: 0 },
        { date: '2026-09-25', kind: 'statutory_holiday', count: 2 },
      ],
      byChannel: { resident: 2, public: 2, phone: 2, counter: 0, walk_in: 1 },
      weekend: 2,
      holiday: 2,
      weekendHolidayShare: 0.5714,
      decided: 6,
      noShow: 2,
      noShowRate: 0.3333,
      waiting: { count: 4, p50Min: 5, meanMin: 5.5 },
    });
    expect((await police.get(`${Q}/stats?siteId=${siteId}&from=2026-09-25&to=2026-09-19`)).statusCode).toBe(
      400,
    );
    expect((await resident.get(`${Q}/stats?siteId=${siteId}&from=2026-09-19&to=2026-09-25`)).statusCode).toBe(
      403,
    );
    const empty = (await auxiliary.get(`${Q}/stats?siteId=${siteId}&from=2025-01-01&to=2025-01-02`)).json();
    expect(empty).toMatchObject({
      total: 0,
      weekendHolidayShare: 0,
      noShowRate: 0,
      waiting: { count: 0, p50Min: null, meanMin: null },
    });
  });

  it('the job turns past days’ bookings still booked into no-shows (seats freed); today’s stay', async () => {
    const yesterday = await book({ start: shanghai('2026-12-06', '15:00'), staffId: police.me.user.id });
    const today = await book({ start: shanghai(TODAY, '17:00') });
    const run = await runJob(env.ctx, appointmentsNoShowJob, NOW);
    expect(run.ran).toBe(true);
    expect((run.result as { noShow: number }).noShow).toBeGreaterThanOrEqual(1);
    const status = async (id: string) =>
      (await env.ctx.db.select().from(appointmentBookings).where(eq(appointmentBookings.id, id)))[0]!;
    expect(await status(yesterday.id)).toMatchObject({ status: 'no_show' });
    expect(await status(today.id)).toMatchObject({ status: 'booked' });
    expect(
      await env.ctx.db.select().from(appointmentSeats).where(eq(appointmentSeats.bookingId, yesterday.id)),
    ).toEqual([]);
    const audit = await queryRows<{ actor_name: string }>(
      env.ctx.db,
      sql`SELECT actor_name FROM audit_log WHERE action = 'appointment.noShow' AND subject_id = ${yesterday.id}`,
    );
    expect(audit.map((a) => a.actor_name)).toEqual(['system:appointments-no-show']);
    expect(await closePastBookings(env.ctx.db, NOW)).toEqual({ noShow: 0 });
  });
});
