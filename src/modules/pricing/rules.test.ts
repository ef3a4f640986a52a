import { describe, expect, it } from 'vitest';
import { coupon, exampleCart } from './examples.ts';
import { couponShares, maxPointsFor, memberUnitPrice, NO_CHOICE, priceStoreOrder, type PricingInput } from './rules.ts';

// Amounts in fen: 59.90 yuan is 5990. The cart: examples.ts.
const cart = exampleCart;

describe('member pricing (one of member price or level price, the lower, never both)', () => {
  it('takes the SKU member price when it is lower than the level price', () => {
    // 199.00 list, 179.00 member price, level 90 %: 179.10 -> the member price 179.00.
    expect(memberUnitPrice({ unitPrice: 19900, memberPrice: 17900 }, { priceBp: 9000 })).toEqual({ price: 17900, by: 'member_price' });
  });
  it('takes the level price when it is lower, rounded down to the fen per unit', () => {
    // 199.00 at 85 % = 169.15; 99.99 at 88 % = 87.9912 -> 87.99.
    expect(memberUnitPrice({ unitPrice: 19900, memberPrice: 17900 }, { priceBp: 8500 })).toEqual({ price: 16915, by: 'level' });
    expect(memberUnitPrice({ unitPrice: 9999, memberPrice: null }, { priceBp: 8800 })).toEqual({ price: 8799, by: 'level' });
  });
  it('gives a non-member (or a level without discount and no member price) the list price', () => {
    expect(memberUnitPrice({ unitPrice: 19900, memberPrice: 17900 }, null)).toEqual({ price: 19900, by: 'list' });
    expect(memberUnitPrice({ unitPrice: 19900, memberPrice: null }, { priceBp: 10000 })).toEqual({ price: 19900, by: 'list' });
  });
});

describe('what a coupon takes off', () => {
  const line = (amount: number, quantity = 1) => ({ amount, quantity });
  it('percent: the buyer pays pay_bp of the amount rounded down, the discount is the rest', () => {
    // 80 % of 99.99 = 79.992 -> pays 79.99, discount 20.00; "2-fold" (20 %) of 10.01 = 2.002 -> pays 2.00.
    expect(couponShares({ kind: 'percent', payBp: 8000, threshold: 0, amount: 0 }, [line(9999)])).toEqual([2000]);
    expect(couponShares({ kind: 'percent', payBp: 2000, threshold: 0, amount: 0 }, [line(1001)])).toEqual([801]);
    expect(couponShares({ kind: 'percent', payBp: 10000, threshold: 0, amount: 0 }, [line(1001)])).toEqual([0]);
  });
  it('spend_off: only from the threshold, on the amount it applies to', () => {
    expect(couponShares({ kind: 'spend_off', payBp: null, threshold: 20000, amount: 3000 }, [line(19999)])).toBeNull();
    expect(couponShares({ kind: 'spend_off', payBp: null, threshold: 20000, amount: 3000 }, [line(12000), line(8000)])).toEqual([1800, 1200]);
  });
  it('flat: at most the amount it applies to', () => {
    expect(couponShares({ kind: 'flat', payBp: null, threshold: 0, amount: 20000 }, [line(500), line(700)])).toEqual([500, 700]);
  });
  it('direct: off each unit, never below zero', () => {
    // 5.00 off each unit of 2 x 56.90 and of 1 x 3.00.
    expect(couponShares({ kind: 'direct', payBp: null, threshold: 0, amount: 500 }, [line(11380, 2), line(300, 1)])).toEqual([1000, 300]);
  });
});

