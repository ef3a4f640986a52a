// Deposits meet orders: paid orders push a zero-deposit store over its GMV threshold (its listings stop), and the
// merchant tops the deposit up online, through the same payments as buyers (its listings come back).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { categoryId, operator, testEnv, type TestEnv } from '../helpers.ts';
import { scalar } from '../api/support.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay } from './fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => env?.close());

describe('deposits paid through payments', () => {
  it('paid orders reaching the zero-deposit threshold delist the store; an online top-up lists it again', async () => {
    const op = await operator(env);
    const shirts = await categoryId(env, 'apparel.men.shirts');
    const bulk = await call(env, 'POST', '/api/operator/categories/bulk/apply', op.headers, { selection: { categoryIds: [shirts] }, action: { type: 'zero_deposit', gmvThreshold: 30000 } });
    expect(bulk.statusCode, bulk.body).toBe(200);
    const s = await openStore(env, ['apparel.men.shirts']);
    const p = await listedProduct(env, s, [{ price: 10000, stock: 50 }], 'Linen shirt');
    const live = () => scalar<string>(env.ctx.db, sql`select live_state from products where id = ${p.productId}`);
    const me = await buyer(env);

    // 20,000 paid: under the threshold, still selling without a deposit. Unpaid orders count for nothing.
    await pay(env, me, (await checkoutOk(env, me, [{ skuId: p.skuIds[0], quantity: 2 }])).paymentId);
    await checkoutOk(env, me, [{ skuId: p.skuIds[0], quantity: 5 }]);
    expect(await live()).toBe('listed');
    // 30,000 paid: the deposit is due now and not covered.
    await pay(env, me, (await checkoutOk(env, me, [{ skuId: p.skuIds[0], quantity: 1 }])).paymentId);
    expect(await live()).toBe('delisted_deposit');
    const owed = (await call(env, 'GET', `${s.url}/deposit`, s.merchant.headers)).json();
    expect(owed).toMatchObject({ paidGmv: 30000, owed: expect.any(Number) });
    expect(owed.owed).toBeGreaterThan(0);

    // The merchant pays the deposit at the cashier; the ledger shows it and the product sells again.
    const topUp = await call(env, 'POST', `${s.url}/deposit/top-ups`, s.merchant.headers, { amount: owed.owed }, { 'idempotency-key': 'top-up-1' });
    expect(topUp.statusCode, topUp.body).toBe(201);
    const again = await call(env, 'POST', `${s.url}/deposit/top-ups`, s.merchant.headers, { amount: owed.owed }, { 'idempotency-key': 'top-up-1' });
    expect(again.json().paymentId).toBe(topUp.json().paymentId);
    // Someone else cannot pay or even see it.
    expect((await call(env, 'POST', `/api/payments/${topUp.json().paymentId}/prepay`, me.headers, { method: 'native' })).statusCode).toBe(404);
    expect((await call(env, 'GET', `${s.url}/deposit`, s.merchant.headers)).json().balance).toBe(0);
    await pay(env, s.merchant, topUp.json().paymentId);
    const after = (await call(env, 'GET', `${s.url}/deposit`, s.merchant.headers)).json();
    expect(after).toMatchObject({ owed: 0, balance: owed.owed });
    // The entry refers to its payment (the web describes it in the reader's language); no English note is stored.
    expect(after.ledger.at(-1)).toMatchObject({ kind: 'payment', amount: owed.owed, paymentId: topUp.json().paymentId, note: null });
    expect(await live()).toBe('listed');
    // A buyer cannot top up a deposit; an API key cannot pay one.
    expect((await call(env, 'POST', `${s.url}/deposit/top-ups`, me.headers, { amount: 100 })).statusCode).toBe(403);
  });
});
