/**
 * The kiosk's work in the staff console and on the resident's phone (issue 13), in Chromium:
 * 1. a residence-permit application made at the kiosk (its device API driven directly with a
 *    kiosk token and dev face photos read at test time: a person-and-ID check, an ID portrait
 *    that passes the photo rules, then the application) is accepted by police in 申请受理; they
 *    ask for the address to be fixed, the applicant fixes it on the phone page (我的申请与证明,
 *    360 px wide), police accept and approve it, and the phone shows it approved and the
 *    certificate issued at the same visit;
 * 2. police revoke that certificate in 证明管理 (a reason required): its status changes there and
 *    on the public verification API;
 * 3. police add (ID number checked in the form) and delete a criminal record, pair a kiosk, read
 *    the kiosk settings and signing key, and see the daily counts on the dashboard;
 * 4. property staff have no 违法犯罪记录 menu nor page and see no 无犯罪记录证明 anywhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, IdCard } from '@anju/contracts';
import { kioskDemoSeeder } from '../packages/server/src/modules/kiosk/seed.ts';
import { registrySeeder, SMALL_REGISTRY } from '../packages/server/src/modules/registry/seed.ts';
import { sharedFaceEngine } from '../packages/server/src/modules/face/shared-engine.ts';
import { createUser } from '../packages/server/src/platform/org/service.ts';
import { idPortrait } from '../packages/server/test/face-photos.ts';
import { type Client, kioskDevice, signIn } from '../packages/server/test/harness.ts';
import { saveScreenshot } from './support/browser.ts';
import { signInAs } from './support/console.ts';
import { DEMO_PASSWORD } from './support/server.ts';
import { useServerAndBrowser } from './support/suite.ts';

const FACES = path.resolve(import.meta.dirname, '../../shared/faces/dev');
// The small registry and the kiosk's demo office (settings, key, certificates already issued).
const suite = useServerAndBrowser({ seeders: [registrySeeder(SMALL_REGISTRY), kioskDemoSeeder] });

/** Two photos of one man that the kiosk's 1:1 check takes as the same person (chip 1.jpg, live 2.jpg). */
const CHECK_IDENTITY = 'Adrien_Brody';
const PHONE = { width: 360, height: 780 };
const DESK = { width: 1440, height: 900 };

let police: Client;
let siteId: string;
let kioskToken: string;
let application: { id: string; reference: string };
let certificate: { id: string; serial: string; token: string };

