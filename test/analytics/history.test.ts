// Demo history: a month generated in SQL for two stores gives paid and cancelled orders, gifts claimed, refunds,
// events and followers that keep the rules the rest of Trio relies on (states, payments, settlements and balances);
// written in chunks of days (a transaction each), the rollups built over it equal the metrics recomputed from the raw
// rows; the operator's report shows a growth multiple between two periods. With WeChat Pay keys configured it refuses and writes nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { HistoryRefused, buildRollups, chunkDays, generateHistory, historyRefusal, type HistoryResult } from '../../src/demo/history.ts';
import { festivalFactor, ordersOnDay } from '../../src/demo/history-calendar.ts';
import { periodOfDate, type Period } from '../../src/modules/analytics/index.ts';
import { channels, figures, platformScope, storeScope } from '../../src/modules/analytics/reports.ts';
import { paidGmvSql } from '../../src/modules/merchants/index.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { call, listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { expected, expectedChannels, raw } from './recompute.ts';

let env: TestEnv;
let stores: Store[];
let history: HistoryResult;
const listed = new Set<string>();

beforeAll(async () => {
  env = await testEnv();
  stores = [await openStore(env), await openStore(env)];
  await env.ctx.db.execute(sql`update stores set time_zone = 'America/Los_Angeles' where id = ${stores[1].storeId}`);
  for (const [s, price, second] of [[stores[0], 12_900, false], [stores[0], 45_000, true], [stores[1], 8_800, false]] as const) {
    const p = await listedProduct(env, second ? { ...s, categoryIds: [s.categoryIds[1]] } : s, [{ price, stock: 100 }]);
    listed.add(p.productId);
  }
  history = await generateHistory(env.ctx, { days: 30, ordersPerDay: 12, eventsPerOrder: 3, buyers: 40, storeIds: stores.map((s) => s.storeId), chunkOrders: 100 });
  await buildRollups(env.ctx);
});
afterAll(async () => env?.close());

const one = async (q: ReturnType<typeof sql>) => Number(Object.values((await queryRows<Record<string, unknown>>(env.ctx.db, q))[0])[0]);

