/**
 * Pairing a gate tablet with its own camera: the console's pairing QR (the server's own PNG, the
 * image 配对终端 shows) is played through Chromium's fake camera; the tablet at /terminal/gate
 * opens 扫码配对, reads "anju-pair:<code>" with jsQR, pairs once and shows the gate screen, and
 * the server has the tablet bound to that gate. A QR with other content is named as such and
 * does not pair. Each test launches its own Chromium: the fake camera's picture is fixed at launch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../packages/server/src/db/client.ts';
import { type Client, signIn } from '../packages/server/test/harness.ts';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';
import { writeY4m } from './support/y4m.ts';

let server: RunningServer;
let property: Client;
let siteId: string;
let tmpDir: string;
let browser: Browser | null = null;

/** A 640×480 white frame with the QR PNG scaled (pixel-exact) to 300 px in the middle. */
async function qrFrame(png: Buffer): Promise<Buffer> {
  const qr = await sharp(png).resize(300, 300, { kernel: 'nearest' }).png().toBuffer();
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#ffffff' } })
    .composite([{ input: qr, gravity: 'centre' }])
    .png()
    .toBuffer();
}

/**
 * A Chromium whose (only) camera shows `frame`. Camera prompts are accepted by themselves, unless
 * `acceptPrompt` is false: then nobody answers them and the page is refused the camera.
 */
async function launchWithCamera(frame: Buffer, name: string, acceptPrompt = true): Promise<Browser> {
  const y4m = path.join(tmpDir, `${name}.y4m`);
  await writeY4m(frame, y4m, '#ffffff');
  return launchBrowser([
    ...(acceptPrompt ? ['--use-fake-ui-for-media-stream'] : []),
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${y4m}`,
  ]);
}

/**
 * A tablet-sized page that records every camera stream it opens (to check they are stopped),
 * the pairing requests it sends, and page errors.
 */
async function tabletPage(b: Browser, grantCamera = true) {
  const context = await b.newContext({
    baseURL: server.url,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  if (grantCamera) await context.grantPermissions(['camera'], { origin: server.url });
  await context.addInitScript(() => {
    const streams: MediaStream[] = [];
    (window as unknown as { __streams: MediaStream[] }).__streams = streams;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      streams.push(stream);
      return stream;
    };
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const pairRequests: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/access/terminal/pair')) {
      pairRequests.push(request.postData() ?? '');
    }
  });
  return { context, page, problems, pairRequests };
}

/** The ready state of each camera track the page has opened, in order. */
function trackStates(page: Page): Promise<string[][]> {
  return page.evaluate(() =>
    (window as unknown as { __streams: MediaStream[] }).__streams.map((s) =>
      s.getTracks().map((t) => t.readyState),
    ),
  );
}

async function createGate(name: string): Promise<string> {
  const gate = await property.post('/api/v1/access/gates', { siteId, name, direction: 'in' });
  expect(gate.statusCode, gate.body).toBe(201);
  return gate.json().id;
}

async function devicesOf(gateId: string) {
  return queryRows<{ name: string; kind: string }>(
    server.env.ctx.db,
    sql`SELECT d.name, d.kind FROM devices d JOIN gate_devices gd ON gd.device_id = d.id
        WHERE gd.gate_id = ${gateId}`,
  );
}

beforeAll(async () => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-e2e-pairing-'));
  server = await startServer();
  property = await signIn(server.env.app, 'property');
  siteId = property.me.sites[0]!.id;
});

afterEach(async () => {
  await browser?.close();
  browser = null;
});

afterAll(async () => {
  await server?.close();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('pairing a gate tablet by QR', () => {
  it('the tablet camera reads the console QR, pairs once and shows the gate; the server binds it', async () => {
    const gateId = await createGate('北门');
    const issued = await property.post(`/api/v1/access/gates/${gateId}/pairing-code`);
    expect(issued.statusCode, issued.body).toBe(201);
    const { code, qrDataUrl } = issued.json() as { code: string; qrDataUrl: string };
    expect(code).toMatch(/^\d{6}$/);
    const png = Buffer.from(qrDataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
    browser = await launchWithCamera(await qrFrame(png), 'pair');
    const { page, problems, pairRequests } = await tabletPage(browser);

    await page.goto('/terminal/gate');
    await page.getByLabel('终端名称').fill('北门平板');
    expect(await devicesOf(gateId)).toEqual([]);
    await page.getByTestId('pair-scan').click();

    await page.getByTestId('terminal-gate-name').getByText('北门').waitFor({ timeout: 20_000 });
    await page.getByTestId('terminal-online').getByText('在线').waitFor();
    await saveScreenshot(page, 'terminal-paired-by-qr.png');

    // One pairing request, with the code from the QR and the name typed before scanning.
    expect(pairRequests.map((body) => JSON.parse(body))).toEqual([
      expect.objectContaining({ code, name: '北门平板' }),
    ]);
    expect(await devicesOf(gateId)).toEqual([{ name: '北门平板', kind: 'gate' }]);
    const gates = (await property.get('/api/v1/access/gates')).json().items as {
      id: string;
      devices: number;
    }[];
    expect(gates.find((g) => g.id === gateId)?.devices).toBe(1);
    // The scanner's camera (the first stream) was stopped; the gate screen opened its own.
    const states = await trackStates(page);
    expect(states.length).toBeGreaterThanOrEqual(1);
    expect(states[0]!.every((s) => s === 'ended')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('a QR with other content is named as not a pairing QR; scanning goes on until cancelled', async () => {
    const gateId = await createGate('南门');
    const png = await QRCode.toBuffer('hello', { margin: 1, width: 240 });
    browser = await launchWithCamera(await qrFrame(png), 'hello');
    const { page, problems, pairRequests } = await tabletPage(browser);

    await page.goto('/terminal/gate');
    await page.getByTestId('pair-scan').click();
    await page.getByTestId('pair-scan-wrong').getByText('这不是安居配对二维码', { exact: false }).waitFor({
      timeout: 20_000,
    });
    await saveScreenshot(page, 'terminal-pair-wrong-qr.png');
    // Still scanning, still on the pairing screen, nothing sent.
    expect(await page.getByTestId('pair-scan-panel').getAttribute('data-state')).toBe('ready');
    expect(await trackStates(page)).toEqual([['live']]);
    await page.getByTestId('pair-code').waitFor();
    expect(await page.getByTestId('terminal-gate-name').count()).toBe(0);

    // Cancel stops the camera and gives the scan button back.
    await page.getByTestId('pair-scan-cancel').click();
    await page.getByTestId('pair-scan-panel').waitFor({ state: 'detached' });
    await page.getByTestId('pair-scan').waitFor();
    expect(await trackStates(page)).toEqual([['ended']]);
    expect(pairRequests).toEqual([]);
    expect(await devicesOf(gateId)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('with the camera refused, the panel says to type the code instead', async () => {
    browser = await launchWithCamera(await qrFrame(await QRCode.toBuffer('hello')), 'denied', false);
    const { page, problems } = await tabletPage(browser, false);
    await page.goto('/terminal/gate');
    await page.getByTestId('pair-scan').click();
    const problem = page.getByTestId('pair-scan-problem');
    await problem.getByText('摄像头权限被拒绝', { exact: false }).waitFor({ timeout: 30_000 });
    expect(await problem.textContent()).toContain('请在上方输入 6 位配对码');
    expect(await page.getByTestId('pair-scan-panel').getAttribute('data-state')).toBe('denied');
    await page.getByTestId('pair-scan-cancel').click();
    await page.getByTestId('pair-scan').waitFor();
    expect(problems).toEqual([]);
  });
});
