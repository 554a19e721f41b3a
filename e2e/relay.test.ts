/**
 * The door relay bridge in a real browser. A local node:http server plays the gate's relay box on
 * the compound LAN. Property staff fill 门锁控制器 in the gate's edit modal (HTTP, the box's URL,
 * a signing secret, 3 s), save, and 测试开门: the box gets one signed request and the gate list
 * shows the result. A paired tablet lets the resident in with her PIN: the server pulses the box
 * and the tablet's door opens. Then the box goes away (its port refuses connections): the next
 * passage (card) is still granted, but the tablet says the controller reported an error and keeps
 * its door closed, and the failure is recorded for the gate list and the attempts log. A new gate
 * whose controller URL the server refuses is created once, however often 创建 is pressed.
 */
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateResult, RelayAttempt } from '@anju/contracts';
import { users } from '../packages/server/src/platform/org/schema.ts';
import { type Client, signIn } from '../packages/server/test/harness.ts';
import { freshBoxPerTest, type RelayRequestSeen } from '../packages/server/test/relay-box.ts';
import { type ConsolePage, launchBrowser, openConsole, saveScreenshot } from './support/browser.ts';
import { signInAs } from './support/console.ts';
import { type RunningServer, startServer } from './support/server.ts';

const GATE = '南门';
const SECRET = 'e2e-relay-secret-5b1d83f0c9';
const CARD = 'C0FFEE42';

/**
 * The box's signature check, as access-relay.test.ts:
 * HMAC-SHA256(secret, "<timestamp>.<METHOD>.<action>.<event>.<raw body>").
 */
function expectSigned(req: RelayRequestSeen) {
  const timestamp = String(req.headers['x-anju-timestamp']);
  expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
  const signed = `${timestamp}.${req.method}.${req.headers['x-anju-action']}.${req.headers['x-anju-event']}.${req.body}`;
  const hmac = crypto.createHmac('sha256', SECRET).update(signed).digest('hex');
  expect(req.headers['x-anju-signature']).toBe(`sha256=${hmac}`);
}

let server: RunningServer;
let browser: Browser;
let property: Client;
let gateId: string;
let pairingCode: string;
let pin: string;
let consolePage: ConsolePage;
let tablet: { page: Page; problems: string[] };

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Runs a passage on the tablet and returns the server's answer to it. */
async function passage(page: Page, act: () => Promise<void>): Promise<GateResult> {
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/access/terminal/credential'));
  await act();
  return (await (await answer).json()) as GateResult;
}

beforeAll(async () => {
  // The box listens on 127.0.0.1: the tests-only escape hatch lets the server call it.
  [server, browser] = await Promise.all([
    startServer({ config: { relayAllowLoopback: true } }),
    launchBrowser(),
  ]);
  property = await signIn(server.env.app, 'property');
  const siteId = property.me.sites[0]!.id;
  const gate = await property.post('/api/v1/access/gates', { siteId, name: GATE, direction: 'both' });
  expect(gate.statusCode, gate.body).toBe(201);
  gateId = gate.json().id;
  const code = await property.post(`/api/v1/access/gates/${gateId}/pairing-code`);
  expect(code.statusCode).toBe(201);
  pairingCode = code.json().code;

  const [resident] = await server.env.ctx.db.select().from(users).where(eq(users.username, 'resident'));
  const personId = resident!.personId!;
  const issuedPin = await property.post(`/api/v1/access/persons/${personId}/pin`);
  expect(issuedPin.statusCode).toBe(201);
  pin = issuedPin.json().pin;
  const card = await property.post(`/api/v1/access/persons/${personId}/cards`, { cardNumber: CARD });
  expect(card.statusCode, card.body).toBe(201);
});

