// Rollups against the raw rows: the raw orders, refunds and events as the metrics (rules.ts) read them, and what every
// report figure and channel funnel must be over them. Shared by the rollups test and the demo history test.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/db/client.ts';
import {
  activeMerchants, activeProducts, buyerCount, gmv, gpm, giftShare, inPeriod, newAndReturningBuyers, orderCount,
  funnel, refundAmount, refundRate, repeatPurchaseRate, averageOrderValue, type BuyerProfile, type OrderRow, type Period, type RefundRow,
} from '../../src/modules/analytics/index.ts';
import type { Scope } from '../../src/modules/analytics/reports.ts';
import { CHANNELS } from '../../src/modules/catalog/index.ts';

export type Raw = Awaited<ReturnType<typeof raw>>;

/** The raw rows as the metrics read them: every order, refunds of paid orders that succeeded, product views. */
export async function raw(db: Db) {
  const orders = await queryRows<{ id: string; storeId: string; buyerId: string; currency: string; total: string | number; paidAt: string | null; giftId: string | null; productIds: string[]; channel: string; createdAt: string; state: string }>(db, sql`
    select o.id, o.store_id as "storeId", o.buyer_id as "buyerId", o.currency, o.total, o.paid_at as "paidAt", o.gift_id as "giftId", o.channel, o.created_at as "createdAt", o.state,
      array(select i.product_id::text from order_items i where i.order_id = o.id) as "productIds" from orders o`);
  const refunds = await queryRows<{ orderId: string; storeId: string; currency: string; amount: string | number; succeededAt: string }>(db, sql`
    select r.order_id as "orderId", r.store_id as "storeId", r.currency, r.amount, r.succeeded_at as "succeededAt"
    from refunds r join orders o on o.id = r.order_id where r.state = 'succeeded' and o.paid_at is not null`);
  const events = await queryRows<{ storeId: string; at: string; kind: string; channel: string }>(db, sql`select store_id as "storeId", at, kind, channel from product_views`);
  const profiles = await queryRows<BuyerProfile>(db, sql`select id as "buyerId", birth_year as "birthYear", gender, city_tier as "cityTier" from users`);
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
export function expected(data: Raw, scope: Scope, p: Period, listed: ReadonlySet<string>) {
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
    activeProducts: activeProducts(orders, listed), activeMerchants: activeMerchants(orders),
    refundAmount: refundAmount(refunds, scope.currency).amount, refunds: refunds.length, refundRate: refundRate(refunds, orders, scope.currency),
    giftGmv: gmv(orders.filter((o) => o.isGift), scope.currency).amount, giftShare: giftShare(orders, scope.currency),
    repeatRate: repeatPurchaseRate(orders), newBuyers: split.new, returningBuyers: split.returning,
  };
}

/** Each channel's funnel counts over the raw rows: events by kind, orders placed (paid or cancelled by now), orders paid. */
export function expectedChannels(data: Raw, scope: Scope, p: Period) {
  const mine = <T extends { storeId: string; at: Date; channel: string }>(rows: T[], channel: string) =>
    rows.filter((r) => (!scope.storeId || r.storeId === scope.storeId) && r.channel === channel && inPeriod(p, r.at));
  return CHANNELS.map((channel) => {
    const kind = (k: string) => mine(data.events, channel).filter((e) => e.kind === k).length;
    const counts = { views: kind('view'), carts: kind('cart'), placed: mine(data.placed, channel).length, paid: mine(data.paid, channel).length };
    return { channel, exposures: kind('exposure'), clicks: kind('click'), views: counts.views, carts: counts.carts, placed: counts.placed, orders: counts.paid, funnel: funnel(counts) };
  });
}

