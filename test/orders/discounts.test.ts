// Member prices, coupons and points at checkout as a buyer meets them: the cart shows the best combination and
// takes the buyer's own; checkout spends exactly what was chosen, in the statement that takes the stock, or nothing;
// the order keeps every discount per item; payment uses the coupons, cancelling gives them and the points back;
// refunds give points back in proportion and coupons back when the whole order is refunded before shipping.
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { scalar } from '../api/support.ts';
import { accept, sendRefunds } from '../aftersales/money-support.ts';
import { askOk } from '../aftersales/support.ts';
import type { TestEnv } from '../helpers.ts';
import { addToCart, cartOf, checkoutWith, heldCoupon, member, memberStore, memberStoreSuite } from './discount-support.ts';
import { address, call, openStore, pay, type Store } from './fixtures.ts';

const suite = memberStoreSuite(1000);
const { held, points, stock } = suite;
let env: TestEnv;
let s: Store;
let tea: { productId: string; skuId: string };
beforeAll(() => { ({ env, s, tea } = suite.m); });

/** A member with 2,000 points, a product coupon of 5.00 off each unit of tea and a store coupon "spend 50 get 10 off". */
async function setUp() {
  const b = await member(env, s, 2000);
  const product = await heldCoupon(env, s, b, { title: 'Tea 5 off', scope: 'product', productIds: [tea.productId], kind: 'direct', amount: 500, threshold: undefined });
  const store = await heldCoupon(env, s, b, { title: 'Spend 50 get 10', threshold: 5000, amount: 1000 });
  return { b, product, store };
}

describe('the cart', () => {
  it('shows the best combination for a member: member price, then the product coupon, the store coupon, then points', async () => {
    const { b, product, store } = await setUp();
    await addToCart(env, b, tea.skuId, 2);
    const cart = await cartOf(env, b);
    const p = cart.stores[0].pricing!;
    expect(p.choice).toEqual({ storeId: s.storeId, storeCouponId: store.heldId, productCoupons: { [tea.skuId]: product.heldId }, points: 2000 });
    // 2 x 100.00 = 200.00; members 180.00; 5.00 off each unit: 170.00; 10.00 off the store order: 160.00; 2,000 points pay 20.00.
    expect(p.totals).toMatchObject({ list: 20000, memberDiscount: 2000, productCoupons: 1000, storeCoupon: 1000, points: 2000, pointsSpent: 2000, itemsPaid: 14000, discount: 6000 });
    expect(cart).toMatchObject({ itemsTotal: 20000, discount: 6000, total: 14000 });
    // The buyer keeps the store coupon and spends 500 points: priced as chosen.
    const mine = await cartOf(env, b, [{ ...p.choice, storeCouponId: null, points: 500 }]);
    expect(mine.stores[0].pricing!.totals).toMatchObject({ storeCoupon: 0, points: 500, itemsPaid: 16500 });
    expect(mine.total).toBe(16500);
    // A choice breaking a rule is named, and the best one is shown instead.
    const over = await cartOf(env, b, [{ ...p.choice, points: 2001 }]);
    expect(over.stores[0].pricing!.refused).toEqual({ code: 'points_insufficient' });
    expect(over.total).toBe(14000);
  });

  it('shows a buyer who is no member and holds no coupon the list prices, with nothing to price', async () => {
    const b = await (await import('./fixtures.ts')).buyer(env);
    await addToCart(env, b, tea.skuId, 1);
    const cart = await cartOf(env, b);
    expect(cart.stores[0].pricing).toBeNull();
    expect(cart).toMatchObject({ itemsTotal: 10000, discount: 0, total: 10000 });
  });
});

