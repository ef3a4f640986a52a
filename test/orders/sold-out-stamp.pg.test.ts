// What a refused buyer learns of a SKU with nothing left is kept under the catalog version read from the database
// before the read that found it empty, not under the version this process had heard: so the crowd that arrived before
// the sell-out (and was refused after it) teaches the process as soon as it hears of the sell-out (PostgreSQL: the
// version is pushed by NOTIFY; on PGlite the process is the only writer and its own counter is exact).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogCache, catalogVersioned } from '../../src/modules/catalog/versions.ts';
import { cloneDatabase } from '../helpers.ts';

let database: Awaited<ReturnType<typeof cloneDatabase>>;
let cache: CatalogCache;
beforeAll(async () => {
  database = await cloneDatabase({ poolSize: 2 });
  cache = new CatalogCache(database.db, { databaseUrl: database.url });
  await cache.start();
});
afterAll(async () => {
  await cache?.close();
  await database?.close();
});

describe('a sold-out learned after the sell-out', () => {
  it('is remembered once the process hears of the change that made it true; one learned under the older version is not', async () => {
    const heardBefore = await cache.stampNow();
    // Another process sells the last unit: the catalog version moves and is NOTIFYed.
    await database.db.execute(sql`WITH v AS (${catalogVersioned.bumpSql}) SELECT pg_notify(${catalogVersioned.channel}, version::text) FROM v`);
    const read = await cache.stampRead();
    cache.remember('sku-empty:learned', true, read);
    cache.remember('sku-empty:old', true, heardBefore);
    await expect.poll(() => cache.peek('sku-empty:learned')).toBe(true);
    expect(await cache.peek('sku-empty:old')).toBeUndefined();
  });
});
