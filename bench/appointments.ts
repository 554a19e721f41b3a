/**
 * bench:appointments — the appointment module under the speed targets.
 *   npm run bench:appointments [-- --requests 100] [-- --bookings 5000] [-- --racers 50] [-- --seats 10]
 *                              [-- --pg postgres://…/test]   (or DATABASE_URL)
 * Runs on PGlite (the embedded default) and, when a PostgreSQL URL is given, on a fresh database
 * there too. For each: the real app on a loopback port (HTTP, session, guard, validation), the
 * small demo registry, ten staff members with long weekly hours, and `--bookings` existing
 * bookings (past and the next 14 days) written in bulk; then, over HTTP:
 *   - free slots of one service over the next 14 days (GET /services/:id/days), p50/p95;
 *   - booking on the public page one at a time (POST /public/sites/:site/bookings), p50/p95;
 *   - `--racers` concurrent bookers (separate HTTP connections; on PostgreSQL parallel pool
 *     connections) for one slot with `--seats` seats: booked, told "taken" (409), errors.
 * Prints one JSON object per backend, then (last line) the summary: slots_p95_ms, book_p95_ms,
 * race_seats, race_booked, race_errors — the worst over the backends — with every backend's figures.
 * Targets: slots p95 <= 50 ms, booking p95 <= 100 ms, race: seats booked, the rest 409, 0 errors.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { BOOKING_CODE_ALPHABET } from '@anju/contracts';
import { appointmentBookings } from '../packages/server/src/modules/appointments/schema.ts';
import { sealPhone } from '../packages/server/src/modules/registry/sql.ts';
import { createUser } from '../packages/server/src/platform/org/service.ts';
import { addDays, shanghaiDate } from '../packages/server/src/platform/time.ts';
import { type Backend, createTestEnv, signIn } from '../packages/server/test/harness.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100' },
    bookings: { type: 'string', default: '5000' },
    racers: { type: 'string', default: '50' },
    seats: { type: 'string', default: '10' },
    pg: { type: 'string' },
  },
});
const REQUESTS = Number(values.requests);
const EXISTING = Number(values.bookings);
const RACERS = Number(values.racers);
const SEATS = Number(values.seats);
const PG_URL = values.pg ?? process.env.DATABASE_URL;
const API = '/api/v1/appointments';

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
const round = (n: number) => Math.round(n * 10) / 10;
const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
};
const code = () =>
  Array.from({ length: 8 }, () => BOOKING_CODE_ALPHABET[crypto.randomInt(BOOKING_CODE_ALPHABET.length)]).join(
    '',
  );

async function run(backend: Backend) {
  if (backend === 'postgres') process.env.TEST_DATABASE_URL = PG_URL;
  const env = await createTestEnv(backend);
  try {
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const address = env.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    const base = `http://127.0.0.1:${address.port}`;
    const police = await signIn(env.app, 'police');
    const siteId = police.me.sites[0]!.id;
    const { db, keyring } = env.ctx;

    // Ten staff members, on duty 08:00–20:00 every day of the week.
    const staffIds = [police.me.user.id];
    for (let i = 1; i < Math.max(10, SEATS); i++) {
      const user = await createUser(db, {
        username: `bench_aux_${i}`,
        displayName: `辅警${i}`,
        role: 'auxiliary',
        password: 'bench-password-1',
        siteIds: [siteId],
      });
      staffIds.push(user.id);
    }
    const day = [{ start: 480, end: 1200 }];
    const weekly = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), day]));
    for (const id of staffIds) {
      const res = await police.request({
        method: 'PUT',
        url: `${API}/staff/${id}/hours`,
        payload: { siteId, weekly },
      });
      if (res.statusCode !== 200) throw new Error(`hours: ${res.statusCode} ${res.body}`);
    }
    const service = async (codeName: string, body: Record<string, unknown>) => {
      const res = await police.post(`${API}/services`, {
        siteId,
        code: codeName,
        nameZh: codeName,
        nameEn: codeName,
        documentsZh: ['身份证'],
        documentsEn: ['ID card'],
        minNoticeMin: 60,
        maxAdvanceDays: 14,
        perPhoneDailyLimit: 0,
        perPhoneWeeklyLimit: 0,
        ...body,
      });
      if (res.statusCode !== 201) throw new Error(`service: ${res.statusCode} ${res.body}`);
      return res.json() as { id: string };
    };
    const measured = await service('bench_measured', {
      durationMin: 15,
      capacity: 4,
      staffIds: staffIds.slice(0, 4),
    });
    const other = await service('bench_other', {
      durationMin: 30,
      capacity: 6,
      staffIds: staffIds.slice(0, 6),
    });
    const race = await service('bench_race', {
      durationMin: 30,
      capacity: SEATS,
      staffIds: staffIds.slice(0, SEATS),
      minNoticeMin: 0,
    });

    // Existing bookings in bulk: most in the past 60 days, a share in the next 14 days holding
    // the measured service's staff (whole hours of 'other', so they never overlap each other).
    const today = shanghaiDate(env.ctx.now());
    const rows: (typeof appointmentBookings.$inferInsert)[] = [];
    const sealed = sealPhone(keyring, '13900000000') as { enc: string; hash: string };
    const used = new Set<string>();
    for (let i = 0; i < EXISTING; i++) {
      const future = i % 5 === 0;
      const date = addDays(today, future ? 1 + (i % 13) : -1 - (i % 60));
      const staff = staffIds[i % 6]!;
      const hour = 8 + ((i * 7) % 12);
      const key = `${date}|${staff}|${hour}`;
      if (used.has(key)) continue;
      used.add(key);
      const start = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
      let c = code();
      while (used.has(c)) c = code();
      used.add(c);
      rows.push({
        siteId,
        serviceId: other.id,
        staffId: staff,
        startAt: start,
        endAt: new Date(start.getTime() + 30 * 60_000),
        code: c,
        name: '压测',
        phoneEnc: sealed.enc,
        phoneHash: sealed.hash,
        channel: 'phone',
        status: future ? 'booked' : 'served',
      });
    }
    // Fill to the requested count with past served bookings at distinct minutes.
    for (let i = 0; rows.length < EXISTING; i++) {
      const start = new Date(
        Date.parse(`${addDays(today, -61 - (i % 200))}T08:00:00+08:00`) + (i % 600) * 60_000,
      );
      let c = code();
      while (used.has(c)) c = code();
      used.add(c);
      rows.push({
        siteId,
        serviceId: other.id,
        staffId: staffIds[i % 10]!,
        startAt: start,
        endAt: new Date(start.getTime() + 30 * 60_000),
        code: c,
        name: '压测',
        phoneEnc: sealed.enc,
        phoneHash: sealed.hash,
        channel: 'public',
        status: 'served',
      });
    }
    for (let i = 0; i < rows.length; i += 1000)
      await db.insert(appointmentBookings).values(rows.slice(i, i + 1000));

    const from = today;
    const to = addDays(today, 13);
    const daysUrl = `${base}${API}/services/${measured.id}/days?from=${from}&to=${to}`;
    const headers = { cookie: police.cookie };
    for (let i = 0; i < 10; i++) await (await fetch(daysUrl, { headers })).text();
    const slotTimes: number[] = [];
    let freeSeats = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      const res = await fetch(daysUrl, { headers });
      const body = (await res.json()) as { days: { free: number }[] };
      slotTimes.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`days: ${res.status}`);
      freeSeats = body.days.reduce((n, d) => n + d.free, 0);
    }

    // Bookings one at a time on free slots of the measured service (later days first served).
    const starts: string[] = [];
    for (let d = 1; d < 14 && starts.length < REQUESTS + 10; d++) {
      const res = await fetch(`${base}${API}/services/${measured.id}/slots?date=${addDays(today, d)}`, {
        headers,
      });
      for (const s of ((await res.json()) as { slots: { start: string; seatsLeft: number }[] }).slots)
        for (let k = 0; k < s.seatsLeft; k++) starts.push(s.start);
    }
    const bookUrl = `${base}${API}/public/sites/${siteId}/bookings`;
    const post = (body: unknown) =>
      fetch(bookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    let phoneSeq = 0;
    const phone = () => `137${String(10_000_000 + phoneSeq++)}`;
    const bookTimes: number[] = [];
    let bookErrors = 0;
    for (let i = 0; i < Math.min(REQUESTS + 10, starts.length); i++) {
      const t = performance.now();
      const res = await post({ serviceId: measured.id, start: starts[i], name: '测试', phone: phone() });
      await res.text();
      if (i >= 10) bookTimes.push(performance.now() - t);
      if (res.status !== 201) bookErrors++;
    }

    // The race: RACERS people at once for one slot with SEATS seats, each on its own connection.
    const raceDate = addDays(today, 2);
    const raceSlots = (await (
      await fetch(`${base}${API}/services/${race.id}/slots?date=${raceDate}`, { headers })
    ).json()) as {
      slots: { start: string; seatsLeft: number }[];
    };
    const raceSlot = raceSlots.slots.find((s) => s.seatsLeft === SEATS);
    if (!raceSlot) throw new Error('no slot with every seat free for the race');
    const answers = await Promise.all(
      Array.from({ length: RACERS }, () =>
        post({ serviceId: race.id, start: raceSlot.start, name: '抢号', phone: phone() }).then(async (r) => {
          const body = await r.text();
          const code = r.status === 409 ? (JSON.parse(body) as { error: { code: string } }).error.code : '';
          return { status: r.status, code };
        }),
      ),
    );
    const booked = answers.filter((a) => a.status === 201).length;
    const taken = answers.filter((a) => a.status === 409 && a.code === 'appointments.slotTaken').length;
    const slots = stats(slotTimes);
    const book = stats(bookTimes);
    return {
      backend,
      existing_bookings: rows.length,
      n: REQUESTS,
      slots_p50_ms: slots.p50,
      slots_p95_ms: slots.p95,
      slots_days: 14,
      slots_free_seats: freeSeats,
      book_p50_ms: book.p50,
      book_p95_ms: book.p95,
      book_n: bookTimes.length,
      book_errors: bookErrors,
      race_racers: RACERS,
      race_seats: SEATS,
      race_booked: booked,
      race_taken: taken,
      race_errors: RACERS - booked - taken,
    };
  } finally {
    await env.close();
  }
}

async function main() {
  const results = [await run('pglite')];
  if (PG_URL) results.push(await run('postgres'));
  for (const r of results) console.log(JSON.stringify(r));
  const worst = (k: 'slots_p95_ms' | 'book_p95_ms') => Math.max(...results.map((r) => r[k]));
  console.log(
    JSON.stringify({
      slots_p50_ms: Math.max(...results.map((r) => r.slots_p50_ms)),
      slots_p95_ms: worst('slots_p95_ms'),
      book_p50_ms: Math.max(...results.map((r) => r.book_p50_ms)),
      book_p95_ms: worst('book_p95_ms'),
      race_seats: SEATS,
      race_booked: Math.min(...results.map((r) => r.race_booked)),
      race_errors: results.reduce((n, r) => n + r.race_errors, 0),
      n: REQUESTS,
      backend: results.map((r) => r.backend).join('+'),
      by_backend: Object.fromEntries(results.map((r) => [r.backend, r])),
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
