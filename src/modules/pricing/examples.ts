// The worked example of the stacking rule (README "Membership and coupons"), in fen: the tests price it, the cart's
// display test shows it. Not used by the application.
import type { PricingCoupon, PricingInput } from './rules.ts';

export const day = (d: number) => new Date(Date.UTC(2026, 11, d));

/** A held coupon: a flat store coupon unless told otherwise, usable until 31 December 2026. */
export const coupon = (id: string, c: Partial<PricingCoupon>): PricingCoupon => ({
  id, scope: 'store', kind: 'flat', payBp: null, threshold: 0, amount: 0, productIds: [], validUntil: day(31), ...c,
});

/** 15 off 100 on product B. */
export const b15 = coupon('b15', { scope: 'product', kind: 'spend_off', threshold: 10000, amount: 1500, productIds: ['prod-b'] });
/** 20 off 200 on the store order. */
export const s20 = coupon('s20', { kind: 'spend_off', threshold: 20000, amount: 2000 });

/**
 * A: 2 x 59.90 (no member price); B: 1 x 128.00 (member price 118.00); the buyer's level pays 95 %; coupons b15 and
 * s20; 5,000 points at 10 points a fen (1,000 points = 1 yuan), paying at most 10 % of the order; shipping 10.00.
 */
export const exampleCart: PricingInput = {
  items: [
    { key: 'a', skuId: 'sku-a', productId: 'prod-a', unitPrice: 5990, memberPrice: null, quantity: 2 },
    { key: 'b', skuId: 'sku-b', productId: 'prod-b', unitPrice: 12800, memberPrice: 11800, quantity: 1 },
  ],
  member: { priceBp: 9500 },
  coupons: [b15, s20],
  points: { balance: 5000, pointsPerMinor: 10, maxShareBp: 1000 },
  shippingFee: 1000,
};
