// The test command: every Vitest suite (services and HTTP), then the browser journeys in Chromium.
// On the database DATABASE_URL names, else on PGlite. In CI (CI=true) a skipped or empty suite is a failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, '.tmp');
mkdirSync(out, { recursive: true });
const ci = process.env.CI === 'true' || process.env.CI === '1';
const db = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
const only = process.argv.slice(2); // e.g. "unit" or "e2e"

const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function run(name, config, extraSteps = []) {
  for (const step of extraSteps) {
    const r = spawnSync(process.execPath, step, { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) { ok = false; return; }
  }
  const report = path.join(out, `vitest-${name}.json`);
  rmSync(report, { force: true });
  console.log(`\n=== ${name} suite on ${db} ===`);
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', config,
    '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { cwd: root, stdio: 'inherit', env: process.env });
  let stats;
  try { stats = JSON.parse(readFileSync(report, 'utf8')); } catch { stats = undefined; }
  if (r.status !== 0 || !stats) ok = false;
  if (stats) {
    const skipped = stats.numPendingTests + stats.numTodoTests;
    totals.passed += stats.numPassedTests;
    totals.failed += stats.numFailedTests;
    totals.skipped += skipped;
    if (ci && (skipped > 0 || stats.numTotalTests === 0)) {
      console.error(`CI: the ${name} suite skipped ${skipped} test(s) or ran none; in CI every suite must run.`);
      ok = false;
    }
  }
}

if (!only.length || only.includes('unit')) run('unit', 'vitest.config.ts');
if (!only.length || only.includes('e2e')) run('e2e', 'vitest.e2e.config.ts', [[path.join(root, 'scripts', 'build-web.mjs'), '--if-stale'], [path.join(root, 'scripts', 'build-server.mjs'), '--if-stale']]);

console.log(`\ntests on ${db}:`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok ? 0 : 1);
