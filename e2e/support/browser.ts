/**
 * Drives Debian's Chromium (/usr/bin/chromium; `apt-get install -y chromium`) through
 * playwright-core: no browser download. Headless, and --no-sandbox because CI runs as root.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../../test-artifacts');

/** Without a CJK font Chromium draws Chinese as boxes: the tests pass, the screenshots are useless. */
function warnWithoutCjkFont(): void {
  const found = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (found.status === 0 && !found.stdout.trim()) {
    console.warn(
      '[e2e] no Chinese font installed; screenshots will show boxes (apt-get install -y fonts-noto-cjk)',
    );
  }
}

/** Chromium with our flags; `extraArgs` adds e.g. a fake camera playing a Y4M file. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}; install it with \`apt-get install -y chromium\``,
    );
  }
  warnWithoutCjkFont();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors (CSP violations, React errors) seen so far. */
  problems: string[];
}

/**
 * A fresh browser profile (no cookies, no stored language) on a desktop-sized window. Failed
 * HTTP responses are expected (401 from the session probe) and are not counted as problems.
 */
export async function openConsole(browser: Browser, baseURL: string): Promise<ConsolePage> {
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
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

/**
 * Saves a screenshot under test-artifacts/ (git-ignored) and returns its path. Entry animations
 * (toasts, a result's pop-in) are run to their end first, so no test waits a fixed time for them.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, name);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}
