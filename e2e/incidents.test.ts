/**
 * Incidents in the staff console (issue 15), in Chromium at desk size:
 * 1. police import a small CSV of dispatch calls (警情导入): upload → the server's guessed column
 *    mapping → "skip bad rows" → progress; the one row with an impossible date is listed with its
 *    row number and field, the other rows are imported and found in the register;
 * 2. the analysis page (分析研判) shows the generated summary and draws its charts (screenshot
 *    test-artifacts/incidents-analysis.png);
 * 3. a stranger alert at a gate is turned into an incident from the alert's detail (转为警情): the
 *    incident carries the alert, the gate as its place and the channel "gate alert";
 * 4. police record a call through the register's form: a category from the tree, a named public
 *    place of the compound, a summary; the server has it with that place.
 *
 * The server runs the small demo compound with the incidents module's demo year of calls.
 * The CSV is written to a temporary file by the test; its category names are read from the site's
 * seeded category tree, and its times are a few days before now, so they are never in the future.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, IncidentCategory } from '@anju/contracts';
import { createAlert, withAlertWrite } from '../packages/server/src/modules/alerts/store.ts';
import { incidentsDemoSeeder } from '../packages/server/src/modules/incidents/seed.ts';
import { registrySeeder, SMALL_REGISTRY } from '../packages/server/src/modules/registry/seed.ts';
import { type Client, signIn } from '../packages/server/test/harness.ts';
import { openConsole, saveScreenshot } from './support/browser.ts';
import { actUntil, signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

// The small demo compound with the incidents module's year of demo calls, so the analysis page has
// a year to compare against.
const suite = useServerAndBrowser({ seeders: [registrySeeder(SMALL_REGISTRY), incidentsDemoSeeder] });

let police: Client;
let siteId: string;
let tmpDir: string;
let csvFile: string;
let fraudCategory: IncidentCategory;
const MARK = `E2E${Date.now().toString(36).toUpperCase()}`;

/** An API call that must succeed; answers its JSON. */
async function ok<T>(call: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200) {
  const res = await call;
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

/** "YYYY-MM-DD HH:mm" in Beijing time, `days` before now at the given hour. */
function beijing(daysAgo: number, hour: number): string {
  const d = new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000);
  return `${d.toISOString().slice(0, 10)} ${String(hour).padStart(2, '0')}:15`;
}

beforeAll(async () => {
  police = await signIn(suite.server.env.app, 'police');
  siteId = police.me.sites[0]!.id;
  const { items } = await ok<{ items: IncidentCategory[] }>(
    police.get(`/api/v1/incidents/categories?siteId=${siteId}`),
  );
  const leaf = (group: string) =>
    items.find((c) => c.group === group && c.parentId !== null && c.active) ??
    items.find((c) => c.group === group && c.active);
  const fraud = leaf('fraud');
  const dispute = leaf('dispute');
  const help = leaf('help');
  if (!fraud || !dispute || !help) throw new Error(`categories not seeded: ${JSON.stringify(items)}`);
  fraudCategory = fraud;
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-inc-'));
  csvFile = path.join(tmpDir, 'dispatch-calls.csv');
  const rows = [
    ['接警时间', '警情类别', '发生地点', '简要警情', '警情编号'],
    [beijing(3, 20), fraud.nameZh, '中心广场', `${MARK} 冒充客服电话诈骗`, `${MARK}-1`],
    [beijing(4, 10), dispute.nameZh, '地下车库', `${MARK} 楼上噪音纠纷`, `${MARK}-2`],
    ['2026-13-45 25:00', help.nameZh, '中心广场', `${MARK} 老人走失求助`, `${MARK}-3`],
    [beijing(5, 21), help.nameZh, '儿童游乐区', `${MARK} 钥匙锁在屋内求助`, `${MARK}-4`],
  ];
  fs.writeFileSync(csvFile, `${rows.map((r) => r.join(',')).join('\n')}\n`);
});

