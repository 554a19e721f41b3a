// Prints one closing line for CI ("N passed, N failed, N skipped") from Vitest's JSON reports.
import fs from 'node:fs';

const reports = [
  'test-artifacts/integration.json',
  'test-artifacts/e2e.json',
  'test-artifacts/e2e-cluster.json',
];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of reports) {
  if (!fs.existsSync(file)) continue;
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
