// A store's paid GMV is split into slots so that its payments do not queue on one row; the zero-deposit rule still
// sees every payment: the listing stops on the payment that reaches the threshold, not one before, not one after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addPaidGmv, paidGmvOf } from '../../src/modules/merchants/index.ts';
import { SLOTS } from '../../src/modules/merchants/paid-gmv.ts';
import { categoryId, operator, testEnv, type TestEnv } from '../helpers.ts';
import { scalar } from '../api/support.ts';
import { buyer, call, listedProduct, openStore } from './fixtures.ts';
import { claim, paidGift } from '../gifts/support.ts';

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

    // Far from the threshold, payments land in several slots; nearer to it they are folded into the store's total
    // (a slot may not hold more than its share of what is left below the threshold). None of them crosses it.
    const crossings: boolean[] = [];
    for (let i = 0; i < SLOTS; i++) crossings.push(await payment(10_000));
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from store_gmv_slots where store_id = ${s.storeId} and paid > 0`)).toBeGreaterThan(1);
    for (let i = 0; i < 2 * SLOTS; i++) crossings.push(await payment(10_000));
    const rest = 999_999 - 3 * SLOTS * 10_000;
    for (let i = 0; i < 9; i++) crossings.push(await payment(Math.floor(rest / 10)));
    crossings.push(await payment(rest - 9 * Math.floor(rest / 10)));
    expect(crossings.filter(Boolean)).toEqual([]);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(999_999);
    expect(await live()).toBe('listed');
    expect((await call(env, 'GET', `${s.url}/deposit`, s.merchant.headers)).json()).toMatchObject({ paidGmv: 999_999, due: 0 });

    expect(await payment(1)).toBe(true);
    expect(await live()).toBe('delisted_deposit');
    expect((await call(env, 'GET', `${s.url}/deposit`, s.merchant.headers)).json()).toMatchObject({ paidGmv: 1_000_000, due: 500000 });
    // Past the last threshold, payments go to the slots again and add up as before.
    for (let i = 0; i < 5; i++) expect(await payment(7)).toBe(false);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(1_000_035);
    expect(await scalar<number>(env.ctx.db, sql`select coalesce(sum(paid), 0)::int from store_gmv_slots where store_id = ${s.storeId}`)).toBe(35);
  });

  it('a store with no zero-deposit category: every payment goes to a slot after the first, and the total is exact', async () => {
    const s = await openStore(env, ['apparel.women.dresses']);
    const payment = (amount: number) => env.ctx.db.transaction((tx) => addPaidGmv(tx as never, s.storeId, amount));
    for (let i = 1; i <= 20; i++) expect(await payment(i * 1000)).toBe(false);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(210_000);
    // The first payment created the slots (folded: 1,000 in the store's row); the 19 others are in the slots.
    expect(await scalar<number>(env.ctx.db, sql`select paid_gmv::int from stores where id = ${s.storeId}`)).toBe(1000);
    expect(await scalar<number>(env.ctx.db, sql`select sum(paid)::int from store_gmv_slots where store_id = ${s.storeId}`)).toBe(209_000);
  });

  it('a gift claim whose order reaches the threshold: claimed, the paid GMV exact, the listing stopped in its transaction', async () => {
    // The shirts category is zero-deposit up to 1,000,000 (first test).
    const s = await openStore(env, ['apparel.men.shirts']);
    const p = await listedProduct(env, s, [{ price: 10000, stock: 50 }], 'Gift shirt');
    await env.ctx.db.transaction((tx) => addPaidGmv(tx as never, s.storeId, 995_000));
    const { token } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 2 });
    expect(await scalar<string>(env.ctx.db, sql`select live_state from products where id = ${p.productId}`)).toBe('listed');
    const first = await claim(env, token, await buyer(env));
    expect(first.statusCode, first.body).toBe(201);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(1_005_000);
    expect(await scalar<string>(env.ctx.db, sql`select live_state from products where id = ${p.productId}`)).toBe('delisted_deposit');
    // The next claim is past the threshold: one statement again, added to a slot.
    const second = await claim(env, token, await buyer(env));
    expect(second.statusCode, second.body).toBe(201);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(1_015_000);
    expect(await scalar<number>(env.ctx.db, sql`select coalesce(sum(paid), 0)::int from store_gmv_slots where store_id = ${s.storeId}`)).toBe(10_000);
  });
});
