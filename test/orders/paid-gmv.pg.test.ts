// One store's payments at once (PostgreSQL, a pool of connections): they do not queue on one row, and the zero-deposit
// rule stays exact: the threshold is crossed by exactly one payment, the one that reaches it, whatever the interleaving.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { inTransaction } from '../../src/kernel/context.ts';
import { addPaidGmvRow, paidGmvOf } from '../../src/modules/merchants/paid-gmv.ts';
import { addPaidGmv } from '../../src/modules/merchants/index.ts';
import { categoryId, operator, testEnv, type TestEnv } from '../helpers.ts';
import { scalar } from '../api/support.ts';
import { call, listedProduct, openStore, type Store } from './fixtures.ts';

let env: TestEnv;
let s: Store;
beforeAll(async () => {
  env = await testEnv();
  const op = await operator(env);
  const shirts = await categoryId(env, 'apparel.men.shirts');
  const bulk = await call(env, 'POST', '/api/operator/categories/bulk/apply', op.headers, { selection: { categoryIds: [shirts] }, action: { type: 'zero_deposit', gmvThreshold: 1_000_000 } });
  expect(bulk.statusCode, bulk.body).toBe(200);
});
afterAll(async () => env?.close());
beforeEach(async () => { s = await openStore(env, ['apparel.men.shirts']); });

/** Payments of the store at once, each in its own transaction; whether each crossed a zero-deposit threshold. */
const together = (amounts: number[]) => Promise.all(amounts.map((a) => inTransaction(env.ctx, (tx) => addPaidGmvRow(tx, s.storeId, a))));

describe('one store\'s payments at once', () => {
  it('come to exactly the threshold together: one payment crosses it, none before, none after', async () => {
    await inTransaction(env.ctx, (tx) => addPaidGmv(tx, s.storeId, 1));
    // 1 + 8 × 124,999 = 999,993: under the threshold, whatever order they commit in.
    expect((await together(Array(8).fill(124_999))).filter(Boolean)).toEqual([]);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(999_993);
    // Seven payments of 1 reach 1,000,000 exactly: one of them (the one that made it) crossed.
    expect((await together(Array(7).fill(1))).filter(Boolean)).toEqual([true]);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(1_000_000);
    expect((await together([1, 1])).filter(Boolean)).toEqual([]);
  });

  it('many payments over the threshold at once: the total is exact and the listing stops once', async () => {
    const p = await listedProduct(env, s, [{ price: 10000, stock: 50 }], 'Linen shirt');
    await inTransaction(env.ctx, (tx) => addPaidGmv(tx, s.storeId, 1));
    await Promise.all(Array.from({ length: 40 }, () => inTransaction(env.ctx, (tx) => addPaidGmv(tx, s.storeId, 30_000))));
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(1_200_001);
    expect(await scalar<string>(env.ctx.db, sql`select live_state from products where id = ${p.productId}`)).toBe('delisted_deposit');
    expect((await call(env, 'GET', `${s.url}/deposit`, s.merchant.headers)).json()).toMatchObject({ paidGmv: 1_200_001, due: 500000 });
  });

  it('a payment held open does not hold up the next payment of the same store', async () => {
    await inTransaction(env.ctx, (tx) => addPaidGmv(tx, s.storeId, 1));
    let release!: () => void;
    let added!: () => void;
    const isAdded = new Promise<void>((r) => (added = r));
    const held = inTransaction(env.ctx, async (tx) => {
      await addPaidGmv(tx, s.storeId, 100);
      added();
      await new Promise<void>((r) => (release = r));
    });
    await isAdded;
    try {
      // While the first is open, other payments of the store commit (the held one keeps one slot only).
      for (let i = 0; i < 3; i++) await inTransaction(env.ctx, (tx) => addPaidGmv(tx, s.storeId, 10));
      expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(31);
    } finally {
      release();
      await held;
    }
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(131);
  });
});
