// A new PGlite data directory starts as a copy of an empty cluster made once per PGlite version (initdb in wasm takes
// seconds and hundreds of MB; a copy of its 40 MB takes a fraction of a second, and opening it is an ordinary start).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));

function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@electric-sql/pglite');
  for (let dir = path.dirname(main); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version!;
    }
  }
  return 'unknown';
}

/** Where the empty cluster of this PGlite version is kept (TRIO_PGLITE_TEMPLATE_DIR, else a folder of the system's temporary directory). */
export function templateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.TRIO_PGLITE_TEMPLATE_DIR || path.join(os.tmpdir(), 'trio-pglite-template');
  return path.join(base, `pglite-${pgliteVersion()}`);
}

/**
 * Fills `dir` (a data directory without a cluster) with a copy of the empty cluster, making that first when missing.
 * Several processes at once each make their own and one rename wins. Does nothing when `dir` has a cluster.
 */
export async function seedFromTemplate(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  const template = templateDir();
  if (!existsSync(path.join(template, 'PG_VERSION'))) {
    mkdirSync(path.dirname(template), { recursive: true });
    const making = `${template}.${process.pid}.${Date.now()}`;
    rmSync(making, { recursive: true, force: true });
    await promisify(execFile)(process.execPath, [path.join(here, 'pglite-template.mjs'), making]);
    try {
      renameSync(making, template);
    } catch {
      // Another process's copy is there already.
      rmSync(making, { recursive: true, force: true });
    }
  }
  mkdirSync(dir, { recursive: true });
  cpSync(template, dir, { recursive: true });
}
