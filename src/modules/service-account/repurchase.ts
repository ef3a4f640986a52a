// Repeat purchase: a product may carry a repurchase cycle in days. When an order is delivered (the outbox's
// order.completed, in that delivery's transaction) each of its items whose product has a cycle gets a reminder row due
// that many days after receipt. When a merchant sets a cycle (the outbox's product.repurchase_cycle_set), the items of
// that product delivered before get theirs too: due at receipt + cycle, or at once (the moment the cycle was set) when
// that moment has already passed. The scheduler sends each when due as a notice with one-tap reorder of the same SKU
// (at today's price: the cart and "buy now" price now), once per order item (the row's key and the message's once key).
// A store can also send a coupon to the lapsed buyers of a product (bought it, and not again for N days): one send
// row per buyer and coupon (each buyer at most once per coupon), given by the scheduler like a claim. And the
// repeat-purchase rate per store and per product (rules.ts repeatRates) from the paid orders.
//
// Neither subscriber locks: each runs after the commit of its event (the receipt, the cycle), and its statement sees
// every commit before it, so of two that race, the later sees the other's commit and writes the row.
import { sql, type SQL } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { subscribe, type OutboxMessage } from '../../kernel/outbox.ts';
import { recordAudit } from '../audit/index.ts';
import { sendCoupon } from '../coupons/index.ts';
import { writeKindNotice } from './notices.ts';
import { dateText, repeatRates, type Purchase } from './rules.ts';

/** The reminder rows of the delivered (received, not gift) order items that `where` picks, due no earlier than `notBefore`. */
function insertReminders(tx: Db, where: SQL, notBefore: Date | null) {
  const due = sql`o.received_at + make_interval(days => p.repurchase_cycle_days)`;
  return tx.execute(sql`
    insert into repurchase_reminders (order_item_id, store_id, buyer_id, order_id, product_id, sku_id, quantity, due_at)
    select i.id, o.store_id, o.buyer_id, o.id, i.product_id, i.sku_id, i.quantity, ${notBefore ? sql`greatest(${due}, ${notBefore})` : due}
    from orders o join order_items i on i.order_id = o.id join products p on p.id = i.product_id
    where ${where} and o.received_at is not null and o.gift_id is null and p.repurchase_cycle_days is not null
    on conflict (order_item_id) do nothing`);
}

/** Outbox subscriber (order.completed): the reminders of a delivered order's items whose products have a cycle. */
export async function planReminders(msg: OutboxMessage & { createdAt: Date }, tx: Db): Promise<void> {
  const orderId = msg.payload.orderId;
  if (typeof orderId !== 'string') return;
  await insertReminders(tx, sql`o.id = ${orderId}`, null);
}

/**
 * Outbox subscriber (product.repurchase_cycle_set): the items of the product delivered before it had a cycle (or
 * before this one) and with no reminder yet: due at receipt + cycle, or at once (when the cycle was set) if that
 * moment has passed. Items that already have a reminder keep it (one per item, whatever the cycle is changed to).
 */
export async function planEarlierReminders(msg: OutboxMessage & { createdAt: Date }, tx: Db): Promise<void> {
  const productId = msg.payload.productId;
  if (typeof productId !== 'string') return;
  await insertReminders(tx, sql`i.product_id = ${productId}`, msg.createdAt);
}

/** Wires the reminders to deliveries and to cycles set (app.ts; idempotent). */
export function followDeliveriesForReminders() {
  subscribe('order.completed', planReminders);
  subscribe('product.repurchase_cycle_set', planEarlierReminders);
}

type DueReminder = { orderItemId: string; storeId: string; buyerId: string; orderId: string; productId: string; skuId: string; quantity: number; dueAt: Date | string; title: string; refunded: boolean; days: number };

/**
 * Scheduler: due reminders into their buyers' inboxes (followers who did not mute them). Skipped: an item refunded
 * meanwhile (in part or whole, or its order closed as refunded: returns end refunded too), or a product whose cycle the
 * merchant has since removed, `limit` per transaction, rows taken with SKIP LOCKED. A reminder is done in the transaction that writes
 * its message: a crash before the commit leaves it due.
 */
