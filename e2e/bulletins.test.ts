/**
 * Boards (宣传栏, issue 15), in Chromium against the demo server:
 * 1. the display screen (1920×1080, /board/:siteId/display) and the resident's 社区公告 page are
 *    opened first; an auxiliary officer generates this week's safety tip in the console, edits its
 *    title and submits it; a police officer approves it in 发布审核; the screen and the resident's
 *    page show it without a reload (screenshot test-artifacts/board-display.png);
 * 2. a dispute-case draft from a pasted story has the phone number taken out before staff edit it;
 * 3. the display loses its connection (cut by the server and refused for a while, as when the
 *    server restarts): it shows
 *    the small reconnecting mark, and once the server is reachable again it reconnects by itself
 *    and shows what was published meanwhile;
 * 4. a post with a <script> and an inline handler, published, shows on the public phone page with
 *    no script element and runs nothing.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Board, Post } from '@anju/contracts';
import { type Client, signIn } from '../packages/server/test/harness.ts';
import { saveScreenshot } from './support/browser.ts';
import { signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

const suite = useServerAndBrowser();
const API = '/api/v1/bulletins';
const DESK = { width: 1440, height: 900 };
const SCREEN = { width: 1920, height: 1080 };
const PHONE = { width: 360, height: 740 };

let police: Client;
let siteId: string;

async function json<T>(res: { statusCode: number; body: string }, expected: number): Promise<T> {
  expect(res.statusCode, res.body).toBe(expected);
  return JSON.parse(res.body) as T;
}

interface Opened {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

async function open(
  browser: Browser,
  viewport: { width: number; height: number },
  mobile = false,
): Promise<Opened> {
  const context = await browser.newContext({
    baseURL: suite.server.url,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport,
    deviceScaleFactor: 1,
    isMobile: mobile,
    hasTouch: mobile,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { context, page, problems };
}

/** Marks the page's window: the mark survives only if the page is never reloaded. */
async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __noReload?: boolean }).__noReload = true;
  });
}
const stillSameWindow = (page: Page) =>
  page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

beforeAll(async () => {
  police = await signIn(suite.server.env.app, 'police');
  siteId = police.me.sites[0]!.id;
});