describe('checkout with coupons and points', () => {
  it('takes the chosen coupons and points with the stock; the order keeps every discount per item, summing exactly', async () => {
    const { b, product, store } = await setUp();
    const cart = await (async () => { await addToCart(env, b, tea.skuId, 3); return cartOf(env, b); })();
    const before = Number(await stock());
    const res = await checkoutWith(env, b, [{ skuId: tea.skuId, quantity: 3 }], [cart.stores[0].pricing!.choice], cart.total);
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json();
    // 300.00 -> members 270.00 -> 255.00 -> 245.00 -> points at most half of it: 2,000 points = 20.00 -> 225.00.
    expect(out.amount).toBe(22500);
    expect(out.orders[0]).toMatchObject({ itemsTotal: 30000, discount: 7500, total: 22500 });
    expect(Number(await stock())).toBe(before - 3);
    expect([await held(product.heldId), await held(store.heldId)]).toEqual(['locked', 'locked']);
    expect(await points(b)).toBe(0);
    const detail = (await call(env, 'GET', `/api/orders/${out.orders[0].id}`, b.headers)).json();
    expect(detail.items[0]).toMatchObject({
      unitPrice: 10000, amount: 30000, discount: 7500,
      priced: { memberUnitPrice: 9000, memberDiscount: 3000, productCouponDiscount: 1500, storeCouponDiscount: 1000, pointsDiscount: 2000, pointsSpent: 2000 },
    });
    // Paying uses the coupons; the merchant sees them counted as used.
    await pay(env, b, out.paymentId);
    expect([await held(product.heldId), await held(store.heldId)]).toEqual(['used', 'used']);
    expect(await scalar(env.ctx.db, sql`select used from coupons where id = ${store.couponId}`)).toBe(1);
  });

  it('refuses a coupon already used in another order (409 coupon_unavailable) and writes nothing', async () => {
    const { b, store } = await setUp();
    const choice = { storeId: s.storeId, storeCouponId: store.heldId, productCoupons: {}, points: 0 };
    expect((await checkoutWith(env, b, [{ skuId: tea.skuId, quantity: 1 }], [choice])).statusCode).toBe(201);
    const [orders, st] = [await scalar(env.ctx.db, sql`select count(*) from orders where buyer_id = ${b.userId}`), await stock()];
    const again = await checkoutWith(env, b, [{ skuId: tea.skuId, quantity: 1 }], [choice]);
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().code).toBe('coupon_unavailable');
    expect(await scalar(env.ctx.db, sql`select count(*) from orders where buyer_id = ${b.userId}`)).toBe(orders);
    expect(await stock()).toBe(st);
  });

  it('refuses points the buyer does not hold and choices that break the stacking rule, with their codes', async () => {
    const { b, product } = await setUp();
    const line = [{ skuId: tea.skuId, quantity: 1 }];
    const codes = async (choice: Record<string, unknown>) => (await checkoutWith(env, b, line, [{ storeId: s.storeId, storeCouponId: null, productCoupons: {}, points: 0, ...choice }])).json().code;
    expect(await codes({ points: 2001 })).toBe('points_insufficient');
    expect(await codes({ points: 4600 })).toBe('points_insufficient');
    expect(await codes({ storeCouponId: product.heldId })).toBe('coupon_wrong_scope');
    expect(await points(b)).toBe(2000);
  });

  it('cancelling the unpaid order gives the coupons and the points back; the payment timeout does too', async () => {
    for (const how of ['cancel', 'timeout'] as const) {
      const { b, product, store } = await setUp();
      const choice = { storeId: s.storeId, storeCouponId: store.heldId, productCoupons: { [tea.skuId]: product.heldId }, points: 1000 };
      const res = await checkoutWith(env, b, [{ skuId: tea.skuId, quantity: 1 }], [choice]);
      expect(res.statusCode, res.body).toBe(201);
      expect(await points(b)).toBe(1000);
      if (how === 'cancel') expect((await call(env, 'POST', `/api/orders/${res.json().orders[0].id}/cancel`, b.headers, {})).statusCode).toBe(200);
      else {
        env.clock.advance(env.ctx.config.paymentTimeoutMinutes * 60_000 + 1000);
        const { runSweeps, sweeps } = await import('../../src/scheduler/index.ts');
        await runSweeps(sweeps(env.ctx), 200);
      }
      expect([await held(product.heldId), await held(store.heldId)]).toEqual(['unused', 'unused']);
      expect(await points(b)).toBe(2000);
    }
  });

  it('pays an order the discounts paid whole at once (nothing to pay)', async () => {
    const s2 = await openStore(env);
    const cheap = await memberStore(env, s2, 10, 500, null);
    const b = await member(env, s2, 0);
    const c = await heldCoupon(env, s2, b, { title: 'Free sample', scope: 'product', productIds: [cheap.productId], kind: 'direct', amount: 500, threshold: undefined });
    const res = await checkoutWith(env, b, [{ skuId: cheap.skuId, quantity: 1 }], [{ storeId: s2.storeId, storeCouponId: null, productCoupons: { [cheap.skuId]: c.heldId }, points: 0 }]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ amount: 0, orders: [{ total: 0, state: 'awaiting_shipment' }] });
    expect(await held(c.heldId)).toBe('used');
    expect(await scalar(env.ctx.db, sql`select state from orders where id = ${res.json().orders[0].id}`)).toBe('awaiting_shipment');
  });

  it('an order the discounts paid whole is still paid when the process stopped right after its statement', async () => {
    const s2 = await openStore(env);
    const cheap = await memberStore(env, s2, 10, 500, null);
    const b = await member(env, s2, 0);
    const c = await heldCoupon(env, s2, b, { title: 'Free sample', scope: 'product', productIds: [cheap.productId], kind: 'direct', amount: 500, threshold: undefined });
    // The step after the statement fails as if the process had died there: the statement's orders stay unpaid.
    await env.ctx.db.execute(sql.raw(`create function trio_test_stop() returns trigger language plpgsql as $$ begin raise exception 'process stopped'; end $$`));
    await env.ctx.db.execute(sql.raw(`create trigger trio_test_stop before update on orders for each row
      when (new.state = 'awaiting_shipment' and old.total = 0) execute function trio_test_stop()`));
    const payload = { lines: [{ skuId: cheap.skuId, quantity: 1 }], address, discounts: [{ storeId: s2.storeId, storeCouponId: null, productCoupons: { [cheap.skuId]: c.heldId }, points: 0 }] };
    const send = () => env.app.inject({ method: 'POST', url: '/api/checkout', headers: { ...b.headers, 'idempotency-key': `stopped-${b.userId}` }, payload });
    const res = await send();
    expect(res.statusCode).toBe(500);
    const [order] = await queryRows<{ id: string; state: string }>(env.ctx.db, sql`select o.id, o.state from orders o join order_items i on i.order_id = o.id where i.sku_id = ${cheap.skuId}`);
    expect(order.state).toBe('awaiting_payment');
    await env.ctx.db.execute(sql.raw('drop trigger trio_test_stop on orders'));
    await env.ctx.db.execute(sql.raw('drop function trio_test_stop()'));
    // The scheduler finishes it: paid, the coupon used, as the checkout would have.
    const { runSweeps, sweeps } = await import('../../src/scheduler/index.ts');
    await runSweeps(sweeps(env.ctx), 200);
    expect(await scalar(env.ctx.db, sql`select state from orders where id = ${order.id}`)).toBe('awaiting_shipment');
    expect(await held(c.heldId)).toBe('used');
    // The buyer's retry with the same key answers the order as it is now: paid, not the stored awaiting_payment.
    const again = await send();
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(again.json()).toMatchObject({ amount: 0, orders: [{ id: order.id, state: 'awaiting_shipment', items: [{ state: 'awaiting_shipment' }] }] });
    expect(again.json().orders[0].paidAt).toEqual(expect.any(String));
  });
});

