/**
 * The duty-console loop of the article in a real browser, two sessions side by side: the police
 * console is open on the alerts page; a watch rule is set on a resident; the resident passes the
 * gate (a real photo from ../shared/faces/dev through the face terminal API); the toast appears in
 * the police console; the officer hands the alert to the property desk; the property console
 * shows it and resolves it with "健康证明已查验"; the police console shows it resolved.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../packages/server/src/db/client.ts';
import { shanghaiDate, shanghaiDayStart } from '../packages/server/src/platform/time.ts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { faceUntilDecided } from '../packages/server/test/gate-passage.ts';
import { signIn } from '../packages/server/test/harness.ts';
import { alerts } from '../packages/server/src/modules/alerts/schema.ts';
import { users } from '../packages/server/src/platform/org/schema.ts';
import { openConsole, saveScreenshot } from './support/browser.ts';
import { openFromMenu, signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

const FACES = path.resolve(import.meta.dirname, '../../shared/faces/dev');
const photo = (identity: string, n: number) => fs.readFileSync(path.join(FACES, identity, `${n}.jpg`));

const suite = useServerAndBrowser();
let gateToken = '';

async function openAlerts(page: Page): Promise<void> {
  await openFromMenu(page, '预警处置', '/alerts');
  // The live stream is connected before anything happens at the gate.
  await page.locator('[data-testid="stream-state"][data-state="open"]').waitFor();
}

describe('alerts duty console', () => {
  it('police sees the watched resident pass, hands it to the property desk, which resolves it', async () => {
    const { env } = suite.server;
    const police = await signIn(env.app, 'police');
    const property = await signIn(env.app, 'property');
    const siteId = police.me.sites[0]!.id;

    // A gate with a paired terminal.
    const gateId = (
      await property.post('/api/v1/access/gates', { siteId, name: '东门', direction: 'in' })
    ).json().id;
    const code = (await property.post(`/api/v1/access/gates/${gateId}/pairing-code`)).json().code;
    const token: string = (
      await env.app.inject({
        method: 'POST',
        url: '/api/v1/access/terminal/pair',
        payload: { code, name: '东门平板' },
      })
    ).json().token;

    // The resident, enrolled with separate consent from a real photo.
    const [residentUser] = await env.ctx.db.select().from(users).where(eq(users.username, 'resident'));
    const personId = residentUser!.personId!;
    const consent = await property.post(`/api/v1/access/persons/${personId}/consents`, {
      purpose: 'face_recognition',
      textVersion: 'face-2026-01',
      channel: 'in_person',
    });
    expect(consent.statusCode, consent.body).toBe(201);
    const enrolled = await property.request({
      method: 'POST',
      url: `/api/v1/access/persons/${personId}/faces`,
      payload: photo('Abdullah_Gul', 1),
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(201);

    // The police office watches for them: returnee health check.
    const rule = await police.post('/api/v1/alerts/watch-rules', {
      siteId,
      personId,
      purpose: '返乡人员健康核验',
      legalBasis: '《中华人民共和国传染病防治法》第三十九条；社区防控工作要求',
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      desk: 'police_office',
    });
    expect(rule.statusCode, rule.body).toBe(201);

    const pc = await openConsole(suite.browser, suite.server.url);
    const pr = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(pc.page, 'police');
      await openAlerts(pc.page);
      await signInAs(pr.page, 'property');
      await openAlerts(pr.page);

      // The resident looks at the gate camera.
      // The resident looks at the gate camera: frames until the gate decides the passage.
      const { result: passage } = await faceUntilDecided(env, token, photo('Abdullah_Gul', 2));
      expect(passage).toMatchObject({ decision: 'grant', reason: 'resident' });
      const eventId = passage.eventId;
      gateToken = token;

      // The toast in the police console.
      const toast = pc.page.locator('.anju-alert-toast').filter({ hasText: '关注人员' });
      await toast.first().waitFor({ timeout: 30_000 });
      expect(await toast.first().textContent()).toContain('东门');
      const [alert] = await env.ctx.db.select().from(alerts).where(eq(alerts.accessEventId, eventId));
      expect(alert).toBeDefined();
      const policeRow = pc.page.locator(`tr[data-row-key="${alert!.id}"]`);
      await policeRow.waitFor();
      await saveScreenshot(pc.page, 'alerts-police-toast.png');

      // The property console knows nothing of it yet.
      expect(await pr.page.locator(`tr[data-row-key="${alert!.id}"]`).count()).toBe(0);

      // Hand it to the property desk.
      await policeRow.getByTestId('alert-handoff').click();
      const handoff = pc.page.getByRole('dialog');
      await handoff.getByLabel('移交说明').fill('请查验其健康证明');
      await handoff.getByRole('button', { name: /确\s*定/ }).click();
      await policeRow.locator('[data-testid="alert-status"][data-status="new"]').waitFor();
      await policeRow.getByText('物业服务台').waitFor();

      // The property console shows it live, with a masked name and no watch-rule wording.
      const propertyRow = pr.page.locator(`tr[data-row-key="${alert!.id}"]`);
      await propertyRow.waitFor({ timeout: 30_000 });
      await pr.page.locator('.anju-alert-toast').filter({ hasText: '移交至本台' }).first().waitFor();
      const rowText = (await propertyRow.textContent()) ?? '';
      expect(rowText).toContain('请查验其健康证明');
      expect(rowText).not.toContain('关注人员');
      expect(rowText).not.toContain('返乡人员健康核验');
      await saveScreenshot(pr.page, 'alerts-property-handed.png');

      await propertyRow.getByTestId('alert-resolve').click();
      const resolveDialog = pr.page.getByRole('dialog');
      await resolveDialog.getByLabel('处置结果').fill('健康证明已查验');
      await resolveDialog.getByRole('button', { name: /确\s*定/ }).click();
      await propertyRow.locator('[data-status="resolved"]').waitFor();

      // The police console shows it resolved, with the desk's note.
      await policeRow
        .locator('[data-testid="alert-status"][data-status="resolved"]')
        .waitFor({ timeout: 30_000 });
      await policeRow.getByText('健康证明已查验').waitFor();
      await saveScreenshot(pc.page, 'alerts-police-resolved.png');

      const [stored] = await env.ctx.db.select().from(alerts).where(eq(alerts.id, alert!.id));
      expect(stored).toMatchObject({
        status: 'resolved',
        resolution: '健康证明已查验',
        desk: 'property_desk',
      });
      expect(pc.problems).toEqual([]);
      expect(pr.problems).toEqual([]);
    } finally {
      await pc.context.close();
      await pr.context.close();
    }
  });

  it('shows the duty board with charts on the dashboard, and hides small counts in public-board mode', async () => {
    // The first test's passage may fall on yesterday (Asia/Shanghai) when the run crosses midnight:
    // then today's one entry is made here, by the same resident's QR code.
    const today = shanghaiDayStart(shanghaiDate(new Date()));
    const [{ n }] = (await queryRows<{ n: number }>(
      suite.server.env.ctx.db,
      sql`SELECT count(*)::int AS n FROM access_events WHERE decision = 'grant' AND at >= ${today}`,
    )) as [{ n: number }];
    if (n === 0) {
      const resident = await signIn(suite.server.env.app, 'resident');
      const qr = (await resident.get('/api/v1/access/me/qr')).json().code as string;
      const again = await suite.server.env.app.inject({
        method: 'POST',
        url: '/api/v1/access/terminal/credential',
        payload: { method: 'qr', value: qr },
        headers: { authorization: `Bearer ${gateToken}` },
      });
      expect(again.json()).toMatchObject({ decision: 'grant' });
    }
    const { context, page, problems } = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(page, 'police');
      const board = page.getByTestId('duty-board');
      await board.waitFor();
      await page.getByTestId('duty-chart-hours').locator('canvas').waitFor();
      await board.getByText('东门').waitFor();
      await page.getByTestId('duty-in').getByText('1', { exact: true }).waitFor();
      await saveScreenshot(page, 'alerts-duty-board.png');
      await page.getByTestId('duty-wide').click();
      await page.getByTestId('duty-in').locator('[data-suppressed="true"]').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lets police review watch rules and tune the built-in rules; the property menu has neither', async () => {
    const pc = await openConsole(suite.browser, suite.server.url);
    const pr = await openConsole(suite.browser, suite.server.url);
    try {
      await signInAs(pc.page, 'police');
      await pc.page.getByTestId('side-menu').getByRole('menuitem', { name: '布控管理' }).click();
      const rules = pc.page.getByTestId('watch-rules');
      await rules.getByText('返乡人员健康核验').waitFor();
      await rules.getByText('生效中').first().waitFor();
      await rules.locator('.ant-spin-blur').waitFor({ state: 'detached' });
      await saveScreenshot(pc.page, 'alerts-watch-rules.png');

      await pc.page.getByTestId('side-menu').getByRole('menuitem', { name: '预警设置' }).click();
      const settings = pc.page.getByTestId('alert-rules');
      await settings.getByText('陌生人员（未识别人脸）').waitFor();
      const row = settings.locator('tr').filter({ hasText: '门禁设备离线' });
      await row.getByRole('button', { name: /调\s*整/ }).click();
      const dialog = pc.page.getByRole('dialog');
      await dialog.getByLabel('离线时长（分钟）').fill('1');
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      // The server's bound (at least 2 minutes) is shown beside the field.
      await dialog.getByText('离线时长（分钟）不能小于 2').waitFor();
      await dialog.getByLabel('离线时长（分钟）').fill('15');
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await row.getByText('离线时长（分钟）: 15').waitFor();
      await saveScreenshot(pc.page, 'alerts-settings.png');
      expect(pc.problems).toEqual([]);

      await signInAs(pr.page, 'property');
      const menu = pr.page.getByTestId('side-menu');
      await menu.getByRole('menuitem', { name: '预警处置' }).waitFor();
      expect(await menu.getByRole('menuitem', { name: '布控管理' }).count()).toBe(0);
      expect(await menu.getByRole('menuitem', { name: '预警设置' }).count()).toBe(0);
      await pr.page.goto('/alerts/watch-rules');
      await pr.page.waitForURL((u) => !u.pathname.startsWith('/alerts/watch-rules'));
      expect(pr.problems).toEqual([]);
    } finally {
      await pc.context.close();
      await pr.context.close();
    }
  });
});
