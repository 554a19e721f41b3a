/**
 * Server errors in the console's language: after switching the console to English, a field error
 * raised by the server (a wrong current password) is shown in English beside the English labels.
 */
import { describe, expect, it } from 'vitest';
import { messages } from '../packages/web/src/app/catalogues.ts';
import { openConsole, saveScreenshot } from './support/browser.ts';
import { fieldError, signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

const en = messages.en;
const CJK = /[\u3400-\u9fff]/;

const suite = useServerAndBrowser();

describe('server errors in English', () => {
  it('a wrong current password is reported in English after the switch to English', async () => {
    const { context, page, problems } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'property');
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');

      // A reload keeps English (stored choice) and the form shows English labels.
      await page.goto('/account');
      await page.getByLabel(en['account.currentPassword'], { exact: true }).fill('not-my-password');
      await page.getByLabel(en['account.newPassword'], { exact: true }).fill('Another-pass-2026');
      await page.getByLabel(en['account.confirmPassword'], { exact: true }).fill('Another-pass-2026');
      const sent = page.waitForRequest(
        (r) => r.url().endsWith('/api/v1/auth/password') && r.method() === 'POST',
      );
      await page.getByRole('button', { name: en['account.submit'] }).click();
      expect((await sent).headers()['accept-language']).toBe('en');

      const error = fieldError(page, en['account.currentPassword']);
      await error.first().waitFor();
      const text = (await error.allTextContents()).join(' ').trim();
      expect(text).toBe('The current password is incorrect');
      expect(text).not.toMatch(CJK);
      await saveScreenshot(page, 'english-server-error.png');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
