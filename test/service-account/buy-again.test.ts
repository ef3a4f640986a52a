// Repeat purchase as a buyer meets it: "buy again" on a paid order (from its notice in the inbox, or the order) puts the
// same SKUs with the same quantities into the cart at today's prices; a second tap changes nothing; a SKU no longer on
// sale is left out and named; someone else's order, or an unpaid one, is not found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { paidOrder } from '../aftersales/money-support.ts';
import { ok } from './support.ts';

let env: TestEnv;
let s: Store;
beforeAll(async () => {
  env = await testEnv();
  s = await openStore(env);
});
afterAll(() => env?.close());

describe('buy again', () => {
  it('puts the order’s items in the cart at today’s prices, once; a SKU no longer on sale is left out', async () => {
    const b = await buyer(env);
    const { skuIds: [tea, cup] } = await listedProduct(env, s, [{ price: 4_800, stock: 20 }, { price: 1_500, stock: 20 }]);
    const { productId: gone, skuIds: [goneSku] } = await listedProduct(env, s, [{ price: 900, stock: 20 }], 'Seasonal sampler');
    const order = await paidOrder(env, s, b, [{ skuId: tea, quantity: 2 }, { skuId: cup, quantity: 1 }, { skuId: goneSku, quantity: 1 }]);
    await ok(call(env, 'PUT', `${s.url}/skus/${tea}/price`, s.merchant.headers, { price: 5_200 }));
    const off = await call(env, 'POST', `${s.url}/products/${gone}/delist`, s.merchant.headers);
    expect(off.statusCode, off.body).toBe(200);

    const again = await ok(call(env, 'POST', `/api/orders/${order.id}/buy-again`, b.headers));
    expect(again.added.sort()).toEqual([tea, cup].sort());
    expect(again.unavailable).toEqual([goneSku]);
    const lines = (l: { skuId: string; quantity: number; unitPrice: number }[]) => l.map((x) => [x.skuId, x.quantity, x.unitPrice]).sort();
    expect(lines(again.cart.lines)).toEqual([[tea, 2, 5_200], [cup, 1, 1_500]].sort());
    const twice = await ok(call(env, 'POST', `/api/orders/${order.id}/buy-again`, b.headers));
    expect(lines(twice.cart.lines)).toEqual(lines(again.cart.lines));
  });

  it('is only for the buyer’s own paid orders', async () => {
    const b = await buyer(env);
    const stranger = await buyer(env);
    const { skuIds: [sku] } = await listedProduct(env, s, [{ price: 1_000, stock: 5 }]);
    const order = await paidOrder(env, s, b, [{ skuId: sku, quantity: 1 }]);
    const theirs = await call(env, 'POST', `/api/orders/${order.id}/buy-again`, stranger.headers);
    expect([theirs.statusCode, theirs.json().code]).toEqual([404, 'order_not_found']);
    expect((await call(env, 'POST', `/api/orders/${order.id}/buy-again`, s.merchant.headers)).statusCode).toBe(403);
  });
});
