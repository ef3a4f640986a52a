// A new PGlite data directory starts as a copy of the migrated cluster made once (per PGlite version and migrations), and each data
// directory is a database of its own.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { loadConfig } from '../src/config.ts';
import { COMPLETE_MARK, templateDir } from '../src/db/pglite-template.ts';
import { SLOW_TEST_MS } from './timeouts.ts';

const base = mkdtempSync(path.join(os.tmpdir(), 'trio-template-test-'));
const before = process.env.TRIO_PGLITE_TEMPLATE_DIR;

// PGlite is opened directly (no database URL is given), so this runs whatever DATABASE_URL the suite has.
describe('PGlite data directories', () => {
  beforeAll(() => {
    process.env.TRIO_PGLITE_TEMPLATE_DIR = path.join(base, 'templates');
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TRIO_PGLITE_TEMPLATE_DIR;
    else process.env.TRIO_PGLITE_TEMPLATE_DIR = before;
    rmSync(base, { recursive: true, force: true });
  });

  it('a new data directory is made from the migrated cluster kept once, and holds only what was written to it', async () => {
    const first = await openDatabase({ dataDir: path.join(base, 'first') });
    await first.db.execute(sql`create table written_here (note text)`);
    await first.db.execute(sql`insert into written_here values ('kept')`);
    await first.close();
    // The empty cluster is kept, and nothing was left half-made beside it.
    expect(existsSync(path.join(templateDir(), 'PG_VERSION'))).toBe(true);
    expect(readdirSync(path.dirname(templateDir()))).toEqual([path.basename(templateDir())]);

    // Started with the memory setting of TRIO_PGLITE_SHARED_BUFFERS.
    const second = await openDatabase({ dataDir: path.join(base, 'second'), sharedBuffers: loadConfig({ TRIO_PGLITE_SHARED_BUFFERS: '16MB' }).pgliteSharedBuffers });
    expect(await queryRows(second.db, sql`show shared_buffers`)).toEqual([{ shared_buffers: '16MB' }]);
    const tables = await queryRows<{ n: number }>(second.db, sql`select count(*)::int as n from pg_tables where tablename = 'written_here'`);
    expect(tables[0].n).toBe(0);
    await second.close();

    // The first directory, opened again, still has its row (an existing cluster is never overwritten).
    const again = await openDatabase({ dataDir: path.join(base, 'first') });
    expect(await queryRows<{ note: string }>(again.db, sql`select note from written_here`)).toEqual([{ note: 'kept' }]);
    await again.close();
  }, SLOW_TEST_MS); // making the template: initdb and every migration, in wasm

  it('a template cut short is made again, and a copy left by a killed process is cleared, never opened', async () => {
    // The kept cluster loses files (a temporary-folder cleaner half way through); its completion mark is gone too.
    rmSync(path.join(templateDir(), 'global', 'pg_control'));
    rmSync(path.join(templateDir(), COMPLETE_MARK));
    // A process killed while copying left its half copy beside a data directory (pid 2^22 + 1 is above pid_max).
    const dataDir = path.join(base, 'third');
    const killed = path.join(dataDir, 'pglite.copying.4194305');
    mkdirSync(killed, { recursive: true });
    cpSync(path.join(templateDir(), 'PG_VERSION'), path.join(killed, 'PG_VERSION'));

    const third = await openDatabase({ dataDir });
    expect(await queryRows<{ n: number }>(third.db, sql`select 1 as n`)).toEqual([{ n: 1 }]);
    await third.close();
    expect(existsSync(path.join(templateDir(), COMPLETE_MARK))).toBe(true);
    expect(existsSync(path.join(templateDir(), 'global', 'pg_control'))).toBe(true);
    expect(readdirSync(dataDir)).toEqual(['pglite']);
    expect(existsSync(path.join(dataDir, 'pglite', COMPLETE_MARK))).toBe(false);
  }, SLOW_TEST_MS); // making the template: initdb and every migration, in wasm

  it('never wipes a data folder that holds files but no database, and says what to do', async () => {
    const dataDir = path.join(base, 'fourth');
    mkdirSync(path.join(dataDir, 'pglite'), { recursive: true });
    writeFileSync(path.join(dataDir, 'pglite', 'notes.txt'), 'mine');
    await expect(openDatabase({ dataDir })).rejects.toThrow(/not empty and holds no database: empty it or point TRIO_DATA_DIR elsewhere/);
    expect(readdirSync(path.join(dataDir, 'pglite'))).toEqual(['notes.txt']);
  });

  it('refuses a shared_buffers setting that is not a size, saying what it expects', () => {
    expect(() => loadConfig({ TRIO_PGLITE_SHARED_BUFFERS: 'lots' })).toThrow(/TRIO_PGLITE_SHARED_BUFFERS must be a size such as 32MB/);
    expect(loadConfig({}).pgliteSharedBuffers).toBe('32MB');
  });
});
