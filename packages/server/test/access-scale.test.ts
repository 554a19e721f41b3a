/**
 * The access log at a sub-bureau's size, in small: keyset paging on (at, id) through ties in
 * time, a total counted up to 10,000, a malformed cursor refused, the log across two compounds
 * for a user who sees both and one compound for one who sees one, and the Excel export streamed
 * in batches (20,000 rows: a valid workbook with every row, sent without a content-length).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createUser } from '../src/platform/org/service.ts';
import { shanghaiDate, shanghaiDayStart } from '../src/platform/time.ts';
import { type Client, createTestEnv, describeBackends, signIn, type TestEnv } from './harness.ts';

/** Events per site; at 3 a second, so that many share their time and the id breaks the tie. */
const PER_SITE = 20_000;
const START = '2026-11-01T00:00:00Z';

describeBackends('access log at scale: keyset pages, capped totals, streamed export', (backend) => {
  let env: TestEnv;
  let property: Client;
  let subBureau: Client;
  let siteA = '';
  let siteB = '';
  let gateA = '';

  beforeAll(async () => {
    env = await createTestEnv(backend);
    property = await signIn(env.app, 'property');
    siteA = property.me.sites[0]!.id;
    const [b] = await env.ctx.db.insert(sites).values({ name: '乙小区' }).returning();
    siteB = b!.id;
    await createUser(env.ctx.db, {
      username: 'subbureau',
      displayName: '分局民警',
      role: 'police',
      password: 'sub-bureau-password-1',
      siteIds: [siteA, siteB],
    });
    subBureau = await signIn(env.app, 'subbureau', 'sub-bureau-password-1');
    const [g] = await queryRows<{ id: string }>(
      env.ctx.db,
      sql`INSERT INTO gates (site_id, name, direction) VALUES (${siteA}, '甲北门', 'both') RETURNING id`,
    );
    gateA = g!.id;
    // Site A's events alternate between the gate and no gate; every 10th is a denial. Site B's
    // are interleaved in time with A's.
    for (const [site, offset] of [
      [siteA, 0],
      [siteB, 1],
    ] as const) {
      await env.ctx.db.execute(sql`
        INSERT INTO access_events (site_id, gate_id, at, method, decision, reason)
        SELECT ${site}::uuid, CASE WHEN ${offset} = 0 AND g % 2 = 0 THEN ${gateA}::uuid END,
               ${START}::timestamptz + ((g * 2 + ${offset}) / 6) * interval '1 second', 'card',
               CASE WHEN g % 10 = 0 THEN 'deny' ELSE 'grant' END,
               CASE WHEN g % 10 = 0 THEN 'unknown_card' ELSE 'resident' END
        FROM generate_series(1, ${PER_SITE}) AS g`);
    }
  }, 120_000);

  afterAll(async () => {
    await env?.close();
  });

  type Page = {
    items: { id: number; at: string; siteId: string; gateId: string | null; decision: string }[];
    total: number;
    totalCapped: boolean;
    nextCursor: string | null;
  };

  async function allPages(client: Client, query: string, pageSize: number) {
    const ids: number[] = [];
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const res = await client.get(
        `/api/v1/access/events?${query}&pageSize=${pageSize}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      const page = res.json() as Page;
      pages.push(page);
      ids.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor && pages.length < 100);
    return { ids, pages };
  }

  it('pages by cursor through ties in time: every row once, newest first, as SQL orders them', async () => {
    const from = '2026-11-01T00:10:00.000Z';
    const to = '2026-11-01T00:12:00.000Z';
    const expected = await queryRows<{ id: string | number }>(
      env.ctx.db,
      sql`SELECT id FROM access_events WHERE at >= ${from}::timestamptz AND at <= ${to}::timestamptz
          ORDER BY at DESC, id DESC`,
    );
    expect(expected.length).toBeGreaterThan(600);
    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const { ids, pages } = await allPages(subBureau, range, 50);
    expect(ids).toEqual(expected.map((r) => Number(r.id)));
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(pages[0]).toMatchObject({ total: expected.length, totalCapped: false });
    // Both compounds are in the sub-bureau's log; the property desk of A sees A's alone.
    expect(new Set(pages.flatMap((p) => p.items.map((e) => e.siteId)))).toEqual(new Set([siteA, siteB]));
    const one = await allPages(property, range, 200);
    expect(one.ids.length).toBeGreaterThan(0);
    expect(one.ids.length).toBeLessThan(ids.length);
    expect(new Set(one.pages.flatMap((p) => p.items.map((e) => e.siteId)))).toEqual(new Set([siteA]));
  });

  it('filters by gate and decision along the pages', async () => {
    const { pages } = await allPages(property, `gateId=${gateA}&decision=deny&from=${START}`, 500);
    const rows = pages.flatMap((p) => p.items);
    // Even g at the gate, g % 10 = 0 denied: every 10th of site A's events.
    expect(rows).toHaveLength(PER_SITE / 10);
    expect(rows.every((e) => e.gateId === gateA && e.decision === 'deny')).toBe(true);
  });

  it('counts the total up to 10,000 and says so', async () => {
    const all = (await subBureau.get('/api/v1/access/events')).json() as Page;
    expect(all).toMatchObject({ total: 10_000, totalCapped: true });
    expect(all.items).toHaveLength(50);
    const denied = (await property.get('/api/v1/access/events?decision=deny')).json() as Page;
    expect(denied).toMatchObject({ total: PER_SITE / 10, totalCapped: false });
  });

  it('refuses a malformed cursor with a field error', async () => {
    for (const cursor of ['not*base64', Buffer.from('12.x').toString('base64url'), 'AAAA']) {
      const res = await property.get(`/api/v1/access/events?cursor=${encodeURIComponent(cursor)}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([
        { field: 'query.cursor', message: '翻页位置无效，请回到第一页' },
      ]);
    }
  });

  it('streams a 20,000-row export: a valid workbook with every row, no content-length, audited', async () => {
    const res = await property.get('/api/v1/access/events/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBeUndefined();
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('通行记录')!;
    expect(sheet.rowCount).toBe(PER_SITE + 1);
    expect(sheet.getRow(1).getCell(1).value).toBe('时间');
    const [audit] = await queryRows<{ purpose: string }>(
      env.ctx.db,
      sql`SELECT purpose FROM audit_log WHERE action = 'access.export' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.purpose).toContain(String(PER_SITE));
  }, 120_000);

  it('sends the first bytes of the export over HTTP chunked, before the whole sheet', async () => {
    const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/api/v1/access/events/export`, {
      headers: { cookie: property.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const reader = res.body!.getReader();
    const first = await reader.read();
    // A zip (xlsx) starts with PK; more follows the first chunk.
    expect(Buffer.from(first.value!.subarray(0, 2)).toString()).toBe('PK');
    let rest = 0;
    let chunks = 1;
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      rest += next.value.length;
      chunks++;
    }
    expect(chunks).toBeGreaterThan(1);
    expect(rest).toBeGreaterThan(0);
  }, 120_000);

  it("overview: per compound of the caller, today's passages, denials, strangers and open alerts", async () => {
    // Today's events (the older bulk ones fall outside today): A 3 granted, 2 denied of which 1
    // an unknown face; B 1 granted. Yesterday's denial in A does not count.
    const now = new Date();
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
    const todayStart = shanghaiDayStart(shanghaiDate(now));
    const earlier = Math.min(5, (now.getTime() - todayStart.getTime()) / 60_000 / 2);
    for (const [site, decision, reason] of [
      [siteA, 'grant', 'resident'],
      [siteA, 'grant', 'resident'],
      [siteA, 'grant', 'visitor'],
      [siteA, 'deny', 'unknown_face'],
      [siteA, 'deny', 'unknown_card'],
      [siteB, 'grant', 'resident'],
    ] as const) {
      await env.ctx.db.execute(sql`INSERT INTO access_events (site_id, at, method, decision, reason)
        VALUES (${site}, ${at(earlier)}, 'card', ${decision}, ${reason})`);
    }
    await env.ctx.db.execute(sql`INSERT INTO access_events (site_id, at, method, decision, reason)
      VALUES (${siteA}, ${new Date(todayStart.getTime() - 60_000).toISOString()}, 'card', 'deny', 'unknown_face')`);
    // Open alerts: A one on each desk and a resolved one; B none.
    for (const [desk, status] of [
      ['police_office', 'new'],
      ['property_desk', 'acknowledged'],
      ['police_office', 'resolved'],
    ] as const) {
      await env.ctx.db.execute(sql`INSERT INTO alerts (site_id, kind, level, status, desk, new_since, first_at, last_at)
        VALUES (${siteA}, 'stranger', 'warning', ${status}, ${desk}, now(), now(), now())`);
    }
    const res = await subBureau.get('/api/v1/access/overview');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { date: string; sites: Record<string, unknown>[] };
    expect(body.date).toBe(shanghaiDate(now));
    const bySite = new Map(body.sites.map((x) => [x.siteId, x]));
    expect(bySite.size).toBe(2);
    expect(bySite.get(siteA)).toMatchObject({ passages: 3, denials: 2, strangers: 1, openAlerts: 2 });
    expect(bySite.get(siteB)).toMatchObject({
      siteName: '乙小区',
      passages: 1,
      denials: 0,
      strangers: 0,
      openAlerts: 0,
    });

    // One compound's officer sees that compound only, and may not name another.
    const police = await signIn(env.app, 'police');
    const own = (await police.get('/api/v1/access/overview')).json() as typeof body;
    expect(own.sites.map((x) => x.siteId)).toEqual([siteA]);
    expect((await police.get(`/api/v1/access/overview?siteId=${siteB}`)).statusCode).toBe(403);
    // The sub-bureau officer may narrow to one compound; the property desk has no overview.
    const narrowed = (await subBureau.get(`/api/v1/access/overview?siteId=${siteB}`)).json() as typeof body;
    expect(narrowed.sites.map((x) => x.siteId)).toEqual([siteB]);
    expect((await property.get('/api/v1/access/overview')).statusCode).toBe(403);
  });
});
