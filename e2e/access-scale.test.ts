/**
 * 通行记录 and 分局总览 at a sub-bureau's size, in a real browser. The log pages by cursor: a
 * compound's 65 events (pairs sharing their time, the id breaking the tie) go page by page in the
 * order SQL gives them, newest first, and back; the total is counted exactly below 10,000 and shown
 * as "10,000+" above. The overview shows an officer over two compounds one row per compound with
 * today's (Asia/Shanghai) passages, denials, strangers and open alerts; a one-compound officer sees
 * only theirs.
 *
 * Events and alerts are put straight into the database (as packages/server/test/access-scale does):
 * the gate's decision path is tested elsewhere, here only what the console makes of the rows.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../packages/server/src/db/client.ts';
import { sites } from '../packages/server/src/platform/org/schema.ts';
import { createUser } from '../packages/server/src/platform/org/service.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../packages/server/src/platform/time.ts';
import { signIn } from '../packages/server/test/harness.ts';
import { openConsole, saveScreenshot } from './support/browser.ts';
import { actUntil, openFromMenu, signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

const suite = useServerAndBrowser();

/** The console's default page size (packages/web/src/app/url-filters.ts). */
const PAGE_SIZE = 20;
/** Three full pages and a short fourth. */
const PAGED = 3 * PAGE_SIZE + 5;
/** Over the count cap of 10,000. */
const BULK = 10_050;
const SUB_BUREAU_PASSWORD = 'sub-bureau-password-1';

/** The demo compound (the demo police and property accounts see it alone). */
let siteA: { id: string; name: string };
/** A second compound, seen by the sub-bureau officer besides A. */
let siteB: { id: string; name: string };
/** A third compound with a property account of its own: the paged events are all it holds. */
let siteC: { id: string; name: string };

/** A Shanghai day `days` from today, 10:00. */
function dayAt(days: number): Date {
  return new Date(shanghaiDayStart(addDays(shanghaiDate(new Date()), days)).getTime() + 10 * 3600_000);
}

beforeAll(async () => {
  const { db } = suite.server.env.ctx;
  const property = await signIn(suite.server.env.app, 'property');
  siteA = { id: property.me.sites[0]!.id, name: property.me.sites[0]!.name };
  const [b] = await db.insert(sites).values({ name: '乙小区' }).returning();
  const [c] = await db.insert(sites).values({ name: '丙小区' }).returning();
  siteB = { id: b!.id, name: b!.name };
  siteC = { id: c!.id, name: c!.name };
  await createUser(db, {
    username: 'subbureau',
    displayName: '分局民警',
    role: 'police',
    password: SUB_BUREAU_PASSWORD,
    siteIds: [siteA.id, siteB.id],
  });
  await createUser(db, {
    username: 'propertyc',
    displayName: '丙小区物业',
    role: 'property',
    password: SUB_BUREAU_PASSWORD,
    siteIds: [siteC.id],
  });
});

const logRows = (page: Page) => page.locator('[data-testid=access-log] tr.ant-table-row');

/** The marks (notes 'P-007' …; '—' for a row without one) of the rows on the page, top to bottom. */
async function marksShown(page: Page): Promise<string[]> {
  const texts = await logRows(page).allTextContents();
  return texts.map((t) => t.match(/[PAB]-\d+/)?.[0] ?? '—');
}

/** The marks of compounds' events in the order the log must show them: newest first, id last. */
async function marksInOrder(siteIds: string | string[], limit: number): Promise<string[]> {
  const ids = `{${[siteIds].flat().join(',')}}`;
  const rows = await queryRows<{ mark: string }>(
    suite.server.env.ctx.db,
    sql`SELECT coalesce(note, '—') AS mark FROM access_events WHERE site_id = ANY(${ids}::uuid[])
        ORDER BY at DESC, id DESC LIMIT ${limit}`,
  );
  return rows.map((r) => r.mark);
}

/** The filters' compound select (shown to a user of several compounds): its form item. */
const siteFilter = (page: Page) =>
  page.locator('.ant-form-item').filter({ has: page.getByLabel('小区', { exact: true }) });
