// Races of real connections (on PostgreSQL; on PGlite the same code runs, serialised).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, queryRows, type Database } from '../../src/db/client.ts';
import { inTransaction } from '../../src/kernel/context.ts';
import { moveStock } from '../../src/modules/catalog/index.ts';
import { testEnv, WAIT, type TestEnv } from '../helpers.ts';
import { openStore, tee } from './fixtures.ts';

let env: TestEnv;
let racers: Database[] = [];
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => {
  for (const r of racers) await r.close();
  await env?.close();
});

async function listedProduct(stock: number) {
  const s = await openStore(env);
  const p = (await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0], { attributes: [], skus: [{ attrs: {}, price: 1000, stock }] }) })).json();
  await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/submit`, headers: s.merchant.headers });
  await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/pass`, headers: s.op.headers });
  const live = (await env.app.inject({ method: 'GET', url: `${s.url}/products/${p.id}`, headers: s.merchant.headers })).json();
  return { ...s, productId: p.id as string, skuId: live.skus[0].id as string };
}

/** Separate pools on PostgreSQL, so the takers really race; the shared embedded database on PGlite. */
async function pools(n: number): Promise<Database[]> {
  if (!env.database.url) return Array.from({ length: n }, () => env.database);
  const made = await Promise.all(Array.from({ length: n }, () => openDatabase({ databaseUrl: env.database.url, poolSize: 5 })));
  racers.push(...made);
  return made;
}

describe('stock under concurrency', () => {
  it('many buyers taking from one SKU at once: successes add up to the starting stock, never more, and it ends at zero', async () => {
    const p = await listedProduct(25);
    const dbs = await pools(4);
    const attempts = 80;
    const results = await Promise.allSettled(
      Array.from({ length: attempts }, (_, i) =>
        inTransaction({ ...env.ctx, db: dbs[i % dbs.length].db }, (tx) => moveStock(tx, new Date(), null, p.storeId, p.skuId, { op: 'subtract', quantity: 1, reason: 'order' })),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code);
    expect(ok).toBe(25);
    expect(new Set(refused)).toEqual(new Set(['stock_insufficient']));
    const [row] = await queryRows<{ stock: number; flows: number }>(env.ctx.db, sql`select stock, (select count(*)::int from stock_flows where sku_id = ${p.skuId} and reason = 'order') as flows from skus where id = ${p.skuId}`);
    expect(row).toEqual({ stock: 0, flows: 25 });
    const live = (await env.app.inject({ method: 'GET', url: `${p.url}/products/${p.productId}`, headers: p.merchant.headers })).json();
    expect(live.liveState).toBe('sold_out');
  });
});

describe('one price, every process', () => {
  it('a price changed through one server process is shown by another within a moment (LISTEN/NOTIFY), never the old price after that', async () => {
    const p = await listedProduct(5);
    const url = env.database.url;
    const database = url ? await openDatabase({ databaseUrl: url, poolSize: 2 }) : env.database;
    if (url) racers.push(database);
    const config = loadConfig({ ...process.env, TRIO_DATA_DIR: env.dataDir, LOG_LEVEL: 'silent', ...(url ? { DATABASE_URL: url } : {}) });
    const other = (await buildApp({ database, config, clock: env.clock, logger: false })).app;
    try {
      const read = async () => (await other.inject({ method: 'GET', url: `/api/storefront/products/${p.productId}?channel=mini_site` })).json().skus[0].price;
      expect(await read()).toBe(1000); // cached in the other process now
      const changed = await env.app.inject({ method: 'PUT', url: `${p.url}/skus/${p.skuId}/price`, headers: p.merchant.headers, payload: { price: 1234 } });
      expect(changed.statusCode).toBe(200);
      // The other process learns of it by NOTIFY at commit (a stale cache would never change): a condition, not a time.
      await expect.poll(read, WAIT).toBe(1234);
    } finally {
      await other.close();
    }
  });
});