async function newPage(viewport: { width: number; height: number }) {
  const context: BrowserContext = await suite.browser.newContext({
    baseURL: suite.server.url,
    locale: 'zh-CN',
    viewport,
    deviceScaleFactor: 1,
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

/** A call to the kiosk device API over HTTP (multipart or JSON) with the kiosk's bearer token. */
async function kioskCall(
  method: 'GET' | 'POST',
  url: string,
  body?: FormData | Record<string, unknown>,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${suite.server.url}/api/v1/kiosk${url}`, {
    method,
    headers: {
      authorization: `Bearer ${kioskToken}`,
      ...(body && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
    },
    body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json };
}

const jpeg = (file: string) => new Blob([fs.readFileSync(file)], { type: 'image/jpeg' });

/** A person-and-ID check: the card's chip photo and the live frame are two photos of one dev identity. */
async function check(card: IdCard, identity: string) {
  const { chipPhoto: _chip, ...fields } = card;
  const form = new FormData();
  form.set('card', JSON.stringify(fields));
  form.set('chipPhoto', jpeg(path.join(FACES, identity, '1.jpg')), 'chip.jpg');
  form.set('live', jpeg(path.join(FACES, identity, '2.jpg')), 'live.jpg');
  return kioskCall('POST', '/terminal/checks', form);
}

/** Opens the page and waits until antd's spinners are gone. */
async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
}

beforeAll(async () => {
  const identities = fs
    .readdirSync(FACES)
    .filter((d) => fs.existsSync(path.join(FACES, d, '2.jpg')))
    .sort();
  if (identities.length < 4) throw new Error(`face photos not found at ${FACES}`);
  police = await signIn(suite.server.env.app, 'police');
  siteId = police.me.sites[0]!.id;
  kioskToken = (await kioskDevice(police, siteId, 'e2e kiosk')).token;

  const cards = await kioskCall('GET', '/terminal/simulated-cards');
  expect(cards.status, JSON.stringify(cards.json)).toBe(200);
  const list = (cards.json as { cards: IdCard[] }).cards;

  // An ID-standard portrait (white background, ID framing) of the first dev photo that passes the
  // kiosk's ID-photo rules.
  const faces = await sharedFaceEngine(suite.server.env.ctx).engine();
  let portrait: { identity: string; photo: Buffer } | null = null;
  const candidates = identities
    .slice(0, 12)
    .flatMap((identity) => [`${identity}/2.jpg`, `${identity}/1.jpg`]);
  for (const file of candidates) {
    const identity = file.split('/')[0]!;
    const bytes = fs.readFileSync(path.join(FACES, file));
    const box = (await faces.analyze(bytes)).faces[0]?.box;
    if (!box) continue;
    const photo = await idPortrait(bytes, box);
    const form = new FormData();
    form.set('photo', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
    const checked = await kioskCall('POST', '/terminal/id-photo-check', form);
    if (checked.status === 200 && (checked.json as { ok: boolean }).ok) {
      portrait = { identity, photo };
      break;
    }
  }
  if (!portrait) throw new Error('no dev photo passes the ID-photo rules');

  // The first simulated card offered a residence permit (floating population with a tenancy or
  // a job on record for six months): its holder applies, with a photo of the same identity.
  let offered: { card: IdCard; check: CheckResult; identity: string } | null = null;
  const tried: string[] = [];
  for (const card of list) {
    // A genuine pair the 1:1 check accepts (the identity tests use the same one).
    const identity = CHECK_IDENTITY;
    const result = await check(card, identity);
    tried.push(`${result.status} ${JSON.stringify(result.json).slice(0, 300)}`);
    if (result.status !== 201) continue;
    const c = result.json as CheckResult;
    if (c.services.some((s) => s.service === 'residence_permit' && s.available)) {
      offered = { card, check: c, identity };
      break;
    }
  }
  if (!offered) throw new Error(`no simulated card is offered a residence permit:\n${tried.join('\n')}`);

  const form = new FormData();
  form.set('checkId', offered.check.checkId);
  form.set('kind', 'residence_permit');
  form.set(
    'details',
    JSON.stringify({ address: '金水区经三路 66 号 3 号楼 502', workplace: '郑州市某物流公司' }),
  ); // i18n-data: test input
  form.set('photo', new Blob([new Uint8Array(portrait.photo)], { type: 'image/jpeg' }), 'photo.jpg');
  const submitted = await kioskCall('POST', '/terminal/applications', form);
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(201);
  application = submitted.json as { id: string; reference: string };

  // Anyone may have a temporary identity certificate: one is issued on the same check.
  const issued = await kioskCall('POST', '/terminal/certificates', {
    checkId: offered.check.checkId,
    type: 'temporary_identity',
  });
  expect(issued.status, JSON.stringify(issued.json)).toBe(201);
  certificate = issued.json as { id: string; serial: string; token: string };

  // The applicant's own phone account, linked to the person the check found.
  const personId = offered.check.holder.personId;
  if (!personId) throw new Error('the residence-permit applicant is not in the registry');
  await createUser(suite.server.env.ctx.db, {
    username: 'applicant',
    displayName: offered.card.name,
    role: 'resident',
    password: DEMO_PASSWORD,
    siteIds: [siteId],
    personId,
  });
});

describe('kiosk work in the console', () => {
  it('police ask for a fix, the applicant fixes it on the phone, police approve; the applicant sees it approved', async () => {
    const desk = await newPage(DESK);
    const phone = await newPage(PHONE);
    try {
      await signInAs(desk.page, 'police');
      await open(desk.page, '/kiosk/applications');
      const row = desk.page.getByTestId(`application-row-${application.reference}`);
      await row.getByRole('button', { name: application.reference }).click();
      const drawer = desk.page.locator('.ant-drawer-content-wrapper');
      const status = drawer.getByTestId('application-detail').getByTestId('application-status');
      const action = (name: RegExp) =>
        drawer.getByTestId('application-actions').getByRole('button', { name });
      await status.getByText('已提交').waitFor();
      await drawer.getByTestId('application-photo').waitFor();
      await action(/^受\s*理$/).click();
      await status.getByText('已受理').waitFor();
      // What to fix: the address, with a note the applicant reads.
      await action(/^要求补正$/).click();
      const ask = desk.page.getByRole('dialog').filter({ hasText: '需补正的项目' });
      await ask.getByLabel('居住地址').check();
      await ask.getByLabel('需要申请人补正的内容').fill('请填写完整门牌号（含单元）');
      await ask.getByRole('button', { name: /^要求补正$/ }).click();
      await status.getByText('待补正').waitFor();

      // On the phone: what to fix, and the form for just that.
      await signInAs(phone.page, 'applicant');
      await open(phone.page, '/my-applications');
      const card = phone.page.getByTestId(`my-application-${application.reference}`);
      await card.getByTestId('application-status').getByText('待补正').waitFor();
      await card.getByText('请填写完整门牌号（含单元）').waitFor();
      await card.getByRole('button', { name: /补正材料/ }).click();
      const fix = card.getByTestId('my-application-fix');
      await fix.getByLabel('居住地址').fill('金水区经三路 66 号 3 号楼 2 单元 502');
      await saveScreenshot(phone.page, 'kiosk-my-application-fix-360.png');
      await fix.getByRole('button', { name: /提交补正/ }).click();
      await card.getByTestId('application-status').getByText('已补正').waitFor();

      // Back at the desk: resubmitted with the new address; accept and approve.
      await desk.page.reload();
      await drawer.getByText('金水区经三路 66 号 3 号楼 2 单元 502').waitFor();
      await status.getByText('已补正').waitFor();
      await action(/^受\s*理$/).click();
      await status.getByText('已受理').waitFor();
      await action(/^批\s*准$/).click();
      await status.getByText('已批准').waitFor();
      await saveScreenshot(desk.page, 'kiosk-console-application-approved.png');
      expect(desk.problems).toEqual([]);

      await phone.page.reload();
      await card.getByTestId('application-status').getByText('已批准').waitFor();
      await card.getByText('已批准，正在制证').waitFor();
      // Nothing wider than the phone.
      const overflow = await phone.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await saveScreenshot(phone.page, 'kiosk-my-applications-360.png');
      // The certificate issued to the applicant at the same visit, with the link to its verification page.
      await phone.page.getByRole('tab', { name: '我的证明' }).click();
      const mine = phone.page.getByTestId(`my-certificate-${certificate.serial}`);
      await mine.getByTestId('certificate-status').getByText('有效').waitFor();
      await mine.getByRole('link', { name: /查看核验页/ }).waitFor();
      expect(phone.problems).toEqual([]);
    } finally {
      await desk.context.close();
      await phone.context.close();
    }
  });

  it('police revoke a certificate with a reason; its status changes in the list and on /verify', async () => {
    const desk = await newPage(DESK);
    try {
      await signInAs(desk.page, 'police');
      await open(desk.page, `/kiosk/certificates?q=${encodeURIComponent(certificate.serial)}`);
      const row = desk.page.getByTestId(`certificate-row-${certificate.serial}`);
      await row.getByTestId('certificate-status').getByText('有效').waitFor();
      await row.getByRole('button', { name: certificate.serial }).click();
      const drawer = desk.page.locator('.ant-drawer-content-wrapper');
      await drawer.getByTestId('certificate-detail').waitFor();
      await drawer.getByTestId('certificate-revoke').click();
      const modal = desk.page.getByRole('dialog').filter({ hasText: `撤销证明 ${certificate.serial}` });
      // The reason is required.
      await modal.getByRole('button', { name: /^撤\s*销$/ }).click();
      await modal.getByText('请填写撤销原因').waitFor();
      await modal.getByLabel('撤销原因').fill('信息有误，已重新开具');
      await modal.getByRole('button', { name: /^撤\s*销$/ }).click();
      await drawer.getByTestId('certificate-detail').getByText('已撤销').first().waitFor();
      await row.getByTestId('certificate-status').getByText('已撤销').waitFor();
      const verified = await fetch(`${suite.server.url}/api/v1/kiosk/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: certificate.token }),
      });
      expect((await verified.json()).status).toBe('revoked');
      await saveScreenshot(desk.page, 'kiosk-console-certificate-revoked.png');
      expect(desk.problems).toEqual([]);
    } finally {
      await desk.context.close();
    }
  });

  it('police keep the criminal records, pair a kiosk, see the settings, keys and the daily counts', async () => {
    const desk = await newPage(DESK);
    try {
      await signInAs(desk.page, 'police');
      // The dashboard's daily counts of the demo certificates.
      await desk.page.getByTestId('kiosk-certificates-widget').getByTestId('kiosk-daily-chart').waitFor();

      // A criminal record: the ID number is checked in the form (GB 11643), then the record is listed and deleted.
      await open(desk.page, '/kiosk/criminal-records');
      await desk.page.getByRole('button', { name: '录入记录' }).click();
      const dialog = desk.page.getByRole('dialog').filter({ hasText: '录入记录' });
      await dialog.getByLabel('身份证号').fill('410105199001011230');
      await dialog.getByLabel('姓名').fill('测试甲');
      await dialog.getByLabel('违法犯罪事由').fill('盗窃罪');
      await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
      await dialog.locator('.ant-form-item-explain-error').first().waitFor();
      await dialog.getByLabel('身份证号').fill('11010519491231002X');
      await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
      const row = desk.page.locator('.ant-table-row').filter({ hasText: '测试甲' });
      await row.waitFor();
      await row.getByRole('button', { name: /删\s*除/ }).click();
      await desk.page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /删\s*除/ })
        .click();
      await expect.poll(() => row.count()).toBe(0);

      // A kiosk: a pairing code and its QR code; the kiosk paired in beforeAll is listed.
      await open(desk.page, '/kiosk/devices');
      await desk.page.getByTestId('kiosk-status-e2e kiosk').waitFor();
      await desk.page.getByRole('button', { name: '配对自助机' }).click();
      const pair = desk.page.getByRole('dialog').filter({ hasText: '配对自助机' });
      await pair.getByLabel('自助机名称').fill('大厅二号机');
      await pair.getByRole('button', { name: '生成配对码' }).click();
      await expect
        .poll(async () => (await pair.locator('.anju-pairing-code').textContent()) ?? '')
        .toMatch(/^\d{6}$/);
      await pair.locator('img.anju-pairing-qr').waitFor();
      await pair.locator('.ant-modal-close').click();

      // Settings as the demo seed stored them, and the office's signing key.
      await open(desk.page, '/kiosk/settings');
      await expect.poll(() => desk.page.getByLabel('出具单位名称').inputValue()).toContain('警务室');
      await desk.page.locator('.ant-table-row').filter({ hasText: '使用中' }).first().waitFor();
      await saveScreenshot(desk.page, 'kiosk-console-settings.png');
      expect(desk.problems).toEqual([]);
    } finally {
      await desk.context.close();
    }
  });

  it('property staff see no criminal-record menu or page and no no-criminal-record certificate', async () => {
    const property = await signIn(suite.server.env.app, 'property');
    const listed = await property.get(`/api/v1/kiosk/certificates?siteId=${siteId}&pageSize=200`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.length).toBeGreaterThan(0);
    expect(listed.json().items.some((c: { type: string }) => c.type === 'no_criminal_record')).toBe(false);

    const desk = await newPage(DESK);
    try {
      await signInAs(desk.page, 'property');
      await open(desk.page, '/kiosk/certificates');
      const menu = desk.page.getByTestId('side-menu');
      await menu.getByText('证明管理').waitFor();
      await expect.poll(() => menu.getByText('违法犯罪记录').count()).toBe(0);
      await desk.page.getByTestId(`certificate-row-${certificate.serial}`).waitFor();
      expect(await desk.page.locator('.anju-content').textContent()).not.toContain('无犯罪记录证明');
      await desk.page.getByTestId('certificate-type-filter').click();
      await desk.page.locator('.ant-select-item-option').first().waitFor();
      const options = await desk.page.locator('.ant-select-item-option').allInnerTexts();
      expect(options).toContain('临时身份证明');
      expect(options).not.toContain('无犯罪记录证明');
      await desk.page.keyboard.press('Escape');
      await open(desk.page, '/kiosk/criminal-records');
      await desk.page.locator('.anju-page-title').waitFor();
      await expect.poll(() => desk.page.getByText('违法犯罪事由').count()).toBe(0);
      expect(await desk.page.getByText('违法犯罪记录').count()).toBe(0);
      await saveScreenshot(desk.page, 'kiosk-console-property.png');
      expect(desk.problems).toEqual([]);
    } finally {
      await desk.context.close();
    }
  });
});
