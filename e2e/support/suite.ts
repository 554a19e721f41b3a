import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { TestEnvOptions } from '../../packages/server/test/harness.ts';
import { launchBrowser } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

export interface ServerAndBrowser {
  readonly server: RunningServer;
  readonly browser: Browser;
}

/**
 * The usual start of a browser test file: a demo server and Chromium, started together before the
 * file's tests and closed after them. Read `server` and `browser` inside tests (they exist from
 * `beforeAll` on).
 */
export function useServerAndBrowser(options: TestEnvOptions = {}): ServerAndBrowser {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(options), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: did beforeAll fail?`);
    return value;
  };
  return {
    get server() {
      return started(server, 'the test server');
    },
    get browser() {
      return started(browser, 'the browser');
    },
  };
}
