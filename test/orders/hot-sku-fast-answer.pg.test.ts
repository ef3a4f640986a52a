// The losers of a flash sale are answered without waiting for the winners' transactions: while the checkouts under
// way in a process already take every unit left, the others are told at once (409, try again), even when those
// checkouts are stuck behind a transaction holding the SKU's row. PostgreSQL only (*.pg.test.ts): on PGlite the held
// transaction keeps the only connection.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutsInBatches } from '../../src/modules/orders/batched-checkout.ts';
import { cluster, clusterEnv, holdTransaction, scalar, waitingOnLocks as locked } from '../api/support.ts';
import { account, SLOW_TEST_MS, WAIT, type TestEnv } from '../helpers.ts';
import { address, listedProduct, openStore } from './fixtures.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
beforeAll(async () => {
  c = await cluster(2, { TRIO_LOGIN_MAX_FAILURES_PER_IP: '100000' });
  env = clusterEnv(c);
});
afterAll(async () => c?.close());

const waitingOnLocks = () => locked(c.ctx.db);

describe('a hot SKU', { timeout: SLOW_TEST_MS }, () => {
  it("buyers whose units are all in checkouts under way are answered while those checkouts wait for the SKU's row; the checkouts then win", async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 3 }]);
    const people = await Promise.all(Array.from({ length: 6 }, () => account(env, 'buyer')));
    const order = (i: number) => c.apps[1].inject({
      method: 'POST', url: '/api/checkout', headers: { ...people[i].headers, 'idempotency-key': `hot-${i}` }, payload: { lines: [{ skuId: p.skuIds[0], quantity: 1 }], address },
    });
    // The first order tells the process how many are left (2).
    expect((await order(0)).statusCode).toBe(201);

    // A winner's transaction elsewhere holds the SKU's row; two buyers of this process go for the last two units.
    const release = await holdTransaction(c.ctx, sql`select 1 from skus where id = ${p.skuIds[0]} for update`);
    let winners: ReturnType<typeof order>[] = [];
    try {
      winners = [order(1), order(2)];
      // Both under way (one statement for the two or one each), waiting for the row.
      await expect.poll(async () => checkoutsInBatches() === 2 && (await waitingOnLocks()) >= 1, WAIT).toBe(true);
      // Those who come now cannot win unless one of the two fails: answered while the row is still held.
      const losers = await Promise.all([order(3), order(4), order(5)]);
      for (const r of losers) expect(r.json()).toMatchObject({ status: 409, code: 'stock_insufficient', skuId: p.skuIds[0], held: true });
    } finally {
      await release();
    }
    expect((await Promise.all(winners)).map((r) => r.statusCode)).toEqual([201, 201]);
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(0);
    expect(await scalar<number>(c.ctx.db, sql`select coalesce(sum(quantity), 0)::int from order_items where sku_id = ${p.skuIds[0]}`)).toBe(3);
  });

  it('a unit given back by a checkout that failed is won by the next buyer', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 2 }]);
    const people = await Promise.all(Array.from({ length: 3 }, () => account(env, 'buyer')));
    const order = (i: number, expectedTotal?: number) => c.apps[1].inject({
      method: 'POST', url: '/api/checkout', headers: people[i].headers, payload: { lines: [{ skuId: p.skuIds[0], quantity: 1 }], address, ...(expectedTotal ? { expectedTotal } : {}) },
    });
    expect((await order(0)).statusCode).toBe(201);
    const release = await holdTransaction(c.ctx, sql`select 1 from skus where id = ${p.skuIds[0]} for update`);
    let failing: ReturnType<typeof order>;
    try {
      // Under way for the last unit, and bound to fail (it expects another total): the next buyer is told to try again.
      failing = order(1, 1);
      await expect.poll(waitingOnLocks, WAIT).toBe(1);
      expect((await order(2)).json()).toMatchObject({ status: 409, code: 'stock_insufficient', held: true });
    } finally {
      await release();
    }
    expect((await failing!).statusCode).toBe(409);
    // The unit is there again: the buyer who tried again wins it.
    expect((await order(2)).statusCode).toBe(201);
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(0);
  });
});
