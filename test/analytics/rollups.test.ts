// Analytics rollups against the raw rows: after a randomised run of real orders (paid, left unpaid and cancelled,
// refunded through after-sales), product page views, products seen and clicked in lists and added to carts, hours
// apart across midnights in Shanghai and in Los Angeles (whose 1 November 2026 is 25 hours long), every report figure
// and every channel's funnel (view → cart → order → paid) read from the rollups equals the metric's pure function
// over the raw orders, refunds and events; recomputing every day again changes no row; a paid order shows
// in the reports once the scheduler has run, not before.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import {
  activeMerchants, activeProducts, audienceShares, backfillRollups, buyerCount, gmv, gpm, giftShare, inPeriod, markAllDays, newAndReturningBuyers, orderCount,
  funnel, periodOf, previousPeriod, refundAmount, refundRate, repeatPurchaseRate, averageOrderValue, type BuyerProfile, type OrderRow, type Period, type RefundRow,
} from '../../src/modules/analytics/index.ts';
import { audience, channels, figures, platformScope, storeScope, type Scope } from '../../src/modules/analytics/reports.ts';
import { CHANNELS } from '../../src/modules/catalog/index.ts';
import { rng } from '../../src/demo/random.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay, type Buyer, type Store } from '../orders/fixtures.ts';
import { accept, sendRefunds } from '../aftersales/money-support.ts';
import { askOk } from '../aftersales/support.ts';

let env: TestEnv;
let shanghai: Store;
let losAngeles: Store;
const products: { store: Store; productId: string; skuId: string }[] = [];
const buyers: Buyer[] = [];
const paidOrders: { store: Store; buyer: Buyer; id: string; items: { id: string }[] }[] = [];
const sweep = () => runSweeps(sweeps(env.ctx), 200);

beforeAll(async () => {
  env = await testEnv();
  [shanghai, losAngeles] = [await openStore(env), await openStore(env)];
  await env.ctx.db.execute(sql`update stores set time_zone = 'America/Los_Angeles' where id = ${losAngeles.storeId}`);
  for (const store of [shanghai, shanghai, losAngeles]) {
    const p = await listedProduct(env, store, [{ price: 1_999 + products.length * 1_000, stock: 100 }]);
    products.push({ store, productId: p.productId, skuId: p.skuIds[0] });
  }
  const profiles = [{ birthYear: 1995, gender: 'female', cityTier: 'tier_1' }, { birthYear: 1980, gender: 'male', cityTier: 'new_tier_1' }, {}, { birthYear: 2001, cityTier: 'overseas' }];
  for (const profile of profiles) {
    const b = await buyer(env);
    const res = await call(env, 'PATCH', '/api/me', b.headers, profile);
    expect(res.statusCode, res.body).toBe(200);
    buyers.push(b);
  }
});
afterAll(async () => env?.close());

/** The raw rows as the metrics read them: every order, refunds of paid orders that succeeded, product views. */
async function raw() {
  const orders = await queryRows<{ id: string; storeId: string; buyerId: string; currency: string; total: string | number; paidAt: string | null; giftId: string | null; productIds: string[]; channel: string; createdAt: string; state: string }>(env.ctx.db, sql`
    select o.id, o.store_id as "storeId", o.buyer_id as "buyerId", o.currency, o.total, o.paid_at as "paidAt", o.gift_id as "giftId", o.channel, o.created_at as "createdAt", o.state,
      array(select i.product_id::text from order_items i where i.order_id = o.id) as "productIds" from orders o`);
  const refunds = await queryRows<{ orderId: string; storeId: string; currency: string; amount: string | number; succeededAt: string }>(env.ctx.db, sql`
    select r.order_id as "orderId", r.store_id as "storeId", r.currency, r.amount, r.succeeded_at as "succeededAt"
    from refunds r join orders o on o.id = r.order_id where r.state = 'succeeded' and o.paid_at is not null`);
  const events = await queryRows<{ storeId: string; at: string; kind: string; channel: string }>(env.ctx.db, sql`select store_id as "storeId", at, kind, channel from product_views`);
  const profiles = await queryRows<BuyerProfile>(env.ctx.db, sql`select id as "buyerId", birth_year as "birthYear", gender, city_tier as "cityTier" from users`);
  return {
    orders: orders.map((o): OrderRow => ({
      orderId: o.id, storeId: o.storeId, buyerId: o.buyerId, currency: o.currency, amount: Number(o.total),
      paidAt: o.paidAt === null ? null : new Date(o.paidAt), isGift: o.giftId !== null, productIds: o.productIds,
    })),
    refunds: refunds.map((r): RefundRow => ({ orderId: r.orderId, storeId: r.storeId, currency: r.currency, amount: Number(r.amount), refundedAt: new Date(r.succeededAt) })),
    views: events.filter((v) => v.kind === 'view').map((v) => ({ storeId: v.storeId, at: new Date(v.at) })),
    events: events.map((v) => ({ storeId: v.storeId, at: new Date(v.at), kind: v.kind, channel: v.channel })),
    placed: orders.filter((o) => o.paidAt !== null || o.state === 'cancelled').map((o) => ({ storeId: o.storeId, at: new Date(o.createdAt), channel: o.channel })),
    paid: orders.filter((o) => o.paidAt !== null).map((o) => ({ storeId: o.storeId, at: new Date(o.paidAt!), channel: o.channel })),
    profiles: new Map(profiles.map((p) => [p.buyerId, p])),
  };
}

