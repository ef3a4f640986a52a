// Repeat purchase as merchants and buyers meet it: a product's repurchase cycle gives its buyers a reminder that long
// after delivery (moving the clock), once per item, with a one-tap reorder of that SKU at today's price; a coupon sent
// to the lapsed buyers of a product (the audience shown first, each buyer once per coupon); the repeat-purchase rate.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { sweepCouponSends, sweepRepurchaseReminders } from '../../src/modules/service-account/index.ts';
import { expectProblem } from '../api/support.ts';
import type { TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, openStore, type Buyer, type Store } from '../orders/fixtures.ts';
import { paidOrder } from '../aftersales/money-support.ts';
import { createCoupon, offer } from '../coupons/support.ts';
import { accept, sendRefunds } from '../aftersales/money-support.ts';
import { askOk } from '../aftersales/support.ts';
import { DAY, deliver, followStore, inbox, noticesOf, ok, storeWithClock } from './support.ts';

let env: TestEnv;
let s: Store;
let now: Date;
storeWithClock((x) => ({ env, s, now } = x));
const at = (daysAgo: number) => env.clock.set(new Date(now.getTime() - daysAgo * DAY));

const remind = () => sweepRepurchaseReminders(env.ctx, 100);
const reminders = (b: Buyer) => noticesOf(env, b, 'repurchase_reminder');

