// Returns and exchanges: the buyer sends the item back with a tracking number, the merchant confirms receipt (the
// stock comes back and the refund reaches the buyer in the sandbox) or reships another SKU (its stock is taken).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxSettled, sweepRefunds } from '../../src/modules/payments/index.ts';
import { expectProblem, scalar } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, type Buyer, type Store } from '../orders/fixtures.ts';
import { askOk, buyerDo, merchantDo, ok, orderAt, storeWithReturns } from './support.ts';

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

const stockOf = (skuId: string) => scalar<number>(env.ctx.db, sql`select stock from skus where id = ${skuId}`);
const flows = (skuId: string, reason: string) => scalar<number>(env.ctx.db, sql`select coalesce(sum(delta), 0)::int from stock_flows where sku_id = ${skuId} and reason = ${reason}`);
const parcel = { carrier: 'sf', trackingNo: 'SF000007700123' };

describe('a return', () => {
  it('accepted, shipped back, received: the stock comes back and the refund reaches the buyer; the order shows it', async () => {
    const p = await listedProduct(env, s, [{ price: 3000, stock: 10 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 3 }], 'received');
    expect(await stockOf(p.skuIds[0])).toBe(7);
    const r = await askOk(env, b, o, { type: 'return', quantity: 2 });
    expect(r.amount).toBe(6000);
    const accepted = await ok(merchantDo(env, s, r.id, 'accept'));
    expect(accepted.state).toBe('waiting_buyer_return');
    expect(new Date(accepted.dueAt!).getTime() - env.clock.now().getTime()).toBe(7 * 24 * 3600_000);
    expectProblem(await buyerDo(env, b, r.id, 'return-shipment', { carrier: 'sf', trackingNo: 'no!' }), 422, 'tracking_number_invalid');
    const shipped = await ok(buyerDo(env, b, r.id, 'return-shipment', parcel));
    expect(shipped).toMatchObject({ state: 'waiting_merchant_receipt', returnParcel: parcel });
    expect(new Date(shipped.dueAt!).getTime() - env.clock.now().getTime()).toBe(10 * 24 * 3600_000);
    // The merchant sees the parcel in its queue.
    const queue = (await call(env, 'GET', `${s.url}/after-sales?state=waiting_merchant_receipt`, s.merchant.headers)).json();
    expect(queue.afterSales.map((x: { id: string }) => x.id)).toContain(r.id);

    expectProblem(await merchantDo(env, other, r.id, 'confirm-receipt'), 404, 'after_sale_not_found');
    expectProblem(await merchantDo(env, s, r.id, 'reship', parcel), 409, 'after_sale_transition_not_allowed');
    expect(await stockOf(p.skuIds[0])).toBe(7);
    const received = await ok(merchantDo(env, s, r.id, 'confirm-receipt'));
    expect(received.state).toBe('refunding');
    expect(received.refundId).toBeTruthy();
    expect(await stockOf(p.skuIds[0])).toBe(9);
    expect(await flows(p.skuIds[0], 'return')).toBe(2);
    // Confirming twice changes nothing.
    expectProblem(await merchantDo(env, s, r.id, 'confirm-receipt'), 409, 'after_sale_transition_not_allowed');
    expect(await stockOf(p.skuIds[0])).toBe(9);

    await sweepRefunds(env.ctx, 100);
    await sandboxSettled(env.app);
    const done = (await call(env, 'GET', `/api/after-sales/${r.id}`, b.headers)).json();
    expect(done.state).toBe('refunded');
    expect(done.closedAt).toBeTruthy();
    expect(done.timeline.map((e: { toState: string }) => e.toState)).toEqual(['merchant_processing', 'waiting_buyer_return', 'waiting_merchant_receipt', 'refunding', 'refunded']);
    const order = (await call(env, 'GET', `/api/orders/${o.id}`, b.headers)).json();
    expect(order.items[0].refundState).toBe('partial');
    expect(order.afterSales).toEqual([{ id: r.id, orderItemId: o.items[0].id, type: 'return', state: 'refunded', amount: 6000, agreedAmount: null }]);
    // The last unit may still be asked for: what is left of the item.
    const last = await askOk(env, b, o, { type: 'refund', quantity: 1 });
    expect(last.amount).toBe(3000);
    await env.app.inject({ method: 'POST', url: `/api/after-sales/${last.id}/cancel`, headers: b.headers });
    const tooMany = await env.app.inject({ method: 'POST', url: `/api/orders/${o.id}/after-sales`, headers: { ...b.headers, 'idempotency-key': 'too-many-units' }, payload: { orderItemId: o.items[0].id, type: 'return', quantity: 2, reason: 'All of it' } });
    expectProblem(tooMany, 422, 'quantity_exceeds_item');
  });

  it('the buyer may withdraw it while it waits for the parcel', async () => {
    const p = await listedProduct(env, s, [{ price: 3000, stock: 10 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const r = await askOk(env, b, o, { type: 'return' });
    await ok(merchantDo(env, s, r.id, 'accept'));
    expect((await ok(buyerDo(env, b, r.id, 'cancel'))).state).toBe('user_cancelled');
  });
});

describe('an exchange', () => {
  it('shipped back and reshipped: the wanted SKU is taken, the returned one comes back; the buyer confirms', async () => {
    const p = await listedProduct(env, s, [{ price: 5000, stock: 4 }, { price: 5000, stock: 1 }]);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'received');
    const r = await askOk(env, b, o, { type: 'exchange', exchangeSkuId: p.skuIds[1], reason: 'Too small' });
    expect((await ok(merchantDo(env, s, r.id, 'accept'))).state).toBe('waiting_buyer_return');
    await ok(buyerDo(env, b, r.id, 'return-shipment', parcel));
    expectProblem(await merchantDo(env, s, r.id, 'confirm-receipt'), 409, 'after_sale_transition_not_allowed');
    expectProblem(await buyerDo(env, b, r.id, 'confirm-exchange'), 409, 'after_sale_transition_not_allowed');
    const reshipped = await ok(merchantDo(env, s, r.id, 'reship', { carrier: 'zto', trackingNo: 'ZTO99001' }));
    expect(reshipped).toMatchObject({ state: 'exchange_reshipped', reshipParcel: { carrier: 'zto', trackingNo: 'ZTO99001' } });
    expect(new Date(reshipped.dueAt!).getTime() - env.clock.now().getTime()).toBe(10 * 24 * 3600_000);
    expect(await stockOf(p.skuIds[0])).toBe(4);
    expect(await stockOf(p.skuIds[1])).toBe(0);
    const done = await ok(buyerDo(env, b, r.id, 'confirm-exchange'));
    expect(done).toMatchObject({ state: 'completed', amount: 0, refundId: null });
    expect(done.closedAt).toBeTruthy();
  });

  it('cannot be reshipped without stock of the wanted SKU: 409 and nothing changes', async () => {
    const p = await listedProduct(env, s, [{ price: 5000, stock: 3 }, { price: 5000, stock: 1 }]);
    const o1 = await orderAt(env, s, b, [{ skuId: p.skuIds[1], quantity: 1 }], 'shipped');
    const o2 = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    expect(await stockOf(p.skuIds[1])).toBe(0);
    expect(o1.items).toHaveLength(1);
    const r = await askOk(env, b, o2, { type: 'exchange', exchangeSkuId: p.skuIds[1] });
    await ok(merchantDo(env, s, r.id, 'accept'));
    await ok(buyerDo(env, b, r.id, 'return-shipment', parcel));
    expectProblem(await merchantDo(env, s, r.id, 'reship', parcel), 409, 'stock_insufficient');
    expect(await stockOf(p.skuIds[0])).toBe(2);
    expect((await call(env, 'GET', `/api/after-sales/${r.id}`, b.headers)).json().state).toBe('waiting_merchant_receipt');
  });
});
