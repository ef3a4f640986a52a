import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  activeMerchants, activeProducts, AGE_BANDS, ageBand, audienceShares, averageOrderValue, buyerCount, CITY_TIER_BANDS, funnel, giftShare, gmv, gpm,
  growth, newAndReturningBuyers, orderCount, rankCategoriesByGrowth, refundAmount, refundRate, repeatPurchaseRate, sharesInBasisPoints,
  type OrderRow, type RefundRow,
} from './rules.ts';

const at = new Date('2026-11-11T02:00:00Z');
function order(orderId: string, storeId: string, buyerId: string, amount: number, more: Partial<OrderRow> = {}): OrderRow {
  return { orderId, storeId, buyerId, currency: 'CNY', amount, paidAt: at, isGift: false, productIds: [], ...more };
}

// A small day of trade, computed by hand below.
const ORDERS: OrderRow[] = [
  order('o1', 's1', 'b1', 10_000, { productIds: ['p1', 'p2'] }),
  order('o2', 's1', 'b1', 5_000, { productIds: ['p1'], isGift: true }),
  order('o3', 's2', 'b2', 20_003, { productIds: ['p3'] }),
  order('o4', 's2', 'b3', 9_999, { productIds: ['p4'], paidAt: null }), // never paid
  order('o5', 's3', 'b4', 300_000, { productIds: ['p5'], currency: 'VND' }),
];
const REFUNDS: RefundRow[] = [
  { orderId: 'o1', storeId: 's1', currency: 'CNY', amount: 2_500, refundedAt: at },
  { orderId: 'o5', storeId: 's3', currency: 'VND', amount: 100_000, refundedAt: at },
];

describe('the metrics of a period, on a day computed by hand', () => {
  it('GMV is what paid orders paid, in one currency; unpaid orders count nowhere', () => {
    expect(gmv(ORDERS, 'CNY')).toEqual({ amount: 35_003, currency: 'CNY' });
    expect(gmv(ORDERS, 'VND')).toEqual({ amount: 300_000, currency: 'VND' });
    expect(orderCount(ORDERS)).toBe(4);
    expect(buyerCount(ORDERS)).toBe(3);
  });

  it('average order value is GMV over paid orders of that currency, rounded half up to the minor unit', () => {
    expect(averageOrderValue(ORDERS, 'CNY')).toEqual({ amount: 11_668, currency: 'CNY' }); // 35003 / 3 = 11667.67
    expect(averageOrderValue([order('a', 's', 'b', 1), order('c', 's', 'b', 2)], 'CNY')?.amount).toBe(2); // 1.5
    expect(averageOrderValue(ORDERS, 'USD')).toBeNull();
  });

  it('active products are listed products with a paid order', () => {
    // p3 was delisted; p4 is only in an unpaid order.
    expect(activeProducts(ORDERS, new Set(['p1', 'p2', 'p4', 'p5']))).toBe(3);
    expect(activeProducts(ORDERS, new Set())).toBe(0);
  });

  it('GPM is GMV × 1000 ÷ views, exact, and has no value without views', () => {
    expect(gpm({ amount: 150_000, currency: 'CNY' }, 2_000)).toEqual({ amount: 75_000, currency: 'CNY' });
    expect(gpm(gmv(ORDERS, 'CNY'), 7)?.amount).toBe(5_000_429); // 35 003 000 / 7 = 5 000 428.57
    expect(gpm({ amount: Number.MAX_SAFE_INTEGER, currency: 'VND' }, 1_000)?.amount).toBe(Number.MAX_SAFE_INTEGER);
    expect(gpm(gmv(ORDERS, 'CNY'), 0)).toBeNull();
  });

  it('monthly active merchants are stores with a paid order', () => {
    expect(activeMerchants(ORDERS)).toBe(3);
    expect(activeMerchants(ORDERS.filter((o) => o.orderId === 'o4'))).toBe(0);
  });

  it('refunds: amount per currency and rate against GMV in basis points', () => {
    expect(refundAmount(REFUNDS, 'CNY')).toEqual({ amount: 2_500, currency: 'CNY' });
    expect(refundRate(REFUNDS, ORDERS, 'CNY')).toBe(714); // 2500 / 35003 = 7.1422 %
    expect(refundRate(REFUNDS, ORDERS, 'VND')).toBe(3_333);
    expect(refundRate(REFUNDS, [], 'CNY')).toBeNull();
  });

  it('gift share, repeat-purchase rate, new and returning buyers', () => {
    expect(giftShare(ORDERS, 'CNY')).toBe(1_428); // 5000 / 35003 = 14.2845 %
    expect(giftShare(ORDERS, 'VND')).toBe(0);
    expect(repeatPurchaseRate(ORDERS)).toBe(3_333); // b1 bought twice, b2 and b4 once
    expect(repeatPurchaseRate([])).toBeNull();
    expect(newAndReturningBuyers(ORDERS, new Set(['b2', 'b3', 'b9']))).toEqual({ new: 2, returning: 1 });
  });
});

