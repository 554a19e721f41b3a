/**
 * The mediation statistics on the demo data (issue 16): the page shows the article's figures as
 * the server computes them from the seeded cases — 125 concluded with an agreement, 100 % success,
 * 100 % fulfilment — and the mediator lands on their cases; the dashboard counts overdue cases and
 * links to the list filtered by them. Screenshot
 * test-artifacts/mediation-stats-demo.png.
 */
import { describe, expect, it } from 'vitest';
import type { MediationStats } from '@anju/contracts';
import { incidentsDemoSeeder } from '../packages/server/src/modules/incidents/seed.ts';
import { DEMO_CONCLUDED, mediationDemoSeeder } from '../packages/server/src/modules/mediation/seed.ts';
import { registrySeeder, SMALL_REGISTRY } from '../packages/server/src/modules/registry/seed.ts';
import { signIn } from '../packages/server/test/harness.ts';
import { openConsole, saveScreenshot } from './support/browser.ts';
import { signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

const suite = useServerAndBrowser({
  seeders: [registrySeeder(SMALL_REGISTRY), incidentsDemoSeeder, mediationDemoSeeder],
});

describe('mediation statistics on the demo data', () => {
  it('shows 125 concluded, 100 % success and 100 % fulfilment, as GET /mediation/stats computes', async () => {
    const police = await signIn(suite.server.env.app, 'police');
    const siteId = police.me.sites[0]!.id;
    const res = await police.get(`/api/v1/mediation/stats?siteId=${siteId}`);
    expect(res.statusCode, res.body).toBe(200);
    const stats = res.json() as MediationStats;
    expect(stats).toMatchObject({
      concluded: DEMO_CONCLUDED,
      agreements: DEMO_CONCLUDED,
      successRate: 1,
      fulfilmentRate: 1,
    });
    const { page, problems, context } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'police');
      await page.goto('/mediation/stats');
      const figure = (key: string) => page.getByTestId(`stat-${key}`).locator('.ant-statistic-content');
      await expect.poll(() => figure('concluded').textContent()).toBe(String(stats.concluded));
      expect(await figure('accepted').textContent()).toBe(String(stats.accepted));
      expect(await figure('onSpot').textContent()).toBe(String(stats.onSpot));
      expect(await figure('twoPlusN').textContent()).toBe(String(stats.twoPlusN));
      expect(await figure('successRate').textContent()).toBe('100%');
      expect(await figure('fulfilmentRate').textContent()).toBe('100%');
      expect(await figure('avgDays').textContent()).toBe(stats.avgDaysToConclude?.toFixed(1) ?? '—');
      await page.getByTestId('chart-by-type').locator('canvas').waitFor();
      await page.getByTestId('chart-by-month').locator('canvas').waitFor();
      await saveScreenshot(page, 'mediation-stats-demo.png');
      // English: the same figures under English titles.
      await page.getByText('English').click();
      await expect.poll(() => page.getByTestId('stat-successRate').textContent()).toContain('Success rate');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the mediator lands on the cases of their teams', async () => {
    const { page, problems, context } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'mediator');
      await page.waitForURL(/\/mediation$/);
      await expect
        .poll(() => page.getByTestId('case-table').locator('tbody tr.ant-table-row').count())
        .toBeGreaterThan(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the dashboard counts overdue cases and opens the list filtered by them', async () => {
    const police = await signIn(suite.server.env.app, 'police');
    const siteId = police.me.sites[0]!.id;
    // A phone call taken two hours ago that nobody has returned: first contact overdue.
    const created = await police.post('/api/v1/mediation/cases', {
      siteId,
      source: 'phone',
      type: 'noise',
      facts: '来电反映楼上深夜噪音，尚未回访',
      risk: 'low',
      acceptedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      parties: [
        { role: 'applicant', name: '来电人甲', phone: '13900002222' },
        { role: 'respondent', name: '楼上住户乙' },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const serial = created.json().serial as string;
    const res = await police.get(`/api/v1/mediation/overdue?siteId=${siteId}`);
    expect(res.statusCode, res.body).toBe(200);
    const counts = res.json() as { firstContact: number; grading: number; conclude: number; total: number };
    expect(counts.firstContact).toBeGreaterThanOrEqual(1);
    const { page, problems, context } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'police');
      await page.goto('/');
      const figure = (key: string) =>
        page.getByTestId(`mediation-overdue-${key}`).locator('.ant-statistic-content');
      await expect.poll(() => figure('total').textContent()).toBe(String(counts.total));
      expect(await figure('firstContact').textContent()).toBe(String(counts.firstContact));
      expect(await figure('grading').textContent()).toBe(String(counts.grading));
      expect(await figure('conclude').textContent()).toBe(String(counts.conclude));
      // The link opens the case list filtered to overdue cases, the new call among them.
      await page.getByTestId('mediation-overdue-link').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('overdue')).toBe('true');
      await expect.poll(() => page.getByTestId('filter-overdue').isChecked()).toBe(true);
      await expect.poll(() => page.locator('body').textContent()).toContain(serial);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