/** The compound the select shows (Ant Design 6 puts it in the title of .ant-select-content). */
const siteShown = (page: Page, name: string) =>
  siteFilter(page).locator(`.ant-select-content[title="${name}"]`);

/** The times shown in the rows (YYYY-MM-DD HH:mm:ss, which sorts as text). */
async function timesShown(page: Page): Promise<string[]> {
  const texts = await logRows(page).locator('td:first-child').allTextContents();
  return texts.map((t) => t.trim());
}

describe('access log at scale and the sub-bureau overview', () => {
  it('pages the log by cursor: newest first, every row once, back again; the exact total', async () => {
    const { db } = suite.server.env.ctx;
    expect(
      (
        await queryRows<{ n: number }>(
          db,
          sql`SELECT count(*)::int AS n FROM access_events WHERE site_id = ${siteC.id}`,
        )
      )[0]!.n,
    ).toBe(0);
    // Two days ago, two events a second: each pair shares its time and the id orders it.
    const start = dayAt(-2).toISOString();
    await db.execute(sql`
      INSERT INTO access_events (site_id, at, method, decision, reason, note)
      SELECT ${siteC.id}::uuid, ${start}::timestamptz + (g / 2) * interval '1 second', 'card',
             CASE WHEN g % 7 = 0 THEN 'deny' ELSE 'grant' END,
             CASE WHEN g % 7 = 0 THEN 'unknown_card' ELSE 'resident' END,
             'P-' || lpad(g::text, 3, '0')
      FROM generate_series(1, ${PAGED}) AS g`);
    const expected = await marksInOrder(siteC.id, PAGED + 1);
    expect(expected).toHaveLength(PAGED);
    const pageOf = (n: number) => expected.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);

    const view = await openConsole(suite.browser, suite.server.url);
    try {
      const { page } = view;
      await signInAs(page, 'propertyc', SUB_BUREAU_PASSWORD);
      await openFromMenu(page, '通行记录', '/access/events');
      const pager = page.getByTestId('access-pager');
      const next = page.getByTestId('access-next');
      const prev = page.getByTestId('access-prev');

      // The page in view is known by its number and by its rows (the previous page's rows stay
      // on screen while the next is fetched, so both are waited for).
      const shows = async (n: number) => {
        await pager.getByText(`第 ${n} 页`, { exact: true }).waitFor();
        await expect.poll(() => marksShown(page)).toEqual(pageOf(n));
      };

      await shows(1);
      expect((await page.getByTestId('access-total').textContent())?.trim()).toBe(`共 ${PAGED} 条`);
      expect(await prev.isDisabled()).toBe(true);
      const times: string[] = [...(await timesShown(page))];

      for (const n of [2, 3, 4]) {
        await next.click();
        await shows(n);
        times.push(...(await timesShown(page)));
        // The total stays the same on every page.
        expect((await page.getByTestId('access-total').textContent())?.trim()).toBe(`共 ${PAGED} 条`);
      }
      await saveScreenshot(page, 'access-log-page4.png');
      // Every row once, in descending time across the pages; the last page is short and ends it.
      expect(new Set(expected).size).toBe(PAGED);
      expect(times).toHaveLength(PAGED);
      expect(times).toEqual([...times].sort().reverse());
      expect(await logRows(page).count()).toBe(PAGED - 3 * PAGE_SIZE);
      await expect.poll(() => next.isDisabled()).toBe(true);

      // Back one page, then to the newest: the same rows as on the way there.
      await prev.click();
      await shows(3);
      await page.getByRole('button', { name: '回到最新' }).click();
      await shows(1);
      expect(await prev.isDisabled()).toBe(true);
      expect(view.problems).toEqual([]);
    } finally {
      await view.context.close();
    }
  });

  it("the overview's compound link opens that compound's log: over 10,000 events it says 10,000+", async () => {
    const { db } = suite.server.env.ctx;
    // Three days ago, one a second: none of them today's, so the overview's figures are untouched.
    const start = dayAt(-3).toISOString();
    await db.execute(sql`
      INSERT INTO access_events (site_id, at, method, decision, reason, note)
      SELECT ${siteB.id}::uuid, ${start}::timestamptz + g * interval '1 second', 'card', 'grant',
             'resident', 'B-' || g
      FROM generate_series(1, ${BULK}) AS g`);
    // A few of A's a day earlier, one a minute: A's own list is known to have rows.
    const earlier = dayAt(-4).toISOString();
    await db.execute(sql`
      INSERT INTO access_events (site_id, at, method, decision, reason, note)
      SELECT ${siteA.id}::uuid, ${earlier}::timestamptz + g * interval '1 minute', 'card', 'grant',
             'resident', 'A-' || g
      FROM generate_series(1, 5) AS g`);

    const view = await openConsole(suite.browser, suite.server.url);
    try {
      const { page } = view;
      await signInAs(page, 'subbureau', SUB_BUREAU_PASSWORD);
      // The header names the first compound and counts all: "A 等 2 个小区" is two in all.
      expect((await page.locator('.anju-header-site').textContent())?.trim()).toBe(
        `${siteA.name} 等 2 个小区`,
      );
      await openFromMenu(page, '分局总览', '/access/overview');
      await page
        .getByTestId('access-overview')
        .locator('tr.ant-table-row')
        .getByRole('link', { name: siteB.name, exact: true })
        .click();
      await page.waitForURL(
        (url) => url.pathname === '/access/events' && url.searchParams.get('siteId') === siteB.id,
      );
      // The page says which compound it shows: the filters' compound select.
      await siteShown(page, siteB.name).waitFor();
      const total = page.getByTestId('access-total');
      await expect.poll(async () => (await total.textContent())?.trim()).toBe('共 10,000+ 条');
      // The chosen compound's newest rows, and after 下一页 the next ones.
      const expected = await marksInOrder(siteB.id, 2 * PAGE_SIZE);
      await expect.poll(() => marksShown(page)).toEqual(expected.slice(0, PAGE_SIZE));
      await page.getByTestId('access-next').click();
      await page.getByTestId('access-pager').getByText('第 2 页', { exact: true }).waitFor();
      await expect.poll(() => marksShown(page)).toEqual(expected.slice(PAGE_SIZE));
      expect((await total.textContent())?.trim()).toBe('共 10,000+ 条');
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, 'access-log-capped.png');

      // The other compound, chosen in the select: its rows, from its first page.
      const pickSite = async (name: string) => {
        const box = page.getByLabel('小区', { exact: true });
        await actUntil(
          async () => {
            if ((await box.getAttribute('aria-expanded')) !== 'true') await box.click({ timeout: 5_000 });
            await page
              .locator('.ant-select-dropdown:visible .ant-select-item-option')
              .filter({ hasText: name })
              .click({ timeout: 5_000 });
          },
          () => siteShown(page, name).isVisible(),
        );
      };
      await pickSite(siteA.name);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.waitForURL((url) => url.searchParams.get('siteId') === siteA.id);
      const expectedA = await marksInOrder(siteA.id, PAGE_SIZE);
      expect(expectedA.length).toBeGreaterThan(0);
      await page.getByTestId('access-pager').getByText('第 1 页', { exact: true }).waitFor();
      await expect.poll(() => marksShown(page)).toEqual(expectedA);
      const countA = (
        await queryRows<{ n: number }>(
          db,
          sql`SELECT count(*)::int AS n FROM access_events WHERE site_id = ${siteA.id}`,
        )
      )[0]!.n;
      await expect.poll(async () => (await total.textContent())?.trim()).toBe(`共 ${countA} 条`);

      // 重置 clears the compound where it can be seen: all compounds again, newest first.
      await page.getByRole('button', { name: /重\s*置/ }).click();
      await page.waitForURL((url) => url.pathname === '/access/events' && !url.searchParams.has('siteId'));
      await siteFilter(page).locator('.ant-select-placeholder').getByText('全部小区').waitFor();
      expect(await siteShown(page, siteA.name).count()).toBe(0);
      const expectedAll = await marksInOrder([siteA.id, siteB.id], PAGE_SIZE);
      await expect.poll(() => marksShown(page)).toEqual(expectedAll);
      await expect.poll(async () => (await total.textContent())?.trim()).toBe('共 10,000+ 条');
      expect(view.problems).toEqual([]);
    } finally {
      await view.context.close();
    }
  });

  it("the overview: one row per compound with today's passages, denials, strangers and open alerts", async () => {
    const { db } = suite.server.env.ctx;
    // Today's events, a few minutes ago (never before today's Shanghai midnight): A 3 granted and
    // 2 denied, of which 1 an unknown face; B 1 granted, 1 unknown face. Yesterday's do not count.
    const now = new Date();
    const todayStart = shanghaiDayStart(shanghaiDate(now));
    const minutes = Math.min(5, (now.getTime() - todayStart.getTime()) / 60_000 / 2);
    const today = new Date(now.getTime() - minutes * 60_000).toISOString();
    const yesterday = new Date(todayStart.getTime() - 60_000).toISOString();
    for (const [site, at, decision, reason] of [
      [siteA.id, today, 'grant', 'resident'],
      [siteA.id, today, 'grant', 'resident'],
      [siteA.id, today, 'grant', 'visitor'],
      [siteA.id, today, 'deny', 'unknown_face'],
      [siteA.id, today, 'deny', 'unknown_card'],
      [siteA.id, yesterday, 'deny', 'unknown_face'],
      [siteB.id, today, 'grant', 'resident'],
      [siteB.id, today, 'deny', 'unknown_face'],
      [siteB.id, yesterday, 'grant', 'resident'],
    ] as const) {
      await db.execute(sql`INSERT INTO access_events (site_id, at, method, decision, reason)
        VALUES (${site}, ${at}, 'card', ${decision}, ${reason})`);
    }
    // Open alerts: A one on each desk and a resolved one; B one new.
    for (const [site, desk, status] of [
      [siteA.id, 'police_office', 'new'],
      [siteA.id, 'property_desk', 'acknowledged'],
      [siteA.id, 'police_office', 'resolved'],
      [siteB.id, 'police_office', 'new'],
    ] as const) {
      await db.execute(sql`INSERT INTO alerts (site_id, kind, level, status, desk, new_since, first_at, last_at)
        VALUES (${site}, 'stranger', 'warning', ${status}, ${desk}, now(), now(), now())`);
    }
    // Compound, passages, denials, strangers, open alerts: as the table shows them.
    const rowA = [siteA.name, '3', '2', '1', '2'];
    const rowB = [siteB.name, '1', '1', '1', '1'];
    const byName = (rows: string[][]) =>
      [...rows].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));

    const cellsOf = async (page: Page) => {
      const rows = page.getByTestId('access-overview').locator('tr.ant-table-row');
      const out: string[][] = [];
      for (const row of await rows.all()) {
        out.push((await row.locator('td').allTextContents()).map((t) => t.trim()));
      }
      return out;
    };

    const sub = await openConsole(suite.browser, suite.server.url);
    try {
      const { page } = sub;
      await signInAs(page, 'subbureau', SUB_BUREAU_PASSWORD);
      await openFromMenu(page, '分局总览', '/access/overview');
      await page.getByText(`各小区今日通行 ${shanghaiDate(now)}`).waitFor();
      await expect.poll(async () => byName(await cellsOf(page))).toEqual(byName([rowA, rowB]));
      const summary = page.getByTestId('access-overview').locator('.ant-table-summary tr');
      expect((await summary.locator('td').allTextContents()).map((t) => t.trim())).toEqual([
        '合计（2 个小区）',
        '4',
        '3',
        '2',
        '3',
      ]);
      await saveScreenshot(page, 'access-overview.png');
      expect(sub.problems).toEqual([]);
    } finally {
      await sub.context.close();
    }

    // The demo police officer sees the one compound: its row, no total line.
    const one = await openConsole(suite.browser, suite.server.url);
    try {
      const { page } = one;
      await signInAs(page, 'police');
      await openFromMenu(page, '分局总览', '/access/overview');
      await expect.poll(() => cellsOf(page)).toEqual([rowA]);
      expect(await page.getByTestId('access-overview').locator('.ant-table-summary tr').count()).toBe(0);
      expect(one.problems).toEqual([]);
    } finally {
      await one.context.close();
    }
  });
});
