/**
 * The face gate in a real browser: property staff record a resident's consent and enrol a real
 * photo (../shared/faces/dev, read at test time) in 凭证与人脸; a gate tablet page is paired with
 * a code from the API and fed a different photo of the same man through Chromium's fake camera;
 * it greets him by masked name and opens the (simulated) door. An impostor photo through the
 * upload fallback is refused as 未登记, the PIN pad opens with a PIN issued in the console, and
 * the events appear in 通行记录 — masked for the property desk; police follow the person on a
 * timeline (with a stated purpose) and view the stranger's snapshot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskName } from '@anju/contracts';
import { queryRows } from '../packages/server/src/db/client.ts';
import { signIn } from '../packages/server/test/harness.ts';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { openFromMenu, signInAs } from './support/console.ts';
import { type RunningServer, startServer } from './support/server.ts';
import { writeY4m } from './support/y4m.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const FACES = path.resolve(REPO_ROOT, '../shared/faces/dev');
const ENROL_PHOTO = path.join(FACES, 'Abdullah_Gul/1.jpg');
const PROBE_PHOTO = path.join(FACES, 'Abdullah_Gul/2.jpg');
const IMPOSTOR_PHOTO = path.join(FACES, 'Alice_Fisher/1.jpg');

let server: RunningServer;
let browser: Browser;
let tmpDir: string;
let resident: { personId: string; name: string; room: string };
let pairingCode: string;
let pin: string;

async function newPage(viewport: { width: number; height: number }, camera = false) {
  const context: BrowserContext = await browser.newContext({
    baseURL: server.url,
    locale: 'zh-CN',
    viewport,
    deviceScaleFactor: 1,
  });
  if (camera) await context.grantPermissions(['camera'], { origin: server.url });
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

/** Waits until requests and spinners are done, back at the top: screenshots show the settled page. */
async function settled(page: Page): Promise<Page> {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  await page.evaluate(() => window.scrollTo(0, 0));
  return page;
}

/** Chooses a person in a PersonPicker (registry search) by name, then by flat. */
async function pickPerson(page: Page, input: string, name: string, room: string) {
  await page.locator(input).click();
  await page.locator(input).pressSequentially(name, { delay: 20 });
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: name })
    .filter({ hasText: room })
    .first()
    .click();
}

