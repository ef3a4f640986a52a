// What an order's coupons and points become after checkout (M6): used when it is paid; given back when it is
// cancelled unpaid (or its payment times out); points back with each refund in proportion to what the refund gives
// back of the item; coupons back when the whole order is refunded before shipping inside their use window
// (pricing/after-sales.ts). Each in the caller's transaction.
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import { heldCouponMachine } from '../coupons/rules.ts';
import { givePointsBack } from '../membership/index.ts';
import { couponComesBack, proportionalBack } from '../pricing/index.ts';

/** The paid orders' coupons are used (and counted on their offers). */
export async function useOrderCoupons(tx: Db, now: Date, orderIds: string[]) {
  if (!orderIds.length) return;
  await tx.execute(sql`
    with used as (
      update held_coupons set state = ${heldCouponMachine.transition('locked', 'use')}, used_at = ${now}, updated_at = ${now}
      where order_id = any(${pgArray(orderIds)}::uuid[]) and state = 'locked' returning coupon_id)
    update coupons c set used = c.used + u.n, updated_at = ${now}
    from (select coupon_id, count(*)::int as n from used group by coupon_id) u where c.id = u.coupon_id`);
}

/** An unpaid order cancelled (by the buyer or the payment timeout): its coupons are the buyer's to use again, its points come back. */
export async function giveBackUnpaid(tx: Db, now: Date, o: { id: string; storeId: string; buyerId: string }) {
  await tx.execute(sql`
    update held_coupons set state = ${heldCouponMachine.transition('locked', 'release')}, order_id = null, updated_at = ${now}
    where order_id = ${o.id} and state = 'locked'`);
  const [{ points }] = await queryRows<{ points: number | string }>(tx, sql`select coalesce(sum(points_spent), 0) as points from order_items where order_id = ${o.id}`);
  await givePointsBack(tx, now, { storeId: o.storeId, buyerId: o.buyerId, points: Number(points), orderId: o.id, onceKey: `cancel:${o.id}` });
}

/**
 * A refund of `amount` of an item (refunded before: `refundedBefore`): the points spent on the item come back in
 * proportion (rounded down on the running total: all of them when the whole item is refunded). Once per request.
 */
export async function pointsBackForRefund(
  tx: Db, now: Date, o: { id: string; storeId: string; buyerId: string },
  item: { amount: number; discount: number; pointsSpent: number; refundedAmount: number }, amount: number, afterSaleId: string,
) {
  const points = proportionalBack(item.pointsSpent, item.amount - item.discount, item.refundedAmount, amount);
  await givePointsBack(tx, now, { storeId: o.storeId, buyerId: o.buyerId, points, orderId: o.id, onceKey: `refund:${afterSaleId}` });
}

/** The whole order was refunded (closed_refunded): before anything shipped, its coupons still inside their use window come back. */
export async function couponsBackAfterRefund(tx: Db, now: Date, o: { id: string; shipped: boolean }) {
  const held = await queryRows<{ id: string; validUntil: Date | string }>(tx, sql`
    select id, valid_until as "validUntil" from held_coupons where order_id = ${o.id} and state = 'used' for update`);
  const back = held.filter((h) => couponComesBack({ state: 'closed_refunded', shipped: o.shipped }, { validUntil: new Date(h.validUntil) }, now)).map((h) => h.id);
  if (!back.length) return;
  await tx.execute(sql`
    with back as (
      update held_coupons set state = ${heldCouponMachine.transition('used', 'give_back')}, order_id = null, used_at = null, updated_at = ${now}
      where id = any(${pgArray(back)}::uuid[]) and state = 'used' returning coupon_id)
    update coupons c set used = c.used - b.n, updated_at = ${now}
    from (select coupon_id, count(*)::int as n from back group by coupon_id) b where c.id = b.coupon_id`);
}