describe('a store order priced with member price, a product coupon, a store coupon and points', () => {
  it('applies the steps in order and shares the store coupon and the points by largest remainder', () => {
    const r = priceStoreOrder(cart, { storeCoupon: 's20', productCoupons: { b: 'b15' }, points: 5000 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [a, b] = r.breakdown.lines;
    // A: level 95 % of 59.90 = 56.905 -> 56.90 a unit, 113.80; B: member price 118.00 (level would be 121.60).
    expect([a.memberUnitPrice, a.memberBy, a.memberAmount]).toEqual([5690, 'level', 11380]);
    expect([b.memberUnitPrice, b.memberBy, b.memberAmount]).toEqual([11800, 'member_price', 11800]);
    // B's coupon: 118.00 reaches 100.00, 15.00 off -> 103.00.
    expect([a.productCouponDiscount, b.productCouponDiscount]).toEqual([0, 1500]);
    // Store coupon on 113.80 + 103.00 = 216.80 >= 200: 20.00 shared 10.49815 / 9.50184 -> 10.50 / 9.50.
    expect([a.storeCouponDiscount, b.storeCouponDiscount]).toEqual([1050, 950]);
    // Points: 196.80 remains; 10 % is 19.68, the balance buys 5.00: 5.00 shared 2.62449 / 2.37550 -> 2.62 / 2.38.
    expect([a.pointsDiscount, b.pointsDiscount]).toEqual([262, 238]);
    expect([a.pointsSpent, b.pointsSpent]).toEqual([2620, 2380]);
    expect([a.paid, b.paid]).toEqual([10068, 9112]);
    expect(r.breakdown.totals).toEqual({
      list: 24780, memberDiscount: 1600, productCoupons: 1500, storeCoupon: 2000, points: 500, pointsSpent: 5000,
      itemsPaid: 19180, shippingFee: 1000, total: 20180,
    });
    expect(r.breakdown.storeCouponId).toBe('s20');
    expect(r.breakdown.productCouponIds).toEqual(['b15']);
  });

  it('checks the store coupon threshold on what remains after the product coupons', () => {
    const input = { ...cart, coupons: [cart.coupons[0], coupon('s30', { kind: 'spend_off', threshold: 23000, amount: 3000 })] };
    // 231.80 after member pricing reaches 230.00, but 216.80 after B's coupon does not.
    expect(priceStoreOrder(input, { storeCoupon: 's30', productCoupons: {}, points: 0 }).ok).toBe(true);
    expect(priceStoreOrder(input, { storeCoupon: 's30', productCoupons: { b: 'b15' }, points: 0 })).toEqual({ ok: false, reason: 'coupon_threshold_not_met', couponId: 's30' });
  });

  it('lets one product coupon cover several items, its threshold on their sum', () => {
    const input = { ...cart, coupons: [coupon('ab', { scope: 'product', kind: 'spend_off', threshold: 20000, amount: 1000, productIds: ['prod-a', 'prod-b'] })] };
    expect(priceStoreOrder(input, { storeCoupon: null, productCoupons: { b: 'ab' }, points: 0 })).toMatchObject({ ok: false, reason: 'coupon_threshold_not_met' });
    const r = priceStoreOrder(input, { storeCoupon: null, productCoupons: { a: 'ab', b: 'ab' }, points: 0 });
    // 10.00 over 113.80 and 118.00: 4.9094 / 5.0906 -> 4.91 / 5.09.
    expect(r.ok && r.breakdown.lines.map((l) => l.productCouponDiscount)).toEqual([491, 509]);
  });

  it('never discounts the shipping fee, nor goes below zero', () => {
    const input: PricingInput = {
      ...cart, points: { balance: 10_000_000, pointsPerMinor: 1, maxShareBp: 10000 },
      coupons: [coupon('big', { kind: 'flat', amount: 100_000 }), coupon('d', { scope: 'product', kind: 'direct', amount: 9000, productIds: ['prod-a'] })],
    };
    const r = priceStoreOrder(input, { storeCoupon: 'big', productCoupons: { a: 'd' }, points: 0 });
    expect(r.ok && r.breakdown.totals).toMatchObject({ productCoupons: 11380, storeCoupon: 11800, itemsPaid: 0, total: 1000 });
    expect(priceStoreOrder(input, { storeCoupon: 'big', productCoupons: { a: 'd' }, points: 1 })).toEqual({ ok: false, reason: 'points_over_share' });
  });

  it('prices a non-member at list price with no points', () => {
    const r = priceStoreOrder({ ...cart, member: null, points: null }, NO_CHOICE);
    expect(r.ok && r.breakdown.totals).toMatchObject({ list: 24780, memberDiscount: 0, itemsPaid: 24780, total: 25780 });
    expect(priceStoreOrder({ ...cart, points: null }, { ...NO_CHOICE, points: 10 })).toEqual({ ok: false, reason: 'points_unavailable' });
  });
});

describe('a choice refused, with a stable code', () => {
  const refuse = (choice: Partial<typeof NO_CHOICE>) => {
    const r = priceStoreOrder(cart, { ...NO_CHOICE, ...choice });
    return r.ok ? 'ok' : r.reason;
  };
  it('names what is wrong with the coupons', () => {
    expect(refuse({ storeCoupon: 'nope' })).toBe('coupon_not_held');
    expect(refuse({ storeCoupon: 'b15' })).toBe('coupon_wrong_scope');
    expect(refuse({ productCoupons: { a: 's20' } })).toBe('coupon_wrong_scope');
    expect(refuse({ productCoupons: { a: 'b15' } })).toBe('coupon_not_for_item');
    expect(refuse({ productCoupons: { c: 'b15' } })).toBe('item_unknown');
    expect(refuse({ storeCoupon: 's20' })).toBe('ok');
  });
  it('names what is wrong with the points', () => {
    expect(refuse({ points: -10 })).toBe('points_invalid');
    expect(refuse({ points: 2.5 })).toBe('points_invalid');
    expect(refuse({ points: 15 })).toBe('points_not_whole');
    expect(refuse({ points: 5010 })).toBe('points_over_balance');
    expect(priceStoreOrder({ ...cart, points: { ...cart.points!, balance: 1_000_000 } }, { ...NO_CHOICE, points: 23190 })).toEqual({ ok: false, reason: 'points_over_share' });
    // 10 % of 231.80 is 23.18 yuan: 23,180 points at 10 a fen.
    expect(priceStoreOrder({ ...cart, points: { ...cart.points!, balance: 1_000_000 } }, { ...NO_CHOICE, points: 23180 }).ok).toBe(true);
  });
  it('caps points at the share of what remains, rounded down, and at the balance', () => {
    expect(maxPointsFor(23180, { balance: 1_000_000, pointsPerMinor: 10, maxShareBp: 1000 })).toBe(23180);
    expect(maxPointsFor(23189, { balance: 1_000_000, pointsPerMinor: 10, maxShareBp: 1000 })).toBe(23180);
    expect(maxPointsFor(23180, { balance: 999, pointsPerMinor: 10, maxShareBp: 1000 })).toBe(990);
    expect(maxPointsFor(0, { balance: 999, pointsPerMinor: 1, maxShareBp: 10000 })).toBe(0);
    expect(maxPointsFor(5000, null)).toBe(0);
  });
});