/** What each figure must be: the pure metric over the raw rows of the scope in the period. */
function expected(data: Awaited<ReturnType<typeof raw>>, scope: Scope, p: Period) {
  const mine = <T extends { storeId: string }>(rows: T[]) => (scope.storeId ? rows.filter((r) => r.storeId === scope.storeId) : rows);
  const orders = mine(data.orders).filter((o) => o.paidAt && inPeriod(p, o.paidAt));
  const earlier = new Set(mine(data.orders).filter((o) => o.paidAt && o.paidAt < p.start).map((o) => o.buyerId));
  const refunds = mine(data.refunds).filter((r) => inPeriod(p, r.refundedAt));
  const views = mine(data.views).filter((v) => inPeriod(p, v.at)).length;
  const total = gmv(orders, scope.currency);
  const split = newAndReturningBuyers(orders, earlier);
  return {
    gmv: total.amount, orders: orderCount(orders), buyers: buyerCount(orders), averageOrderValue: averageOrderValue(orders, scope.currency)?.amount ?? null,
    views, gpm: gpm(total, views)?.amount ?? null,
    activeProducts: activeProducts(orders, new Set(products.map((x) => x.productId))), activeMerchants: activeMerchants(orders),
    refundAmount: refundAmount(refunds, scope.currency).amount, refunds: refunds.length, refundRate: refundRate(refunds, orders, scope.currency),
    giftGmv: gmv(orders.filter((o) => o.isGift), scope.currency).amount, giftShare: giftShare(orders, scope.currency),
    repeatRate: repeatPurchaseRate(orders), newBuyers: split.new, returningBuyers: split.returning,
  };
}

/** Each channel's funnel counts over the raw rows: events by kind, orders placed (paid or cancelled by now), orders paid. */
function expectedChannels(data: Awaited<ReturnType<typeof raw>>, scope: Scope, p: Period) {
  const mine = <T extends { storeId: string; at: Date; channel: string }>(rows: T[], channel: string) =>
    rows.filter((r) => (!scope.storeId || r.storeId === scope.storeId) && r.channel === channel && inPeriod(p, r.at));
  return CHANNELS.map((channel) => {
    const kind = (k: string) => mine(data.events, channel).filter((e) => e.kind === k).length;
    const counts = { views: kind('view'), carts: kind('cart'), placed: mine(data.placed, channel).length, paid: mine(data.paid, channel).length };
    return { channel, exposures: kind('exposure'), clicks: kind('click'), views: counts.views, carts: counts.carts, placed: counts.placed, orders: counts.paid, funnel: funnel(counts) };
  });
}

async function rollupRows() {
  const rows = await Promise.all(['analytics_channel_days', 'analytics_product_days', 'analytics_buyer_days', 'analytics_category_days'].map((t) =>
    queryRows<Record<string, unknown>>(env.ctx.db, sql`select * from ${sql.raw(t)} order by 1, 2, 3, 4, 5`)));
  return rows;
}

