// The rules the web needs, answered by the API for the caller: what the buyer may ask about each item of its order
// (items[].afterSale), and what the buyer, the merchant and the operator may do with a request now (actions), in
// the detail and in the lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator, testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, type Buyer, type Store } from '../orders/fixtures.ts';
import { askOk, buyerDo, hours, merchantDo, ok, orderAt, storeWithReturns } from './support.ts';

let env: TestEnv;
let s: Store;
let b: Buyer;
let op: Awaited<ReturnType<typeof operator>>;
beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  s = await storeWithReturns(env);
  b = await buyer(env);
  op = await operator(env);
});
afterAll(async () => env?.close());

type Seen = { actions: string[] };
/** The answer of a read (200), as the test expects it. */
async function get<T>(url: string, headers: Record<string, string>): Promise<T> {
  const res = await call(env, 'GET', url, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}
const views = async (id: string) => {
  const [buyerView, merchantView, operatorView] = await Promise.all([
    get<Seen>(`/api/after-sales/${id}`, b.headers),
    get<Seen>(`${s.url}/after-sales/${id}`, s.merchant.headers),
    get<Seen>(`/api/operator/after-sales/${id}`, op.headers),
  ]);
  return { buyer: buyerView.actions, merchant: merchantView.actions, operator: operatorView.actions };
};

describe('what the buyer may ask about an item', () => {
  it('is answered per item of the order detail, and follows its requests', async () => {
    const p = await listedProduct(env, s, [{ price: 5000, stock: 10 }]);
    const paid = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'paid');
    const itemOf = async (id: string) => (await get<{ items: { afterSale: unknown }[] }>(`/api/orders/${id}`, b.headers)).items[0].afterSale;
    expect(await itemOf(paid.id)).toEqual({ types: ['refund'], reason: null, refundable: [5000] });
    const received = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 2 }], 'received');
    const all = { types: ['refund', 'return', 'exchange'], reason: null, refundable: [5000, 10000] };
    expect(await itemOf(received.id)).toEqual(all);
    const r = await askOk(env, b, received);
    expect(await itemOf(received.id)).toEqual({ types: [], reason: 'request_open', refundable: [] });
    await ok(buyerDo(env, b, r.id, 'cancel'));
    expect(await itemOf(received.id)).toEqual(all);
    hours(env, 8 * 24);
    expect(await itemOf(received.id)).toEqual({ types: [], reason: 'window_closed', refundable: [] });
  });
});

describe('what each side may do with a request', () => {
  it('is answered for the buyer, the merchant and the operator in each state, in the details and the lists', async () => {
    const p = await listedProduct(env, s, [{ price: 5000, stock: 10 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const r = await askOk(env, b, o);
    expect(await views(r.id)).toEqual({ buyer: ['cancel'], merchant: ['accept', 'propose', 'reject'], operator: [] });
    const mine = await get<{ afterSales: ({ id: string } & Seen)[] }>('/api/after-sales', b.headers);
    expect(mine.afterSales.find((x) => x.id === r.id)?.actions).toEqual(['cancel']);
    const queue = await get<{ afterSales: ({ id: string } & Seen)[] }>(`${s.url}/after-sales`, s.merchant.headers);
    expect(queue.afterSales.find((x) => x.id === r.id)?.actions).toEqual(['accept', 'propose', 'reject']);

    // Each move answers the request with the caller's next moves.
    const proposed = (await ok(merchantDo(env, s, r.id, 'propose', { amount: 2000, note: 'Half back?' }))) as unknown as Seen;
    expect(proposed.actions).toEqual([]);
    expect(await views(r.id)).toEqual({ buyer: ['accept-proposal', 'decline-proposal', 'cancel'], merchant: [], operator: [] });
    await ok(buyerDo(env, b, r.id, 'decline-proposal'));
    await ok(merchantDo(env, s, r.id, 'reject', { reason: 'Looks fine to us' }));
    expect(await views(r.id)).toEqual({ buyer: ['dispute', 'cancel'], merchant: [], operator: [] });
    const disputed = (await ok(buyerDo(env, b, r.id, 'dispute', { reason: 'It is torn' }))) as unknown as Seen;
    expect(disputed.actions).toEqual([]);
    expect(await views(r.id)).toEqual({ buyer: [], merchant: [], operator: ['decide'] });
    const desk = await get<{ items: ({ id: string } & Seen)[] }>('/api/operator/after-sales', op.headers);
    expect(desk.items.find((x) => x.id === r.id)?.actions).toEqual(['decide']);
  });

  it('a rejection may be disputed only before its deadline', async () => {
    const p = await listedProduct(env, s, [{ price: 5000, stock: 10 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const r = await askOk(env, b, o);
    await ok(merchantDo(env, s, r.id, 'reject', { reason: 'No' }));
    expect((await views(r.id)).buyer).toEqual(['dispute', 'cancel']);
    hours(env, 8 * 24);
    expect((await views(r.id)).buyer).toEqual(['cancel']);
  });
});