describe('a repurchase reminder', () => {
  it('comes the cycle’s days after delivery, once per item, and reorders that SKU at today’s price', async () => {
    const b = await buyer(env);
    await ok(followStore(env, b, s));
    const { productId, skuIds: [tea] } = await listedProduct(env, s, [{ price: 4_800, stock: 20 }], 'Oolong tea 250 g');
    const { skuIds: [cup] } = await listedProduct(env, s, [{ price: 1_500, stock: 20 }], 'Tea cup');
    const set = await ok(call(env, 'PUT', `${s.url}/products/${productId}/repurchase-cycle`, s.merchant.headers, { days: 30 }));
    expect(set.repurchaseCycleDays).toBe(30);

    at(30);
    const order = await paidOrder(env, s, b, [{ skuId: tea, quantity: 2 }, { skuId: cup, quantity: 1 }], 'received');
    await deliver(env);
    await deliver(env); // a second delivery of the same events adds nothing
    await remind();
    expect(await reminders(b)).toEqual([]);

    at(1);
    await remind();
    expect(await reminders(b)).toEqual([]);

    env.clock.set(now);
    expect(await remind()).toBe(1); // the cup has no cycle: one reminder, for the tea
    expect(await remind()).toBe(0);
    const [r] = await reminders(b);
    expect(r).toMatchObject({ orderId: order.id, productId, skuId: tea, quantity: 2, read: false });
    expect(r.texts.en).toBe(`It has been 30 days since your Oolong tea 250 g from ${s.storeName} arrived. Running low? Order it again in one tap.`);

    await ok(call(env, 'PUT', `${s.url}/skus/${tea}/price`, s.merchant.headers, { price: 5_200 }));
    const again = await ok(call(env, 'POST', `/api/orders/${order.id}/buy-again`, b.headers, { skuIds: [r.skuId] }));
    expect(again.added).toEqual([tea]);
    expect(again.cart.lines.map((l: { skuId: string; quantity: number; unitPrice: number }) => [l.skuId, l.quantity, l.unitPrice])).toEqual([[tea, 2, 5_200]]);
  });

  it('is not sent to a buyer who muted reminders or no longer follows', async () => {
    const muted = await buyer(env);
    const gone = await buyer(env);
    for (const who of [muted, gone]) await ok(followStore(env, who, s));
    await ok(call(env, 'PUT', `/api/inbox/stores/${s.storeId}/mutes`, muted.headers, { kinds: ['repurchase_reminder'] }));
    const { productId, skuIds: [sku] } = await listedProduct(env, s, [{ price: 2_000, stock: 20 }], 'Rice 5 kg');
    await ok(call(env, 'PUT', `${s.url}/products/${productId}/repurchase-cycle`, s.merchant.headers, { days: 7 }));
    at(8);
    for (const who of [muted, gone]) await paidOrder(env, s, who, [{ skuId: sku, quantity: 1 }], 'received');
    await deliver(env);
    await ok(call(env, 'DELETE', `/api/follows/${s.storeId}`, gone.headers));
    env.clock.set(now);
    await remind();
    expect(await reminders(muted)).toEqual([]);
    expect(await reminders(gone)).toEqual([]);
    const rows = await queryRows<{ outcome: string }>(env.ctx.db, sql`select outcome from repurchase_reminders where product_id = ${productId}`);
    expect(rows.map((x) => x.outcome)).toEqual(['skipped', 'skipped']);
  });

  it('reaches deliveries made before the cycle was set: at delivery + cycle, or at once if that moment has passed; once each', async () => {
    const b = await buyer(env);
    await ok(followStore(env, b, s));
    const { productId, skuIds: [sku] } = await listedProduct(env, s, [{ price: 3_600, stock: 20 }], 'Green tea 100 g');
    at(40);
    const early = await paidOrder(env, s, b, [{ skuId: sku, quantity: 1 }], 'received');
    at(10);
    const late = await paidOrder(env, s, b, [{ skuId: sku, quantity: 3 }], 'received');
    await deliver(env);
    env.clock.set(now);
    await remind();
    expect(await reminders(b)).toEqual([]); // no cycle yet

    const cycle = (days: number | null) => ok(call(env, 'PUT', `${s.url}/products/${productId}/repurchase-cycle`, s.merchant.headers, { days }));
    await cycle(30);
    await deliver(env);
    const due = await queryRows<{ orderId: string; dueAt: Date | string }>(env.ctx.db, sql`select order_id as "orderId", due_at as "dueAt" from repurchase_reminders where product_id = ${productId} order by due_at`);
    expect(due.map((r) => [r.orderId, new Date(r.dueAt).getTime()])).toEqual([
      [early.id, now.getTime()], // delivered 40 days ago: its 30 days passed 10 days ago, so at once
      [late.id, now.getTime() + 20 * DAY], // delivered 10 days ago: 30 days after delivery
    ]);
    expect(await remind()).toBe(1);
    const [first] = await reminders(b);
    expect(first).toMatchObject({ orderId: early.id, skuId: sku, quantity: 1 });
    expect(first.texts.en).toContain('It has been 40 days since your Green tea 100 g');

    // Changing the cycle again plans nothing twice: one reminder per delivered item.
    await cycle(20);
    await cycle(30);
    await deliver(env);
    await deliver(env);
    expect((await queryRows(env.ctx.db, sql`select 1 from repurchase_reminders where product_id = ${productId}`)).length).toBe(2);

    env.clock.set(new Date(now.getTime() + 20 * DAY - 60_000));
    expect(await remind()).toBe(0);
    env.clock.set(new Date(now.getTime() + 20 * DAY));
    expect(await remind()).toBe(1);
    expect(await remind()).toBe(0);
    env.clock.set(now);
    expect((await reminders(b)).map((m: { orderId: string }) => m.orderId).sort()).toEqual([early.id, late.id].sort());
  });

  it('is skipped for an item refunded after delivery, or whose order was refunded, and once the cycle is removed', async () => {
    const b = await buyer(env);
    await ok(followStore(env, b, s));
    const { productId: tea, skuIds: [teaSku] } = await listedProduct(env, s, [{ price: 4_000, stock: 20 }], 'Black tea');
    const { productId: honey, skuIds: [honeySku] } = await listedProduct(env, s, [{ price: 2_500, stock: 20 }], 'Honey');
    const { productId: soap, skuIds: [soapSku] } = await listedProduct(env, s, [{ price: 900, stock: 20 }], 'Soap');
    for (const p of [tea, honey, soap]) await ok(call(env, 'PUT', `${s.url}/products/${p}/repurchase-cycle`, s.merchant.headers, { days: 7 }));
    at(9);
    const both = await paidOrder(env, s, b, [{ skuId: teaSku, quantity: 1 }, { skuId: honeySku, quantity: 1 }], 'received');
    const whole = await paidOrder(env, s, b, [{ skuId: teaSku, quantity: 2 }], 'received');
    const kept = await paidOrder(env, s, b, [{ skuId: soapSku, quantity: 1 }], 'received');
    await deliver(env);
    at(8); // after delivery: the honey of the first order refunded, the second order refunded whole
    const honeyItem = both.items.find((i) => i.skuId === honeySku)!;
    await accept(env, s, (await askOk(env, b, both, { orderItemId: honeyItem.id, quantity: 1 })).id);
    await accept(env, s, (await askOk(env, b, whole, { orderItemId: whole.items[0].id, quantity: 2 })).id);
    await sendRefunds(env);
    await ok(call(env, 'PUT', `${s.url}/products/${soap}/repurchase-cycle`, s.merchant.headers, { days: null }));
    env.clock.set(now);
    expect(await remind()).toBe(4);
    expect((await reminders(b)).map((m: { orderId: string; productId: string }) => [m.orderId, m.productId])).toEqual([[both.id, tea]]);
    const rows = await queryRows<{ orderId: string; productId: string; outcome: string }>(env.ctx.db, sql`
      select order_id as "orderId", product_id as "productId", outcome from repurchase_reminders where buyer_id = ${b.userId}`);
    expect(new Set(rows.map((r) => `${r.orderId} ${r.productId} ${r.outcome}`))).toEqual(new Set([
      `${both.id} ${tea} sent`, `${both.id} ${honey} skipped`, `${whole.id} ${tea} skipped`, `${kept.id} ${soap} skipped`,
    ]));
    expect((await call(env, 'GET', `${s.url}/orders/${whole.id}`, s.merchant.headers)).json().state).toBe('closed_refunded');
  });

  it('takes a cycle of 1 to 730 days, or none; another store’s merchant cannot set it', async () => {
    const { productId } = await listedProduct(env, s, [{ price: 1_000, stock: 5 }]);
    expectProblem(await env.app.inject({ method: 'PUT', url: `${s.url}/products/${productId}/repurchase-cycle`, headers: s.merchant.headers, payload: { days: 0 } }), 400, 'validation_failed');
    expect((await ok(call(env, 'PUT', `${s.url}/products/${productId}/repurchase-cycle`, s.merchant.headers, { days: null }))).repurchaseCycleDays).toBeNull();
    const other = await openStore(env);
    const res = await call(env, 'PUT', `${other.url}/products/${productId}/repurchase-cycle`, other.merchant.headers, { days: 10 });
    expect(res.statusCode).toBe(404);
  });
});

