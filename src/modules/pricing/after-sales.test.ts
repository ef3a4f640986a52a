import { describe, expect, it } from 'vitest';
import { settlementOf } from '../orders/rules.ts';
import { couponComesBack, orderItemMoney, proportionalBack, refundableOf, refundMoves } from './after-sales.ts';
import { day, exampleCart } from './examples.ts';
import { priceStoreOrder } from './rules.ts';

// The worked example (examples.ts) with both coupons and 5,000 points: A paid 100.68 (2,620 points), B 91.12.
const priced = priceStoreOrder(exampleCart, { storeCoupon: 's20', productCoupons: { b: 'b15' }, points: 5000 });
if (!priced.ok) throw new Error(priced.reason);
const [a, b] = priced.breakdown.lines;

describe('what an order item keeps', () => {
  it('is the list amount and every discount together, so amount - discount is what was paid', () => {
    expect(orderItemMoney(a)).toEqual({ unitPrice: 5990, quantity: 2, amount: 11980, discount: 1912 });
    expect(orderItemMoney(b)).toEqual({ unitPrice: 12800, quantity: 1, amount: 12800, discount: 3688 });
  });
});

describe('settlement of a priced order (the store pays for its coupons and points)', () => {
  it('credits the store what the buyer paid plus shipping, the commission on what was paid', () => {
    const items = [a, b].map((l) => ({ ...orderItemMoney(l), refundedAmount: 0, commissionBp: 500 }));
    // 5 % of 100.68 = 5.034 -> 5.03; of 91.12 = 4.556 -> 4.56 (half away from zero, as before).
    expect(settlementOf(items, 1000)).toEqual({ gross: 19180 + 1000, commission: 503 + 456, net: 20180 - 959 });
    // A refund of half of A: the store is settled on what is left.
    items[0].refundedAmount = 5034;
    expect(settlementOf(items, 1000)).toEqual({ gross: 20180 - 5034, commission: 252 + 456, net: 20180 - 5034 - 708 });
  });
});

describe('what may still be refunded of an item', () => {
  it('is never more than its paid share', () => {
    expect(refundableOf(a, 0)).toBe(10068);
    expect(refundableOf(a, 3000)).toBe(7068);
    expect(refundableOf(a, 10068)).toBe(0);
    // One of A's two units: half of 100.68; the last unit takes the rest.
    expect(refundableOf(a, 0, { units: 1, last: false })).toBe(5034);
    expect(refundableOf(a, 5034, { units: 1, last: true })).toBe(5034);
    expect(refundableOf({ quantity: 3, paid: 1000 }, 0, { units: 1, last: false })).toBe(333);
    expect(refundableOf({ quantity: 3, paid: 1000 }, 666, { units: 1, last: true })).toBe(334);
  });
});

describe('points and growth with a refund', () => {
  it('give back the points spent on the item and take back what the payment earned, in proportion, rounded down', () => {
    // The payment earned 1 growth and 1 point a yuan on 191.80: 191 each.
    const order = { paid: 19180, refundedBefore: 0, growthEarned: 191, pointsEarned: 191 };
    const half = refundMoves({ paid: a.paid, pointsSpent: a.pointsSpent, refundedBefore: 0 }, order, 5034);
    // 2,620 x 50.34 / 100.68 = 1,310 points; 191 x 50.34 / 191.80 = 50.13 -> 50.
    expect(half).toEqual({ pointsReturned: 1310, growthTakenBack: 50, pointsTakenBack: 50 });
    const rest = refundMoves({ paid: a.paid, pointsSpent: a.pointsSpent, refundedBefore: 5034 }, { ...order, refundedBefore: 5034 }, 5034);
    // 191 x 100.68 / 191.80 = 100.26 -> 100 in all, 50 of them now.
    expect(rest).toEqual({ pointsReturned: 1310, growthTakenBack: 50, pointsTakenBack: 50 });
  });

  it('leaves no point stranded by rounding once all is refunded', () => {
    // 7 points over 3.00 refunded 1.00 at a time: 2, 2, 3.
    expect([0, 100, 200].map((before) => proportionalBack(7, 300, before, 100))).toEqual([2, 2, 3]);
    // Past the base it gives back what is left: 7 - floor(7 x 250 / 300) = 2.
    expect(proportionalBack(7, 300, 250, 100)).toBe(2);
    expect(proportionalBack(7, 0, 0, 100)).toBe(0);
  });
});

describe('a coupon comes back', () => {
  const until = { validUntil: day(20) };
  it('when the whole order is cancelled or refunded before shipping, inside its use window', () => {
    expect(couponComesBack({ state: 'cancelled', shipped: false }, until, day(19))).toBe(true);
    expect(couponComesBack({ state: 'closed_refunded', shipped: false }, until, day(19))).toBe(true);
  });
  it('not after its window, not after shipping, not for a partial refund', () => {
    expect(couponComesBack({ state: 'cancelled', shipped: false }, until, day(20))).toBe(false);
    expect(couponComesBack({ state: 'closed_refunded', shipped: true }, until, day(19))).toBe(false);
    expect(couponComesBack({ state: 'awaiting_shipment', shipped: false }, until, day(19))).toBe(false);
    expect(couponComesBack({ state: 'completed', shipped: true }, until, day(19))).toBe(false);
  });
});
