// A buyer really buys: cart, checkout, pay, shipping, receipt, settlement — and everything that may go wrong on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testEnv, type TestEnv } from '../helpers.ts';
import { scalar } from '../api/support.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { paidGmvOf } from '../../src/modules/merchants/index.ts';
import { address, buyer, call, checkoutOk, listedProduct, openStore, pay, type Store } from './fixtures.ts';

let env: TestEnv;
let a: Store;
let b: Store;
beforeAll(async () => {
  // Weeks pass in these tests: sessions must outlive them.
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  [a, b] = [await openStore(env), await openStore(env, ['apparel.women.coats'])];
});
afterAll(async () => env?.close());

const stockOf = (skuId: string) => scalar<number>(env.ctx.db, sql`select stock from skus where id = ${skuId}`);
const sweep = () => runSweeps(sweeps(env.ctx), 200);
const hours = (h: number) => env.clock.advance(h * 3600_000);

describe('cart', () => {
  it('holds lines of several stores and always shows the current price', async () => {
    const pa = await listedProduct(env, a, [{ price: 12000, stock: 5 }]);
    const pb = await listedProduct(env, b, [{ price: 3000, stock: 5 }]);
    const me = await buyer(env);
    await call(env, 'POST', '/api/cart/lines', me.headers, { skuId: pa.skuIds[0], quantity: 1 });
    await call(env, 'POST', '/api/cart/lines', me.headers, { skuId: pa.skuIds[0], quantity: 1 });
    env.clock.advance(1000);
    const cart = (await call(env, 'POST', '/api/cart/lines', me.headers, { skuId: pb.skuIds[0], quantity: 3 })).json();
    expect(cart.lines.map((l: { quantity: number }) => l.quantity)).toEqual([2, 3]);
    expect(cart.stores).toHaveLength(2);
    expect(cart.total).toBe(2 * 12000 + 3 * 3000);
    // The merchant changes the price once: the open cart shows it at once.
    const changed = await call(env, 'POST', `${a.url}/prices/apply`, a.merchant.headers, { selection: { skuIds: [pa.skuIds[0]] }, change: { type: 'set', price: 9900 } });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = (await call(env, 'GET', '/api/cart', me.headers)).json();
    expect(after.lines[0].unitPrice).toBe(9900);
    expect(after.total).toBe(2 * 9900 + 3 * 3000);
    // More than the stock: the line says so and does not count.
    const tooMany = (await call(env, 'PUT', `/api/cart/lines/${pb.skuIds[0]}`, me.headers, { quantity: 6 })).json();
    expect(tooMany.lines[1]).toMatchObject({ problem: 'not_enough_stock', available: false });
    expect(tooMany.total).toBe(2 * 9900);
    expect((await call(env, 'DELETE', `/api/cart/lines/${pb.skuIds[0]}`, me.headers)).json().lines).toHaveLength(1);
  });

  it('is the buyer\'s alone: merchants and signed-out visitors cannot use it', async () => {
    expect((await call(env, 'GET', '/api/cart', a.merchant.headers)).statusCode).toBe(403);
    expect((await call(env, 'GET', '/api/cart', {})).statusCode).toBe(401);
  });
});