export function sweepRepurchaseReminders(ctx: Ctx, limit: number): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const rows = await queryRows<DueReminder>(tx, sql`
      select r.order_item_id as "orderItemId", r.store_id as "storeId", r.buyer_id as "buyerId", r.order_id as "orderId", r.product_id as "productId",
        r.sku_id as "skuId", r.quantity, r.due_at as "dueAt", i.title,
        (i.refund_state <> 'none' or o.state = 'closed_refunded' or p.repurchase_cycle_days is null) as refunded,
        extract(day from r.due_at - coalesce(o.received_at, r.due_at))::int as days
      from repurchase_reminders r join order_items i on i.id = r.order_item_id join orders o on o.id = r.order_id
        join products p on p.id = r.product_id
      where r.done_at is null and r.due_at <= ${now} order by r.due_at limit ${limit} for update of r skip locked`);
    for (const r of rows) {
      const sent = !r.refunded && await writeKindNotice(tx, {
        storeId: r.storeId, buyerId: r.buyerId, kind: 'repurchase_reminder',
        fields: (store) => ({ store, product: r.title, days: r.days }),
        links: { orderId: r.orderId, productId: r.productId, skuId: r.skuId, quantity: r.quantity },
        onceKey: `repurchase:${r.orderItemId}`, at: now,
      });
      await tx.execute(sql`update repurchase_reminders set done_at = ${now}, outcome = ${sent ? 'sent' : 'skipped'} where order_item_id = ${r.orderItemId}`);
    }
    return rows.length;
  });
}

/** SQL: the store's buyers of a product whose last paid order of it is `days` or more ago (alias l: buyer_id). */
function lapsedSql(storeId: string, productId: string, days: number, now: Date) {
  return sql`(select o.buyer_id from orders o join order_items i on i.order_id = o.id
    where o.store_id = ${storeId} and i.product_id = ${productId} and o.paid_at is not null
    group by o.buyer_id having max(o.paid_at) <= ${new Date(now.getTime() - days * 86_400_000)}) l`;
}

export type LapsedInput = { productId: string; days: number; couponId?: string };

async function checkProduct(db: Db, storeId: string, productId: string) {
  const [p] = await queryRows<{ title: string }>(db, sql`select title from products where id = ${productId} and store_id = ${storeId}`);
  if (!p) throw new NotFound('product');
  return p;
}

/** How many lapsed buyers of the product there are, and how many of them have not had this coupon sent yet (shown first). */
export async function lapsedAudience(ctx: Ctx, storeId: string, q: LapsedInput) {
  await checkProduct(ctx.db, storeId, q.productId);
  const [row] = await queryRows<{ lapsed: number | string; fresh: number | string }>(ctx.db, sql`
    select count(*) as lapsed, count(*) filter (where not exists (select 1 from coupon_sends s where s.coupon_id = ${q.couponId ?? null}::uuid and s.buyer_id = l.buyer_id)) as fresh
    from ${lapsedSql(storeId, q.productId, q.days, ctx.clock.now())}`);
  return { lapsed: Number(row?.lapsed ?? 0), audience: Number(row?.fresh ?? 0) };
}

/**
 * Sends a coupon of the store to the product's lapsed buyers who have not had it: one send row each, written in one
 * transaction (the key keeps each buyer to one per coupon, however often the merchant presses); the scheduler gives
 * the coupons. 422 coupon_not_sendable (not an active offer of this store, or the sign-up gift), lapsed_audience_empty.
 */
export async function sendToLapsed(ctx: Ctx, actor: Actor, storeId: string, input: LapsedInput & { couponId: string }) {
  const now = ctx.clock.now();
  return inTransaction(ctx, async (tx) => {
    const product = await checkProduct(tx, storeId, input.productId);
    const [c] = await queryRows<{ title: string }>(tx, sql`select title from coupons where id = ${input.couponId} and store_id = ${storeId}
      and state = 'active' and audience <> 'signup_gift' and claim_starts_at <= ${now} and claim_ends_at > ${now}`);
    if (!c) throw new Invalid('coupon_not_sendable', 'Send an active coupon offer of this store (not the members’ sign-up gift).');
    const [row] = await queryRows<{ n: number | string }>(tx, sql`
      with s as (insert into coupon_sends (coupon_id, buyer_id, store_id, product_id, created_at)
        select ${input.couponId}, l.buyer_id, ${storeId}, ${input.productId}, ${now} from ${lapsedSql(storeId, input.productId, input.days, now)}
        on conflict (coupon_id, buyer_id) do nothing returning 1)
      select count(*) as n from s`);
    const queued = Number(row?.n ?? 0);
    if (!queued) throw new Invalid('lapsed_audience_empty', 'Every lapsed buyer of this product has had this coupon already, or there is none.');
    await recordAudit(tx, actor, { action: 'service.lapsed_coupon_sent', entityType: 'coupon', entityId: input.couponId, storeId, summary: product.title, after: { productId: input.productId, days: input.days, queued } }, now);
    return { queued };
  });
}

