// A store's paid GMV is split into slots so that its payments do not queue on one row; the zero-deposit rule still
// sees every payment: the listing stops on the payment that reaches the threshold, not one before, not one after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addPaidGmv } from '../../src/modules/merchants/index.ts';
import { paidGmvOf, SLOTS } from '../../src/modules/merchants/paid-gmv.ts';
import { categoryId, operator, testEnv, type TestEnv } from '../helpers.ts';
import { scalar } from '../api/support.ts';
import { call, listedProduct, openStore } from './fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => env?.close());

describe('paid GMV at the zero-deposit threshold', () => {
  it('many small payments over the slots: selling without a deposit up to 999,999, delisted by the payment reaching 1,000,000', async () => {
    const op = await operator(env);
    const shirts = await categoryId(env, 'apparel.men.shirts');
    const bulk = await call(env, 'POST', '/api/operator/categories/bulk/apply', op.headers, { selection: { categoryIds: [shirts] }, action: { type: 'zero_deposit', gmvThreshold: 1_000_000 } });
    expect(bulk.statusCode, bulk.body).toBe(200);
    const s = await openStore(env, ['apparel.men.shirts']);
    const p = await listedProduct(env, s, [{ price: 10000, stock: 50 }], 'Linen shirt');
    const live = () => scalar<string>(env.ctx.db, sql`select live_state from products where id = ${p.productId}`);
    const payment = (amount: number) => env.ctx.db.transaction((tx) => addPaidGmv(tx as never, s.storeId, amount));

    // SLOTS payments of 10,000 far from the threshold land on several slots; nearer to it, payments are folded into one
    // total (a slot may not hold more than its share of what is left below the threshold).
    for (let i = 0; i < SLOTS; i++) await payment(10_000);
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from store_gmv_slots where store_id = ${s.storeId} and paid > 0`)).toBeGreaterThan(1);
    for (let i = 0; i < 2 * SLOTS; i++) await payment(10_000);
    const rest = 999_999 - 3 * SLOTS * 10_000;
    for (let i = 0; i < 9; i++) await payment(Math.floor(rest / 10));
    await payment(rest - 9 * Math.floor(rest / 10));
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(999_999);
    expect(await live()).toBe('listed');
    const owed = (await call(env, 'GET', `${s.url}/deposit`, s.merchant.headers)).json();
    expect(owed).toMatchObject({ paidGmv: 999_999, due: 0 });

    await payment(1);
    expect(await live()).toBe('delisted_deposit');
    expect((await call(env, 'GET', `${s.url}/deposit`, s.merchant.headers)).json()).toMatchObject({ paidGmv: 1_000_000, due: 500000 });
    // Later payments add up as before.
    await payment(5);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(1_000_005);
  });
});
