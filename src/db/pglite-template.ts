// A new PGlite data directory starts as a copy of a cluster made once per PGlite version and set of migrations, with
// the migrations run (initdb in wasm takes seconds and hundreds of MB, the migrations seconds more; a copy of its
// 40 MB takes a fraction of a second, and opening it is an ordinary start that finds no migration left to run).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/** The migrations a template is made with (src/db/migrations): a change of any of them makes another template. */
const migrationsFolder = path.join(here, 'migrations');

/** A short hash of the migration files (names and contents). */
function migrationsHash(): string {
  const hash = createHash('sha256');
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)])).sort();
  for (const f of files(migrationsFolder)) hash.update(path.relative(migrationsFolder, f)).update('\0').update(readFileSync(f)).update('\0');
  return hash.digest('hex').slice(0, 12);
}

/**
 * Where the migrated cluster of this PGlite version and these migrations is kept (TRIO_PGLITE_TEMPLATE_DIR, else a
 * folder of the system's temporary directory).
 */
export function templateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.TRIO_PGLITE_TEMPLATE_DIR || path.join(os.tmpdir(), 'trio-pglite-template');
  return path.join(base, `pglite-${pgliteVersion()}-${migrationsHash()}`);
}

/** Written last into a finished template or data directory copy: a folder without it was cut short and is made again. */
export const COMPLETE_MARK = '.trio-template-complete';

function complete(dir: string): boolean {
  return existsSync(path.join(dir, COMPLETE_MARK)) && existsSync(path.join(dir, 'PG_VERSION')) && existsSync(path.join(dir, 'global', 'pg_control'));
}

async function makeTemplate(template: string): Promise<void> {
  mkdirSync(path.dirname(template), { recursive: true });
  const making = `${template}.${process.pid}.${Date.now()}`;
  rmSync(making, { recursive: true, force: true });
  await promisify(execFile)(process.execPath, [path.join(here, 'pglite-template.mjs'), making, migrationsFolder]);
  writeFileSync(path.join(making, COMPLETE_MARK), '');
  // A template cut short (say, half deleted by a temporary-folder cleaner) is moved aside first, then removed.
  if (existsSync(template) && !complete(template)) {
    const stale = `${template}.stale.${process.pid}.${Date.now()}`;
    try {
      renameSync(template, stale);
      rmSync(stale, { recursive: true, force: true });
    } catch {
      // Another process moved it already.
    }
  }
  try {
    renameSync(making, template);
  } catch {
    // Another process's complete copy is there already.
  }
  rmSync(making, { recursive: true, force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Copies left beside `dir` by a process killed mid-copy (its own earlier one included) are removed. */
function removeDeadCopies(dir: string): void {
  const prefix = `${path.basename(dir)}.copying.`;
  for (const name of readdirSync(path.dirname(dir))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (pid === process.pid || !Number.isInteger(pid) || !alive(pid)) rmSync(path.join(path.dirname(dir), name), { recursive: true, force: true });
  }
}

/**
 * The kept migrated cluster of this PGlite version and these migrations, made first when missing or incomplete (initdb
 * and the migrations in a child process: seconds, hundreds of MB). `npm install` runs it (scripts/prepare-pglite.ts), so
 * a first start only copies it.
 */
export async function prepareTemplate(): Promise<string> {
  const template = templateDir();
  if (!complete(template)) await makeTemplate(template);
  return template;
}

/**
 * Fills `dir` (a data directory without a cluster) with a copy of the migrated cluster, making that first when missing
 * or incomplete. The copy is made beside `dir` and renamed into place, so a process killed mid-copy leaves no
 * half-made cluster behind. Several processes at once each make their own and one rename wins. Does nothing when
 * `dir` has a cluster.
 */
export async function seedFromTemplate(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  // A folder that holds files but no cluster is never wiped: it may be anything.
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`The PGlite data directory ${dir} is not empty and holds no database: empty it or point TRIO_DATA_DIR elsewhere.`);
  }
  const template = await prepareTemplate();
  const copying = `${dir}.copying.${process.pid}`;
  mkdirSync(path.dirname(dir), { recursive: true });
  removeDeadCopies(dir);
  cpSync(template, copying, { recursive: true });
  rmSync(path.join(copying, COMPLETE_MARK), { force: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(copying, dir);
}
