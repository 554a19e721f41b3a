/**
 * Two Anju processes on one PostgreSQL behind the round-robin proxy of deploy/cluster (started by
 * e2e/support/cluster-setup.ts; run with `npm run test:e2e:cluster`). The console works with
 * every other request answered by the other process; an alert raised in one process reaches a
 * console streaming from the other; when a process is killed, nobody signs in again and the
 * restarted process takes its share back.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { launchBrowser, openConsole, saveScreenshot } from './support/browser.ts';
import { signInAs } from './support/console.ts';
import { callOverHttp, type HttpClient, signInOverHttp } from './support/http.ts';

const cluster = inject('anjuCluster');
let browser: Browser;

beforeAll(async () => {
  if (cluster) browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Records which process answered each API call the page makes. */
function recordUpstreams(page: Page): { upstream: string | null; status: number; url: string }[] {
  const seen: { upstream: string | null; status: number; url: string }[] = [];
  page.on('response', (res: Response) => {
    if (new URL(res.url()).pathname.startsWith('/api/')) {
      seen.push({ upstream: res.headers()['x-anju-upstream'] ?? null, status: res.status(), url: res.url() });
    }
  });
  return seen;
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
}

/** The Anju process with this pid is the one serving `port` (not a restarted one, not another program). */
function servesPort(pid: number, port: string): boolean {
  try {
    const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return env.includes(`PORT=${port}`) && cmdline.includes('serve');
  } catch {
    return false;
  }
}

