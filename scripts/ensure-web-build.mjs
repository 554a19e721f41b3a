#!/usr/bin/env node
// Builds the web console before `npm start` / `npm run serve` when the build is missing or older
// than its sources; otherwise returns at once (a stat walk over a few hundred files).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'packages/web/dist/index.html');
const sources = [
  'packages/web/src',
  'packages/web/index.html',
  'packages/web/public',
  'packages/web/vite.config.ts',
  'packages/web/package.json',
  'packages/contracts/src',
].map((p) => path.join(root, p));

/** Newest modification time under a file or folder (0 when it does not exist). */
function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file still bumps its folder
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

function buildReason() {
  if (!fs.existsSync(builtIndex)) return 'no build yet';
  const builtAt = fs.statSync(builtIndex).mtimeMs;
  const changed = sources.find((s) => newestMtime(s) > builtAt);
  return changed ? `${path.relative(root, changed)} changed since the last build` : null;
}

const reason = process.env.ANJU_SKIP_WEB_BUILD === '1' ? null : buildReason();
if (reason) {
  console.log(`[anju] building the web console (${reason})...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build', '-w', '@anju/web'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[anju] web console build failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}
