/**
 * Issue 2 acceptance in a real browser: police signs in, sees the dashboard and exactly the menu
 * of its role, switches to English, logs out; property signs in and the police-only entries are
 * absent. A screenshot of the police dashboard goes to test-artifacts/dashboard-police.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { menuFor, type Role } from '@anju/contracts';
import { type MessageKey, messages } from '../packages/web/src/app/catalogues.ts';
import { launchBrowser, openConsole, saveScreenshot } from './support/browser.ts';
import { DEMO_PASSWORD, openTarget, type Target } from './support/server.ts';
import { actUntil } from './support/console.ts';

type Lang = keyof typeof messages;
const label = (lang: Lang, key: string) => messages[lang][key as MessageKey] ?? key;
const menuLabels = (role: Role, lang: Lang) =>
  menuFor(role)
    .map((item) => label(lang, item.label))
    .sort();

let server: Target;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([openTarget(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(page: Page, username: string, screenshot?: string): Promise<void> {
  await page.goto('/');
  await page.waitForURL('**/login');
  const usernameField = page.getByLabel('用户名', { exact: true });
  await usernameField.waitFor();
  if (screenshot) await saveScreenshot(page, screenshot);
  await usernameField.fill(username);
  await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('dashboard').waitFor();
}

/** The side menu's entries (leaves, groups open by default), sorted, once it has rendered. */
async function sideMenu(page: Page): Promise<string[]> {
  const items = page.getByTestId('side-menu').locator('li.ant-menu-item');
  await items.first().waitFor();
  return (await items.allTextContents()).map((s) => s.trim()).sort();
}

describe('console foundation', () => {
  it('police: dashboard, role menu, English switch, logout', async () => {
    const { context, page, problems } = await openConsole(browser, server.url);
    try {
      await signIn(page, 'police', 'login.png');
      expect(new URL(page.url()).pathname).toBe('/');

      // Dashboard with the demo compound and the user's name and role.
      const sites = page.getByTestId('sites');
      await sites.getByText('安居示范小区（演示数据）').waitFor();
      await page.getByTestId('welcome').getByText('王警官（演示）').waitFor();
      expect((await page.getByTestId('role-label').textContent())?.trim()).toBe('民警');

      // The menu is exactly the police entries of the shared MENU table.
      const zhMenu = menuLabels('police', 'zh-CN');
      expect(zhMenu).toContain('审计日志');
      expect(await sideMenu(page)).toEqual(zhMenu);

      await page.waitForLoadState('networkidle');
      const shot = await saveScreenshot(page, 'dashboard-police.png');
      console.log(`dashboard screenshot: ${shot}`);

      // English.
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('side-menu').getByRole('menuitem', { name: 'Audit log' }).waitFor();
      expect(await sideMenu(page)).toEqual(menuLabels('police', 'en'));
      expect((await page.getByTestId('role-label').textContent())?.trim()).toBe('Police officer');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByText('Accounts by role').waitFor();
      await saveScreenshot(page, 'dashboard-police-en.png');

      // Log out: back on the login page (still in English), and the session is gone.
      // Twice in CI at the end of a loaded run the login form never came after one click on the
      // menu item (cause not found; the click may land while the dropdown is still moving), so the
      // menu is opened and the item clicked again until the form shows. The session must be gone.
      const loginForm = page.getByRole('button', { name: 'Sign in' });
      const logOut = page.getByRole('menuitem', { name: 'Log out' });
      await actUntil(
        async () => {
          if (!(await logOut.isVisible())) await page.getByTestId('user-menu').click();
          await logOut.click({ timeout: 5_000 });
          await loginForm.waitFor({ timeout: 10_000 });
        },
        () => loginForm.isVisible(),
      );
      await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
      const me = await page.request.get('/api/v1/auth/me');
      expect(me.status()).toBe(401);
      await page.goto('/audit');
      await page.waitForURL('**/login?next=%2Faudit');

      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('property: police-only menu entries are absent', async () => {
    const { context, page, problems } = await openConsole(browser, server.url);
    try {
      await signIn(page, 'property');
      expect((await page.getByTestId('role-label').textContent())?.trim()).toBe('物业');

      const zhMenu = await sideMenu(page);
      expect(zhMenu).toEqual(menuLabels('property', 'zh-CN'));
      expect(zhMenu).toContain('工作台');
      for (const absent of ['审计日志', '用户管理']) {
        expect(zhMenu).not.toContain(absent);
        expect(await page.getByText(absent, { exact: true }).count()).toBe(0);
      }

      await page.getByTestId('lang-switch').click();
      await page.getByTestId('side-menu').getByRole('menuitem', { name: 'Dashboard' }).waitFor();
      const enMenu = await sideMenu(page);
      expect(enMenu).toEqual(menuLabels('property', 'en'));
      expect(enMenu).not.toContain('Audit log');
      expect(enMenu).not.toContain('Users');

      // Typing the address does not help either: the guard sends property back to its start page.
      await page.goto('/audit');
      await page.getByTestId('dashboard').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');

      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