beforeAll(async () => {
  if (!fs.existsSync(PROBE_PHOTO)) throw new Error(`face photos not found at ${FACES}`);
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-e2e-access-'));
  const y4m = path.join(tmpDir, 'probe.y4m');
  await writeY4m(PROBE_PHOTO, y4m);
  [server, browser] = await Promise.all([
    startServer(),
    launchBrowser([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`,
    ]),
  ]);
  const [row] = await queryRows<{ person_id: string; name: string; room: string }>(
    server.env.ctx.db,
    sql`SELECT u.person_id, p.name, r.label AS room FROM users u
        JOIN persons p ON p.id = u.person_id
        JOIN residencies res ON res.person_id = p.id AND res.status = 'active'
        JOIN rooms r ON r.id = res.room_id
        WHERE u.username = 'resident' LIMIT 1`,
  );
  if (!row) throw new Error('the demo resident has no active residency');
  resident = { personId: row.person_id, name: row.name, room: row.room };

  // The gate is registered and a pairing code made through the API (the console's own buttons
  // are the same calls); the tablet pairs through its page below.
  const property = await signIn(server.env.app, 'property');
  const siteId = property.me.sites[0]!.id;
  const gate = await property.post('/api/v1/access/gates', {
    siteId,
    name: '东门',
    direction: 'in',
    location: '东门岗亭',
  });
  expect(gate.statusCode, gate.body).toBe(201);
  const code = await property.post(`/api/v1/access/gates/${gate.json().id}/pairing-code`);
  expect(code.statusCode).toBe(201);
  pairingCode = code.json().code;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('face gate', () => {
  it('property desk records consent, enrols a photo and issues a PIN in 凭证与人脸', async () => {
    const { context, page, problems } = await newPage({ width: 1440, height: 900 });
    try {
      await signInAs(page, 'property');
      await page.goto('/access/credentials');
      await pickPerson(page, '#credentials-person', resident.name, resident.room);
      await page.waitForURL(/[?&]person=/);
      await page.getByTestId('person-header').getByText(resident.name, { exact: true }).waitFor();

      // No consent yet: enrolment is not offered.
      await page.getByText('尚未取得人脸识别单独同意').waitFor();
      await page.getByRole('button', { name: '记录人脸识别同意' }).click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByTestId('consent-text')
        .getByText('撤回后人脸模板立即删除', { exact: false })
        .waitFor();
      await dialog.getByRole('button', { name: '本人已阅读并同意' }).click();
      await page.getByText('同意已记录').waitFor();

      // A grey square has no face: the quality gate says so specifically.
      const grey = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#888' } })
        .jpeg()
        .toBuffer();
      const upload = page.locator('.anju-enrol-drop input[type=file]');
      await upload.setInputFiles({ name: 'grey.jpg', mimeType: 'image/jpeg', buffer: grey });
      await page.getByTestId('enrol-submit').click();
      // The first analysis loads the face models in the worker threads: generous timeout.
      await page.getByTestId('enrol-error').getByText('未检测到人脸').waitFor({ timeout: 120_000 });

      await upload.setInputFiles(ENROL_PHOTO);
      await page.getByTestId('enrol-submit').click();
      await page.getByTestId('enrol-ok').waitFor({ timeout: 120_000 });
      // The set: 1 of 3 enrolled photos, listed with its quality figures.
      await page.getByText('人脸模板（已采集照片 1/3，自动更新 0）').waitFor();
      expect(await page.getByTestId('template-quality').first().textContent()).toMatch(
        /人脸宽度 \d+ px.*亮度 \d+/,
      );

      await page.getByRole('button', { name: '生成通行密码' }).click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定/ })
        .click();
      const once = page.getByTestId('pin-once');
      await once.waitFor();
      pin = ((await once.textContent()) ?? '').replace(/\s/g, '');
      expect(pin).toMatch(/^\d{8}$/);
      await saveScreenshot(await settled(page), 'access-credentials-pin.png');
      await page.getByRole('button', { name: '我已告知本人' }).click();
      await saveScreenshot(await settled(page), 'access-credentials.png');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the gate tablet pairs with a code, opens for the resident on camera, refuses an impostor, and takes a PIN', async () => {
    const { context, page, problems } = await newPage({ width: 1280, height: 800 }, true);
    const timings: string[] = [];
    const meta = async () =>
      timings.push(
        (await page.getByTestId('terminal-result').locator('.gt-result-meta').textContent()) ?? '',
      );
    try {
      await page.goto('/terminal/gate');
      await page.locator('[data-testid=pair-code] input').first().click();
      await page.keyboard.type(pairingCode);
      await page.getByTestId('terminal-gate-name').getByText('东门').waitFor();
      await page.getByTestId('terminal-online').getByText('在线').waitFor();

      // The fake camera shows Abdullah_Gul/2.jpg; the page sends frames (2 a second); the server
      // decides per passage: 请稍候 while the first frames are gathered, then the door opens.
      const waiting = page.getByTestId('terminal-pending');
      await waiting.waitFor({ timeout: 60_000 });
      expect(await waiting.textContent()).toContain('请稍候');
      const result = page.getByTestId('terminal-result');
      await result.and(page.locator('[data-decision=grant]')).waitFor({ timeout: 60_000 });
      await waiting.waitFor({ state: 'detached' });
      expect(await result.locator('.gt-result-title').textContent()).toBe(
        `欢迎回家，${maskName(resident.name)}`,
      );
      expect(await page.getByTestId('door-state').getAttribute('data-open')).toBe('true');
      await meta();
      await saveScreenshot(page, 'terminal-granted.png');

      // The relay closes again after openMs.
      await page.locator('[data-testid=door-state][data-open=false]').waitFor({ timeout: 15_000 });
      await result.waitFor({ state: 'detached' });

      // No camera? The upload fallback sends a chosen photo as the frames of a passage: a
      // stranger's frames are refused once enough of them match no one.
      await page.getByTestId('upload-input').setInputFiles(IMPOSTOR_PHOTO);
      await page
        .locator('[data-testid=terminal-result][data-reason=unknown_face]')
        .waitFor({ timeout: 30_000 });
      expect(await result.locator('.gt-result-title').textContent()).toContain('未登记');
      // One event for the passage, every frame logged under its id (the resident's passage too).
      const passages = await queryRows<{ reason: string; frames: number }>(
        server.env.ctx.db,
        sql`SELECT e.reason, (SELECT count(*)::int FROM face_passage_frames f WHERE f.passage_id = e.passage_id) AS frames
            FROM access_events e WHERE e.method = 'face' ORDER BY e.id`,
      );
      expect(passages.map((p) => p.reason)).toContain('resident');
      expect(passages.at(-1)?.reason).toBe('unknown_face');
      for (const p of passages) expect(p.frames).toBeGreaterThanOrEqual(3);
      expect(await page.getByTestId('door-state').getAttribute('data-open')).toBe('false');
      await meta();
      await saveScreenshot(page, 'terminal-denied.png');
      await result.waitFor({ state: 'detached', timeout: 30_000 });

      // The PIN pad: eight digits submit by themselves.
      await page.getByTestId('pin-button').click();
      await page.getByTestId('pin-keypad').waitFor();
      await saveScreenshot(page, 'terminal-pin.png');
      for (const digit of pin)
        await page.getByTestId('pin-keypad').getByRole('button', { name: digit, exact: true }).click();
      await page.locator('[data-testid=terminal-result][data-decision=grant]').waitFor({ timeout: 15_000 });
      expect(await result.locator('.gt-result-title').textContent()).toContain('欢迎回家');
      await meta();
      // Server-side decision time of each attempt (face grant, stranger, PIN), as the screen shows it.
      console.log('[e2e] gate attempts:', timings.join(' | '));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the events appear in 通行记录 for the property desk (names masked); gates show online; emergency release', async () => {
    const { context, page, problems } = await newPage({ width: 1440, height: 900 });
    try {
      await signInAs(page, 'property');
      await openFromMenu(page, '通行记录', '/access/events');
      const rows = page.locator('[data-testid=access-log] tr.ant-table-row');
      const faceGrant = rows.filter({ hasText: '刷脸' }).filter({ hasText: maskName(resident.name) });
      await faceGrant.first().waitFor();
      expect(await faceGrant.first().locator('[data-decision]').getAttribute('data-decision')).toBe('grant');
      await rows.filter({ hasText: '陌生人' }).filter({ hasText: '未登记' }).first().waitFor();
      // Property staff cannot follow a person: no tracking fields.
      expect(await page.getByText('按人员 / 房号查询（仅限民警）').count()).toBe(0);
      await saveScreenshot(await settled(page), 'access-log.png');

      // Filters live in the URL: refused attempts only, and a reload keeps them.
      await page.getByLabel('结果', { exact: true }).click();
      await page.locator('.ant-select-item-option').filter({ hasText: '拒绝' }).click();
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.waitForURL(/[?&]decision=deny/);
      await page.reload();
      await rows.first().waitFor();
      const decisions = await rows
        .locator('[data-decision]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-decision')));
      expect(new Set(decisions)).toEqual(new Set(['deny']));

      await page.goto('/access/gates');
      await page.getByTestId('gate-status-东门').getByText('在线').waitFor();
      await saveScreenshot(await settled(page), 'access-gates.png');

      // Emergency release: confirmed with a reason; a red banner while it lasts.
      await page.getByTestId('emergency-switch').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('原因', { exact: true }).fill('3号楼火警演练');
      await dialog.getByRole('button', { name: '确认开启' }).click();
      await page.getByTestId('emergency-banner').getByText('3号楼火警演练', { exact: false }).waitFor();
      await saveScreenshot(await settled(page), 'access-gates-emergency.png');
      await page.getByTestId('emergency-banner').getByRole('button', { name: '解除紧急放行' }).click();
      await page.getByRole('dialog').getByLabel('原因', { exact: true }).fill('演练结束');
      await page.getByRole('dialog').getByRole('button', { name: '解除紧急放行' }).click();
      await page.getByTestId('emergency-banner').waitFor({ state: 'detached' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a gate PATCH changes only the fields it names', async () => {
    const property = await signIn(server.env.app, 'property');
    const siteId = property.me.sites[0]!.id;
    const created = await property.post('/api/v1/access/gates', {
      siteId,
      name: '地库入口',
      direction: 'both',
      allowVisitors: false,
      allowedResidencyTypes: ['owner', 'family'],
      schedule: [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '22:00' }],
    });
    expect(created.statusCode).toBe(201);
    expect(
      (await property.patch(`/api/v1/access/gates/${created.json().id}`, { name: '地库 B1 入口' }))
        .statusCode,
    ).toBe(200);
    const gate = (await property.get('/api/v1/access/gates'))
      .json()
      .items.find((g: { id: string }) => g.id === created.json().id);
    expect(gate).toMatchObject({
      name: '地库 B1 入口',
      allowVisitors: false,
      allowedResidencyTypes: ['owner', 'family'],
      schedule: [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '22:00' }],
      active: true,
    });
  });

  it('police follow the resident on a timeline (purpose required, audited) and view the stranger snapshot', async () => {
    const { context, page, problems } = await newPage({ width: 1440, height: 900 });
    try {
      await signInAs(page, 'police');
      await page.goto('/access/events');
      const rows = page.locator('[data-testid=access-log] tr.ant-table-row');
      const stranger = rows.filter({ hasText: '陌生人' }).first();
      await stranger.waitFor();
      await stranger.getByRole('button', { name: /查\s*看/ }).click();
      await page.getByTestId('snapshot-image').waitFor();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /close|关闭/i })
        .click();

      // Clicking the (unmasked) name puts the person into the tracking filter; no purpose → refused.
      await rows.filter({ hasText: resident.name }).first().getByText(resident.name, { exact: true }).click();
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.getByText('按人员或房号查询须填写查询事由').waitFor();
      await page.getByLabel('查询事由', { exact: true }).fill('走失老人查找');
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.waitForURL(/[?&]personId=.*purpose=/);
      await page.getByText(`${resident.name} 的通行轨迹`).waitFor();
      await rows.first().waitFor();
      const names = await rows.locator('td:nth-child(3)').allTextContents();
      expect(names.every((n) => n.includes(resident.name))).toBe(true);

      await page.getByText('轨迹', { exact: true }).click();
      await page.getByTestId('person-timeline').waitFor();
      await saveScreenshot(await settled(page), 'access-timeline-police.png');

      const audit = await queryRows<{ purpose: string }>(
        server.env.ctx.db,
        sql`SELECT purpose FROM audit_log WHERE action = 'access.track_person' AND subject_id = ${resident.personId}`,
      );
      expect(audit.map((a) => a.purpose)).toContain('走失老人查找');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the resident sees the dynamic QR and the passage on 我的通行 (phone)', async () => {
    const { context, page, problems } = await newPage({ width: 390, height: 844 });
    try {
      await signInAs(page, 'resident');
      await page.goto('/my-access');
      await page.getByTestId('my-qr').locator('img').waitFor();
      await page.getByTestId('my-events').getByText('东门').first().waitFor();
      await saveScreenshot(await settled(page), 'access-my-access.png');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
