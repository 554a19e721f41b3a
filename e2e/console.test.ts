/**
 * The foundation console pages in a real browser: audit search with filters in the URL and the
 * hash-chain check, user management with per-field server errors, password change errors, and
 * the resident's start page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { menuFor } from '@anju/contracts';
import { type MessageKey, messages } from '../packages/web/src/app/catalogues.ts';
import { launchBrowser, openConsole, saveScreenshot } from './support/browser.ts';
import { fieldError, openFromMenu, signInAs } from './support/console.ts';
import { openTarget, type Target } from './support/server.ts';

let server: Target;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([openTarget(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('console pages', () => {
  it('police searches the audit log (filters in the URL) and verifies the hash chain', async () => {
    const { context, page, problems } = await openConsole(browser, server.url);
    try {
      await signInAs(page, 'police');
      await openFromMenu(page, '审计日志', '/audit');
      const table = page.locator('.ant-table-tbody');
      await table.getByText('登录', { exact: true }).first().waitFor();

      await page.getByLabel('动作', { exact: true }).fill('auth.login');
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.waitForURL(/[?&]action=auth\.login/);
      // The URL changes before the filtered page arrives: wait for the rows to follow it.
      await expect
        .poll(async () => {
          const actions = await table.locator('tr.ant-table-row td:nth-child(4)').allTextContents();
          return actions.length > 0 ? [...new Set(actions.map((a) => a.trim()))] : [];
        })
        .toEqual(['登录']);

      // A reload keeps the search: the form is filled from the URL.
      await page.reload();
      await table.locator('tr.ant-table-row').first().waitFor();
      expect(await page.getByLabel('动作', { exact: true }).inputValue()).toBe('auth.login');

      await page.getByTestId('verify-chain').click();
      const result = page.getByTestId('verify-result');
      await result.waitFor();
      expect((await result.textContent())?.trim()).toContain('哈希链完整');
      await saveScreenshot(page, 'audit-police.png');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('admin creates a user: server field errors appear beside the field; then deactivates it', async () => {
    const { context, page, problems } = await openConsole(browser, server.url);
    try {
      await signInAs(page, 'admin');
      await page.getByTestId('side-menu').getByRole('menuitem', { name: '用户管理' }).click();
      await page.locator('.ant-table-tbody').getByText('police', { exact: true }).waitFor();

      await page.getByRole('button', { name: '新建用户' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('用户名', { exact: true }).fill('police');
      await dialog.getByLabel('姓名', { exact: true }).fill('测试保安');
      await dialog.getByLabel('初始密码', { exact: true }).fill('short');
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      // The shared zod password rule runs in the browser before anything is sent.
      await fieldError(page, '初始密码').getByText('密码至少 10 位').waitFor();

      await dialog.getByLabel('初始密码', { exact: true }).fill('Guard-pass-2026');
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      // Taken username: the server's 409 names body.username, shown under that field.
      await fieldError(page, '用户名').getByText('用户名已存在').waitFor();

      await dialog.getByLabel('用户名', { exact: true }).fill('guard01');
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      // The dialog closes once the user exists and the list is refreshed; if it stays open, say why.
      await dialog.waitFor({ state: 'hidden' }).catch(async () => {
        throw new Error(`the create dialog stayed open: ${await dialog.textContent().catch(() => '?')}`);
      });
      const row = page.locator('tr.ant-table-row').filter({ hasText: 'guard01' });
      await row.getByText('正常').waitFor();

      await row.getByRole('button', { name: /停\s*用/ }).click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定/ })
        .click();
      await row.getByText('已停用').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a wrong current password is shown under that field', async () => {
    const { context, page, problems } = await openConsole(browser, server.url);
    try {
      await signInAs(page, 'property');
      await page.goto('/account');
      await page.getByLabel('当前密码', { exact: true }).fill('not-my-password');
      await page.getByLabel('新密码', { exact: true }).fill('Another-pass-2026');
      await page.getByLabel('确认新密码', { exact: true }).fill('Another-pass-2026');
      await page.getByRole('button', { name: '确认修改' }).click();
      await fieldError(page, '当前密码').getByText('当前密码不正确').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a resident (no dashboard) lands on its first menu page; unknown paths show 404', async () => {
    const { context, page, problems } = await openConsole(browser, server.url);
    try {
      await signInAs(page, 'resident');
      const home = menuFor('resident')[0]!.path;
      await page.waitForURL((url) => url.pathname === home);
      const menu = (await page.getByTestId('side-menu').locator('li.ant-menu-item').allTextContents()).map(
        (m) => m.trim(),
      );
      expect(menu.sort()).toEqual(
        menuFor('resident')
          .map((i) => messages['zh-CN'][i.label as MessageKey] ?? i.label)
          .sort(),
      );
      expect(menu).toContain('个人中心');
      expect(menu).not.toContain('工作台');

      await page.goto('/no-such-page');
      await page.getByText('您访问的页面不存在或已被移除').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