// Each test has a box of its own (a stored controller URL is pointed at it); before a test ends,
// every call it caused has been made and recorded, so nothing lands in the next test's box.
const relay = freshBoxPerTest(() => server.env);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('gate relay bridge', () => {
  it('property sets up the lock controller in the gate modal and 测试开门 sends one signed request', async () => {
    consolePage = await openConsole(browser, server.url);
    const { page } = consolePage;
    await signInAs(page, 'property');
    await page.goto('/access/gates');
    const row = page.locator('tr.ant-table-row').filter({ hasText: GATE });
    const edit = () => row.getByRole('button', { name: /编\s*辑/ }).click();
    await edit();
    const dialog = page.getByRole('dialog');
    const section = dialog.getByTestId('relay-section');
    // Choose HTTP and make sure the choice held: once in CI the address field never appeared after
    // the click (not reproduced since; the poll re-checks instead of waiting 30 s on one click).
    const httpKind = section.getByRole('radio', { name: 'HTTP 继电器 / 控制器' });
    const urlField = section.getByLabel('控制器地址', { exact: true });
    await expect
      .poll(
        async () => {
          await httpKind.check();
          return urlField.isVisible();
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await urlField.fill(`${relay.url}/relay/open`);
    await section.getByLabel('签名密钥（HMAC-SHA256）', { exact: true }).fill(SECRET);
    await section.getByLabel('开门时长（秒）', { exact: true }).fill('3');
    // Not saved yet: nothing to test.
    expect(await section.getByTestId('relay-test').isDisabled()).toBe(true);
    await section.getByText('保存为 HTTP 控制器后即可测试开门').waitFor();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('门禁设置已保存').waitFor();
    await page.getByTestId(`relay-status-${GATE}`).getByText('门锁：尚未调用').waitFor();
    expect(relay.box.received).toHaveLength(0);

    // Stored as typed; the secret only as hasSecret.
    const listed = await property.get('/api/v1/access/gates');
    expect(listed.body).not.toContain(SECRET);
    expect(listed.json().items.find((g: { id: string }) => g.id === gateId).relay).toMatchObject({
      kind: 'http',
      url: `${relay.url}/relay/open`,
      method: 'POST',
      hasSecret: true,
      openSeconds: 3,
    });

    await edit();
    await section.getByPlaceholder('已设置，留空则保持不变').waitFor();
    await section.getByTestId('relay-test').click();
    const result = section.getByTestId('relay-test-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^门已开（HTTP 200，\d+ ms）$/);

    expect(relay.box.received).toHaveLength(1);
    const req = relay.box.received[0]!;
    expect(req).toMatchObject({ method: 'POST', url: '/relay/open' });
    expect(req.headers).toMatchObject({
      'x-anju-gate': gateId,
      'x-anju-action': 'open',
      'x-anju-decision': 'test',
      'x-anju-event': 'test',
    });
    expectSigned(req);
    expect(JSON.parse(req.body)).toMatchObject({ gateId, action: 'open', openSeconds: 3 });

    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await page.getByTestId(`relay-status-${GATE}`).getByText('门锁：门已开').waitFor();
    expect(consolePage.problems).toEqual([]);
  });

  it('a new gate whose controller URL is refused is created once: fixing the URL saves that same gate', async () => {
    const { page } = consolePage;
    const name = '东侧门';
    const sent = relay.box.received.length;
    const named = async () =>
      ((await property.get('/api/v1/access/gates')).json().items as { name: string }[]).filter(
        (g) => g.name === name,
      );
    await page.goto('/access/gates');
    await page.getByRole('button', { name: /新增门禁/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('门禁名称', { exact: true }).fill(name);
    const section = dialog.getByTestId('relay-section');
    await section.getByText('HTTP 继电器 / 控制器').click();
    const url = section.getByLabel('控制器地址', { exact: true });
    // The cloud metadata address: refused by the server (even with the tests' loopback hatch).
    await url.fill('http://169.254.169.254/latest/meta-data/');
    const create = dialog.getByRole('button', { name: /创\s*建/ });
    await create.click();
    // The server's 400 names body.url: the message is shown under the URL field (its help line).
    expect(await url.getAttribute('id')).toBe('gate_relay_url');
    await section.locator('#gate_relay_url_help').getByText('链路本地', { exact: false }).waitFor();
    // The gate itself was created; the dialog stays open on it.
    expect(await named()).toHaveLength(1);
    expect(await dialog.isVisible()).toBe(true);

    const lanUrl = 'http://192.168.77.50/relay/0?turn=on&timer={{openSeconds}}';
    await url.fill(lanUrl);
    await create.click();
    await page.getByText('门禁已登记，可为其配对门禁终端').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    const gates = await named();
    expect(gates).toHaveLength(1);
    expect(gates[0]).toMatchObject({ relay: { kind: 'http', url: lanUrl } });
    await page.getByTestId(`relay-status-${name}`).getByText('门锁：尚未调用').waitFor();
    expect(await page.locator('tr.ant-table-row').filter({ hasText: name }).count()).toBe(1);
    expect(relay.box.received).toHaveLength(sent); // saving calls nothing
    expect(consolePage.problems).toEqual([]);
  });

  it('a paired tablet lets the resident in by PIN: the box is told to open and the door opens', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'zh-CN',
      viewport: { width: 1280, height: 800 },
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
    tablet = { page, problems };
    await page.goto('/terminal/gate');
    await page.locator('[data-testid=pair-code] input').first().click();
    await page.keyboard.type(pairingCode);
    await page.getByTestId('terminal-gate-name').getByText(GATE).waitFor();
    await page.getByTestId('terminal-online').getByText('在线').waitFor();

    relay.box.received = [];
    const answer = await passage(page, async () => {
      await page.getByTestId('pin-button').click();
      for (const digit of pin)
        await page.getByTestId('pin-keypad').getByRole('button', { name: digit, exact: true }).click();
    });
    expect(answer).toMatchObject({ decision: 'grant', openMs: 3000 });
    // The box answers at once; `pending` only when the server is slow to start the call.
    expect(['opened', 'pending']).toContain(answer.door);

    const result = page.getByTestId('terminal-result');
    await result.and(page.locator('[data-decision=grant]')).waitFor();
    expect(await result.getAttribute('data-door')).toBe(answer.door);
    expect(await result.locator('.gt-result-title').textContent()).toContain('欢迎回家');
    expect(await result.locator('.gt-result-sub').textContent()).toContain('门已打开，请通行');
    expect(await page.getByTestId('terminal-door-failed').count()).toBe(0);
    expect(await page.getByTestId('door-state').getAttribute('data-open')).toBe('true');

    const req = await until('the open request', async () => relay.box.received[0]);
    expect(req.headers).toMatchObject({
      'x-anju-gate': gateId,
      'x-anju-action': 'open',
      'x-anju-decision': 'grant',
      'x-anju-event': String(answer.eventId),
    });
    expectSigned(req);
    expect(JSON.parse(req.body)).toMatchObject({ eventId: answer.eventId, method: 'pin' });

    // The door closes after the controller's 3 s.
    await page.locator('[data-testid=door-state][data-open=false]').waitFor({ timeout: 30_000 });
    await result.waitFor({ state: 'detached', timeout: 30_000 });
    expect(relay.box.received).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  it('with the box gone the next card passage is granted but the tablet says so and keeps the door shut', async () => {
    const { page, problems } = tablet;
    await relay.box.stop();
    relay.box.received = [];
    // Every value the door icon takes during this passage.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __doorSeen: string[] }).__doorSeen = seen;
      const el = document.querySelector('[data-testid=door-state]')!;
      new MutationObserver(() => seen.push(el.getAttribute('data-open') ?? '')).observe(el, {
        attributes: true,
        attributeFilter: ['data-open'],
      });
    });

    const answer = await passage(page, async () => {
      await page.getByTestId('scan-input').fill(CARD);
      await page.getByTestId('scan-input').press('Enter');
    });
    expect(answer).toMatchObject({ decision: 'grant', reason: 'resident', door: 'failed' });

    const result = page.locator('[data-testid=terminal-result][data-door=failed]');
    await result.waitFor();
    expect(await result.getAttribute('data-decision')).toBe('grant');
    expect(await result.locator('.gt-result-title').textContent()).toContain('欢迎回家');
    expect(await page.getByTestId('terminal-door-failed').textContent()).toContain(
      '门锁控制器报错，门未打开，请联系值班人员',
    );
    expect(await result.getByText('门已打开，请通行', { exact: false }).count()).toBe(0);
    expect(await page.getByTestId('door-state').getAttribute('data-open')).toBe('false');
    await saveScreenshot(page, 'terminal-relay-failed.png');
    // Past the 3 s the door would have been open: it never opened.
    await result.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { __doorSeen: string[] }).__doorSeen)).toEqual([]);
    expect(await page.getByTestId('door-state').getAttribute('data-open')).toBe('false');
    expect(problems).toEqual([]);

    // Recorded: the attempts log and the gate list say the controller could not be reached.
    const attempt = await until('the failed attempt', async () => {
      const res = await property.get(`/api/v1/access/gates/${gateId}/relay/attempts`);
      const items = res.json().items as RelayAttempt[];
      return items.find((a) => a.eventId === answer.eventId);
    });
    expect(attempt).toMatchObject({ purpose: 'grant', action: 'open', outcome: 'failed', statusCode: null });
    expect(attempt.error).toContain('无法连接门禁控制器');
    const { page: console_ } = consolePage;
    await console_.reload();
    const status = console_.getByTestId(`relay-status-${GATE}`);
    await status.getByText('门锁：开门失败').waitFor();
    await status.hover();
    await console_.locator('.ant-tooltip').getByText('无法连接门禁控制器', { exact: false }).waitFor();
    await saveScreenshot(console_, 'access-gates-relay-failed.png');
    expect(consolePage.problems).toEqual([]);
  });
});