describe('demo history', () => {
  it('writes a month of orders in every kind, events and followers, buyers with audience profiles (some blank)', async () => {
    expect(history).toMatchObject({ days: 30, buyers: 40 });
    expect(history.to).toBe('2026-10-31'); // the test clock's today is 1 November in Shanghai
    expect(history.orders).toBeGreaterThan(200);
    for (const k of ['paid', 'cancelled', 'gifts', 'refunds', 'events', 'followers'] as const) expect(history[k], k).toBeGreaterThan(0);
    expect(await one(sql`select count(*) from orders where store_id in (${stores[0].storeId}, ${stores[1].storeId})`)).toBe(history.orders);
    expect(await one(sql`select count(*) from product_views`)).toBe(history.events);
    expect(await one(sql`select count(distinct o.id) from orders o join order_items i on i.order_id = o.id`)).toBe(history.orders);
    expect(await one(sql`select count(*) from orders o where (select count(*) from order_items i where i.order_id = o.id) = 2`)).toBeGreaterThan(0);
    const profiles = await queryRows<{ blank: number; set: number }>(env.ctx.db, sql`select count(*) filter (where city_tier is null)::int as blank, count(*) filter (where city_tier is not null)::int as set
      from users where email like 'history-%'`);
    expect(profiles[0].blank).toBeGreaterThan(0);
    expect(profiles[0].set).toBeGreaterThan(profiles[0].blank);
  });

  it('keeps the rules: states, payments, gifts, refunds, settlements and balances agree', async () => {
    const bad = async (q: ReturnType<typeof sql>) => queryRows(env.ctx.db, q);
    // An order past payment has a paid payment and a paid time; a cancelled one neither; items follow their order.
    expect(await bad(sql`select o.id from orders o join payments p on p.id = o.payment_id
      where (o.state = 'cancelled') <> (p.state = 'closed') or (o.state = 'cancelled') <> (o.paid_at is null)`)).toEqual([]);
    expect(await bad(sql`select o.id from orders o join order_items i on i.order_id = o.id where
      (o.state, i.state) not in (('cancelled', 'cancelled'), ('awaiting_shipment', 'awaiting_shipment'), ('awaiting_receipt', 'shipped'), ('completed', 'received'))`)).toEqual([]);
    expect(await bad(sql`select o.id from orders o where o.total <> (select sum(amount - discount) from order_items i where i.order_id = o.id)
      or o.total <> (select amount from payments p where p.id = o.payment_id)`)).toEqual([]);
    expect(await bad(sql`select o.id from orders o where (o.shipped_at is not null and o.shipped_at > ${env.clock.now()}) or (o.received_at > ${env.clock.now()}) or (o.settled_at > ${env.clock.now()})`)).toEqual([]);
    // Gifts: claimed once, by the order's buyer, paid by the giver through a gift payment.
    expect(await bad(sql`select g.id from gifts g join gift_claims c on c.gift_id = g.id join orders o on o.id = c.order_id join payments p on p.id = g.payment_id
      where o.gift_id <> g.id or o.buyer_id <> c.claimant_id or p.purpose <> 'gift' or p.payer_id <> g.giver_id or g.state <> 'claimed' or g.units_claimed <> 1`)).toEqual([]);
    expect(await one(sql`select count(*) from orders where gift_id is not null`)).toBe(history.gifts);
    // Refunds: one unit of a received item, before the order settled.
    expect(await bad(sql`select r.id from refunds r join orders o on o.id = r.order_id join order_items i on i.order_id = o.id and i.refunded_amount > 0
      where r.amount <> i.refunded_amount or r.state <> 'succeeded' or r.succeeded_at < o.received_at or r.succeeded_at > coalesce(o.settled_at, ${env.clock.now()})`)).toEqual([]);
    // Settled orders are in the ledger once, and each store's balance is its ledger.
    expect(await bad(sql`select o.id from orders o where (o.settled_at is not null) <> exists (select 1 from store_balance_ledger l where l.order_id = o.id and l.kind = 'settlement')`)).toEqual([]);
    expect(await bad(sql`select b.store_id from store_balances b where b.available <> (select sum(net) from store_balance_ledger l where l.store_id = b.store_id)`)).toEqual([]);
    expect(await one(sql`select count(*) from store_balance_ledger`)).toBeGreaterThan(0);
    expect(await bad(sql`select s.id from stores s where ${paidGmvSql(sql`s.id`)} <> (select coalesce(sum(total), 0) from orders o where o.store_id = s.id and o.paid_at is not null)`)).toEqual([]);
  });

  it('rolls up to exactly the figures recomputed from the raw rows, in each store zone and the platform', async () => {
    const data = await raw(env.ctx.db);
    const scopes = [await storeScope(env.ctx, stores[0].storeId), await storeScope(env.ctx, stores[1].storeId), platformScope(env.ctx)];
    let compared = 0;
    for (const scope of scopes) {
      const periods: Period[] = [];
      for (let d = 1; d <= 31; d += 3) periods.push(periodOfDate(`2026-10-${String(d).padStart(2, '0')}`, 'day', scope.timeZone)!);
      periods.push(periodOfDate('2026-10-15', 'week', scope.timeZone)!, periodOfDate('2026-10-15', 'month', scope.timeZone)!, periodOfDate('2026-09-30', 'month', scope.timeZone)!);
      for (const p of periods) {
        expect({ scope: scope.storeId, period: p.label, ...(await figures(env.ctx.db, scope, p)) })
          .toEqual({ scope: scope.storeId, period: p.label, label: p.label, from: expect.any(String), to: expect.any(String), ...expected(data, scope, p, listed) });
        const funnelOf = (rows: Awaited<ReturnType<typeof channels>>) => rows.map(({ gmv: _g, gmvShare: _s, conversion: _c, ...rest }) => rest);
        expect(funnelOf(await channels(env.ctx.db, scope, p))).toEqual(expectedChannels(data, scope, p));
        compared++;
      }
    }
    expect(compared).toBe(42);
  });

  it("gives the operator's report a growth multiple between two periods", async () => {
    const res = await call(env, 'GET', '/api/operator/analytics?unit=week&date=2026-10-28&compareDate=2026-10-07', stores[0].op.headers);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.current.gmv).toBeGreaterThan(0);
    expect(r.compare.gmv).toBeGreaterThan(0);
    expect(r.growth.vsCompare.gmv).toMatchObject({ kind: 'multiple', text: expect.stringMatching(/^×\d+\.\d\d$/) });
    expect(r.categories.length).toBeGreaterThan(0);
  });

  it('shapes the calendar: Singles\' Day and the New Year rush above an ordinary day, growth over a year', () => {
    expect(festivalFactor('2026-11-11')).toBe(5);
    expect(festivalFactor('2026-02-01')).toBeGreaterThan(1); // the rush before the Lunar New Year (17 February 2026)
    expect(festivalFactor('2026-02-18')).toBeLessThan(1); // couriers off for it
    expect(ordersOnDay('2026-11-11', 0, 100)).toBeGreaterThan(3 * ordersOnDay('2026-11-04', 7, 100));
    expect(ordersOnDay('2026-09-09', 0, 1000) / ordersOnDay('2025-09-10', 364, 1000)).toBeGreaterThan(1.6);
  });

  it('writes consecutive days in chunks of at most the orders asked for, a bigger day alone', () => {
    const days = [5, 4, 2, 9, 12, 1, 1].map((n, i) => ({ day: `2026-10-0${i + 1}`, n }));
    expect(chunkDays(days, 10).map((c) => c.map((d) => d.n))).toEqual([[5, 4], [2], [9], [12], [1, 1]]);
    expect(chunkDays(days, 10).flat()).toEqual(days);
  });

  it('refuses with WeChat Pay keys configured, and writes nothing', async () => {
    const config = { ...env.ctx.config, paymentProvider: 'wechatpay' as const, wechatpay: { ...env.ctx.config.wechatpay, mchid: '1900000109' } };
    expect(historyRefusal(config)).toMatch(/WeChat Pay keys are configured/);
    const before = await one(sql`select count(*) from orders`);
    await expect(generateHistory({ ...env.ctx, config }, { days: 5, ordersPerDay: 5 })).rejects.toThrow(HistoryRefused);
    expect(await one(sql`select count(*) from orders`)).toBe(before);
  });
});
