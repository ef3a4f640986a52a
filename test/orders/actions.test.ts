// What the buyer and the merchant may do with an order now, answered by the API (actions, from the order's state
// machine) on the details and the lists, so the web draws its buttons from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay, type Buyer, type Store } from './fixtures.ts';

let env: TestEnv;
let s: Store;
let b: Buyer;
beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  s = await openStore(env);
  b = await buyer(env);
});
afterAll(async () => env?.close());

async function get<T>(url: string, headers: Record<string, string>): Promise<T> {
  const res = await call(env, 'GET', url, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}
type Seen = { id: string; actions: string[] };
/** The actions of the order as the buyer and the store's merchant read it, in its detail and in their lists. */
async function actionsOf(orderId: string) {
  const [buyerView, merchantView, mine, theirs] = await Promise.all([
    get<Seen>(`/api/orders/${orderId}`, b.headers),
    get<Seen>(`${s.url}/orders/${orderId}`, s.merchant.headers),
    get<{ orders: Seen[] }>('/api/orders', b.headers),
    get<{ orders: Seen[] }>(`${s.url}/orders`, s.merchant.headers),
  ]);
  expect(mine.orders.find((o) => o.id === orderId)?.actions).toEqual(buyerView.actions);
  expect(theirs.orders.find((o) => o.id === orderId)?.actions).toEqual(merchantView.actions);
  return { buyer: buyerView.actions, merchant: merchantView.actions };
}

describe('what each side may do with an order', () => {
  it('follows the order from checkout to receipt', async () => {
    const p = await listedProduct(env, s, [{ price: 4000, stock: 10 }, { price: 4500, stock: 10 }]);
    const c = await checkoutOk(env, b, [{ skuId: p.skuIds[0], quantity: 2 }, { skuId: p.skuIds[1], quantity: 1 }]);
    const id = c.orders[0].id;
    expect(await actionsOf(id)).toEqual({ buyer: ['pay', 'change_address', 'cancel'], merchant: ['lower_price'] });
    await pay(env, b, c.paymentId);
    expect(await actionsOf(id)).toEqual({ buyer: ['change_address'], merchant: ['ship'] });
    const order = await get<{ items: { id: string }[] }>(`${s.url}/orders/${id}`, s.merchant.headers);
    // Shipping answers the order with the merchant's next moves.
    const part = await call(env, 'POST', `${s.url}/orders/${id}/shipments`, s.merchant.headers, { carrier: 'sf', trackingNo: 'SF000001000001', itemIds: [order.items[0].id] });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json().actions).toEqual(['ship']);
    expect(await actionsOf(id)).toEqual({ buyer: [], merchant: ['ship'] });
  });

  it('the buyer confirms receipt once all is shipped; nobody may do more after', async () => {
    const p = await listedProduct(env, s, [{ price: 4000, stock: 10 }]);
    const c = await checkoutOk(env, b, [{ skuId: p.skuIds[0], quantity: 1 }]);
    const id = c.orders[0].id;
    await pay(env, b, c.paymentId);
    const shipped = await call(env, 'POST', `${s.url}/orders/${id}/shipments`, s.merchant.headers, { carrier: 'sf', trackingNo: 'SF000001000002' });
    expect(shipped.json().actions).toEqual([]);
    expect(await actionsOf(id)).toEqual({ buyer: ['confirm_receipt'], merchant: [] });
    const got = await call(env, 'POST', `/api/orders/${id}/confirm-receipt`, b.headers);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json().actions).toEqual([]);
    expect(await actionsOf(id)).toEqual({ buyer: [], merchant: [] });
  });

  it('a cancelled order allows nothing', async () => {
    const p = await listedProduct(env, s, [{ price: 4000, stock: 10 }]);
    const c = await checkoutOk(env, b, [{ skuId: p.skuIds[0], quantity: 1 }]);
    const id = c.orders[0].id;
    const cancelled = await call(env, 'POST', `/api/orders/${id}/cancel`, b.headers, {});
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await actionsOf(id)).toEqual({ buyer: [], merchant: [] });
  });
});
