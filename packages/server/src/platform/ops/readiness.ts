/**
 * Readiness checks beyond the database: a module that must be loaded before the server can do its
 * job (the face engine) registers a check here; /api/ready reports it. A check that was never
 * registered reads 'not_configured', which counts as ready (a compound without face gates).
 *
 *   const unregister = registerReadinessCheck('faceEngine', () => engine.loaded ? 'ok' : 'loading');
 */
export type ReadinessState = 'ok' | 'not_configured' | 'loading' | 'failed';
export type ReadinessCheck = () => ReadinessState | Promise<ReadinessState>;

/** Checks /api/ready always reports, registered or not. */
export const OPTIONAL_CHECKS = ['faceEngine'] as const;

const checks = new Map<string, ReadinessCheck>();

export function registerReadinessCheck(name: string, check: ReadinessCheck): () => void {
  checks.set(name, check);
  return () => {
    if (checks.get(name) === check) checks.delete(name);
  };
}

export const READY_STATES: ReadonlySet<ReadinessState> = new Set(['ok', 'not_configured']);

/** Runs every registered check (and reports the optional ones that are absent), each within `timeoutMs`. */
export async function runReadinessChecks(timeoutMs: number): Promise<Record<string, ReadinessState>> {
  const names = new Set<string>([...OPTIONAL_CHECKS, ...checks.keys()]);
  const out: Record<string, ReadinessState> = {};
  await Promise.all(
    [...names].map(async (name) => {
      const check = checks.get(name);
      out[name] = check ? await withTimeout(check, timeoutMs) : 'not_configured';
    }),
  );
  return out;
}

export async function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve().then(check),
      new Promise<ReadinessState>((resolve) => {
        timer = setTimeout(() => resolve('failed'), timeoutMs);
      }),
    ]);
  } catch {
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}
