// Builds the web app into web/dist (and the embeddable components, scripts/build-components.mjs). With --if-stale, only when a source file is newer than the last build.
// scripts/start.mjs (npm start) checks webFresh() in its own process (a few ms) and runs this script only when stale.
// Several `npm start` at once are safe: one builds at a time (a lock folder), the others wait and then find the
// build fresh; the build is written to a folder of its own and renamed into place, so web/dist is never half-written.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { buildComponents, componentsFresh } from './build-components.mjs';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'web');
const distDir = path.join(web, 'dist');
const dist = path.join(distDir, 'index.html');
const lock = path.join(web, '.dist.lock');
/** Folders this script makes beside web/dist (the lock, builds in progress, a replaced build): never sources. */
const OURS = /^\.dist[.-]/;
/** How long to wait for another process's build before giving up. */
const LOCK_WAIT_MS = 10 * 60_000;

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules' || OURS.test(e.name)) continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const fresh = () => existsSync(dist) && statSync(dist).mtimeMs >= newest(web);

/** Whether the web app and the components are both newer than their sources (a few ms of file times). */
export const webFresh = () => componentsFresh() && fresh();

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Takes the lock folder; a lock left by a process that is gone is taken over. */
async function takeLock() {
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
    } catch {
      /* being written, or being removed */
    }
    // A lock without a pid for a while (its owner died between mkdir and write) or with a dead owner is stale.
    const stale = Number.isInteger(owner) ? !alive(owner) : Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 10_000;
    if (stale) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > until) throw new Error(`web/dist is being built by process ${owner} for too long; remove ${lock} if it is gone`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Builds the components and the web app; with ifStale, only what is older than its sources. */
export async function buildWeb({ ifStale = false } = {}) {
  // The embeddable components (/components.js) are built with the web app, by npm start and the e2e build.
  if (await buildComponents({ ifStale })) console.log('Built the components (components/dist/components.js).');
  if (ifStale && fresh()) return;
  await takeLock();
  try {
    // Another process may have built it while this one waited for the lock.
    if (!(ifStale && fresh())) {
      console.log('Building the web app (web/dist)...');
      const tmp = path.join(web, `.dist-${process.pid}`);
      rmSync(tmp, { recursive: true, force: true });
      execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn', '--outDir', tmp, '--emptyOutDir'], {
        cwd: root,
        stdio: 'inherit',
      });
      const old = path.join(web, `.dist-old-${process.pid}`);
      if (existsSync(distDir)) renameSync(distDir, old);
      renameSync(tmp, distDir);
      rmSync(old, { recursive: true, force: true });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildWeb({ ifStale: process.argv.includes('--if-stale') });