describe('refunds', () => {
  async function paidWithDiscounts(quantity: number) {
    const { b, product, store } = await setUp();
    const choice = { storeId: s.storeId, storeCouponId: store.heldId, productCoupons: { [tea.skuId]: product.heldId }, points: 2000 };
    const res = await checkoutWith(env, b, [{ skuId: tea.skuId, quantity }], [choice]);
    expect(res.statusCode, res.body).toBe(201);
    await pay(env, b, res.json().paymentId);
    const o = (await call(env, 'GET', `${s.url}/orders/${res.json().orders[0].id}`, s.merchant.headers)).json();
    return { b, product, store, o };
  }

  it('a partial refund returns at most the unit share of what was paid, and the points spent on it in proportion, into their lot', async () => {
    const { b, o, store } = await paidWithDiscounts(2);
    const lots = () => queryRows<{ remaining: number; expiresAt: string }>(env.ctx.db, sql`
      select remaining::int as remaining, expires_at::text as "expiresAt" from point_lots where store_id = ${s.storeId} and buyer_id = ${b.userId}`);
    const [lot] = await lots();
    env.clock.advance(86_400_000);
    // Paid 140.00 for 2 units: one unit refunds 70.00 and gives back half of the 2,000 points, into the lot they
    // came from (its expiry, not a new lot's a day later).
    const r = await askOk(env, b, o, { quantity: 1 });
    expect(r.amount).toBe(7000);
    await accept(env, s, r.id);
    await sendRefunds(env);
    expect(await points(b)).toBe(1000);
    expect(await lots()).toEqual([{ remaining: 1000, expiresAt: lot.expiresAt }]);
    expect(await held(store.heldId)).toBe('used');
    const asked = await call(env, 'POST', `/api/orders/${o.id}/after-sales`, b.headers, { orderItemId: o.items[0].id, type: 'refund', quantity: 1, amount: 7001, reason: 'Not as described' }, { 'idempotency-key': crypto.randomUUID() });
    expect(asked.statusCode).toBe(422);
  });

  it('refunding the whole order before shipping gives back every point and the coupons (inside their window)', async () => {
    const { b, o, product, store } = await paidWithDiscounts(1);
    const r = await askOk(env, b, o, { quantity: 1 });
    await accept(env, s, r.id);
    await sendRefunds(env);
    expect(await scalar(env.ctx.db, sql`select state from orders where id = ${o.id}`)).toBe('closed_refunded');
    expect(await points(b)).toBe(2000);
    expect([await held(product.heldId), await held(store.heldId)]).toEqual(['unused', 'unused']);
    expect(await scalar(env.ctx.db, sql`select used from coupons where id = ${store.couponId}`)).toBe(0);
  });
});
