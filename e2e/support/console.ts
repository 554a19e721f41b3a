import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from './server.ts';

/** Signs in through the login form (zh-CN) and waits until the shell is shown. */
export async function signInAs(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('side-menu').waitFor();
}

/** Opens a page from the side menu by its name and waits for its path (e.g. '/access/events'). */
export async function openFromMenu(page: Page, name: string, path: string): Promise<void> {
  await page.getByTestId('side-menu').getByRole('menuitem', { name }).click();
  await page.waitForURL(`**${path}`);
}

/** The antd error text shown under a form field (by its label). */
export function fieldError(page: Page, label: string) {
  return page
    .locator('.ant-form-item')
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .locator('.ant-form-item-explain-error');
}

/**
 * Ant Design popups (menus, popconfirms, tree-selects) move while they open, and on a loaded
 * machine a click can land mid-animation and be lost (seen in CI for the logout menu, a
 * popconfirm and a tree-select). `act` is repeated until `done` holds: a lost click is retried,
 * a real failure still fails after the timeout. `act` should check the popup's state itself
 * (open it only when closed), since it may run while an earlier try is still taking effect.
 */
export async function actUntil(
  act: () => Promise<void>,
  done: () => Promise<boolean>,
  timeout = 60_000,
): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await done()) return true;
        await act().catch(() => undefined);
        return done();
      },
      { timeout, interval: 500 },
    )
    .toBe(true);
}
