/**
 * Issue 10 §2 in the console: the property desk's person drawer shows the birth year and the
 * household registration by name (never the birth date, the hukou address or its 6-digit code);
 * the police drawer is unchanged; the police officer states a purpose before exporting the access
 * log, and the export is audited with it; the property desk exports without one (its rows carry
 * no person keys).
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { PersonDetail } from '@anju/contracts';
import { queryRows } from '../packages/server/src/db/client.ts';
import { signIn } from '../packages/server/test/harness.ts';
import { openConsole, saveScreenshot } from './support/browser.ts';
import { signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

const suite = useServerAndBrowser();

describe('privacy: minimum necessary in the console', () => {
  it('the property desk sees a birth year and a region name; the police see the full record', async () => {
    const police = await signIn(suite.server.env.app, 'police');
    const property = await signIn(suite.server.env.app, 'property');
    const hit = (await police.get('/api/v1/registry/search?q=z'))
      .json()
      .items.find((i: { kind: string }) => i.kind === 'person') as { id: string };
    const full = (await police.get(`/api/v1/registry/persons/${hit.id}`)).json() as PersonDetail;
    const masked = (await property.get(`/api/v1/registry/persons/${hit.id}`)).json() as PersonDetail;
    expect(full.birthDate).toBeTruthy();
    expect(masked.hukouRegion).toBeTruthy();

    const { context, page, problems } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'property');
      await page.goto(`/registry/search?person=${hit.id}`);
      const drawer = page.getByTestId('person-drawer');
      await drawer.getByText('已脱敏').waitFor();
      expect(await drawer.getByTestId('person-birth-year').textContent()).toBe(`${masked.birthYear} 年`);
      expect(await drawer.getByTestId('person-hukou-region').textContent()).toBe(masked.hukouRegion);
      const text = (await drawer.textContent()) ?? '';
      expect(text).not.toContain(full.birthDate!);
      if (full.hukouRegionCode) expect(text).not.toContain(full.hukouRegionCode);
      if (full.hukouAddress) expect(text).not.toContain(full.hukouAddress);
      await saveScreenshot(page, 'privacy-person-property.png');
      await context.clearCookies();

      await signInAs(page, 'police');
      await page.goto(`/registry/search?person=${hit.id}`);
      await page.getByTestId('person-drawer').getByText(full.idNumber).waitFor();
      expect(await page.getByTestId('person-drawer').textContent()).toContain(full.birthDate!);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('police state a purpose before exporting the access log; property exports without one', async () => {
    const { context, page, problems } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'police');
      await page.goto('/access/events');
      await page.getByTestId('access-export').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('须填写导出事由').waitFor();
      await dialog.getByRole('button', { name: /导\s*出/ }).click();
      await dialog.getByText('请填写导出事由').waitFor();
      await dialog.getByLabel('导出事由', { exact: true }).fill('治安巡查通行统计');
      await saveScreenshot(page, 'privacy-access-export-purpose.png');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.getByRole('button', { name: /导\s*出/ }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const audit = await queryRows<{ purpose: string }>(
        suite.server.env.ctx.db,
        sql`SELECT purpose FROM audit_log WHERE action = 'access.export' AND actor_name = 'police'`,
      );
      expect(audit.map((a) => a.purpose).join()).toContain('治安巡查通行统计');
      await context.clearCookies();

      await signInAs(page, 'property');
      await page.goto('/access/events');
      const link = page.getByTestId('access-export');
      expect(await link.getAttribute('href')).toContain('/api/v1/access/events/export');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
