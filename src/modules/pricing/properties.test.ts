// Property tests of the money rules (fast-check): random store orders, coupons, points and choices.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floorBasisPoints } from '../../kernel/money.ts';
import { COUPON_KINDS } from '../coupons/schema.ts';
import { allocateDiscount } from '../orders/rules.ts';
import { proportionalBack, refundableOf } from './after-sales.ts';
import { bestChoice } from './best-choice.ts';
import { maxPointsFor, priceStoreOrder, type Breakdown, type PricingChoice, type PricingInput } from './rules.ts';

const PRODUCTS = ['p1', 'p2', 'p3'];

const itemArb = fc.record({
  productId: fc.constantFrom(...PRODUCTS),
  unitPrice: fc.integer({ min: 1, max: 50_000 }),
  memberBp: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
  quantity: fc.integer({ min: 1, max: 5 }),
});

const couponArb = fc.record({
  scope: fc.constantFrom('store' as const, 'product' as const),
  kind: fc.constantFrom(...COUPON_KINDS),
  payBp: fc.integer({ min: 2000, max: 10_000 }),
  threshold: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100_000 })),
  amount: fc.integer({ min: 0, max: 20_000 }),
  productIds: fc.subarray(PRODUCTS, { minLength: 1 }),
  day: fc.integer({ min: 1, max: 28 }),
});

/** Up to 3 items and 4 coupons: at most 5 x 5^3 combinations, all searched. */
const inputArb: fc.Arbitrary<PricingInput> = fc.record({
  items: fc.array(itemArb, { minLength: 1, maxLength: 3 }),
  member: fc.option(fc.record({ priceBp: fc.integer({ min: 1000, max: 10_000 }) }), { nil: null }),
  coupons: fc.array(couponArb, { maxLength: 4 }),
  points: fc.option(fc.record({ balance: fc.integer({ min: 0, max: 200_000 }), pointsPerMinor: fc.integer({ min: 1, max: 100 }), maxShareBp: fc.integer({ min: 0, max: 10_000 }) }), { nil: null }),
  shippingFee: fc.integer({ min: 0, max: 2000 }),
}).map((r) => ({
  ...r,
  items: r.items.map((i, k) => ({
    key: `i${k}`, skuId: `s${k}`, productId: i.productId, unitPrice: i.unitPrice, quantity: i.quantity,
    memberPrice: i.memberBp === null ? null : Math.max(1, floorBasisPoints(i.unitPrice, i.memberBp)),
  })),
  coupons: r.coupons.map((c, k) => ({
    id: `c${k}`, scope: c.scope, kind: c.kind, payBp: c.kind === 'percent' ? c.payBp : null,
    threshold: c.kind === 'spend_off' ? c.threshold : 0, amount: c.amount,
    productIds: c.scope === 'product' ? c.productIds : [], validUntil: new Date(Date.UTC(2026, 11, c.day)),
  })),
}));

/** A random choice, as raw picks: a coupon index (or none) for the store and per item, and a share of the points allowed. */
const picksArb = fc.record({
  store: fc.option(fc.nat(), { nil: null }),
  items: fc.array(fc.option(fc.nat(), { nil: null }), { minLength: 3, maxLength: 3 }),
  pointsBp: fc.integer({ min: 0, max: 10_000 }),
});
type Picks = typeof picksArb extends fc.Arbitrary<infer T> ? T : never;

/** The picks made into a choice of the input: coupons of the right scope and products (thresholds may still refuse). */
function choiceOf(input: PricingInput, picks: Picks): PricingChoice {
  const store = input.coupons.filter((c) => c.scope === 'store');
  const productCoupons: Record<string, string> = {};
  input.items.forEach((item, k) => {
    const fits = input.coupons.filter((c) => c.scope === 'product' && c.productIds.includes(item.productId));
    const p = picks.items[k];
    if (p !== null && fits.length) productCoupons[item.key] = fits[p % fits.length].id;
  });
  const choice = { storeCoupon: picks.store !== null && store.length ? store[picks.store % store.length].id : null, productCoupons, points: 0 };
  const priced = priceStoreOrder(input, choice);
  if (priced.ok && input.points) {
    const max = maxPointsFor(priced.breakdown.totals.itemsPaid, input.points) / input.points.pointsPerMinor;
    choice.points = floorBasisPoints(max, picks.pointsBp) * input.points.pointsPerMinor;
  }
  return choice;
}

