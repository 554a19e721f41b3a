/**
 * The 24-hour kiosk in a real browser. The server's simulated ID-card reader gives demo residents
 * as cards with chip photos from ../shared/faces/dev (card i ↔ the i-th identity of enrolled.txt,
 * `1.jpg`; read at test time, never copied into the repository); Chromium's fake camera plays a
 * different photo (`2.jpg`) of the same person. The kiosk page pairs with a code from the API;
 * someone else's card before the camera is refused (face mismatch, tries left); the resident's
 * own card passes the person-and-ID check, a 户籍证明 is issued and its PDF downloaded; the
 * certificate's QR link verifies on /verify (signature in the browser, then status valid);
 * police revoke it and /verify says revoked. Tampered, forged and unknown-key tokens are told
 * apart on /verify without asking the server. A resident registered outside the city is refused
 * the 无犯罪记录证明 with the plain reason and the counter's hours, starts a 居住证 application
 * instead (the camera snapshot is no ID-standard photo: each problem named), and walks away: the
 * screen counts down and wipes itself. A
 * lost network shows as a banner and blocks starting a service.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  base64UrlDecode,
  base64UrlEncode,
  type CertificateClaims,
  certificateSigningInput,
  certificateToken,
  type IdCardInput,
  KIOSK_SETTINGS_DEFAULTS,
} from '@anju/contracts';
import { queryRows } from '../packages/server/src/db/client.ts';
import { type Client, kioskDevice, signIn } from '../packages/server/test/harness.ts';
import { checkRequest } from '../packages/server/test/kiosk-fixtures.ts';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { useServerAndBrowser } from './support/suite.ts';
import { writeY4m } from './support/y4m.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const FACES = path.resolve(REPO_ROOT, '../shared/faces/dev');
// The server under test reads it when it lists the simulated cards.
process.env.ANJU_SIM_READER_PHOTOS = FACES;

const run = useServerAndBrowser();

interface Card {
  name: string;
  idNumber: string;
  birthDate: string;
  validTo: string;
  chipPhoto: string | null;
}
interface Person {
  card: Card;
  /** the dev-set identity whose 1.jpg is the chip photo */
  identity: string;
}

let tmpDir: string;
let siteId: string;
let police: Client;
let local: Person;
let nonLocal: Person;
let kioskToken: string;

/**
 * The camera frame as the page captures it: the Y4M's picture decoded back from I420 (the 4:2:0
 * colour loss included) and JPEG-encoded as the page does — the kiosk's strict 1:1 threshold
 * notices the difference from the original photo. Used to choose the people beforehand.
 */
async function frameJpeg(photo: string, qualities = [90, 85]): Promise<Buffer[]> {
  const file = path.join(tmpDir, `probe-${path.basename(path.dirname(photo))}.y4m`);
  await writeY4m(photo, file);
  const bytes = fs.readFileSync(file);
  const width = 640;
  const height = 480;
  const start = bytes.indexOf('FRAME\n') + 6;
  const y = bytes.subarray(start, start + width * height);
  const u = bytes.subarray(start + width * height, start + width * height * 1.25);
  const v = bytes.subarray(start + width * height * 1.25, start + width * height * 1.5);
  const rgb = Buffer.alloc(width * height * 3);
  const clamp = (n: number) => Math.max(0, Math.min(255, Math.round(n)));
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const l = y[row * width + col]!;
      const c = (row >> 1) * (width / 2) + (col >> 1);
      const cb = u[c]! - 128;
      const cr = v[c]! - 128;
      const i = (row * width + col) * 3;
      rgb[i] = clamp(l + 1.402 * cr);
      rgb[i + 1] = clamp(l - 0.344136 * cb - 0.714136 * cr);
      rgb[i + 2] = clamp(l + 1.772 * cb);
    }
  }
  return Promise.all(
    qualities.map((quality) =>
      sharp(rgb, { raw: { width, height, channels: 3 } })
        .jpeg({ quality })
        .toBuffer(),
    ),
  );
}