describe('growth written as WeChat writes it', () => {
  it('gives the multiple to two decimals, rounded half up', () => {
    expect(growth(192, 100)).toEqual({ kind: 'multiple', hundredths: 192, text: '×1.92' });
    expect(growth(2_250, 1_000)?.text).toBe('×2.25');
    expect(growth(383, 100)?.text).toBe('×3.83');
    expect(growth(100, 100)?.text).toBe('×1.00');
    expect(growth(1, 3)?.text).toBe('×0.33');
    expect(growth(1, 8)?.text).toBe('×0.13'); // 0.125
    expect(growth(0, 5)?.text).toBe('×0.00');
  });

  it('from a zero base: "new" when there is something now, nothing when both are zero', () => {
    expect(growth(5, 0)).toEqual({ kind: 'new', text: 'new' });
    expect(growth(0, 0)).toBeNull();
  });

  it('is the nearest hundredth of the exact multiple', () => {
    fc.assert(fc.property(fc.nat(10 ** 12), fc.integer({ min: 1, max: 10 ** 9 }), (current, previous) => {
      const g = growth(current, previous);
      if (g?.kind !== 'multiple') return false;
      const error = BigInt(g.hundredths) * BigInt(previous) - BigInt(current) * 100n;
      expect(2n * error).toBeGreaterThan(-BigInt(previous) - 1n);
      expect(2n * error).toBeLessThanOrEqual(BigInt(previous));
      expect(g.text).toBe(`×${(g.hundredths / 100).toFixed(2)}`);
      return true;
    }));
  });

  it('ranks categories by exact growth: new ones first, then the rounded-equal ones by the true multiple', () => {
    const ranked = rankCategoriesByGrowth([
      { categoryId: 'tea', current: 200, previous: 100 },
      { categoryId: 'beauty', current: 383, previous: 100 },
      { categoryId: 'toys', current: 50, previous: 0 },
      { categoryId: 'empty', current: 0, previous: 0 },
      { categoryId: 'books', current: 1_999, previous: 1_000 }, // ×2.00 too, but below tea's exact 2
    ]);
    expect(ranked.map((c) => [c.rank, c.categoryId, c.growth?.text ?? null])).toEqual([
      [1, 'toys', 'new'], [2, 'beauty', '×3.83'], [3, 'tea', '×2.00'], [4, 'books', '×2.00'], [5, 'empty', null],
    ]);
  });

  it('never ranks a slower category above a faster one', () => {
    const figures = fc.record({ categoryId: fc.string(), current: fc.nat(10_000), previous: fc.integer({ min: 1, max: 10_000 }) });
    fc.assert(fc.property(fc.array(figures, { maxLength: 20 }), (cats) => {
      const ranked = rankCategoriesByGrowth(cats);
      for (let i = 1; i < ranked.length; i++) {
        const [a, b] = [ranked[i - 1], ranked[i]];
        expect(a.current * b.previous).toBeGreaterThanOrEqual(b.current * a.previous);
      }
    }));
  });
});