/** Gone, or a zombie its parent has not reaped yet: either way it answers nothing any more. */
function isDead(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

const title = cluster
  ? 'two processes behind a proxy'
  : 'two processes behind a proxy — skipped: needs TEST_DATABASE_URL and npm run test:e2e:cluster';

/** A gate registered through the proxy with a tablet paired to it: the tablet's token. */
async function pairedGateOverHttp(property: HttpClient, name: string): Promise<string> {
  const gate = await property.call('POST', '/api/v1/access/gates', {
    siteId: property.me.sites[0]!.id,
    name,
    direction: 'in',
  });
  expect(gate.status, JSON.stringify(gate.body)).toBe(201);
  const gateId = (gate.body as { id: string }).id;
  const code = await property.call('POST', `/api/v1/access/gates/${gateId}/pairing-code`);
  const paired = await callOverHttp(`${cluster!.url}/api/v1/access/terminal/pair`, 'POST', {
    code: (code.body as { code: string }).code,
    name: `${name}平板`,
  });
  expect(paired.status, JSON.stringify(paired.body)).toBe(201);
  return (paired.body as { token: string }).token;
}

/** Property opens 预警处置 and waits for its live stream: the index of the process holding it. */
async function openAlertsConsole(page: Page): Promise<number> {
  await signInAs(page, 'property');
  const stream = page.waitForResponse((r) => r.url().includes('/alerts/stream'));
  await page.getByTestId('side-menu').getByRole('menuitem', { name: '预警处置' }).click();
  await page.locator('[data-testid="stream-state"][data-state="open"]').waitFor();
  return Number((await stream).headers()['x-anju-upstream']);
}

/** Three unknown cards refused at the tablet's gate (a repeated-denial alert), sent to `baseUrl`. */
async function refuseThreeCards(baseUrl: string, token: string, prefix: string): Promise<void> {
  for (const n of [1, 2, 3]) {
    const passage = await callOverHttp(
      `${baseUrl}/api/v1/access/terminal/credential`,
      'POST',
      { method: 'card', value: `${prefix}0${n}` },
      { authorization: `Bearer ${token}` },
    );
    expect(passage.status, JSON.stringify(passage.body)).toBe(200);
    expect(passage.body).toMatchObject({ decision: 'deny' });
  }
}

describe.skipIf(!cluster)(title, () => {
  it('the console works while the two processes take turns answering it', async () => {
    const { context, page, problems } = await openConsole(browser, cluster!.url);
    try {
      const seen = recordUpstreams(page);
      await signInAs(page, 'police');
      const signedInAt = seen.length;
      for (const path of ['/registry', '/access/events', '/audit', '/alerts', '/']) {
        await page.goto(path);
        await page.getByTestId('side-menu').waitFor();
        await page.waitForLoadState('networkidle');
      }
      await page.getByTestId('sites').getByText('安居示范小区（演示数据）').waitFor();
      const after = seen.slice(signedInAt);
      // Both processes served this one session, and neither asked it to sign in again.
      expect(new Set(after.map((r) => r.upstream))).toEqual(new Set(['0', '1']));
      expect(after.filter((r) => r.status === 401 || r.status >= 500)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an alert raised in one process reaches the console streaming from the other', async () => {
    const property = await signInOverHttp(cluster!.url, 'property');
    const token = await pairedGateOverHttp(property, '集群北门');

    const { context, page, problems } = await openConsole(browser, cluster!.url);
    try {
      const streamingFrom = await openAlertsConsole(page);
      const other = cluster!.processes[1 - streamingFrom]!;

      // Three refused cards at the gate, sent straight to the process the console is NOT on.
      await refuseThreeCards(other.url, token, 'C1A57E');
      const row = page.locator('.ant-table-tbody tr').filter({ hasText: '多次被拒：集群北门' });
      await row.first().waitFor({ timeout: 30_000 });
      expect(await row.first().textContent()).toContain('3 次');
      await saveScreenshot(page, 'cluster-alert-from-other-process.png');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a killed process: the console streaming from it reconnects through the other, the session carries on, and the restarted one takes its share back', async () => {
    const police = await signInOverHttp(cluster!.url, 'police');
    const property = await signInOverHttp(cluster!.url, 'property');
    const token = await pairedGateOverHttp(property, '集群西门');

    const { context, page, problems } = await openConsole(browser, cluster!.url);
    try {
      const holder = await openAlertsConsole(page);
      const victim = cluster!.processes[holder]!;
      const survivor = String(1 - holder);

      // kill -9 the process that holds this console's event stream — that process and no other:
      // the pid must still be the Anju process serving the victim's port.
      expect(servesPort(victim.pid, new URL(victim.url).port), `pid ${victim.pid} serves ${victim.url}`).toBe(
        true,
      );
      const reconnected = page.waitForResponse(
        (r) => r.url().includes('/alerts/stream') && r.headers()['x-anju-upstream'] === survivor,
        { timeout: 60_000 },
      );
      process.kill(victim.pid, 'SIGKILL');
      // Dead before anything is asked of the cluster (a signal is delivered, not instant).
      await until(async () => (isDead(victim.pid) ? true : undefined), 20_000, 'the killed process to die');

      // Every request still answered, by the survivor, with the same session.
      const during = [];
      for (let i = 0; i < 8; i++) during.push(await police.call('GET', '/api/v1/registry/stats'));
      expect(during.map((r) => r.status)).toEqual(Array(8).fill(200));
      expect(new Set(during.map((r) => r.upstream))).toEqual(new Set([survivor]));

      // The console's stream came back through the survivor, and alerts raised now reach it.
      await reconnected;
      await page.locator('[data-testid="stream-state"][data-state="open"]').waitFor({ timeout: 60_000 });
      await refuseThreeCards(cluster!.url, token, 'C1A57F');
      await page
        .locator('.ant-table-tbody tr')
        .filter({ hasText: '多次被拒：集群西门' })
        .first()
        .waitFor({ timeout: 30_000 });

      // The cluster starts it again (like systemd's Restart=always); it serves the old session.
      const back = await until(
        async () => {
          const r = await police.call('GET', '/api/v1/auth/me', undefined, victim.url);
          return r.status === 200 ? r : undefined;
        },
        90_000,
        'the killed process to come back',
      );
      expect((back.body as { user: { id: string } }).user.id).toBe(police.me.user.id);
      // Once its 5-s "down" mark has passed, the proxy sends it requests again.
      await until(
        async () =>
          (await police.call('GET', '/api/v1/registry/stats')).upstream === String(holder) ? true : undefined,
        60_000,
        'the proxy to use the restarted process',
      );
      // The stream's reconnection is logged by the browser as a failed request, nothing else.
      expect(problems.filter((p) => !p.includes('EventSource'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