describe('boards', () => {
  it('the weekly safety tip, drafted by staff and approved by police, appears on the screen and the resident page without a reload', async () => {
    const { browser } = suite;
    const screen = await open(browser, SCREEN);
    const resident = await open(browser, PHONE, true);
    const aux = await open(browser, DESK);
    const officer = await open(browser, DESK);
    try {
      // The screen and the resident's page are up before anything is published.
      await screen.page.goto(`/board/${siteId}/display`);
      await screen.page.getByTestId('display-site').filter({ hasText: /\S/ }).waitFor();
      await markWindow(screen.page);
      await signInAs(resident.page, 'resident');
      await resident.page.goto('/my-bulletins');
      await resident.page.getByTestId('board-posts').waitFor();
      await markWindow(resident.page);

      // An auxiliary officer drafts this week's tip from the statistics and edits it.
      await signInAs(aux.page, 'auxiliary');
      await aux.page.goto('/bulletins');
      await aux.page.getByTestId('weekly-tip').click();
      const title = aux.page.getByTestId('post-title');
      await expect.poll(() => title.inputValue()).not.toBe('');
      const generated = await title.inputValue();
      const editor = aux.page.getByTestId('post-body-editor');
      await expect.poll(async () => (await editor.textContent())?.trim()).toBeTruthy();
      const tipTitle = '本周安全提示：天冷防火，谨防诈骗';
      expect(generated).not.toBe(tipTitle);
      await title.fill(tipTitle);
      await editor.click();
      await aux.page.keyboard.press('Control+End');
      await aux.page.keyboard.press('Enter');
      await aux.page.keyboard.type('如有疑问，请到警务室咨询。');
      await aux.page.getByTestId('post-save-submit').click();
      const row = aux.page.locator('tr').filter({ hasText: tipTitle });
      await row.getByTestId('post-status').filter({ hasText: '待审核' }).waitFor();
      await saveScreenshot(aux.page, 'bulletins-console.png');

      // Nothing is public yet.
      const before = await (await fetch(`${suite.server.url}${API}/public/sites/${siteId}`)).json();
      expect(JSON.stringify(before)).not.toContain(tipTitle);

      // A police officer approves it.
      await signInAs(officer.page, 'police');
      await officer.page.goto('/bulletins/approvals');
      const card = officer.page.locator('.ant-list-item').filter({ hasText: tipTitle });
      await card.getByTestId('approval-body').filter({ hasText: '如有疑问，请到警务室咨询。' }).waitFor();
      await saveScreenshot(officer.page, 'bulletins-approvals.png');
      await card.getByTestId('approval-approve').click();
      await card.waitFor({ state: 'detached' });

      // The screen brings the new post up by itself, and the resident's page lists it.
      await screen.page.getByTestId('display-post-title').filter({ hasText: tipTitle }).waitFor();
      await screen.page.getByTestId('display-latest').filter({ hasText: tipTitle }).waitFor();
      expect(await stillSameWindow(screen.page)).toBe(true);
      await resident.page.getByTestId('board-post-title').filter({ hasText: tipTitle }).waitFor();
      expect(await stillSameWindow(resident.page)).toBe(true);

      // Readable from 3 m: the title is big.
      const size = await screen.page
        .getByTestId('display-post-title')
        .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      expect(size).toBeGreaterThanOrEqual(56);
      await screen.page.evaluate(() => document.fonts.ready);
      await saveScreenshot(screen.page, 'board-display.png');
      await saveScreenshot(resident.page, 'board-resident.png');
      expect([...screen.problems, ...resident.problems, ...aux.problems, ...officer.problems]).toEqual([]);
    } finally {
      await Promise.all([screen, resident, aux, officer].map((o) => o.context.close()));
    }
  });

  it('a dispute case pasted by staff opens as a draft without the phone number in it', async () => {
    const aux = await open(suite.browser, DESK);
    try {
      await signInAs(aux.page, 'auxiliary');
      await aux.page.goto('/bulletins');
      await aux.page.getByTestId('dispute-case').click();
      await aux.page
        .getByTestId('dispute-summary')
        .fill(
          '楼上住户装修噪音扰民，邻居多次沟通无果后报警，电话 13812345678。经社区调解，双方约定施工时间为工作日 8–12 时、14–18 时。',
        );
      await aux.page.getByRole('button', { name: '生成草稿' }).click();
      const editor = aux.page.getByTestId('post-body-editor');
      await expect.poll(async () => (await editor.textContent()) ?? '').toContain('调解');
      expect(await editor.textContent()).not.toContain('13812345678');
      expect(await aux.page.getByTestId('post-title').inputValue()).not.toBe('');
      expect(aux.problems).toEqual([]);
    } finally {
      await aux.context.close();
    }
  });

  it('the display shows a reconnecting mark when cut off, reconnects and catches up by itself', async () => {
    const boards = await json<{ items: Board[] }>(await police.get(`${API}/boards?siteId=${siteId}`), 200);
    const screen = await open(suite.browser, SCREEN);
    try {
      await screen.page.goto(`/board/${siteId}/display`);
      await screen.page.getByTestId('display-site').filter({ hasText: /\S/ }).waitFor();
      await screen.page.getByTestId('display-reconnecting').waitFor({ state: 'detached' });
      await markWindow(screen.page);

      // As when the server restarts: every connection is cut, and new ones are refused until it is back.
      await screen.page.route('**/bulletins/public/**', (route) => route.abort('connectionrefused'));
      suite.server.env.app.server.closeAllConnections();
      await screen.page.getByTestId('display-reconnecting').waitFor();

      // Published while the screen cannot hear it.
      const post = await json<Post>(
        await police.post(`${API}/posts`, {
          siteId,
          boardId: boards.items[0]!.id,
          title: '断线期间发布的提示',
          bodyHtml: '<p>电动车请到集中充电点充电。</p>',
          pinned: true,
        }),
        201,
      );
      await json(await police.post(`${API}/posts/${post.id}/approve`), 200);

      await screen.page.unroute('**/bulletins/public/**');
      await screen.page.getByTestId('display-latest').filter({ hasText: '断线期间发布的提示' }).waitFor();
      await screen.page.getByTestId('display-reconnecting').waitFor({ state: 'detached' });
      expect(await stillSameWindow(screen.page)).toBe(true);
      expect(screen.problems).toEqual([]);
    } finally {
      await screen.context.close();
    }
  });

  it('a post with a script shows on the public page without the script', async () => {
    const boards = await json<{ items: Board[] }>(await police.get(`${API}/boards?siteId=${siteId}`), 200);
    const post = await json<Post>(
      await police.post(`${API}/posts`, {
        siteId,
        boardId: boards.items[0]!.id,
        title: '脚本测试文章',
        bodyHtml:
          '<p>正常文字<script>window.__xss = 1</script></p><img src="x" onerror="window.__xss = 2"><p onclick="window.__xss = 3">可点</p>',
      }),
      201,
    );
    expect(post.bodyHtml).not.toMatch(/script|onerror|onclick/i);
    await json(await police.post(`${API}/posts/${post.id}/approve`), 200);

    const phone = await open(suite.browser, PHONE, true);
    try {
      await phone.page.goto(`/board/${siteId}`);
      const card = phone.page.getByTestId(`board-post-${post.id}`);
      await card.getByTestId('board-post-body').filter({ hasText: '正常文字' }).waitFor();
      expect(await card.locator('script').count()).toBe(0);
      expect(await card.locator('[onerror], [onclick]').count()).toBe(0);
      await card.getByText('可点').click();
      expect(
        await phone.page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
      ).toBeUndefined();
      const overflow = await phone.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