afterAll(() => {
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('incidents in the console', () => {
  it('police import a CSV of calls, skipping the row with a bad date, which is named with its row', async () => {
    const { page, problems, context } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'police');
      await page.goto('/incidents/import');
      await page.getByTestId('incident-import').locator('input[type=file]').setInputFiles(csvFile);
      const mapping = page.getByTestId('import-mapping');
      await mapping.waitFor();
      // The server guessed each column from its Chinese header.
      for (const field of ['receivedAt', 'category', 'place', 'summary', 'externalRef']) {
        await expect.poll(() => page.getByTestId(`map-${field}`).textContent()).not.toContain('不导入');
      }
      await page.getByTestId('import-mode').getByText('跳过错误行').click();
      await page.getByTestId('import-start').click();
      const status = page.getByTestId('import-status');
      await expect.poll(() => status.textContent()).toContain('已完成');
      expect(await status.textContent()).toContain('导入 3 行');
      const errors = page.getByTestId('import-errors');
      // The header is row 1: the bad third call is row 4.
      await expect.poll(() => errors.locator('tbody tr').first().textContent()).toMatch(/^4/);
      await saveScreenshot(page, 'incidents-import.png');

      const list = await ok<{ items: Incident[]; total: number }>(
        police.get(`/api/v1/incidents?siteId=${siteId}&q=${MARK}`),
      );
      expect(list.items.map((i) => i.externalRef).sort()).toEqual([`${MARK}-1`, `${MARK}-2`, `${MARK}-4`]);
      expect(list.items.every((i) => i.source === 'import')).toBe(true);

      await page.goto(`/incidents?q=${MARK}`);
      await expect.poll(() => page.getByTestId('incident-table').locator('tbody tr').count()).toBe(3);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the analysis page states the summary in words and draws its charts', async () => {
    const { page, problems, context } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'police');
      await page.goto('/incidents/analysis');
      const summary = page.getByTestId('analysis-summary');
      await expect.poll(() => summary.textContent()).toMatch(/起/);
      const analysis = await ok<{
        total: number;
        summary: { zh: string[] };
        byBuilding: { buildingId: string; count: number }[];
      }>(police.get(`/api/v1/incidents/analysis?siteId=${siteId}&months=12`));
      expect(analysis.total).toBeGreaterThanOrEqual(3);
      for (const sentence of analysis.summary.zh) expect(await summary.textContent()).toContain(sentence);
      // The building map: one tile per building of the compound, each with its count.
      const tiles = page.getByTestId('building-map').locator('.inc-building');
      await expect.poll(() => tiles.count()).toBe(analysis.byBuilding.length);
      const busiest = [...analysis.byBuilding].sort((x, y) => y.count - x.count)[0]!;
      expect(await page.getByTestId(`building-${busiest.buildingId}`).textContent()).toContain(
        String(busiest.count),
      );
      for (const chart of ['chart-trend', 'chart-heatmap', 'chart-categories', 'chart-share']) {
        await expect.poll(() => page.getByTestId(chart).locator('canvas').count()).toBeGreaterThan(0);
      }
      await saveScreenshot(page, 'incidents-analysis.png');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a stranger alert at a gate becomes an incident from the alert detail', async () => {
    const { items: gates } = await ok<{ items: { id: string; siteId: string; name: string }[] }>(
      police.get('/api/v1/access/gates'),
    );
    const gate =
      gates.find((g) => g.siteId === siteId) ??
      (await ok<{ id: string; name: string }>(
        police.post('/api/v1/access/gates', { siteId, name: '东门', direction: 'both' }),
        201,
      ));
    const { result: alert } = await withAlertWrite(suite.server.env.ctx.db, new Date(), (w) =>
      createAlert(w, {
        siteId,
        kind: 'stranger',
        level: 'warning',
        desk: 'police_office',
        at: new Date(Date.now() - 60_000),
        gateId: gate.id,
      }),
    );
    const { page, problems, context } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'police');
      await page.goto('/alerts');
      await page.getByTestId('alert-title').first().click();
      await page.getByTestId('alert-to-incident').click();
      await page.getByTestId('alert-incident-category').click();
      await page
        .locator('.ant-select-dropdown:visible .ant-select-tree-title')
        .filter({ hasText: fraudCategory.nameZh })
        .first()
        .click();
      await page.getByTestId('alert-to-incident-ok').click();
      await page.getByTestId('alert-incident-link').waitFor();
      const list = await ok<{ items: Incident[] }>(
        police.get(`/api/v1/incidents?siteId=${siteId}&channel=gate_alert`),
      );
      const made = list.items.find((i) => i.alertId === alert.id);
      expect(made).toMatchObject({ channel: 'gate_alert', categoryId: fraudCategory.id });
      expect(made!.place).toMatchObject({ kind: 'gate', gateId: gate.id });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('police record a call through the register form with a public place of the compound', async () => {
    const { page, problems, context } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'police');
      await page.goto('/incidents');
      await page.getByTestId('incident-new').click();
      const form = page.getByTestId('incident-form');
      // Each choice waits for its dropdown to close: a closing list still matches ':visible' and
      // its options would be taken for the next select's.
      const openList = page.locator('.ant-select-dropdown:visible');
      // The category: under load a click on the tree's title was lost once in CI (the select kept
      // its placeholder), so the list is opened and the title clicked again until the choice shows.
      const category = page.getByTestId('incident-category');
      await actUntil(
        async () => {
          if ((await openList.count()) === 0) await category.click({ timeout: 5_000 });
          await openList
            .locator('.ant-select-tree-title')
            .filter({ hasText: fraudCategory.nameZh })
            .first()
            .click({ timeout: 5_000 });
        },
        async () => ((await category.textContent()) ?? '').includes(fraudCategory.nameZh),
      );
      await expect.poll(() => openList.count()).toBe(0);
      // The kind of place, until the select shows it and its list has closed (a click on an
      // option still animating in can be lost; CI saw the list stay open).
      const placeKind = page.getByTestId('place-picker').locator('.ant-select').first();
      await actUntil(
        async () => {
          if ((await openList.count()) === 0) await placeKind.click({ timeout: 5_000 });
          await openList
            .locator('.ant-select-item-option')
            .filter({ hasText: '公共场所' })
            .click({ timeout: 5_000 });
        },
        async () =>
          ((await placeKind.textContent()) ?? '').includes('公共场所') && (await openList.count()) === 0,
      );
      await page.getByTestId('place-picker').locator('.ant-select').nth(1).click();
      const place = openList.locator('.ant-select-item-option').first();
      const placeName = (await place.textContent())!.trim();
      await place.click();
      await expect.poll(() => openList.count()).toBe(0);
      await form.getByLabel('简要警情').fill(`${MARK}F 居民接到冒充公检法电话`);
      await page.getByTestId('incident-save').click();
      // Saved: the drawer stays open for the people involved (police hold incidents.people).
      const people = page.getByTestId('incident-people');
      await people.waitFor();
      // Its list has loaded (nobody linked yet) without an error from the people route.
      await people.locator('.ant-list-empty-text').waitFor();
      expect(await people.locator('.ant-alert-error').count()).toBe(0);
      const list = await ok<{ items: Incident[] }>(
        police.get(`/api/v1/incidents?siteId=${siteId}&q=${MARK}F`),
      );
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({ channel: '110', categoryId: fraudCategory.id, source: 'manual' });
      expect(list.items[0]!.place).toMatchObject({ kind: 'public_place', label: placeName });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
