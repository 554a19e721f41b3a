import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadMasterKey } from './crypto.ts';

const run = promisify(execFile);
const CRYPTO_MODULE = path.resolve(import.meta.dirname, 'crypto.ts');

describe('master key file', () => {
  it('is created once (0600) and read back unchanged', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-key-'));
    const first = loadMasterKey(dir, undefined);
    const file = path.join(dir, 'keys', 'master.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadMasterKey(dir, undefined).equals(first)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'keys'))).toEqual(['master.key']);
  });

  it('refuses a damaged key file instead of encrypting with a wrong key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-key-'));
    fs.mkdirSync(path.join(dir, 'keys'));
    fs.writeFileSync(path.join(dir, 'keys', 'master.key'), 'c2hvcnQ=\n');
    expect(() => loadMasterKey(dir, undefined)).toThrow(/32-byte/);
  });

  it('processes starting together on one empty folder all end up with the same key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-key-race-'));
    // Each process loads, then spins until the same instant, so the existence checks overlap.
    const startAt = Date.now() + 1500;
    const script = `const { loadMasterKey } = await import(${JSON.stringify(CRYPTO_MODULE)});
      while (Date.now() < ${startAt});
      process.stdout.write(loadMasterKey(${JSON.stringify(dir)}, undefined).toString('base64'));`;
    const outputs = await Promise.all(
      Array.from({ length: 6 }, () =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]),
      ),
    );
    const keys = new Set(outputs.map((o) => o.stdout));
    const onDisk = fs.readFileSync(path.join(dir, 'keys', 'master.key'), 'utf8').trim();
    expect([...keys]).toEqual([onDisk]);
    expect(fs.readdirSync(path.join(dir, 'keys'))).toEqual(['master.key']);
  });
});
