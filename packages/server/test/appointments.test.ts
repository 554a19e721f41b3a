/**
 * Appointments through the API: configuration with bad input (each error specific, nothing
 * changed), the holiday upload, slots that honour closures / overrides / sessions / holidays /
 * minimum notice, the public booking flow by code and phone, per-phone limits, other people's and
 * other sites' bookings, staff phone booking with a fixed line, and the reminders in the outbox.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { idCheckChar, maskIdNumber } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createUser } from '../src/platform/org/service.ts';
import { outboundMessages } from '../src/platform/notify/schema.ts';
import { appointmentBookings, appointmentServices } from '../src/modules/appointments/schema.ts';
import { reserveRoom, releaseRoom } from '../src/modules/appointments/rooms.ts';
import {
  appointmentFixture,
  at,
  BASE,
  type Fixture,
  makeService,
  NOW,
  put,
} from './appointments-fixtures.ts';
import { createTestEnv, describeBackends, signIn, type Client, type TestEnv } from './harness.ts';

const ID_OK = `11010519900101123${idCheckChar('11010519900101123')}`;

function errorOf(res: { body: string }) {
  return JSON.parse(res.body).error as { code: string; details?: { field: string; message: string }[] };
}
const fieldsOf = (res: { body: string }) => (errorOf(res).details ?? []).map((d) => d.field);

describeBackends('appointments', (backend) => {
  let env: TestEnv;
  let police: Client;
  let auxiliary: Client;
  let property: Client;
  let resident: Client;
  let residentB: Client;
  let admin: Client;
  let policeB: Client;
  let fx: Fixture;
  let siteB = '';

  const pub = (path: string) => `${BASE}/public/sites/${fx.siteId}${path}`;
  const anon = (method: 'GET' | 'POST', url: string, payload?: unknown, ip = '10.1.1.1') =>
    env.app.inject({ method, url, payload: payload as object, remoteAddress: ip });
  const slotTimes = async (serviceId: string, date: string) => {
    const res = await police.get(`${BASE}/services/${serviceId}/slots?date=${date}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().slots as { time: string }[]).map((s) => s.time);
  };
  const count = async (table: 'appointment_bookings' | 'appointment_services' | 'holiday_years') =>
    Number(
      (await queryRows<{ n: number }>(env.ctx.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n,
    );

  beforeAll(async () => {
    env = await createTestEnv(backend);
    env.setNow(NOW);
    police = await signIn(env.app, 'police');
    auxiliary = await signIn(env.app, 'auxiliary');
    property = await signIn(env.app, 'property');
    resident = await signIn(env.app, 'resident');
    admin = await signIn(env.app, 'admin');
    fx = await appointmentFixture(env, police, auxiliary);
    // A second resident of site A, and a police officer of site B.
    const [other] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`SELECT id FROM persons WHERE site_id = ${fx.siteId} AND id <> ${resident.me.user.id}
          AND id NOT IN (SELECT person_id FROM users WHERE person_id IS NOT NULL) LIMIT 1`,
    );
    await createUser(env.ctx.db, {
      username: 'resident_two',
      displayName: '居民二',
      role: 'resident',
      password: 'resident-two-password',
      siteIds: [fx.siteId],
      personId: other!.id,
    });
    residentB = await signIn(env.app, 'resident_two', 'resident-two-password');
    const [b] = await env.ctx.db.insert(sites).values({ name: '乙小区' }).returning();
    siteB = b!.id;
    await createUser(env.ctx.db, {
      username: 'police_b',
      displayName: '乙民警',
      role: 'police',
      password: 'police-b-password',
      siteIds: [siteB],
    });
    policeB = await signIn(env.app, 'police_b', 'police-b-password');
  }, 120_000);
  afterAll(() => env?.close());

  it('refuses bad configuration with the field named, and changes nothing', async () => {
    const service = await makeService(police, fx, { code: 'hukou_move' });
    const before = await count('appointment_services');
    const cases: [Record<string, unknown>, string, number][] = [
      [{ code: 'Bad Code!' }, 'body.code', 400],
      [{ durationMin: 0 }, 'body.durationMin', 400],
      [{ capacity: 99 }, 'body.capacity', 400],
      [{ staffIds: [property.me.user.id] }, 'body.staffIds.0', 400],
      [{ resourceId: '00000000-0000-4000-8000-000000000000' }, 'body.resourceId', 400],
      [{ code: 'hukou_move' }, 'body.code', 409],
    ];
    for (const [patch, field, status] of cases) {
      const res = await police.post(`${BASE}/services`, {
        siteId: fx.siteId,
        code: 'fresh_code',
        nameZh: '新事项',
        nameEn: 'New',
        durationMin: 30,
        ...patch,
      });
      expect(res.statusCode, `${JSON.stringify(patch)} ${res.body}`).toBe(status);
      expect(fieldsOf(res)).toContain(field);
    }
    expect(await count('appointment_services')).toBe(before);
    // Auxiliaries read but do not configure; another site's police see no such service.
    expect((await auxiliary.post(`${BASE}/services`, { siteId: fx.siteId })).statusCode).toBe(403);
    expect((await policeB.patch(`${BASE}/services/${service.id}`, { nameZh: '改名' })).statusCode).toBe(404);
    expect((await policeB.get(`${BASE}/services?siteId=${fx.siteId}`)).statusCode).toBe(403);
    // Overrides, closures and sessions.
    const badOverride = await police.post(`${BASE}/overrides`, {
      siteId: fx.siteId,
      userId: fx.policeId,
      date: '2026-09-31',
      intervals: [{ start: 600, end: 540 }],
    });
    expect(badOverride.statusCode).toBe(400);
    expect(fieldsOf(badOverride)).toEqual(expect.arrayContaining(['body.date', 'body.intervals.0.end']));
    const overlap = await police.post(`${BASE}/overrides`, {
      siteId: fx.siteId,
      userId: fx.policeId,
      date: '2026-09-30',
      intervals: [
        { start: 540, end: 700 },
        { start: 600, end: 720 },
      ],
    });
    expect(overlap.statusCode).toBe(400);
    expect(fieldsOf(overlap)).toContain('body.intervals');
    const closure = { siteId: fx.siteId, date: '2026-11-11', reason: '全所会议' };
    expect((await police.post(`${BASE}/closures`, closure)).statusCode).toBe(201);
    const again = await police.post(`${BASE}/closures`, closure);
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('appointments.closureExists');
    expect(fieldsOf(await police.post(`${BASE}/closures`, { ...closure, reason: '' }))).toContain(
      'body.reason',
    );
    const badSession = await police.post(`${BASE}/sessions`, {
      siteId: fx.siteId,
      nameZh: '错',
      nameEn: 'Bad',
      on: ['weekday'],
      startMin: 720,
      endMin: 540,
    });
    expect(badSession.statusCode).toBe(400);
    expect(fieldsOf(badSession)).toEqual(['body.on.0']);
    const backwards = await police.post(`${BASE}/sessions`, {
      siteId: fx.siteId,
      nameZh: '错',
      nameEn: 'Bad',
      on: ['weekend'],
      startMin: 720,
      endMin: 540,
    });
    expect(fieldsOf(backwards)).toEqual(['body.endMin']);
    const hours = await put(police, `${BASE}/staff/${fx.policeId}/hours`, {
      siteId: fx.siteId,
      weekly: { '8': [{ start: 540, end: 600 }] },
    });
    expect(hours.statusCode).toBe(400);
    expect(fieldsOf(hours)).toContain('body.weekly.8');
    expect((await put(police, `${BASE}/staff/${property.me.user.id}/hours`, { weekly: {} })).statusCode).toBe(
      404,
    );
  });

  it('loads a holiday year, refusing malformed dates with each one named and nothing saved', async () => {
    const before = await count('holiday_years');
    const bad = await put(police, `${BASE}/holidays/years/2027`, {
      source: '国办发明电〔2026〕（测试）',
      holidays: [
        { date: '2027-02-30', festival: { zh: '春节', en: 'Spring Festival' } },
        { date: '2026-10-01', festival: { zh: '国庆节', en: 'National Day' } },
        { date: '2027-01-01', festival: { zh: '元旦', en: "New Year's Day" } },
      ],
      makeupWorkdays: [{ date: '2027-02-10', festival: { zh: '春节', en: 'Spring Festival' } }],
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(errorOf(bad).code).toBe('appointments.holidayDates');
    expect(fieldsOf(bad)).toEqual([
      'body.holidays.0.date',
      'body.holidays.1.date',
      'body.makeupWorkdays.0.date',
    ]);
    expect(JSON.parse(bad.body).error.details[0].date).toBe('2027-02-30');
    expect(await count('holiday_years')).toBe(before);
    expect((await put(auxiliary, `${BASE}/holidays/years/2027`, {})).statusCode).toBe(403);

    const good = await put(admin, `${BASE}/holidays/years/2027`, {
      source: '测试通知',
      holidays: [{ date: '2027-01-01', festival: { zh: '元旦', en: "New Year's Day" } }],
      makeupWorkdays: [{ date: '2027-01-09', festival: { zh: '元旦', en: "New Year's Day" } }],
    });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({ year: 2027, origin: 'loaded', holidays: 1, makeupWorkdays: 1 });
    const cal = await police.get(`${BASE}/calendar?siteId=${fx.siteId}&from=2027-01-01&to=2027-01-09`);
    const days = cal.json().days as { date: string; kind: string }[];
    expect(days[0]).toMatchObject({ date: '2027-01-01', kind: 'statutory_holiday' });
    expect(days[8]).toMatchObject({ date: '2027-01-09', kind: 'makeup_workday' });
    const years = (await police.get(`${BASE}/holidays/years`)).json().items as {
      year: number;
      origin: string;
    }[];
    expect(years.find((y) => y.year === 2026)?.origin).toBe('package');
    expect(years.find((y) => y.year === 2027)?.origin).toBe('loaded');
  });

  it('offers slots by hours, minimum notice, closures, overrides, sessions and the holiday calendar', async () => {
    const service = await makeService(police, fx);
    // Today: minimum notice of an hour from 10:00 leaves 11:00 onwards.
    expect(await slotTimes(service.id, '2026-09-21')).toEqual([
      '11:00',
      '11:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
    ]);
    // Override: the officer works only 14:00–15:00 on the 24th.
    const override = await police.post(`${BASE}/overrides`, {
      siteId: fx.siteId,
      userId: fx.policeId,
      date: '2026-09-24',
      intervals: [{ start: 840, end: 900 }],
      reason: '培训',
    });
    expect(override.statusCode, override.body).toBe(201);
    expect(await slotTimes(service.id, '2026-09-24')).toEqual(['14:00', '14:30']);
    // Closure: nothing.
    expect(
      (await police.post(`${BASE}/closures`, { siteId: fx.siteId, date: '2026-09-23', reason: '停电' }))
        .statusCode,
    ).toBe(201);
    expect(await slotTimes(service.id, '2026-09-23')).toEqual([]);
    // A public holiday (National Day, Thursday): only the holiday session.
    expect(await slotTimes(service.id, '2026-10-01')).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
    ]);
    // A make-up working Saturday: ordinary hours, no weekend session.
    expect(await slotTimes(service.id, '2026-10-10')).toHaveLength(12);
    // An ordinary Saturday: the Saturday session; Sunday: nothing.
    expect(await slotTimes(service.id, '2026-10-17')).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
    ]);
    expect(await slotTimes(service.id, '2026-10-18')).toEqual([]);
    // A service not offered in sessions has nothing on the holiday.
    const weekdayOnly = await makeService(police, fx, { inSessions: false });
    expect(await slotTimes(weekdayOnly.id, '2026-10-01')).toEqual([]);
    // Days: kinds, sessions and free counts (0 greys the day).
    const days = (
      await police.get(`${BASE}/services/${service.id}/days?from=2026-09-21&to=2026-10-18`)
    ).json().days as {
      date: string;
      kind: string;
      session: boolean;
      free: number;
      festival: { zh: string } | null;
    }[];
    const day = (d: string) => days.find((x) => x.date === d)!;
    expect(day('2026-09-23').free).toBe(0);
    expect(day('2026-09-24').free).toBe(2);
    expect(day('2026-10-01')).toMatchObject({ kind: 'statutory_holiday', session: true, free: 6 });
    expect(day('2026-10-01').festival?.zh).toBe('国庆节');
    expect(day('2026-10-10')).toMatchObject({ kind: 'makeup_workday', session: false, free: 12 });
    expect(day('2026-10-17')).toMatchObject({ kind: 'weekend', session: true, free: 6 });
    expect(day('2026-10-18').free).toBe(0);
    // Beyond the booking window (30 days): nothing.
    expect(await slotTimes(service.id, '2026-10-23')).toEqual([]);
  });

  it('books on the public page, finds, moves and cancels by code and phone; the slot frees at once', async () => {
    const service = await makeService(police, fx);
    const phone = '138 0013 8001';
    const booked = await anon('POST', pub('/bookings'), {
      serviceId: service.id,
      start: at('2026-09-22', '09:00'),
      name: '张三',
      phone,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const { code, qrText } = booked.json();
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    expect(qrText).toContain(`/book/${fx.siteId}/manage?code=${code}`);
    expect(booked.json().phoneMasked).toBe('138****8001');
    expect(await slotTimes(service.id, '2026-09-22')).not.toContain('09:00');

    // The same slot again: taken (409), not offered (400) for a past or odd time.
    const again = await anon('POST', pub('/bookings'), {
      serviceId: service.id,
      start: at('2026-09-22', '09:00'),
      name: '李四',
      phone: '13800138002',
    });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('appointments.slotTaken');
    for (const start of [at('2026-09-21', '09:00'), at('2026-09-22', '09:10'), at('2026-09-22', '12:00')]) {
      const res = await anon('POST', pub('/bookings'), {
        serviceId: service.id,
        start,
        name: '李四',
        phone: '13800138002',
      });
      expect(res.statusCode, start).toBe(400);
      expect(errorOf(res).code).toBe('appointments.slotNotOffered');
    }

    const found = await anon('POST', pub('/bookings/find'), { code: code.toLowerCase(), phone });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ code, status: 'booked', changeable: true });
    for (const wrong of [
      { code: 'ZZZZZZZZ', phone },
      { code, phone: '13800138009' },
    ]) {
      const res = await anon('POST', pub('/bookings/find'), wrong);
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe('appointments.bookingNotFound');
    }

    const moved = await anon('POST', pub('/bookings/reschedule'), {
      code,
      phone,
      start: at('2026-09-22', '10:00'),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().start).toBe(at('2026-09-22', '10:00'));
    const times = await slotTimes(service.id, '2026-09-22');
    expect(times).toContain('09:00');
    expect(times).not.toContain('10:00');

    const cancelled = await anon('POST', pub('/bookings/cancel'), { code, phone });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', changeable: false });
    expect(await slotTimes(service.id, '2026-09-22')).toContain('10:00');
    const twice = await anon('POST', pub('/bookings/cancel'), { code, phone });
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice).code).toBe('appointments.notChangeable');
  });

  it('refuses a phone that is not mainland, a fixed line online, an invalid ID number, and too many bookings per phone', async () => {
    const service = await makeService(police, fx, { perPhoneDailyLimit: 1, perPhoneWeeklyLimit: 2 });
    const before = await count('appointment_bookings');
    const body = { serviceId: service.id, start: at('2026-09-25', '09:00'), name: '王五' };
    // 09-25 is Mid-Autumn (holiday session): use the Monday after for ordinary slots.
    const day = (hhmm: string, date = '2026-09-28') => at(date, hhmm);
    const foreign = await anon('POST', pub('/bookings'), {
      ...body,
      start: day('09:00'),
      phone: '+1 415 555 0100',
    });
    expect(foreign.statusCode).toBe(400);
    expect(fieldsOf(foreign)).toEqual(['body.phone']);
    const fixed = await anon('POST', pub('/bookings'), {
      ...body,
      start: day('09:00'),
      phone: '0371-6612 3456',
    });
    expect(fixed.statusCode).toBe(400);
    expect(fieldsOf(fixed)).toEqual(['body.phone']);
    const idService = await makeService(police, fx, { needsIdNumber: true });
    const noId = await anon('POST', pub('/bookings'), {
      ...body,
      serviceId: idService.id,
      start: day('09:00'),
      phone: '13900139000',
    });
    expect(fieldsOf(noId)).toEqual(['body.idNumber']);
    const badId = await anon('POST', pub('/bookings'), {
      ...body,
      serviceId: idService.id,
      start: day('09:00'),
      phone: '13900139000',
      idNumber: `11010519900101123${ID_OK.endsWith('0') ? '1' : '0'}`,
    });
    expect(badId.statusCode).toBe(400);
    expect(fieldsOf(badId)).toEqual(['body.idNumber']);
    expect(await count('appointment_bookings')).toBe(before);

    const phone = '13900139001';
    expect((await anon('POST', pub('/bookings'), { ...body, start: day('09:00'), phone })).statusCode).toBe(
      201,
    );
    const sameDay = await anon('POST', pub('/bookings'), { ...body, start: day('10:00'), phone });
    expect(sameDay.statusCode).toBe(409);
    expect(errorOf(sameDay).code).toBe('appointments.phoneLimit');
    expect(JSON.parse(sameDay.body).error.details[0]).toMatchObject({ field: 'body.phone', limit: 1 });
    expect(
      (await anon('POST', pub('/bookings'), { ...body, start: day('09:00', '2026-09-29'), phone }))
        .statusCode,
    ).toBe(201);
    const week = await anon('POST', pub('/bookings'), { ...body, start: day('09:00', '2026-09-30'), phone });
    expect(week.statusCode).toBe(409);
    expect(errorOf(week).code).toBe('appointments.phoneLimit');
    expect(await count('appointment_bookings')).toBe(before + 2);
    // A valid ID number is sealed, masked for auxiliaries and shown to police.
    const withId = await anon('POST', pub('/bookings'), {
      ...body,
      serviceId: idService.id,
      start: day('14:00'),
      phone: '13900139002',
      idNumber: ID_OK,
    });
    expect(withId.statusCode, withId.body).toBe(201);
    const [row] = await env.ctx.db
      .select()
      .from(appointmentBookings)
      .where(
        and(eq(appointmentBookings.siteId, fx.siteId), eq(appointmentBookings.code, withId.json().code)),
      );
    expect(row!.idNumberEnc).not.toContain(ID_OK);
    expect(row!.phoneEnc).not.toContain('13900139002');
    expect((await police.get(`${BASE}/bookings/${row!.id}`)).json().idNumber).toBe(ID_OK);
    expect((await auxiliary.get(`${BASE}/bookings/${row!.id}`)).json().idNumber).toBe(maskIdNumber(ID_OK));
  });

  it("keeps other people's and other sites' bookings out of reach", async () => {
    const service = await makeService(police, fx, { audience: 'residents' });
    const mine = await resident.post(`${BASE}/mine`, {
      serviceId: service.id,
      start: at('2026-10-12', '09:00'),
      phone: '13700137000',
    });
    expect(mine.statusCode, mine.body).toBe(201);
    const id = mine.json().id as string;
    expect((await resident.get(`${BASE}/mine`)).json().items.map((b: { id: string }) => b.id)).toContain(id);
    // Residents-only: not on the public page.
    const publicTry = await anon('POST', pub('/bookings'), {
      serviceId: service.id,
      start: at('2026-10-12', '10:00'),
      name: '路人',
      phone: '13700137001',
    });
    expect(publicTry.statusCode).toBe(403);
    expect(errorOf(publicTry).code).toBe('appointments.residentsOnly');
    // Another resident cannot see, move or cancel it; another site's police cannot either.
    expect((await residentB.get(`${BASE}/mine`)).json().items).toEqual([]);
    const cancelB = await residentB.post(`${BASE}/mine/${id}/cancel`);
    expect(cancelB.statusCode).toBe(404);
    expect(errorOf(cancelB).code).toBe('appointments.bookingNotFound');
    expect(
      (await residentB.post(`${BASE}/mine/${id}/reschedule`, { start: at('2026-10-12', '10:00') }))
        .statusCode,
    ).toBe(404);
    expect((await policeB.get(`${BASE}/bookings/${id}`)).statusCode).toBe(404);
    expect((await policeB.post(`${BASE}/bookings/${id}/cancel`, { reason: '越权' })).statusCode).toBe(404);
    // A public code of site A does not open on site B's page.
    const [row] = await env.ctx.db.select().from(appointmentBookings).where(eq(appointmentBookings.id, id));
    const other = await anon('POST', `${BASE}/public/sites/${siteB}/bookings/find`, {
      code: row!.code,
      phone: '13700137000',
    });
    expect(other.statusCode).toBe(404);
    expect(
      (await env.ctx.db.select().from(appointmentBookings).where(eq(appointmentBookings.id, id)))[0]!.status,
    ).toBe('booked');
    // The owner moves and cancels it.
    expect(
      (await resident.post(`${BASE}/mine/${id}/reschedule`, { start: at('2026-10-12', '10:00') })).statusCode,
    ).toBe(200);
    expect((await resident.post(`${BASE}/mine/${id}/cancel`)).json().status).toBe('cancelled');
  });

  it("puts the configured public address in a text's link, never the Host header a caller sent", async () => {
    const service = await makeService(police, fx);
    const confirmation = async (start: string, phone: string) => {
      const res = await env.app.inject({
        method: 'POST',
        url: pub('/bookings'),
        headers: { host: 'evil.example' },
        payload: { serviceId: service.id, start, name: '孙女士', phone },
        remoteAddress: '10.1.1.9',
      });
      expect(res.statusCode, res.body).toBe(201);
      const code = res.json().code as string;
      const [booking] = await env.ctx.db
        .select({ id: appointmentBookings.id })
        .from(appointmentBookings)
        .where(and(eq(appointmentBookings.siteId, fx.siteId), eq(appointmentBookings.code, code)));
      const [row] = await env.ctx.db
        .select({ text: outboundMessages.text })
        .from(outboundMessages)
        .where(
          and(
            eq(outboundMessages.ref, `appointment:${booking!.id}`),
            eq(outboundMessages.purpose, 'appointment.booked'),
          ),
        );
      return { text: row!.text, code };
    };
    // No ANJU_PUBLIC_URL: the text carries the code and says how to use it, with no link at all.
    expect(env.ctx.config.publicUrl).toBeNull();
    const bare = await confirmation(at('2026-10-15', '09:00'), '13700137001');
    expect(bare.text).toContain(bare.code);
    expect(bare.text).not.toContain('evil.example');
    expect(bare.text).not.toContain('http');
    env.ctx.config.publicUrl = 'https://anju.example.org';
    try {
      const linked = await confirmation(at('2026-10-15', '10:00'), '13700137002');
      expect(linked.text).toContain(`https://anju.example.org/book/${fx.siteId}/manage?code=${linked.code}`);
      expect(linked.text).not.toContain('evil.example');
    } finally {
      env.ctx.config.publicUrl = null;
    }
  });

  it('takes phone bookings from staff (a fixed line gets no SMS) and schedules reminders at the right times', async () => {
    const service = await makeService(police, fx);
    const fixed = await auxiliary.post(`${BASE}/bookings`, {
      serviceId: service.id,
      start: at('2026-10-13', '09:00'),
      name: '赵老伯',
      phone: '0371-6612 3456',
      note: '老人来电',
    });
    expect(fixed.statusCode, fixed.body).toBe(201);
    expect(fixed.json()).toMatchObject({
      channel: 'phone',
      phoneKind: 'fixed',
      phone: '037166123456',
      status: 'booked',
    });
    const fixedDetail = (await police.get(`${BASE}/bookings/${fixed.json().id}`)).json();
    expect(fixedDetail.messages).toEqual([]);
    expect(fixedDetail.createdByName).toBeTruthy();

    const mobile = await auxiliary.post(`${BASE}/bookings`, {
      serviceId: service.id,
      start: at('2026-10-13', '10:00'),
      name: '钱阿姨',
      phone: '13600136000',
    });
    expect(mobile.statusCode, mobile.body).toBe(201);
    const id = mobile.json().id as string;
    const pending = async () =>
      (
        await env.ctx.db
          .select()
          .from(outboundMessages)
          .where(and(eq(outboundMessages.ref, `appointment:${id}`), eq(outboundMessages.status, 'pending')))
      )
        .map((r) => ({ purpose: r.purpose, sendAfter: r.sendAfter.toISOString(), text: r.text }))
        .sort((a, b) => a.sendAfter.localeCompare(b.sendAfter));
    const first = await pending();
    expect(first.map((p) => [p.purpose, p.sendAfter])).toEqual([
      ['appointment.booked', NOW.toISOString()],
      ['appointment.dayBefore', at('2026-10-12', '18:00')],
      ['appointment.hourBefore', at('2026-10-13', '09:00')],
    ]);
    expect(first[1]!.text).toContain('身份证、户口簿');
    expect(first[0]!.text).toContain(mobile.json().code);

    const moved = await police.post(`${BASE}/bookings/${id}/reschedule`, {
      start: at('2026-10-14', '15:00'),
      reason: '来电改期',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().rescheduleCount).toBe(1);
    const after = (await pending()).filter((p) => p.purpose !== 'appointment.booked');
    expect(after.map((p) => [p.purpose, p.sendAfter])).toEqual([
      ['appointment.dayBefore', at('2026-10-13', '18:00')],
      ['appointment.hourBefore', at('2026-10-14', '14:00')],
    ]);
    const all = await env.ctx.db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.ref, `appointment:${id}`));
    expect(
      all
        .filter((r) => r.status === 'cancelled')
        .map((r) => r.purpose)
        .sort(),
    ).toEqual(['appointment.dayBefore', 'appointment.hourBefore']);

    const cancel = await police.post(`${BASE}/bookings/${id}/cancel`, { reason: '本人来电取消' });
    expect(cancel.json()).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'staff',
      cancelReason: '本人来电取消',
    });
    expect((await pending()).map((p) => p.purpose)).toEqual([
      'appointment.booked',
      'appointment.booked',
      'appointment.cancelled',
    ]);
    // Staff must give a reason.
    const noReason = await police.post(`${BASE}/bookings/${fixed.json().id}/cancel`, { reason: '' });
    expect(fieldsOf(noReason)).toEqual(['body.reason']);
    // Lists: the site's bookings, by service.
    const list = await police.get(
      `${BASE}/bookings?siteId=${fx.siteId}&from=2026-10-13&to=2026-10-14&serviceId=${service.id}`,
    );
    expect(list.json().items.map((b: { name: string; status: string }) => [b.name, b.status])).toEqual([
      ['赵老伯', 'booked'],
      ['钱阿姨', 'cancelled'],
    ]);
  });

  it('reserves a room for another module, respecting bookings that hold it', async () => {
    const room = await police.post(`${BASE}/resources`, {
      siteId: fx.siteId,
      nameZh: '调解室',
      nameEn: 'Mediation room',
    });
    expect(room.statusCode, room.body).toBe(201);
    const roomId = room.json().id as string;
    const service = await makeService(police, fx, {
      resourceId: roomId,
      durationMin: 60,
      staffIds: [fx.auxiliaryId],
    });
    const booked = await anon('POST', pub('/bookings'), {
      serviceId: service.id,
      start: at('2026-10-15', '09:00'),
      name: '孙调解',
      phone: '13500135000',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const ctx = { db: env.ctx.db, now: () => NOW };
    const base = { siteId: fx.siteId, resourceId: roomId, title: '调解会', userId: fx.policeId };
    await expect(
      reserveRoom(ctx, {
        ...base,
        start: new Date(at('2026-10-15', '09:30')),
        end: new Date(at('2026-10-15', '10:30')),
        ref: 'mediation-session:1',
      }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'appointments.resourceBusy' });
    await reserveRoom(ctx, {
      ...base,
      start: new Date(at('2026-10-15', '14:00')),
      end: new Date(at('2026-10-15', '15:00')),
      ref: 'mediation-session:1',
    });
    // The reservation blocks the room's service then; releasing it frees the slot again.
    expect(await slotTimes(service.id, '2026-10-15')).not.toContain('14:00');
    const calendar = await police.get(`${BASE}/resources/${roomId}/calendar?from=2026-10-15&to=2026-10-15`);
    expect(calendar.json().items.map((i: { kind: string }) => i.kind)).toEqual(['booking', 'reservation']);
    expect(await releaseRoom(ctx, 'mediation-session:1')).toBe(1);
    expect(await slotTimes(service.id, '2026-10-15')).toContain('14:00');
    expect((await policeB.get(`${BASE}/resources/${roomId}/calendar`)).statusCode).toBe(404);
  });

  it('lets the booker cancel only before the booking starts', async () => {
    const service = await makeService(police, fx);
    const phone = '13800138077';
    const booked = await anon('POST', pub('/bookings'), {
      serviceId: service.id,
      start: at('2026-09-22', '11:00'),
      name: '周六',
      phone,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const { code } = booked.json();
    env.setNow(new Date(at('2026-09-22', '11:05')));
    try {
      const late = await anon('POST', pub('/bookings/cancel'), { code, phone });
      expect(late.statusCode).toBe(409);
      expect(errorOf(late).code).toBe('appointments.notChangeable');
      expect((await anon('POST', pub('/bookings/find'), { code, phone })).json().changeable).toBe(false);
    } finally {
      env.setNow(NOW);
    }
  });

  it('refuses an address that keeps guessing codes (429)', async () => {
    const ip = '10.66.66.66';
    let last = 0;
    for (let i = 0; i < 12; i++) {
      last = (await anon('POST', pub('/bookings/find'), { code: 'ABCDEFGH', phone: '13800138000' }, ip))
        .statusCode;
    }
    expect(last).toBe(429);
    expect(
      (await anon('POST', pub('/bookings/find'), { code: 'ABCDEFGH', phone: '13800138000' }, '10.66.66.67'))
        .statusCode,
    ).toBe(404);
  });

  it('shows the public page: office and the services anyone may book', async () => {
    const res = await anon('GET', pub(''));
    expect(res.statusCode, res.body).toBe(200);
    const services = res.json().services as { audience: string; documentsZh: string[] }[];
    expect(services.length).toBeGreaterThan(0);
    expect(services.every((s) => s.audience === 'anyone')).toBe(true);
    expect((await anon('GET', `${BASE}/public/sites/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(
      404,
    );
    void appointmentServices;
  });
});