describe('analytics rollups', () => {
  it('a paid order reaches the reports when the scheduler runs after it, not before', async () => {
    const scope = await storeScope(env.ctx, shanghai.storeId);
    const today = periodOf(env.clock.now(), 'day', scope.timeZone);
    const before = await figures(env.ctx.db, scope, today);
    const c = await checkoutOk(env, buyers[0], [{ skuId: products[0].skuId, quantity: 1 }]);
    await pay(env, buyers[0], c.paymentId);
    paidOrders.push({ store: shanghai, buyer: buyers[0], id: c.orders[0].id, items: c.orders[0].items });
    expect((await figures(env.ctx.db, scope, today)).orders).toBe(before.orders);
    await sweep();
    const after = await figures(env.ctx.db, scope, today);
    expect(after).toMatchObject({ orders: before.orders + 1, gmv: before.gmv + c.orders[0].total, buyers: 1, newBuyers: 1 });
    expect(await queryRows(env.ctx.db, sql`select * from analytics_dirty_days`)).toEqual([]);
  });

  it('after a randomised run across midnights and a clock change, every figure equals its metric over the raw rows', async () => {
    const r = rng('analytics rollups');
    /** Product events the run causes (views, exposures, clicks, add-to-carts), all written by the recorder's batches. */
    let events = (await queryRows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from product_views`))[0].n;
    for (let step = 0; step < 24; step++) {
      env.clock.advance(r.int(1, 5) * 3600_000 + r.int(0, 59) * 60_000);
      const b = r.pick(buyers);
      const roll = r.next();
      if (roll < 0.15) {
        // Checked out and cancelled unpaid: counts nowhere.
        const c = await checkoutOk(env, b, [{ skuId: r.pick(products).skuId, quantity: 1 }]);
        const res = await call(env, 'POST', `/api/orders/${c.orders[0].id}/cancel`, b.headers, { reason: 'changed my mind' });
        expect(res.statusCode, res.body).toBe(200);
      } else if (roll < 0.35 && paidOrders.length) {
        // A refund of one unit of an earlier paid order, through after-sales and the sandbox.
        const o = paidOrders.splice(r.int(0, paidOrders.length - 1), 1)[0];
        const req = await askOk(env, o.buyer, { id: o.id, items: o.items } as never, { orderItemId: o.items[0].id, quantity: 1 });
        await accept(env, o.store, req.id);
        expect(await sendRefunds(env)).toBe(1);
      } else if (roll < 0.5) {
        const p = r.pick(products);
        const res = await call(env, 'GET', `/api/storefront/products/${p.productId}?channel=${r.pick(['store', 'service_account', 'mini_site'])}`, {});
        expect(res.statusCode, res.body).toBe(200);
        events++;
      } else if (roll < 0.6) {
        // Seen and clicked in lists, and added to the cart: the funnel before the order.
        const channel = r.pick(['store', 'service_account'] as const);
        const seen = r.sample(products, r.int(1, 3));
        const list = [...seen.map((p) => ({ productId: p.productId, channel, kind: 'exposure' as const })), { productId: seen[0].productId, channel, kind: 'click' as const }];
        const res = await call(env, 'POST', '/api/storefront/events', {}, { events: list });
        expect(res.statusCode, res.body).toBe(202);
        expect(res.json()).toEqual({ recorded: list.length });
        const cart = await call(env, 'POST', '/api/cart/lines', b.headers, { skuId: r.pick(products).skuId, quantity: 1, channel: 'store' });
        expect(cart.statusCode, cart.body).toBe(200);
        events += list.length + 1;
      } else {
        const lines = r.sample(products, r.int(1, 2)).map((p) => ({ skuId: p.skuId, quantity: r.int(1, 3) }));
        const c = await checkoutOk(env, b, lines);
        await pay(env, b, c.paymentId);
        for (const o of c.orders) paidOrders.push({ store: o.storeId === shanghai.storeId ? shanghai : losAngeles, buyer: b, id: o.id, items: o.items });
      }
      if (r.chance(0.3)) await sweep();
    }
    // Events are written by the recorder's batches (every second): wait until the last ones are in and rolled up.
    const viewCount = async () => (await queryRows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from product_views where kind = 'view'`))[0].n;
    await vi.waitFor(async () => {
      expect((await queryRows<{ n: number }>(env.ctx.db, sql`select count(*)::int as n from product_views`))[0].n).toBe(events);
      await sweep();
      const data = await raw();
      const scope = platformScope(env.ctx);
      const all = (await figures(env.ctx.db, scope, periodOf(env.clock.now(), 'year', scope.timeZone))).views;
      expect(all).toBe(data.views.length);
      expect(all).toBe(await viewCount());
    }, { timeout: 10_000, interval: 200 });

    const data = await raw();
    expect(data.orders.filter((o) => o.paidAt).length).toBeGreaterThan(5);
    expect(data.refunds.length).toBeGreaterThan(0);
    for (const kind of ['exposure', 'click', 'view', 'cart']) expect(data.events.filter((e) => e.kind === kind).length, kind).toBeGreaterThan(0);
    expect(data.placed.length).toBeGreaterThan(data.paid.length);
    const scopes = [await storeScope(env.ctx, shanghai.storeId), await storeScope(env.ctx, losAngeles.storeId), platformScope(env.ctx)];
    expect(scopes.map((s) => s.timeZone)).toEqual(['Asia/Shanghai', 'America/Los_Angeles', 'Asia/Shanghai']);
    const moments = [...data.orders.flatMap((o) => (o.paidAt ? [o.paidAt] : [])), ...data.refunds.map((x) => x.refundedAt), ...data.events.map((e) => e.at), ...data.placed.map((o) => o.at)];
    let compared = 0;
    for (const scope of scopes) {
      const periods = new Map<string, Period>();
      for (const m of moments) {
        for (const unit of ['day', 'week', 'month', 'year'] as const) {
          const p = periodOf(m, unit, scope.timeZone);
          periods.set(`${unit}:${p.label}`, p);
          const prev = previousPeriod(p);
          periods.set(`${unit}:${prev.label}`, prev);
        }
      }
      for (const p of periods.values()) {
        expect({ scope: scope.storeId, period: p.label, ...(await figures(env.ctx.db, scope, p)) })
          .toEqual({ scope: scope.storeId, period: p.label, label: p.label, from: expect.any(String), to: expect.any(String), ...expected(data, scope, p) });
        const funnelOf = (rows: Awaited<ReturnType<typeof channels>>) => rows.map(({ gmv: _g, gmvShare: _s, conversion: _c, ...rest }) => rest);
        expect({ period: p.label, channels: funnelOf(await channels(env.ctx.db, scope, p)) }).toEqual({ period: p.label, channels: expectedChannels(data, scope, p) });
        compared++;
      }
      // The audience of the year: each paying buyer once, by their profile.
      const year = periodOf(env.clock.now(), 'year', scope.timeZone);
      const payers = new Set(data.orders.filter((o) => o.paidAt && inPeriod(year, o.paidAt) && (!scope.storeId || o.storeId === scope.storeId)).map((o) => o.buyerId));
      const { buyers: n, ...shares } = await audience(env.ctx.db, scope, year);
      expect(n).toBe(payers.size);
      expect(shares).toEqual(audienceShares([...payers].map((id) => data.profiles.get(id)!), 2026));
    }
    expect(compared).toBeGreaterThan(20);

    // Recomputing every day from the raw rows again gives the very same rows.
    const rows = await rollupRows();
    expect(await markAllDays(env.ctx)).toBeGreaterThan(0);
    await sweep();
    expect(await rollupRows()).toEqual(rows);
    // A database whose orders were paid before the rollups existed: started, it marks every day once, and the
    // scheduler builds the same rows; started again, nothing more is marked.
    for (const t of ['analytics_channel_days', 'analytics_product_days', 'analytics_buyer_days', 'analytics_category_days']) await env.ctx.db.execute(sql`delete from ${sql.raw(t)}`);
    expect(await backfillRollups(env.ctx)).toBeGreaterThan(0);
    expect(await backfillRollups(env.ctx)).toBe(0);
    await sweep();
    expect(await rollupRows()).toEqual(rows);
    expect(await backfillRollups(env.ctx)).toBe(0);
  });
});
