// Analytics rollups against the raw rows: after a randomised run of real orders (paid, left unpaid and cancelled,
// refunded through after-sales), product page views, products seen and clicked in lists and added to carts, hours
// apart across midnights in Shanghai and in Los Angeles (whose 1 November 2026 is 25 hours long), every report figure
// and every channel's funnel (view → cart → order → paid) read from the rollups equals the metric's pure function
// over the raw orders, refunds and events; recomputing every day again changes no row; a paid order shows
// in the reports once the scheduler has run, not before.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { audienceShares, backfillRollups, buildMarkedRollups, inPeriod, markAllDays, periodOf, previousPeriod, type Period } from '../../src/modules/analytics/index.ts';
import { audience, channels, figures, platformScope, storeScope } from '../../src/modules/analytics/reports.ts';
import { rng } from '../../src/demo/random.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { expected, expectedChannels, raw } from './recompute.ts';
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
    expect(await queryRows(env.ctx.db, sql`select * from analytics_dirty_days union all select * from analytics_marks`)).toEqual([]);
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
      const data = await raw(env.ctx.db);
      const scope = platformScope(env.ctx);
      const all = (await figures(env.ctx.db, scope, periodOf(env.clock.now(), 'year', scope.timeZone))).views;
      expect(all).toBe(data.views.length);
      expect(all).toBe(await viewCount());
    }, { timeout: 10_000, interval: 200 });

    const data = await raw(env.ctx.db);
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
          .toEqual({ scope: scope.storeId, period: p.label, label: p.label, from: expect.any(String), to: expect.any(String), ...expected(data, scope, p, new Set(products.map((x) => x.productId))) });
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
    // Built set-based (a window of days per statement, as for a generated history), the rows are the sweep's.
    for (const t of ['analytics_channel_days', 'analytics_product_days', 'analytics_buyer_days', 'analytics_category_days']) await env.ctx.db.execute(sql`delete from ${sql.raw(t)}`);
    const marked = await markAllDays(env.ctx);
    expect(await buildMarkedRollups(env.ctx, { windowDays: 2, parallel: 2 })).toBe(marked);
    expect(await rollupRows()).toEqual(rows);
    expect(await queryRows(env.ctx.db, sql`select * from analytics_dirty_days union all select * from analytics_marks`)).toEqual([]);
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
