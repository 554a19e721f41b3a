import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from './server.ts';

/** Signs in through the login form (zh-CN) and waits until the shell is shown. */
export async function signInAs(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('side-menu').waitFor();
}

/** The antd error text shown under a form field (by its label). */
export function fieldError(page: Page, label: string) {
  return page
    .locator('.ant-form-item')
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .locator('.ant-form-item-explain-error');
}
