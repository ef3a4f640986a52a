// A store's return addresses: kept in its settings (one default), picked when a return or an exchange is accepted
// (the request keeps a copy), and shown to the buyer with the deadline to send the goods back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, openStore, type Buyer, type Store } from '../orders/fixtures.ts';
import { askOk, buyerDo, hours, merchantDo, ok, orderAt, returnAddress, storeWithReturns, sweep } from './support.ts';

let env: TestEnv;
let s: Store;
let other: Store;
let b: Buyer;
beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  [s, other] = [await storeWithReturns(env), await storeWithReturns(env)];
  b = await buyer(env);
});
afterAll(async () => env?.close());

type Address = { id: string; name: string; isDefault: boolean; line: string };
const list = async (st: Store) => (await call(env, 'GET', `${st.url}/return-addresses`, st.merchant.headers)).json().addresses as Address[];
async function add(st: Store, body: Record<string, unknown>) {
  const res = await call(env, 'POST', `${st.url}/return-addresses`, st.merchant.headers, { ...returnAddress, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Address;
}
const warehouse = { name: 'North warehouse 北仓', line: '1 Harbour Road, dock 7', region: 'Tianjin, Binhai' };
const copyOf = (a: Record<string, unknown>) => ({ name: a.name, phone: a.phone, region: a.region, line: a.line });

describe('return addresses in the store settings', () => {
  it('the first is the default; another may become it; deleting the default hands it to the oldest left', async () => {
    const st = await openStore(env);
    expect(await list(st)).toEqual([]);
    const first = await add(st, {});
    expect(first.isDefault).toBe(true);
    const second = await add(st, { ...warehouse, isDefault: true });
    expect((await list(st)).map((a) => [a.id, a.isDefault])).toEqual([[second.id, true], [first.id, false]]);

    const made = await call(env, 'POST', `${st.url}/return-addresses/${first.id}/default`, st.merchant.headers);
    expect(made.json()).toMatchObject({ id: first.id, isDefault: true });
    const edited = await call(env, 'PUT', `${st.url}/return-addresses/${second.id}`, st.merchant.headers, { ...returnAddress, ...warehouse, line: '2 Harbour Road' });
    expect(edited.json()).toMatchObject({ line: '2 Harbour Road', isDefault: false });
    expect((await list(st)).filter((a) => a.isDefault).map((a) => a.id)).toEqual([first.id]);

    expect((await call(env, 'DELETE', `${st.url}/return-addresses/${first.id}`, st.merchant.headers)).statusCode).toBe(204);
    expect((await list(st)).map((a) => [a.id, a.isDefault])).toEqual([[second.id, true]]);
    expectProblem(await call(env, 'POST', `${st.url}/return-addresses`, st.merchant.headers, { ...returnAddress, phone: 'call me' }), 400, 'validation_failed');
  });

  it("a merchant neither sees nor changes another store's addresses", async () => {
    const [theirs] = await list(other);
    expectProblem(await call(env, 'GET', `${other.url}/return-addresses`, s.merchant.headers), 404, 'store_not_found');
    expectProblem(await call(env, 'PUT', `${s.url}/return-addresses/${theirs.id}`, s.merchant.headers, returnAddress), 404, 'return_address_not_found');
    expectProblem(await call(env, 'DELETE', `${s.url}/return-addresses/${theirs.id}`, s.merchant.headers), 404, 'return_address_not_found');
    expect((await list(other)).map((a) => a.id)).toContain(theirs.id);
  });
});

describe('accepting a return or an exchange', () => {
  it('picks the default unless another is named; the buyer sees where to send it and by when', async () => {
    const p = await listedProduct(env, s, [{ price: 3000, stock: 10 }, { price: 3000, stock: 10 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 2 }], 'received');
    const r = await askOk(env, b, o, { type: 'return', quantity: 1 });
    const accepted = await ok(merchantDo(env, s, r.id, 'accept'));
    expect(accepted).toMatchObject({ state: 'waiting_buyer_return', waitingFor: 'buyer', returnAddress: { ...returnAddress } });

    const seen = (await call(env, 'GET', `/api/after-sales/${r.id}`, b.headers)).json();
    expect(seen).toMatchObject({ returnAddress: { ...returnAddress }, dueAt: accepted.dueAt, waitingFor: 'buyer', actions: expect.arrayContaining(['return-shipment']) });
    expect(new Date(seen.dueAt).getTime() - env.clock.now().getTime()).toBe(7 * 24 * 3600_000);

    // An exchange sent to another address of the store.
    const north = await add(s, warehouse);
    const o2 = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'received');
    const x = await askOk(env, b, o2, { type: 'exchange', quantity: 1, exchangeSkuId: p.skuIds[1] });
    const took = await ok(merchantDo(env, s, x.id, 'accept', { returnAddressId: north.id }));
    expect(took.returnAddress).toEqual({ ...copyOf({ ...returnAddress, ...warehouse }), postalCode: returnAddress.postalCode });
  });

  it('keeps its copy when the address is changed or deleted afterwards', async () => {
    const st = await openStore(env);
    const a = await add(st, {});
    const p = await listedProduct(env, st, [{ price: 3000, stock: 10 }]);
    const o = await orderAt(env, st, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'received');
    const r = await askOk(env, b, o, { type: 'return', quantity: 1 });
    await ok(merchantDo(env, st, r.id, 'accept', { returnAddressId: a.id }));
    await call(env, 'PUT', `${st.url}/return-addresses/${a.id}`, st.merchant.headers, { ...returnAddress, line: 'Moved away' });
    expect((await call(env, 'DELETE', `${st.url}/return-addresses/${a.id}`, st.merchant.headers)).statusCode).toBe(204);
    const seen = (await call(env, 'GET', `/api/after-sales/${r.id}`, b.headers)).json();
    expect(seen.returnAddress).toEqual(returnAddress);
  });

  it('needs one: a store without a return address cannot accept a return (a refund needs none)', async () => {
    const st = await openStore(env);
    const p = await listedProduct(env, st, [{ price: 3000, stock: 10 }]);
    const o = await orderAt(env, st, b, [{ skuId: p.skuIds[0], quantity: 2 }], 'received');
    const r = await askOk(env, b, o, { type: 'return', quantity: 1 });
    expectProblem(await merchantDo(env, st, r.id, 'accept'), 409, 'return_address_required');
    expectProblem(await merchantDo(env, st, r.id, 'propose', { amount: 1000, note: 'Half back' }), 409, 'return_address_required');
    expect((await call(env, 'GET', `${st.url}/after-sales/${r.id}`, st.merchant.headers)).json()).toMatchObject({ state: 'merchant_processing', returnAddress: null });
    await ok(buyerDo(env, b, r.id, 'cancel'));
    const refund = await askOk(env, b, o, { type: 'refund', quantity: 1 });
    expect((await ok(merchantDo(env, st, refund.id, 'accept'))).returnAddress).toBeNull();
  });

  it("refuses another store's address", async () => {
    const [theirs] = await list(other);
    const p = await listedProduct(env, s, [{ price: 3000, stock: 10 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'received');
    const r = await askOk(env, b, o, { type: 'return', quantity: 1 });
    expectProblem(await merchantDo(env, s, r.id, 'accept', { returnAddressId: theirs.id }), 404, 'return_address_not_found');
    expect((await call(env, 'GET', `${s.url}/after-sales/${r.id}`, s.merchant.headers)).json()).toMatchObject({ state: 'merchant_processing', returnAddress: null });
  });

  it('a merchant silent past the deadline accepts to its default address', async () => {
    const p = await listedProduct(env, other, [{ price: 3000, stock: 10 }]);
    const o = await orderAt(env, other, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'received');
    const r = await askOk(env, b, o, { type: 'return', quantity: 1 });
    hours(env, 49);
    await sweep(env);
    const seen = (await call(env, 'GET', `/api/after-sales/${r.id}`, b.headers)).json();
    expect(seen).toMatchObject({ state: 'waiting_buyer_return', returnAddress: { ...returnAddress } });
  });
});
