/** Waiting helpers with no dependency on the app (fakes and proxy tests import them alone). */

/**
 * How tests wait: never a fixed sleep followed by an assertion. `waitFor` polls a condition
 * until it holds (or `timeout`, default 20 s — a bound only a real hang exceeds on a loaded
 * 2-core machine), and throws with `message` when it never does. Returns the truthy value.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: { timeout?: number; interval?: number; message?: string | (() => string) } = {},
): Promise<NonNullable<T>> {
  const timeout = options.timeout ?? 20_000;
  const interval = options.interval ?? 25;
  const until = performance.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (performance.now() > until) {
      const msg = typeof options.message === 'function' ? options.message() : options.message;
      throw new Error(
        `waitFor: ${msg ?? 'condition never held'} within ${timeout} ms (last: ${String(last)})`,
      );
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