describe('a coupon for lapsed buyers', () => {
  it('goes to the buyers who have not bought the product again for N days, each once per coupon, after showing how many', async () => {
    const store = await openStore(env);
    const [lapsed, loyal, never] = [await buyer(env), await buyer(env), await buyer(env)];
    await ok(followStore(env, lapsed, store));
    const { productId, skuIds: [sku] } = await listedProduct(env, store, [{ price: 3_000, stock: 50 }], 'Coffee beans');
    const { skuIds: [other] } = await listedProduct(env, store, [{ price: 900, stock: 50 }], 'Filter paper');
    at(40);
    await paidOrder(env, store, lapsed, [{ skuId: sku, quantity: 1 }]);
    await paidOrder(env, store, loyal, [{ skuId: sku, quantity: 1 }]);
    await paidOrder(env, store, never, [{ skuId: other, quantity: 1 }]);
    at(20);
    await paidOrder(env, store, loyal, [{ skuId: sku, quantity: 2 }]);
    await paidOrder(env, store, lapsed, [{ skuId: other, quantity: 1 }]); // another product does not count
    env.clock.set(now);

    const coupon = await createCoupon(env.app, store.url, store.merchant, offer(env.clock.now(), { title: 'Welcome back 10 off', totalQuantity: 5 }));
    const q = `productId=${productId}&days=30&couponId=${coupon.id}`;
    expect(await ok(call(env, 'GET', `${store.url}/lapsed-buyers?${q}`, store.merchant.headers))).toEqual({ lapsed: 1, audience: 1 });

    const body = { productId, days: 30, couponId: coupon.id };
    const sent = await call(env, 'POST', `${store.url}/lapsed-buyers/coupons`, store.merchant.headers, body);
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toEqual({ queued: 1 });
    expectProblem(await env.app.inject({ method: 'POST', url: `${store.url}/lapsed-buyers/coupons`, headers: store.merchant.headers, payload: body }), 422, 'lapsed_audience_empty');
    expect(await ok(call(env, 'GET', `${store.url}/lapsed-buyers?${q}`, store.merchant.headers))).toEqual({ lapsed: 1, audience: 0 });

    expect(await sweepCouponSends(env.ctx, 100)).toBe(1);
    const mine = await ok(call(env, 'GET', '/api/held-coupons', lapsed.headers));
    expect(mine.items.map((c: { coupon: { id: string }; source: string }) => [c.coupon.id, c.source])).toEqual([[coupon.id, 'sent']]);
    expect((await ok(call(env, 'GET', '/api/held-coupons', loyal.headers))).items).toEqual([]);
    const notice = (await inbox(env, lapsed)).items.find((m: { noticeKind: string }) => m.noticeKind === 'coupon_sent');
    expect(notice.texts.en).toContain('Welcome back 10 off');
    expect(await ok(call(env, 'GET', `${store.url}/lapsed-buyers/coupons`, store.merchant.headers))).toMatchObject([{ couponId: coupon.id, productId, sent: 1, skipped: 0, pending: 0 }]);
  });

  it('refuses a coupon of another store, and buyers see none of it', async () => {
    const store = await openStore(env);
    const other = await openStore(env);
    const { productId } = await listedProduct(env, store, [{ price: 3_000, stock: 5 }]);
    const foreign = await createCoupon(env.app, other.url, other.merchant, offer(env.clock.now()));
    expectProblem(await env.app.inject({ method: 'POST', url: `${store.url}/lapsed-buyers/coupons`, headers: store.merchant.headers, payload: { productId, days: 30, couponId: foreign.id } }), 422, 'coupon_not_sendable');
    const b = await buyer(env);
    expect((await call(env, 'GET', `${store.url}/lapsed-buyers?productId=${productId}&days=30`, b.headers)).statusCode).toBe(403);
  });
});