describe('checkout', () => {
  it('makes one order per store and one combined payment, takes the stock, and empties the cart of what it bought', async () => {
    const pa = await listedProduct(env, a, [{ price: 12000, stock: 5 }]);
    const pb = await listedProduct(env, b, [{ price: 3000, stock: 5 }]);
    const me = await buyer(env);
    await call(env, 'POST', '/api/cart/lines', me.headers, { skuId: pa.skuIds[0], quantity: 2 });
    await call(env, 'POST', '/api/cart/lines', me.headers, { skuId: pb.skuIds[0], quantity: 1 });
    const res = await call(env, 'POST', '/api/checkout', me.headers, { address, channel: 'mini_site' });
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json();
    expect(out.amount).toBe(2 * 12000 + 3000);
    expect(out.orders).toHaveLength(2);
    expect(out.orders.map((o: { storeId: string }) => o.storeId).sort()).toEqual([a.storeId, b.storeId].sort());
    expect(out.orders.every((o: { state: string; channel: string; paymentId: string }) => o.state === 'awaiting_payment' && o.channel === 'mini_site' && o.paymentId === out.paymentId)).toBe(true);
    expect(await stockOf(pa.skuIds[0])).toBe(3);
    expect(await stockOf(pb.skuIds[0])).toBe(4);
    expect((await call(env, 'GET', '/api/cart', me.headers)).json().lines).toHaveLength(0);
    const payment = (await call(env, 'GET', `/api/payments/${out.paymentId}`, me.headers)).json();
    expect(payment).toMatchObject({ state: 'awaiting', amount: out.amount });
    // The merchant sees only its own order.
    const mine = (await call(env, 'GET', `${a.url}/orders`, a.merchant.headers)).json();
    expect(mine.orders.map((o: { id: string }) => o.id)).toContain(out.orders.find((o: { storeId: string }) => o.storeId === a.storeId).id);
    expect(mine.orders.every((o: { storeId: string }) => o.storeId === a.storeId)).toBe(true);
    const theirs = out.orders.find((o: { storeId: string }) => o.storeId === b.storeId).id;
    expect((await call(env, 'GET', `${a.url}/orders/${theirs}`, a.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'GET', `/api/orders/${theirs}`, (await buyer(env)).headers)).statusCode).toBe(404);
  });

  it('answers the same orders for the same Idempotency-Key, and refuses the key with another body', async () => {
    const p = await listedProduct(env, a, [{ price: 5000, stock: 10 }]);
    const me = await buyer(env);
    const first = await checkoutOk(env, me, [{ skuId: p.skuIds[0], quantity: 2 }], 'key-1');
    const again = await call(env, 'POST', '/api/checkout', me.headers, { lines: [{ skuId: p.skuIds[0], quantity: 2 }], address }, { 'idempotency-key': 'key-1' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first);
    expect(await stockOf(p.skuIds[0])).toBe(8);
    const other = await call(env, 'POST', '/api/checkout', me.headers, { lines: [{ skuId: p.skuIds[0], quantity: 3 }], address }, { 'idempotency-key': 'key-1' });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    expect(await stockOf(p.skuIds[0])).toBe(8);
    // Another buyer's key of the same name is theirs.
    await checkoutOk(env, await buyer(env), [{ skuId: p.skuIds[0], quantity: 1 }], 'key-1');
    expect(await stockOf(p.skuIds[0])).toBe(7);
  });

  it('answers a checkout of several stores again from its orders: the key keeps the payment id, not the answer', async () => {
    const pa = await listedProduct(env, a, [{ price: 4000, stock: 9 }, { price: 4100, stock: 9 }]);
    const pb = await listedProduct(env, b, [{ price: 700, stock: 9 }]);
    const me = await buyer(env);
    const lines = [{ skuId: pb.skuIds[0], quantity: 1 }, { skuId: pa.skuIds[1], quantity: 2 }, { skuId: pa.skuIds[0], quantity: 1 }];
    const first = await checkoutOk(env, me, lines, 'key-several');
    expect(first.orders).toHaveLength(2);
    expect(await scalar(env.ctx.db, sql`select response from idempotency_keys where key = 'key-several'`)).toEqual({ paymentId: first.paymentId });
    const again = await call(env, 'POST', '/api/checkout', me.headers, { lines, address }, { 'idempotency-key': 'key-several' });
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(again.json()).toEqual(first);
    // As it was answered, also once paid: the timeline shows the checkout and the payment.
    await pay(env, me, first.paymentId);
    expect((await call(env, 'POST', '/api/checkout', me.headers, { lines, address }, { 'idempotency-key': 'key-several' })).json()).toEqual(first);
    const events = (await call(env, 'GET', `/api/orders/${first.orders[0].id}`, me.headers)).json().events;
    expect(events.map((e: { event: string; actorRole: string }) => [e.event, e.actorRole])).toEqual([['created', 'buyer'], ['paid', 'system']]);
    expect(events[0].at).toBe((first.orders[0] as unknown as { createdAt: string }).createdAt);
  });

  it('refuses more than the stock, naming what is left, and writes nothing', async () => {
    const p = await listedProduct(env, a, [{ price: 5000, stock: 2 }]);
    const other = await listedProduct(env, b, [{ price: 100, stock: 9 }]);
    const me = await buyer(env);
    const orders = await scalar<number>(env.ctx.db, sql`select count(*)::int from orders`);
    const res = await call(env, 'POST', '/api/checkout', me.headers, { lines: [{ skuId: other.skuIds[0], quantity: 1 }, { skuId: p.skuIds[0], quantity: 3 }], address });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'stock_insufficient', skuId: p.skuIds[0], stock: 2 });
    expect(await stockOf(p.skuIds[0])).toBe(2);
    expect(await stockOf(other.skuIds[0])).toBe(9);
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from orders`)).toBe(orders);
  });

  it('refuses bad input with a clear problem', async () => {
    const me = await buyer(env);
    const p = await listedProduct(env, a);
    const cases: [unknown, number, string][] = [
      [{ address }, 422, 'cart_empty'],
      [{ lines: [{ skuId: p.skuIds[0], quantity: 0 }], address }, 400, 'validation_failed'],
      [{ lines: [{ skuId: p.skuIds[0], quantity: 1.5 }], address }, 400, 'validation_failed'],
      [{ lines: [{ skuId: p.skuIds[0], quantity: 1 }] }, 400, 'validation_failed'],
      [{ lines: [{ skuId: '00000000-0000-4000-8000-000000000000', quantity: 1 }], address }, 404, 'sku_not_found'],
      [{ lines: [{ skuId: p.skuIds[0], quantity: 1 }], addressId: '00000000-0000-4000-8000-000000000000' }, 404, 'address_not_found'],
      [{ lines: [{ skuId: p.skuIds[0], quantity: 1 }], address, expectedTotal: 1 }, 409, 'price_changed'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call(env, 'POST', '/api/checkout', me.headers, body);
      expect(res.statusCode, `${JSON.stringify(body)} -> ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe(code);
    }
    const bad = await call(env, 'POST', '/api/checkout', me.headers, { lines: [{ skuId: p.skuIds[0], quantity: 1 }], address }, { 'idempotency-key': 'ключ' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('paying', () => {
  it('a paid checkout moves every order to awaiting shipment and adds to the stores\' paid GMV', async () => {
    const pa = await listedProduct(env, a, [{ price: 12000, stock: 5 }]);
    const pb = await listedProduct(env, b, [{ price: 3000, stock: 5 }]);
    const me = await buyer(env);
    const out = await checkoutOk(env, me, [{ skuId: pa.skuIds[0], quantity: 1 }, { skuId: pb.skuIds[0], quantity: 2 }]);
    const gmv = await paidGmvOf(env.ctx.db, a.storeId);
    const { notifyStatus } = await pay(env, me, out.paymentId);
    expect(notifyStatus).toBeLessThan(300);
    for (const o of out.orders) {
      const d = (await call(env, 'GET', `/api/orders/${o.id}`, me.headers)).json();
      expect(d.state).toBe('awaiting_shipment');
      expect(d.items.every((i: { state: string }) => i.state === 'awaiting_shipment')).toBe(true);
      expect(d.events.map((e: { event: string }) => e.event)).toEqual(['created', 'paid']);
    }
    expect(await paidGmvOf(env.ctx.db, a.storeId)).toBe(gmv + 12000);
    // Paid orders cannot be cancelled like unpaid ones.
    expect((await call(env, 'POST', `/api/orders/${out.orders[0].id}/cancel`, me.headers, {})).json().code).toBe('order_transition_not_allowed');
  });
});

describe('before payment', () => {
  it('the buyer cancels: the stock comes back and the payment follows', async () => {
    const pa = await listedProduct(env, a, [{ price: 12000, stock: 5 }]);
    const pb = await listedProduct(env, b, [{ price: 3000, stock: 5 }]);
    const me = await buyer(env);
    const out = await checkoutOk(env, me, [{ skuId: pa.skuIds[0], quantity: 2 }, { skuId: pb.skuIds[0], quantity: 1 }]);
    const oa = out.orders.find((o) => o.storeId === a.storeId)!;
    const res = await call(env, 'POST', `/api/orders/${oa.id}/cancel`, me.headers, { reason: 'changed my mind' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'cancelled', cancelReason: 'changed my mind' });
    expect(await stockOf(pa.skuIds[0])).toBe(5);
    expect((await call(env, 'GET', `/api/payments/${out.paymentId}`, me.headers)).json().amount).toBe(3000);
    // Paying now pays only what is left.
    await pay(env, me, out.paymentId);
    const ob = out.orders.find((o) => o.storeId === b.storeId)!;
    expect((await call(env, 'GET', `/api/orders/${ob.id}`, me.headers)).json().state).toBe('awaiting_shipment');
    expect((await call(env, 'GET', `/api/orders/${oa.id}`, me.headers)).json().state).toBe('cancelled');
  });

  it('an order unpaid after 30 minutes is cancelled by the scheduler and its stock returns', async () => {
    const p = await listedProduct(env, a, [{ price: 4000, stock: 3 }]);
    const me = await buyer(env);
    const out = await checkoutOk(env, me, [{ skuId: p.skuIds[0], quantity: 3 }]);
    expect(await stockOf(p.skuIds[0])).toBe(0);
    env.clock.advance(29 * 60_000);
    await sweep();
    expect((await call(env, 'GET', `/api/orders/${out.orders[0].id}`, me.headers)).json().state).toBe('awaiting_payment');
    env.clock.advance(2 * 60_000);
    await sweep();
    const d = (await call(env, 'GET', `/api/orders/${out.orders[0].id}`, me.headers)).json();
    expect(d).toMatchObject({ state: 'cancelled', cancelReason: 'payment_timeout' });
    expect(d.items[0].state).toBe('cancelled');
    expect(await stockOf(p.skuIds[0])).toBe(3);
    expect((await call(env, 'GET', `/api/payments/${out.paymentId}`, me.headers)).json().state).toBe('closed');
  });

  it('the merchant may lower the price, never raise it; the payment asks the new amount', async () => {
    const p = await listedProduct(env, a, [{ price: 3333, stock: 9 }, { price: 1000, stock: 9 }]);
    const me = await buyer(env);
    const out = await checkoutOk(env, me, [{ skuId: p.skuIds[0], quantity: 1 }, { skuId: p.skuIds[1], quantity: 2 }]);
    const o = out.orders[0];
    const url = `${a.url}/orders/${o.id}/price`;
    expect((await call(env, 'POST', url, a.merchant.headers, { total: o.total + 1 })).json().code).toBe('price_not_lower');
    expect((await call(env, 'POST', url, b.merchant.headers, { total: 100 })).statusCode).toBe(404);
    const lowered = await call(env, 'POST', url, a.merchant.headers, { total: 5000 });
    expect(lowered.statusCode, lowered.body).toBe(200);
    const d = lowered.json();
    expect(d).toMatchObject({ itemsTotal: 5333, discount: 333, total: 5000 });
    expect(d.items.reduce((s: number, i: { discount: number }) => s + i.discount, 0)).toBe(333);
    expect((await call(env, 'GET', `/api/payments/${out.paymentId}`, me.headers)).json().amount).toBe(5000);
    await pay(env, me, out.paymentId);
    expect((await call(env, 'POST', url, a.merchant.headers, { total: 4000 })).json().code).toBe('order_transition_not_allowed');
  });
});

describe('shipping, receipt and settlement', () => {
  it('ships in two parts, the buyer confirms, and after the after-sales window the store is credited less commission', async () => {
    const p = await listedProduct(env, a, [{ price: 10000, stock: 9 }, { price: 2500, stock: 9 }]);
    const me = await buyer(env);
    const out = await checkoutOk(env, me, [{ skuId: p.skuIds[0], quantity: 1 }, { skuId: p.skuIds[1], quantity: 2 }]);
    await pay(env, me, out.paymentId);
    const o = out.orders[0];
    // The buyer moves the delivery before it ships.
    const moved = await call(env, 'PUT', `/api/orders/${o.id}/address`, me.headers, { address: { ...address, line: '1 New Street' } });
    expect(moved.json().address.line).toBe('1 New Street');
    const first = await call(env, 'POST', `${a.url}/orders/${o.id}/shipments`, a.merchant.headers, { carrier: 'sf', trackingNo: 'SF000000001001', itemIds: [o.items[0].id] });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().state).toBe('partly_shipped');
    expect((await call(env, 'PUT', `/api/orders/${o.id}/address`, me.headers, { address })).json().code).toBe('order_transition_not_allowed');
    const second = (await call(env, 'POST', `${a.url}/orders/${o.id}/shipments`, a.merchant.headers, { carrier: 'sf', trackingNo: 'SF000000001002' })).json();
    expect(second.state).toBe('awaiting_receipt');
    expect(second.shipments.map((s: { itemIds: string[] }) => s.itemIds.length)).toEqual([1, 1]);
    expect((await call(env, 'POST', `${a.url}/orders/${o.id}/shipments`, a.merchant.headers, { carrier: 'sf', trackingNo: 'SF000000001003' })).statusCode).toBe(409);
    const done = (await call(env, 'POST', `/api/orders/${o.id}/confirm-receipt`, me.headers)).json();
    expect(done.state).toBe('completed');
    const before = (await call(env, 'GET', `${a.url}/balance`, a.merchant.headers)).json();
    hours(7 * 24 - 1);
    await sweep();
    expect((await call(env, 'GET', `${a.url}/balance`, a.merchant.headers)).json().balance).toBe(before.balance);
    hours(2);
    await sweep();
    const bp = await scalar<number>(env.ctx.db, sql`select commission_bp from order_items where order_id = ${o.id} limit 1`);
    const commission = Math.round((15000 * bp) / 10000);
    const after = (await call(env, 'GET', `${a.url}/balance`, a.merchant.headers)).json();
    expect(after.balance - before.balance).toBe(15000 - commission);
    expect(after.entries[0]).toMatchObject({ orderId: o.id, gross: 15000, commission, net: 15000 - commission });
    const op = (await call(env, 'GET', '/api/operator/ledger', a.op.headers)).json();
    expect(op.entries.find((e: { orderId: string }) => e.orderId === o.id)).toMatchObject({ commission });
    expect((await call(env, 'GET', '/api/operator/ledger', a.merchant.headers)).statusCode).toBe(403);
    // Settled once, whatever the sweeps.
    await sweep();
    expect((await call(env, 'GET', `${a.url}/balance`, a.merchant.headers)).json().balance).toBe(after.balance);
  });

  it('receipt is confirmed automatically ten days after the last shipment', async () => {
    const p = await listedProduct(env, b, [{ price: 800, stock: 9 }]);
    const me = await buyer(env);
    const out = await checkoutOk(env, me, [{ skuId: p.skuIds[0], quantity: 1 }]);
    await pay(env, me, out.paymentId);
    const o = out.orders[0];
    await call(env, 'POST', `${b.url}/orders/${o.id}/shipments`, b.merchant.headers, { carrier: 'yto', trackingNo: 'YT0000000002002' }, { 'idempotency-key': 'ship-1' });
    // A retried shipment with the same key ships once.
    const retry = await call(env, 'POST', `${b.url}/orders/${o.id}/shipments`, b.merchant.headers, { carrier: 'yto', trackingNo: 'YT0000000002002' }, { 'idempotency-key': 'ship-1' });
    expect(retry.statusCode).toBe(201);
    expect(retry.json().shipments).toHaveLength(1);
    hours(10 * 24 - 1);
    await sweep();
    expect((await call(env, 'GET', `/api/orders/${o.id}`, me.headers)).json().state).toBe('awaiting_receipt');
    hours(2);
    await sweep();
    const d = (await call(env, 'GET', `/api/orders/${o.id}`, me.headers)).json();
    expect(d.state).toBe('completed');
    expect(d.events.map((e: { event: string }) => e.event)).toContain('auto_received');
  });

  it('the merchant finds orders by tracking number, product or ship-to name', async () => {
    const byTracking = (await call(env, 'GET', `${b.url}/orders?q=yt0000000002002`, b.merchant.headers)).json();
    expect(byTracking.total).toBe(1);
    expect((await call(env, 'GET', `${b.url}/orders?q=${encodeURIComponent('lin wei')}`, b.merchant.headers)).json().total).toBeGreaterThan(1);
    expect((await call(env, 'GET', `${b.url}/orders?q=${encodeURIComponent('羽绒服')}&state=completed`, b.merchant.headers)).json().total).toBeGreaterThanOrEqual(1);
    expect((await call(env, 'GET', `${b.url}/orders?q=${encodeURIComponent('100%_')}`, b.merchant.headers)).json().total).toBe(0);
    expect((await call(env, 'GET', `${b.url}/orders?q=${byTracking.orders[0].id.slice(0, 8)}`, b.merchant.headers)).json().orders[0].id).toBe(byTracking.orders[0].id);
    const short = byTracking.orders[0].id.replace(/-/g, '').slice(0, 10).toUpperCase(); // as the pages show it
    expect((await call(env, 'GET', `${b.url}/orders?q=${encodeURIComponent(`#${short}`)}`, b.merchant.headers)).json().orders.map((o: { id: string }) => o.id)).toEqual([byTracking.orders[0].id]);
  });

  it('the merchant exports its orders as CSV, one row per item', async () => {
    const res = await call(env, 'GET', `${a.url}/orders.csv`, a.merchant.headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toContain('order_id,created_at,state');
    expect(lines.length).toBeGreaterThan(3);
  });
});