/** A browser whose fake camera shows `photo` (a fresh Y4M per browser). */
async function cameraBrowser(photo: string): Promise<Browser> {
  const y4m = path.join(tmpDir, `${path.basename(path.dirname(photo))}.y4m`);
  await writeY4m(photo, y4m);
  return launchBrowser([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4m}`,
  ]);
}

async function kioskPage(browser: Browser, device?: { token: string; deviceId: string }, fakeClock = false) {
  const url = run.server.url;
  const context = await browser.newContext({
    baseURL: url,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    acceptDownloads: true,
  });
  await context.grantPermissions(['camera'], { origin: url });
  // Time runs as usual under the fake clock; the test jumps it forward to reach the idle timeout.
  if (fakeClock) await context.clock.install();
  if (device) {
    // An already paired kiosk: the token in the browser's storage, as the pairing leaves it.
    await context.addInitScript(
      (stored) => {
        localStorage.setItem('anju.kioskTerminal', stored);
      },
      JSON.stringify({ ...device, site: { id: siteId, name: 'site' }, pairedAt: new Date().toISOString() }),
    );
  }
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

/** Service → card → face: through the person-and-ID check to the offers. */
async function checkIn(page: Page, service: string, person: Person) {
  await page.getByTestId(`service-${service}`).click();
  await page.locator(`[data-testid=sim-card][data-id-number="${person.card.idNumber}"]`).click();
  await page.locator('[data-testid=kiosk-camera][data-state=ready]').waitFor();
  await page.getByTestId('kiosk-face-start').click();
  // The first check loads the face models in the worker threads: a generous bound.
  await page
    .locator('[data-testid=kiosk-offers], [data-testid=kiosk-face-error], [data-testid=kiosk-refused]')
    .first()
    .waitFor({ timeout: 120_000 });
  const refused = page.locator('[data-testid=kiosk-face-error], [data-testid=kiosk-refused]');
  if (await refused.count()) throw new Error(`check refused: ${await refused.first().textContent()}`);
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(FACES, 'enrolled.txt'))) throw new Error(`face photos not found at ${FACES}`);
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-e2e-kiosk-'));
  const { app, ctx } = run.server.env;
  const admin = await signIn(app, 'admin');
  police = await signIn(app, 'police');
  siteId = admin.me.sites[0]!.id;
  // The office's kiosk rules, as the console's 自助机设置 saves them: jurisdiction 金水区, city 郑州.
  const settings = await admin.request({
    method: 'PUT',
    url: '/api/v1/kiosk/settings',
    payload: {
      siteId,
      ...KIOSK_SETTINGS_DEFAULTS,
      officeName: '金水路警务室',
      officePhone: '0371-12345678',
      openingHours: '工作日 8:30–18:00',
      hukouRegionPrefixes: ['410105'],
      cityPrefix: '4101',
    },
  });
  expect(settings.statusCode, settings.body).toBe(200);
  const device = await kioskDevice(admin, siteId, 'e2e kiosk');
  kioskToken = device.token;

  const listed = await app.inject({
    method: 'GET',
    url: '/api/v1/kiosk/terminal/simulated-cards',
    headers: { authorization: `Bearer ${kioskToken}` },
  });
  expect(listed.statusCode, listed.body).toBe(200);
  const cards = listed.json().cards as Card[];
  const identities = fs
    .readFileSync(path.join(FACES, 'enrolled.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const regions = await queryRows<{ name: string; birth_date: string; hukou_region_code: string | null }>(
    ctx.db,
    sql`SELECT name, birth_date::text AS birth_date, hukou_region_code FROM persons WHERE site_id = ${siteId}`,
  );
  const regionOf = (card: Card) =>
    regions.find((r) => r.name === card.name && r.birth_date === card.birthDate)?.hukou_region_code ?? '';
  const today = new Date().toISOString().slice(0, 10);
  const usable = cards
    .map((card, i) => ({ card, identity: identities[i] ?? '' }))
    .filter(
      ({ card, identity }) =>
        card.chipPhoto &&
        identity &&
        fs.existsSync(path.join(FACES, identity, '2.jpg')) &&
        (card.validTo === 'long' || card.validTo > today),
    );
  // The kiosk's 1:1 threshold is strict (it refuses some genuine pairs of the dev set): the people
  // are the first local / non-local cards whose camera frame passes (the non-local one with a
  // 居住证 to apply for), tried beforehand on a kiosk of their own (its failures lock nothing on
  // the kiosks the browsers use).
  const probe = await kioskDevice(admin, siteId, 'e2e probe');
  const offersFor = async ({ card, identity }: Person) => {
    const { chipPhoto, ...rest } = card;
    let services: { service: string; available: boolean }[] | null = null;
    // Two encodings of the frame must both pass: a pair right at the threshold would make the
    // browser's own check a coin toss.
    for (const live of await frameJpeg(path.join(FACES, identity, '2.jpg'))) {
      const check = await checkRequest(run.server.env, probe.token, rest as IdCardInput, {
        chip: Buffer.from(chipPhoto!, 'base64'),
        live,
      });
      if (check.statusCode !== 201) return null;
      services = check.json().services;
    }
    return services;
  };
  let foundLocal: Person | undefined;
  let foundNonLocal: Person | undefined;
  for (const person of usable) {
    const region = regionOf(person.card);
    const wanted =
      (!foundLocal && region.startsWith('410105')) || (!foundNonLocal && !region.startsWith('4101'));
    const offers = wanted ? await offersFor(person) : null;
    if (!offers) continue;
    if (region.startsWith('410105')) foundLocal ??= person;
    // The non-local person goes on to the 居住证: one who may apply for it.
    else if (offers.some((o) => o.service === 'residence_permit' && o.available)) foundNonLocal ??= person;
    if (foundLocal && foundNonLocal) break;
  }
  if (!foundLocal || !foundNonLocal) throw new Error('no local / non-local demo card whose face passes');
  local = foundLocal;
  nonLocal = foundNonLocal;
});

afterAll(() => {
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('self-service kiosk', () => {
  let issued: { id: string; serial: string; token: string; verifyUrl: string };

  it('pairs with a code, checks person and card, issues a 户籍证明 and downloads its PDF', async () => {
    const admin = await signIn(run.server.env.app, 'admin');
    const code = await admin.post('/api/v1/kiosk/devices/pairing-code', { siteId, name: '东门自助机' });
    expect(code.statusCode, code.body).toBe(201);
    const browser = await cameraBrowser(path.join(FACES, local.identity, '2.jpg'));
    try {
      const { page, problems } = await kioskPage(browser);
      await page.goto('/terminal/kiosk?reader=simulated');
      await page.locator('[data-testid=pair-code] input').first().click();
      await page.keyboard.type(code.json().code);
      await page.getByTestId('kiosk-home').waitFor();
      await page.getByTestId('kiosk-online').getByText('在线').waitFor();
      await saveScreenshot(page, 'kiosk-home.png');

      // Someone else's card before this face: refused with the server's reason, tries left counted.
      await page.getByTestId('service-hukou').click();
      await page.locator(`[data-testid=sim-card][data-id-number="${nonLocal.card.idNumber}"]`).click();
      await page.locator('[data-testid=kiosk-camera][data-state=ready]').waitFor();
      await page.getByTestId('kiosk-face-start').click();
      // The first check loads the face models in the worker threads: a generous bound.
      await page.getByTestId('kiosk-face-error').waitFor({ timeout: 120_000 });
      expect(await page.locator('[data-attempts-left]').getAttribute('data-attempts-left')).toBe('2');
      await saveScreenshot(page, 'kiosk-face-mismatch.png');
      await page.getByTestId('kiosk-exit').click();
      await page.getByTestId('kiosk-home').waitFor();

      await checkIn(page, 'hukou', local);
      const offer = page.getByTestId('offer-hukou');
      expect(await offer.getAttribute('data-available')).toBe('true');
      await saveScreenshot(page, 'kiosk-offers.png');
      await page.getByTestId('offer-go-hukou').click();
      await page.getByTestId('kiosk-certificate').waitFor();
      if (await page.getByTestId('kiosk-purpose').count())
        await page.getByTestId('kiosk-purpose').fill('入职审查');
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.url().endsWith('/api/v1/kiosk/terminal/certificates') && r.request().method() === 'POST',
        ),
        page.getByTestId('kiosk-issue').click(),
      ]);
      expect(response.status()).toBe(201);
      issued = await response.json();
      await page.getByTestId('kiosk-issued').waitFor();
      expect(await page.getByTestId('kiosk-serial').textContent()).toBe(issued.serial);
      expect(issued.verifyUrl).toContain(`/verify#${issued.token}`);

      const download = page.getByTestId('kiosk-download');
      await page.locator('[data-testid=kiosk-download]:not([disabled])').waitFor();
      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      expect(file.suggestedFilename()).toBe(`${issued.serial}.pdf`);
      const pdf = fs.readFileSync(await file.path());
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await saveScreenshot(page, 'kiosk-issued.png');

      // 结束办理: back to the start, nothing of the person left on screen.
      await page.getByTestId('kiosk-finish').click();
      await page.getByTestId('kiosk-home').waitFor();
      expect(await page.getByText(issued.serial).count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('its QR link verifies on /verify; police revoke it and /verify shows revoked', async () => {
    expect(issued, 'the certificate of the previous test').toBeTruthy();
    const context = await run.browser.newContext({ baseURL: run.server.url, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      await page.goto(`/verify#${issued.token}`);
      await page.locator('[data-testid=verify-signature][data-result=valid]').waitFor();
      await page.locator('[data-testid=verify-status][data-status=valid]').waitFor();
      await page.getByTestId('verify-status').getByText(issued.serial).waitFor();
      await saveScreenshot(page, 'verify-valid.png');

      const revoked = await police.post(`/api/v1/kiosk/certificates/${issued.id}/revoke`, {
        reason: '申请人信息有误',
      });
      expect(revoked.statusCode, revoked.body).toBe(200);
      await page.reload();
      await page.locator('[data-testid=verify-signature][data-result=valid]').waitFor();
      await page.locator('[data-testid=verify-status][data-status=revoked]').waitFor();
      await page.getByTestId('verify-status').getByText('已吊销').waitFor();
      await saveScreenshot(page, 'verify-revoked.png');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('tells a tampered payload, a forged signature, an unknown key and a damaged code apart, without the server', async () => {
    expect(issued).toBeTruthy();
    const [version, payload, signature] = issued.token.split('.') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64UrlDecode(payload)!)) as CertificateClaims;
    const tampered = `${version}.${base64UrlEncode(new TextEncoder().encode(JSON.stringify({ ...claims, n: '王*' })))}.${signature}`;
    const { privateKey } = generateKeyPairSync('ed25519');
    const forge = (c: CertificateClaims) => {
      const input = certificateSigningInput(c);
      return certificateToken(input, new Uint8Array(sign(null, Buffer.from(input), privateKey)));
    };
    const cases: [string, string][] = [
      [tampered, 'bad_signature'],
      [forge(claims), 'bad_signature'],
      [forge({ ...claims, k: 'k-nobody' }), 'unknown_key'],
      [issued.token.slice(0, 40), 'malformed'],
    ];
    const context = await run.browser.newContext({ baseURL: run.server.url, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      const asked: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/api/v1/kiosk/verify')) asked.push(r.url());
      });
      await page.goto('/verify');
      for (const [token, result] of cases) {
        await page.getByTestId('verify-input').fill(token);
        await page.getByTestId('verify-submit').click();
        await page.locator(`[data-testid=verify-signature][data-result=${result}]`).waitFor();
        await page.getByTestId('verify-status').getByText('签名未通过，未向服务器查询状态').waitFor();
      }
      await page.getByTestId('verify-input').fill(tampered);
      await page.getByTestId('verify-submit').click();
      await page.getByTestId('verify-signature').getByText('签名校验失败').waitFor();
      await saveScreenshot(page, 'verify-tampered.png');
      expect(asked).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses a resident registered outside the city the 无犯罪记录证明 (plain reason, counter hours), names each ID-photo problem, wipes itself when left', async () => {
    const browser = await cameraBrowser(path.join(FACES, nonLocal.identity, '2.jpg'));
    try {
      const device = await kioskDevice(await signIn(run.server.env.app, 'admin'), siteId, 'e2e kiosk 2');
      const { context, page, problems } = await kioskPage(browser, device, true);
      await page.goto('/terminal/kiosk?reader=simulated');
      await page.getByTestId('kiosk-home').waitFor();
      await page.getByTestId('kiosk-online').getByText('在线').waitFor();

      // The network goes: a banner, and no service can be started; back online, back to work.
      await context.setOffline(true);
      await page.getByTestId('kiosk-offline').waitFor();
      expect(await page.getByTestId('service-no_criminal_record').isDisabled()).toBe(true);
      await saveScreenshot(page, 'kiosk-offline.png');
      await context.setOffline(false);
      await page.getByTestId('kiosk-online').getByText('在线').waitFor();
      await page.getByTestId('kiosk-offline').waitFor({ state: 'detached' });
      await checkIn(page, 'no_criminal_record', nonLocal);
      const offer = page.getByTestId('offer-no_criminal_record');
      expect(await offer.getAttribute('data-available')).toBe('false');
      expect((await offer.getByTestId('offer-reason').textContent())?.trim()).toBeTruthy();
      expect(await page.getByTestId('offer-go-no_criminal_record').count()).toBe(0);
      await page.getByTestId('kiosk-counter').getByText('工作日 8:30–18:00', { exact: false }).waitFor();
      await page.getByTestId('kiosk-counter').getByText('0371-12345678', { exact: false }).waitFor();
      // And a QR of this office's booking page, to leave with a time at the counter.
      const bookingQr = page.getByTestId('kiosk-booking-qr');
      await bookingQr.getByText('扫码预约柜台办理').waitFor();
      await bookingQr.locator('img').waitFor();
      expect(await bookingQr.getAttribute('data-url')).toBe(`${run.server.url}/book/${siteId}`);
      await saveScreenshot(page, 'kiosk-refused-ncr.png');

      // English switch: the same screen in English (the server's reason too on the next request).
      await page.getByTestId('kiosk-lang').click();
      await page.getByTestId('kiosk-counter').getByText('opening hours').waitFor();
      await page.getByTestId('kiosk-lang').click();
      await page.getByTestId('kiosk-counter').getByText('办公时间').waitFor();

      // The 居住证 instead: the ID-standard photo is taken and checked on the spot. A snapshot of
      // someone at a kiosk camera (small in the picture, grey wall, head turned) is not one: each
      // problem is listed in words, and the photo cannot be used.
      expect(await page.getByTestId('offer-residence_permit').getAttribute('data-available')).toBe('true');
      await page.getByTestId('offer-go-residence_permit').click();
      await page.locator('[data-testid=kiosk-camera][data-state=ready]').waitFor();
      await page.getByTestId('kiosk-photo-take').click();
      await page.getByTestId('photo-problems').locator('li').first().waitFor({ timeout: 60_000 });
      const photoProblems = await page.getByTestId('photo-problems').locator('li').allTextContents();
      expect(photoProblems.length).toBeGreaterThan(0);
      for (const text of photoProblems) expect(text.trim().length).toBeGreaterThan(4);
      expect(await page.getByTestId('kiosk-photo-use').count()).toBe(0);
      await saveScreenshot(page, 'kiosk-id-photo-problems.png');

      // Walking away: after 50 s untouched the countdown shows; at 60 s the screen wipes itself,
      // back to the start in Chinese, nothing of the person left.
      await page.clock.fastForward(51_000);
      await page.getByTestId('kiosk-idle').waitFor();
      await saveScreenshot(page, 'kiosk-idle.png');
      await page.clock.fastForward(10_000);
      await page.getByTestId('kiosk-home').getByText('请选择要办理的业务').waitFor();
      expect(await page.getByTestId('kiosk-idle').count()).toBe(0);
      expect(await page.getByTestId('kiosk-photo').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
