// A new PGlite data directory starts as a copy of the empty cluster made once (per PGlite version), and each data
// directory is a database of its own.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { loadConfig } from '../src/config.ts';
import { templateDir } from '../src/db/pglite-template.ts';

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

  it('a new data directory is made from the empty cluster kept once, and holds only what was written to it', async () => {
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
  });

  it('refuses a shared_buffers setting that is not a size, saying what it expects', () => {
    expect(() => loadConfig({ TRIO_PGLITE_SHARED_BUFFERS: 'lots' })).toThrow(/TRIO_PGLITE_SHARED_BUFFERS must be a size such as 32MB/);
    expect(loadConfig({}).pgliteSharedBuffers).toBe('32MB');
  });
});
