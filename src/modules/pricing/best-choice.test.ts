import { describe, expect, it } from 'vitest';
import { BEST_CHOICE_MAX_COMBINATIONS, bestChoice } from './best-choice.ts';
import { b15, coupon, day, exampleCart } from './examples.ts';
import type { PricingInput } from './rules.ts';

// Amounts in fen. The cart: examples.ts.
const cart = exampleCart;

describe('the best combination for the buyer', () => {
  it('uses both coupons when they stack, then maxes the points', () => {
    const best = bestChoice(cart);
    // 231.80 member total - 15.00 - 20.00 - 5.00 of points + 10.00 shipping = 201.80.
    expect(best.choice).toEqual({ storeCoupon: 's20', productCoupons: { b: 'b15' }, points: 5000 });
    expect(best.breakdown.totals.total).toBe(20180);
    expect(best).toMatchObject({ exhaustive: true, combinations: 4 });
  });

  it('leaves out a product coupon that would drop the order below the store coupon threshold', () => {
    // 30 off 230: alone 231.80 -> 201.80; with B's 15 off, 216.80 no longer reaches 230 (and 201.80 beats 216.80).
    const input = { ...cart, coupons: [b15, coupon('s30', { kind: 'spend_off', threshold: 23000, amount: 3000 })] };
    const best = bestChoice(input);
    expect(best.choice).toEqual({ storeCoupon: 's30', productCoupons: {}, points: 5000 });
    expect(best.breakdown.totals.total).toBe(23180 - 3000 - 500 + 1000);
  });

  it('on a tie uses fewer coupons, then the coupon that expires first', () => {
    const input = {
      ...cart, items: [cart.items[0]], points: null,
      coupons: [
        coupon('later', { amount: 500, validUntil: day(20) }),
        coupon('sooner', { amount: 500, validUntil: day(10) }),
        coupon('nothing', { scope: 'product', kind: 'percent', payBp: 10000, productIds: ['prod-a'] }),
      ],
    };
    const best = bestChoice(input);
    expect(best.choice).toEqual({ storeCoupon: 'sooner', productCoupons: {}, points: 0 });
    expect(best.breakdown.totals.total).toBe(11380 - 500 + 1000);
  });

  it('is no coupon and no points for a buyer who holds none', () => {
    const best = bestChoice({ ...cart, coupons: [], points: null, member: null });
    expect(best.choice).toEqual({ storeCoupon: null, productCoupons: {}, points: 0 });
    expect(best.breakdown.totals.total).toBe(24780 + 1000);
  });

  it('stays within its bound on a large order, keeping the coupons worth most', () => {
    // 13 items with a product coupon each: 2^13 combinations, above the bound.
    const items = Array.from({ length: 13 }, (_, k) => ({ key: `i${k}`, skuId: `s${k}`, productId: `p${k}`, unitPrice: 1000, memberPrice: null, quantity: 1 }));
    const coupons = items.map((i, k) => coupon(`c${k}`, { scope: 'product', kind: 'flat', amount: 200 - k, productIds: [i.productId] }));
    const best = bestChoice({ items, member: null, coupons, points: null, shippingFee: 0 });
    expect(best.exhaustive).toBe(false);
    expect(best.combinations).toBeLessThanOrEqual(BEST_CHOICE_MAX_COMBINATIONS);
    // 2^10 fit: the three dropped are worth least alone (c10, c11, c12: 1.90, 1.89, 1.88); every other is used.
    expect(Object.keys(best.choice.productCoupons)).toEqual(items.slice(0, 10).map((i) => i.key));
    expect(best.breakdown.totals.total).toBe(13000 - coupons.slice(0, 10).reduce((s, c) => s + c.amount, 0));
  });
});
