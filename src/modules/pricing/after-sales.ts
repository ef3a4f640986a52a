// After-sales and settlement of a priced order (M6): what an item may still refund, the points and growth a refund
// gives back or takes back, whether a coupon comes back, and the money an order item keeps for settlement.
import { refundableFor } from '../aftersales/rules.ts';
import type { OrderState } from '../orders/schema.ts';
import type { PricedLine } from './rules.ts';

/**
 * The money an order item keeps (order_items): `amount` is the list amount and `discount` every reduction of it
 * (member pricing, coupons, points, and later the merchant's lower price), so `amount - discount` is what the buyer
 * paid for it. Refunds (aftersales refundableFor) and settlement (orders settlementOf) work on that paid amount
 * unchanged: coupons and points are the store's marketing, so **the store pays for them**: it is settled on what the
 * buyer paid, and the platform's commission is computed on that too (never on the list price).
 */
export function orderItemMoney(line: Pick<PricedLine, 'unitPrice' | 'quantity' | 'listAmount' | 'paid'>) {
  return { unitPrice: line.unitPrice, quantity: line.quantity, amount: line.listAmount, discount: line.listAmount - line.paid };
}

/**
 * What may still be refunded of an item: never more than its paid share less what was refunded already. For `units`
 * of it: their pro-rata share of the paid amount rounded down, all that is left when they are the last units
 * (aftersales/rules.ts refundableFor, the one rule).
 */
export function refundableOf(item: { quantity: number; paid: number }, alreadyRefunded: number, part?: { units: number; last: boolean }): number {
  const money = { quantity: item.quantity, amount: item.paid, discount: 0, refundedAmount: alreadyRefunded };
  return part ? refundableFor(money, part.units, part.last) : refundableFor(money, item.quantity, true);
}

/**
 * The part of `total` (points or growth) that goes with a refund of `refund` out of `base` (the amount paid),
 * after `refundedBefore` was refunded: floor(total * refunded-after / base) - floor(total * refunded-before / base).
 * Rounded down on the running total, so partial refunds never give back more than `total` altogether and the refund
 * of the whole gives back all of it (no point stranded by rounding).
 */
export function proportionalBack(total: number, base: number, refundedBefore: number, refund: number): number {
  if (total <= 0 || base <= 0 || refund <= 0) return 0;
  const before = BigInt(Math.min(base, Math.max(0, refundedBefore)));
  const after = BigInt(Math.min(base, Math.max(0, refundedBefore + refund)));
  const t = BigInt(total);
  const b = BigInt(base);
  return Number((t * after) / b - (t * before) / b);
}

/**
 * What a refund of part of an item moves on the buyer's membership:
 * - `pointsReturned`: the points spent on the item (line.pointsSpent) in proportion to the refund of its paid amount;
 * - `growthTakenBack`, `pointsTakenBack`: what the order's payment earned, in proportion to the refund of the order's
 *   paid amount (the base the membership service earned them on).
 * All rounded down on the running total (proportionalBack).
 */
export function refundMoves(
  item: { paid: number; pointsSpent: number; refundedBefore: number },
  order: { paid: number; refundedBefore: number; growthEarned: number; pointsEarned: number },
  refund: number,
) {
  return {
    pointsReturned: proportionalBack(item.pointsSpent, item.paid, item.refundedBefore, refund),
    growthTakenBack: proportionalBack(order.growthEarned, order.paid, order.refundedBefore, refund),
    pointsTakenBack: proportionalBack(order.pointsEarned, order.paid, order.refundedBefore, refund),
  };
}

/**
 * Whether the coupons an order used come back to the buyer: only when the whole order is cancelled (unpaid) or
 * refunded in full (closed_refunded) before anything shipped, and while the coupon's use window is still open
 * (now before validUntil). A partial refund, or a refund after shipping, keeps the coupon used.
 */
export function couponComesBack(order: { state: OrderState; shipped: boolean }, coupon: { validUntil: Date }, now: Date): boolean {
  const whole = order.state === 'cancelled' || (order.state === 'closed_refunded' && !order.shipped);
  return whole && now.getTime() < coupon.validUntil.getTime();
}