describe('the repeat-purchase rate', () => {
  it('is the share of buyers who came back, for the store and each product', async () => {
    const store = await openStore(env);
    const [a, b] = [await buyer(env), await buyer(env)];
    const { productId: soap, skuIds: [soapSku] } = await listedProduct(env, store, [{ price: 1_200, stock: 50 }], 'Soap');
    const { productId: towel, skuIds: [towelSku] } = await listedProduct(env, store, [{ price: 2_500, stock: 50 }], 'Towel');
    await paidOrder(env, store, a, [{ skuId: soapSku, quantity: 1 }, { skuId: towelSku, quantity: 1 }]);
    await paidOrder(env, store, a, [{ skuId: soapSku, quantity: 1 }]);
    await paidOrder(env, store, b, [{ skuId: towelSku, quantity: 1 }]);
    const r = await ok(call(env, 'GET', `${store.url}/repeat-purchase`, store.merchant.headers));
    expect(r.store).toEqual({ buyers: 2, repeatBuyers: 1, rate: 0.5 });
    expect(r.products.map((p: { productId: string; title: string; buyers: number; repeatBuyers: number }) => [p.title, p.buyers, p.repeatBuyers])).toEqual([['Soap', 1, 1], ['Towel', 2, 0]]);
    expect(r.products.map((p: { productId: string }) => p.productId)).toEqual([soap, towel]);
  });
});
