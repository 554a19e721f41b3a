import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMasterKey } from './crypto.ts';

const run = promisify(execFile);
const CRYPTO_MODULE = path.resolve(import.meta.dirname, 'crypto.ts');

const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('master key file', () => {
  it('is created once (0600) and read back unchanged', () => {
    const dir = tempDir('anju-key-');
    const first = loadMasterKey(dir, undefined);
    const file = path.join(dir, 'keys', 'master.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadMasterKey(dir, undefined).equals(first)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'keys'))).toEqual(['master.key']);
  });

  it('refuses a damaged key file instead of encrypting with a wrong key', () => {
    const dir = tempDir('anju-key-');
    fs.mkdirSync(path.join(dir, 'keys'));
    fs.writeFileSync(path.join(dir, 'keys', 'master.key'), 'c2hvcnQ=\n');
    expect(() => loadMasterKey(dir, undefined)).toThrow(/32-byte/);
  });

  it('processes starting together on one empty folder all end up with the same key', async () => {
    const N = 6;
    const dir = tempDir('anju-key-race-');
    // The barrier lives beside (not in) the data folder so it cannot disturb what loadMasterKey sees.
    const barrier = tempDir('anju-key-barrier-');
    // Each process loads the module, says it is ready, then spins until all N are ready, so the
    // existence checks in loadMasterKey overlap however slowly the processes start.
    const script = `const fs = await import('node:fs');
      const path = await import('node:path');
      const { loadMasterKey } = await import(${JSON.stringify(CRYPTO_MODULE)});
      const barrier = ${JSON.stringify(barrier)};
      const me = process.argv[1];
      fs.writeFileSync(path.join(barrier, 'ready-' + me), String(Date.now()));
      const deadline = Date.now() + 60000;
      while (fs.readdirSync(barrier).filter((f) => f.startsWith('ready-')).length < ${N}) {
        if (Date.now() > deadline) { process.stderr.write('barrier timeout'); process.exit(2); }
      }
      const calledAt = Date.now();
      const key = loadMasterKey(${JSON.stringify(dir)}, undefined).toString('base64');
      process.stdout.write(JSON.stringify({ key, calledAt }));`;
    const outputs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, String(i)], {
          timeout: 90_000,
        }),
      ),
    );
    const results = outputs.map((o) => JSON.parse(o.stdout) as { key: string; calledAt: number });
    // Every process was ready before the first one called loadMasterKey.
    const readyAt = fs
      .readdirSync(barrier)
      .filter((f) => f.startsWith('ready-'))
      .map((f) => Number(fs.readFileSync(path.join(barrier, f), 'utf8')));
    expect(readyAt).toHaveLength(N);
    expect(Math.max(...readyAt)).toBeLessThanOrEqual(Math.min(...results.map((r) => r.calledAt)));

    const keys = new Set(results.map((r) => r.key));
    const onDisk = fs.readFileSync(path.join(dir, 'keys', 'master.key'), 'utf8').trim();
    expect([...keys]).toEqual([onDisk]);
    expect(fs.readdirSync(path.join(dir, 'keys'))).toEqual(['master.key']);
  });
});