function expectSound(input: PricingInput, b: Breakdown) {
  for (const l of b.lines) {
    for (const v of [l.memberAmount, l.productCouponDiscount, l.storeCouponDiscount, l.pointsDiscount, l.pointsSpent, l.paid]) expect(v).toBeGreaterThanOrEqual(0);
    expect(l.memberAmount).toBeLessThanOrEqual(l.listAmount);
    expect(l.paid).toBe(l.memberAmount - l.productCouponDiscount - l.storeCouponDiscount - l.pointsDiscount);
  }
  const t = b.totals;
  expect(t.total).toBe(t.list - t.memberDiscount - t.productCoupons - t.storeCoupon - t.points + input.shippingFee);
  expect(t.total).toBeGreaterThanOrEqual(input.shippingFee);
  expect(t.pointsSpent).toBeLessThanOrEqual(input.points?.balance ?? 0);
  if (input.points) expect(t.points).toBeLessThanOrEqual(floorBasisPoints(t.itemsPaid + t.points, input.points.maxShareBp));
}

describe('money rules, on random orders', () => {
  it('share a discount exactly: summing to it, never negative, never above an amount', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 10_000 }), (amounts, bp) => {
      const discount = floorBasisPoints(amounts.reduce((s, a) => s + a, 0), bp);
      const shares = allocateDiscount(amounts, discount);
      expect(shares.reduce((s, x) => s + x, 0)).toBe(discount);
      shares.forEach((x, i) => {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(amounts[i]);
      });
    }));
  });

  it('price any valid choice soundly: paid = list - every discount, nothing negative, the shipping fee whole', () => {
    fc.assert(fc.property(inputArb, picksArb, (input, picks) => {
      const priced = priceStoreOrder(input, choiceOf(input, picks));
      if (priced.ok) expectSound(input, priced.breakdown);
    }), { numRuns: 300 });
  });

  it('find a best combination never worse than any other valid one', () => {
    fc.assert(fc.property(inputArb, fc.array(picksArb, { minLength: 1, maxLength: 8 }), (input, picks) => {
      const best = bestChoice(input);
      expect(best.exhaustive).toBe(true);
      const again = priceStoreOrder(input, best.choice);
      expect(again.ok && again.breakdown).toEqual(best.breakdown);
      expectSound(input, best.breakdown);
      for (const p of picks) {
        const other = priceStoreOrder(input, choiceOf(input, p));
        if (other.ok) expect(best.breakdown.totals.total).toBeLessThanOrEqual(other.breakdown.totals.total);
      }
    }), { numRuns: 100 });
  });

  it('never refund more than was paid, and give back points and growth exactly once in all', () => {
    const refundsArb = fc.array(fc.record({ units: fc.integer({ min: 1, max: 5 }), cut: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 8 });
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), refundsArb, (quantity, paid, points, refunds) => {
      let refunded = 0;
      let back = 0;
      let unitsLeft = quantity;
      for (const r of refunds) {
        if (unitsLeft === 0) break;
        const units = Math.min(r.units, unitsLeft);
        const may = refundableOf({ quantity, paid }, refunded, { units, last: units === unitsLeft });
        expect(may).toBeGreaterThanOrEqual(0);
        // The buyer may ask for less than the share (a cut): the last units still may take all that is left.
        const refund = units === unitsLeft ? may : floorBasisPoints(may, r.cut);
        back += proportionalBack(points, paid, refunded, refund);
        refunded += refund;
        unitsLeft -= units;
        expect(refunded).toBeLessThanOrEqual(paid);
        expect(back).toBeLessThanOrEqual(points);
      }
      if (unitsLeft === 0) {
        expect(refunded).toBe(paid);
        expect(back).toBe(paid > 0 ? points : 0);
      }
      expect(refundableOf({ quantity, paid }, refunded)).toBe(paid - refunded);
    }), { numRuns: 300 });
  });
});