/** Scheduler: the coupons of due sends, given like claims (none left or the limit reached: skipped), each with a notice. */
export function sweepCouponSends(ctx: Ctx, limit: number): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const rows = await queryRows<{ couponId: string; buyerId: string; storeId: string }>(tx, sql`
      select coupon_id as "couponId", buyer_id as "buyerId", store_id as "storeId" from coupon_sends
      where done_at is null order by created_at, coupon_id, buyer_id limit ${limit} for update skip locked`);
    for (const r of rows) {
      const held = await sendCoupon(tx, now, r.couponId, r.buyerId);
      if (held) {
        await writeKindNotice(tx, {
          storeId: r.storeId, buyerId: r.buyerId, kind: 'coupon_sent',
          fields: (store, tz) => ({ store, coupon: held.title, until: dateText(held.validUntil, tz ?? ctx.config.timeZone) }),
          links: { couponId: r.couponId, heldCouponId: held.heldId }, onceKey: `coupon_sent:${r.couponId}`, at: now,
        });
      }
      await tx.execute(sql`update coupon_sends set done_at = ${now}, outcome = ${held ? 'sent' : 'skipped'}, held_coupon_id = ${held?.heldId ?? null}
        where coupon_id = ${r.couponId} and buyer_id = ${r.buyerId}`);
    }
    return rows.length;
  });
}

/** The store's lapsed-buyer coupon sends per coupon and product: how many were sent, skipped, still going. */
export async function couponSendsOf(db: Db, storeId: string) {
  const rows = await queryRows<{ couponId: string; couponTitle: string; productId: string; productTitle: string; sent: number | string; skipped: number | string; pending: number | string; at: Date | string }>(db, sql`
    select s.coupon_id as "couponId", c.title as "couponTitle", s.product_id as "productId", p.title as "productTitle",
      count(*) filter (where s.outcome = 'sent') as sent, count(*) filter (where s.outcome = 'skipped') as skipped, count(*) filter (where s.done_at is null) as pending,
      max(s.created_at) as at
    from coupon_sends s join coupons c on c.id = s.coupon_id join products p on p.id = s.product_id
    where s.store_id = ${storeId} group by s.coupon_id, c.title, s.product_id, p.title order by max(s.created_at) desc limit 50`);
  return rows.map((r) => ({ ...r, sent: Number(r.sent), skipped: Number(r.skipped), pending: Number(r.pending), at: new Date(r.at).toISOString() }));
}

/**
 * The repeat-purchase rate of the store and of each product (the 50 with most repeat buyers), from the paid orders
 * of the last `days` days (none: all), refunded orders and gifts left out. Reusable: any reader of a store's orders.
 */
export async function repeatPurchase(ctx: Ctx, storeId: string, days?: number) {
  const since = days ? new Date(ctx.clock.now().getTime() - days * 86_400_000) : null;
  const purchases = await queryRows<Purchase>(ctx.db, sql`
    select distinct o.buyer_id as "buyerId", o.id as "orderId", i.product_id as "productId"
    from orders o join order_items i on i.order_id = o.id
    where o.store_id = ${storeId} and o.paid_at is not null and o.gift_id is null and o.state <> 'closed_refunded'
      ${since ? sql`and o.paid_at >= ${since}` : sql``}`);
  const rates = repeatRates(purchases);
  const top = rates.products.slice(0, 50);
  const titles = new Map((top.length ? await queryRows<{ id: string; title: string; cycle: number | null }>(ctx.db, sql`
    select id, title, repurchase_cycle_days as cycle from products where store_id = ${storeId} and id = any(${pgArray(top.map((p) => p.productId))}::uuid[])`) : []).map((p) => [p.id, p]));
  return {
    store: rates.store,
    products: top.map((p) => ({ ...p, title: titles.get(p.productId)?.title ?? '', repurchaseCycleDays: titles.get(p.productId)?.cycle ?? null })),
  };
}
