/**
 * The resident's own data in a real browser (issue 10 §8): on their phone page (我的住户) the
 * resident downloads their file — it carries their name and none of their secrets — and asks for
 * their mobile number to be corrected; the property desk finds the request on its alerts console,
 * accepts it and has the record corrected; back on the phone, the resident sees it accepted.
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SubjectExport } from '@anju/contracts';
import { queryRows } from '../packages/server/src/db/client.ts';
import { signIn } from '../packages/server/test/harness.ts';
import { saveScreenshot } from './support/browser.ts';
import { signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

const CARD_NUMBER = '5B2E7701AC';
const NEW_PHONE = '13900004321';

const suite = useServerAndBrowser();
let resident: { personId: string; name: string };
let pin: string;

async function newPage(viewport: { width: number; height: number }) {
  const context: BrowserContext = await suite.browser.newContext({
    baseURL: suite.server.url,
    locale: 'zh-CN',
    viewport,
    deviceScaleFactor: 1,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  return { context, page, problems };
}

const PHONE = { width: 390, height: 844 };

async function openMyHousehold(page: Page) {
  await signInAs(page, 'resident');
  await page.goto('/my-household');
  await page.getByTestId('my-data').waitFor();
}

beforeAll(async () => {
  const [row] = await queryRows<{ person_id: string; name: string }>(
    suite.server.env.ctx.db,
    sql`SELECT u.person_id, p.name FROM users u JOIN persons p ON p.id = u.person_id WHERE u.username = 'resident'`,
  );
  if (!row) throw new Error('the demo resident is linked to no person');
  resident = { personId: row.person_id, name: row.name };
  // Secrets the file must never carry: a card of known number and a PIN, issued by the desk.
  const property = await signIn(suite.server.env.app, 'property');
  const card = await property.post(`/api/v1/access/persons/${resident.personId}/cards`, {
    cardNumber: CARD_NUMBER,
  });
  expect(card.statusCode, card.body).toBe(201);
  const issued = await property.post(`/api/v1/access/persons/${resident.personId}/pin`);
  expect(issued.statusCode, issued.body).toBe(201);
  pin = issued.json().pin;
});

describe('the resident’s own data', () => {
  it('the resident downloads their file on the phone: their name in it, no secret', async () => {
    const { context, page, problems } = await newPage(PHONE);
    try {
      await openMyHousehold(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('my-data').getByTestId('download-my-data').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.json$/);
      const text = fs.readFileSync((await download.path())!, 'utf8');
      const file = JSON.parse(text) as SubjectExport;
      expect(file.person.name).toBe(resident.name);
      expect(file.credentials.some((c) => c.cardEnding === `****${CARD_NUMBER.slice(-4)}`)).toBe(true);
      expect(text).not.toContain(CARD_NUMBER);
      expect(text).not.toContain(pin);
      expect(text).not.toMatch(/secretHash|embedding|photoEnc|policeNote/);
      const audit = await queryRows<{ n: number }>(
        suite.server.env.ctx.db,
        sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'privacy.subject_export'
            AND subject_id = ${resident.personId} AND actor_name = 'resident'`,
      );
      expect(audit[0]!.n).toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the resident asks for a correction; the property desk accepts it; the resident sees it accepted', async () => {
    const phone = await newPage(PHONE);
    try {
      await openMyHousehold(phone.page);
      const form = phone.page.getByTestId('correction-form');
      await form.locator('.ant-select').click();
      await phone.page
        .locator('.ant-select-item-option')
        .filter({ hasText: /^手机号$/ })
        .click();
      await form.getByLabel('正确内容').fill('139 0000 4321');
      await form.getByLabel('说明').fill('换了新号码');
      await form.getByTestId('submit-correction').click();
      const mine = phone.page.getByTestId('my-correction').filter({ hasText: '手机号' });
      await mine.getByTestId('correction-status').getByText('待处理').waitFor();
      await saveScreenshot(phone.page, 'privacy-correction-filed.png');
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }

    const desk = await newPage({ width: 1440, height: 900 });
    try {
      await signInAs(desk.page, 'property');
      await desk.page.goto('/alerts');
      const row = desk.page
        .getByTestId('alerts-live')
        .locator('tr')
        .filter({ hasText: '申请更正「手机号」' });
      await row.getByTestId('alert-decide-correction').click();
      const panel = desk.page.getByTestId('correction-panel');
      await panel.getByTestId('correction-proposed').getByText('139 0000 4321').waitFor();
      await panel.getByLabel('处理说明').fill('已电话核实，更正手机号');
      await panel.getByTestId('correction-accept-apply').click();
      await panel.getByText('已采纳').first().waitFor();
      await saveScreenshot(desk.page, 'privacy-correction-decided.png');
      expect(desk.problems).toEqual([]);
    } finally {
      await desk.context.close();
    }

    const [person] = await queryRows<{ phone_enc: string }>(
      suite.server.env.ctx.db,
      sql`SELECT phone_enc FROM persons WHERE id = ${resident.personId}`,
    );
    expect(suite.server.env.ctx.keyring.decrypt('phone', person!.phone_enc).toString('utf8')).toBe(NEW_PHONE);

    const back = await newPage(PHONE);
    try {
      await openMyHousehold(back.page);
      const mine = back.page.getByTestId('my-correction').filter({ hasText: '手机号' });
      await mine.getByTestId('correction-status').getByText('已采纳').waitFor();
      await mine.getByText('已电话核实，更正手机号').waitFor();
      await mine.getByText('已更正').waitFor();
      await saveScreenshot(back.page, 'privacy-correction-accepted.png');
      expect(back.problems).toEqual([]);
    } finally {
      await back.context.close();
    }
  });
});