describe('audience shares', () => {
  it('splits paying buyers by age band, gender and city tier, each buyer once, unknown being a band', () => {
    const audience = audienceShares([
      { buyerId: 'b1', birthYear: 2000, gender: 'female', cityTier: 'tier_1' },
      { buyerId: 'b1', birthYear: 2000, gender: 'female', cityTier: 'tier_1' },
      { buyerId: 'b2', birthYear: 1990, gender: 'female', cityTier: 'new_tier_1' },
      { buyerId: 'b3', birthYear: null, gender: null, cityTier: 'overseas' },
    ], 2026);
    expect(audience.age).toEqual({ under_18: 0, '18_24': 0, '25_29': 3_334, '30_39': 3_333, '40_49': 0, '50_plus': 0, unknown: 3_333 });
    expect(audience.gender).toEqual({ female: 6_667, male: 0, other: 0, unknown: 3_333 });
    expect(audience.cityTier).toEqual({ tier_1: 3_334, new_tier_1: 3_333, tier_2: 0, tier_3: 0, tier_4_below: 0, overseas: 3_333, unknown: 0 });
  });

  it('puts ages in their bands at the edges', () => {
    expect([2009, 2008, 2002, 2001, 1997, 1996, 1987, 1986, 1977, 1976, 2030, null].map((y) => ageBand(y, 2026))).toEqual([
      'under_18', '18_24', '18_24', '25_29', '25_29', '30_39', '30_39', '40_49', '40_49', '50_plus', 'unknown', 'unknown',
    ]);
  });

  it('always sums to exactly 10,000 basis points, each share within one of its exact value', () => {
    const counts = fc.tuple(...CITY_TIER_BANDS.map(() => fc.nat(1_000_000)));
    fc.assert(fc.property(counts, (values) => {
      fc.pre(values.some((v) => v > 0));
      const input = Object.fromEntries(CITY_TIER_BANDS.map((b, i) => [b, values[i]]));
      const shares = sharesInBasisPoints(CITY_TIER_BANDS, input);
      const total = values.reduce((a, b) => a + b, 0);
      expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBe(10_000);
      CITY_TIER_BANDS.forEach((b, i) => {
        const floor = Math.floor((values[i] * 10_000) / total);
        expect(shares[b] === floor || shares[b] === floor + 1).toBe(true);
      });
    }));
  });

  it('gives every band zero when nobody paid', () => {
    expect(Object.values(sharesInBasisPoints(AGE_BANDS, {}))).toEqual(AGE_BANDS.map(() => 0));
  });
});

describe('conversion funnel', () => {
  it('gives each stage its rate from the stage before and from views, in basis points', () => {
    // 400 views, 40 adds to cart (10 %), 10 orders placed (25 % of carts), 8 paid (80 % of placed, 2 % of views).
    expect(funnel({ views: 400, carts: 40, placed: 10, paid: 8 })).toEqual([
      { stage: 'views', count: 400, fromPrevious: null, fromFirst: null },
      { stage: 'carts', count: 40, fromPrevious: 1_000, fromFirst: 1_000 },
      { stage: 'placed', count: 10, fromPrevious: 2_500, fromFirst: 250 },
      { stage: 'paid', count: 8, fromPrevious: 8_000, fromFirst: 200 },
    ]);
  });

  it('has no rate after an empty stage, and may pass 100 % when buyers order without the cart', () => {
    const steps = funnel({ views: 0, carts: 0, placed: 3, paid: 3 });
    expect(steps.map((s) => s.fromPrevious)).toEqual([null, null, null, 10_000]);
    expect(funnel({ views: 10, carts: 1, placed: 2, paid: 2 })[2].fromPrevious).toBe(20_000);
  });
});
