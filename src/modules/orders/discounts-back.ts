// What the coupons and points of an order or a gift become after it was sent (M6): used when it is paid; given back
// when it is cancelled unpaid (or its payment times out); points back with each refund in proportion to what the
// refund gives back (of an order's item, of a gift's units); coupons back when the whole order is refunded before
// shipping, or the whole gift is refunded with no unit claimed, inside their use window (pricing/after-sales.ts).
// Each in the caller's transaction.
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import { heldCouponMachine } from '../coupons/rules.ts';
import { givePointsBack } from '../membership/index.ts';
import { couponComesBack, proportionalBack } from '../pricing/index.ts';

/** Who spent the coupons and points: a checkout's store order or a gift's send (held_coupons.order_id / gift_id). */
export type Spender = 'order' | 'gift';
const column = (by: Spender) => sql.raw(by === 'order' ? 'order_id' : 'gift_id');

/** The paid orders' (or gifts') coupons are used (and counted on their offers). */
export async function useCoupons(tx: Db, now: Date, by: Spender, ids: string[]) {
  if (!ids.length) return;
  await tx.execute(sql`
    with used as (
      update held_coupons set state = ${heldCouponMachine.transition('locked', 'use')}, used_at = ${now}, updated_at = ${now}
      where ${column(by)} = any(${pgArray(ids)}::uuid[]) and state = 'locked' returning coupon_id)
    update coupons c set used = c.used + u.n, updated_at = ${now}
    from (select coupon_id, count(*)::int as n from used group by coupon_id) u where c.id = u.coupon_id`);
}

export const useOrderCoupons = (tx: Db, now: Date, orderIds: string[]) => useCoupons(tx, now, 'order', orderIds);

/** Spent by an unpaid order or gift: its coupons are the buyer's to use again, `points` come back. */
async function giveBackAll(tx: Db, now: Date, by: Spender, o: { id: string; storeId: string; buyerId: string }, points: number) {
  await tx.execute(sql`
    update held_coupons set state = ${heldCouponMachine.transition('locked', 'release')}, ${column(by)} = null, updated_at = ${now}
    where ${column(by)} = ${o.id} and state = 'locked'`);
  await givePointsBack(tx, now, { storeId: o.storeId, buyerId: o.buyerId, points, [by === 'order' ? 'orderId' : 'giftId']: o.id, onceKey: `cancel:${o.id}` });
}

/** An unpaid order cancelled (by the buyer or the payment timeout): its coupons are the buyer's to use again, its points come back. */
export async function giveBackUnpaid(tx: Db, now: Date, o: { id: string; storeId: string; buyerId: string }) {
  const [{ points }] = await queryRows<{ points: number | string }>(tx, sql`select coalesce(sum(points_spent), 0) as points from order_items where order_id = ${o.id}`);
  await giveBackAll(tx, now, 'order', o, Number(points));
}

/** An unpaid gift cancelled (its payment timed out): as an unpaid order. */
export async function giveBackUnpaidGift(tx: Db, now: Date, g: { id: string; storeId: string; giverId: string; pointsSpent: number }) {
  await giveBackAll(tx, now, 'gift', { id: g.id, storeId: g.storeId, buyerId: g.giverId }, g.pointsSpent);
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

/** Its held coupons still inside their use window come back (state used -> unused), uncounted on their offers. */
async function couponsBack(tx: Db, now: Date, by: Spender, id: string, whole: { state: 'closed_refunded'; shipped: boolean }) {
  const held = await queryRows<{ id: string; validUntil: Date | string }>(tx, sql`
    select id, valid_until as "validUntil" from held_coupons where ${column(by)} = ${id} and state = 'used' for update`);
  const back = held.filter((h) => couponComesBack(whole, { validUntil: new Date(h.validUntil) }, now)).map((h) => h.id);
  if (!back.length) return;
  await tx.execute(sql`
    with back as (
      update held_coupons set state = ${heldCouponMachine.transition('used', 'give_back')}, ${column(by)} = null, used_at = null, updated_at = ${now}
      where id = any(${pgArray(back)}::uuid[]) and state = 'used' returning coupon_id)
    update coupons c set used = c.used - b.n, updated_at = ${now}
    from (select coupon_id, count(*)::int as n from back group by coupon_id) b where c.id = b.coupon_id`);
}

/** The whole order was refunded (closed_refunded): before anything shipped, its coupons still inside their use window come back. */
export async function couponsBackAfterRefund(tx: Db, now: Date, o: { id: string; shipped: boolean }) {
  await couponsBack(tx, now, 'order', o.id, { state: 'closed_refunded', shipped: o.shipped });
}

/**
 * A paid gift's claim window ended with `returned` of its units unclaimed (refunded to the giver): the points spent
 * on it come back for those units (rounded down on the running total: all of them when no unit was claimed), and its
 * coupons when no unit was claimed (the whole gift refunded, nothing shipped), inside their use window.
 */
export async function giveBackUnclaimed(tx: Db, now: Date, g: { id: string; storeId: string; giverId: string; units: number; pointsSpent: number }, returned: number) {
  const claimed = g.units - returned;
  const points = proportionalBack(g.pointsSpent, g.units, claimed, returned);
  await givePointsBack(tx, now, { storeId: g.storeId, buyerId: g.giverId, points, giftId: g.id, onceKey: `unclaimed:${g.id}` });
  await couponsBack(tx, now, 'gift', g.id, { state: 'closed_refunded', shipped: claimed > 0 });
}
