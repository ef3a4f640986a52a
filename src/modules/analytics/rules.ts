/**
 * The analytics metrics (M8), each one's definition as a pure function over plain rows. No I/O: the rollups and
 * the dashboards compute with these, and the tests recompute rollups with them from raw rows.
 *
 * Money is an integer in the currency's minor unit; ratios are integers in basis points (10,000 = 100 %), computed
 * in BigInt so no float ever touches them. A period's rows are chosen by the caller with `inPeriod` (periods.ts).
 */
import { assertMinor, type Money } from '../../kernel/money.ts';
import type { CITY_TIERS, GENDERS } from '../accounts/schema.ts';

/**
 * One order as analytics reads it: the order row the business already writes (never a second event for it).
 * `paidAt` null: never paid (awaiting payment, cancelled before paying); such an order counts nowhere.
 * `amount` is what the buyer paid (after coupons, before refunds); `isGift` when it was bought as a gift.
 */
export type OrderRow = {
  orderId: string;
  storeId: string;
  buyerId: string;
  currency: string;
  amount: number;
  paidAt: Date | null;
  isGift: boolean;
  productIds: readonly string[];
};

/** One refund paid back to a buyer (a succeeded after-sale refund), counted in the period it was refunded. */
export type RefundRow = { orderId: string; storeId: string; currency: string; amount: number; refundedAt: Date };

const BP = 10_000n;

function paid(orders: readonly OrderRow[]): OrderRow[] {
  return orders.filter((o) => o.paidAt !== null);
}

/** `numerator / denominator` rounded half up, in integers; null when the denominator is 0. */
function ratio(numerator: bigint, denominator: bigint): number | null {
  if (denominator === 0n) return null;
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/** A share in basis points, rounded half up; null when there is nothing to share (denominator 0). */
export function basisPoints(part: number, whole: number): number | null {
  return ratio(BigInt(part) * BP, BigInt(whole));
}

/**
 * GMV: the sum paid for the paid orders in `currency`. Orders in another currency are not converted: a report
 * shows one GMV per currency. Refunds are not taken off (they are their own metric).
 */
export function gmv(orders: readonly OrderRow[], currency: string): Money {
  let amount = 0;
  for (const o of paid(orders)) if (o.currency === currency) amount += o.amount;
  return { amount: assertMinor(amount), currency };
}

/** Orders: the number of paid orders (every currency). */
export function orderCount(orders: readonly OrderRow[]): number {
  return paid(orders).length;
}

/** Buyers: distinct buyers with at least one paid order. */
export function buyerCount(orders: readonly OrderRow[]): number {
  return new Set(paid(orders).map((o) => o.buyerId)).size;
}

/**
 * Average order value: GMV in `currency` ÷ paid orders in that currency, rounded half up to the minor unit
 * (¥10.005 -> ¥10.01); null without a paid order in that currency.
 */
export function averageOrderValue(orders: readonly OrderRow[], currency: string): Money | null {
  const inCurrency = paid(orders).filter((o) => o.currency === currency);
  return averageAmount(gmv(inCurrency, currency), inCurrency.length);
}

/** A sum of money over a count (GMV over its orders), rounded half up to the minor unit; null when the count is 0. */
export function averageAmount(total: Money, count: number): Money | null {
  const amount = ratio(BigInt(total.amount), BigInt(count));
  return amount === null ? null : { amount, currency: total.currency };
}

/** Active products: listed products (in `listed`) that are in at least one paid order. */
export function activeProducts(orders: readonly OrderRow[], listed: ReadonlySet<string>): number {
  const active = new Set<string>();
  for (const o of paid(orders)) for (const id of o.productIds) if (listed.has(id)) active.add(id);
  return active.size;
}

/**
 * GPM (GMV per mille): GMV × 1000 ÷ views, the money a thousand views bring, in the currency's minor unit,
 * exact in BigInt and rounded half up; null when there were no views.
 */
export function gpm(gmvOfPeriod: Money, views: number): Money | null {
  const amount = ratio(BigInt(gmvOfPeriod.amount) * 1000n, BigInt(views));
  return amount === null ? null : { amount, currency: gmvOfPeriod.currency };
}

/** Monthly active merchants: distinct stores with a paid order among `orders` (the orders of one month). */
export function activeMerchants(orders: readonly OrderRow[]): number {
  return new Set(paid(orders).map((o) => o.storeId)).size;
}

/** Refund amount: the sum refunded in `currency`. */
export function refundAmount(refunds: readonly RefundRow[], currency: string): Money {
  let amount = 0;
  for (const r of refunds) if (r.currency === currency) amount += r.amount;
  return { amount: assertMinor(amount), currency };
}

/** Refund rate: refunded ÷ GMV of the same period and currency, in basis points; null when GMV is 0. */
export function refundRate(refunds: readonly RefundRow[], orders: readonly OrderRow[], currency: string): number | null {
  return basisPoints(refundAmount(refunds, currency).amount, gmv(orders, currency).amount);
}

/** Gift share of GMV: GMV of orders bought as gifts ÷ GMV, in basis points; null when GMV is 0. */
export function giftShare(orders: readonly OrderRow[], currency: string): number | null {
  return basisPoints(gmv(orders.filter((o) => o.isGift), currency).amount, gmv(orders, currency).amount);
}

/** Repeat-purchase rate: buyers with two or more paid orders ÷ buyers, in basis points; null without buyers. */
export function repeatPurchaseRate(orders: readonly OrderRow[]): number | null {
  const perBuyer = new Map<string, number>();
  for (const o of paid(orders)) perBuyer.set(o.buyerId, (perBuyer.get(o.buyerId) ?? 0) + 1);
  const repeat = [...perBuyer.values()].filter((n) => n >= 2).length;
  return basisPoints(repeat, perBuyer.size);
}

/**
 * New and returning buyers of the period: a buyer is returning when in `earlierBuyers` (buyers with a paid order
 * before the period starts, in the same scope), new otherwise.
 */
export function newAndReturningBuyers(orders: readonly OrderRow[], earlierBuyers: ReadonlySet<string>): { new: number; returning: number } {
  const buyers = new Set(paid(orders).map((o) => o.buyerId));
  let returning = 0;
  for (const b of buyers) if (earlierBuyers.has(b)) returning += 1;
  return { new: buyers.size - returning, returning };
}

/**
 * Growth against an earlier period, as WeChat writes it: "×1.92" (the multiple current ÷ previous, rounded half
 * up to hundredths). From a zero base: "new" when there is something now, null when both are zero.
 */
/** The conversion funnel's stages, in order: product page views, add-to-carts, orders placed, orders paid. */
export const FUNNEL_STAGES = ['views', 'carts', 'placed', 'paid'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type FunnelStep = { stage: FunnelStage; count: number; fromPrevious: number | null; fromFirst: number | null };

/**
 * The funnel view → cart → order → paid: each stage's count, its rate from the stage before and from the first (basis
 * points; null with nothing to divide by). Rates may exceed 100 %: a buyer can order without adding to the cart.
 */
export function funnel(counts: Record<FunnelStage, number>): FunnelStep[] {
  return FUNNEL_STAGES.map((stage, i) => ({
    stage, count: counts[stage],
    fromPrevious: i === 0 ? null : basisPoints(counts[stage], counts[FUNNEL_STAGES[i - 1]]),
    fromFirst: i === 0 ? null : basisPoints(counts[stage], counts[FUNNEL_STAGES[0]]),
  }));
}

export type Growth = { kind: 'multiple'; hundredths: number; text: string } | { kind: 'new'; text: 'new' };

export function growth(current: number, previous: number): Growth | null {
  if (current < 0 || previous < 0) throw new RangeError('growth compares counts and amounts, which are never negative');
  if (previous === 0) return current === 0 ? null : { kind: 'new', text: 'new' };
  const hundredths = ratio(BigInt(current) * 100n, BigInt(previous)) as number;
  const text = `×${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
  return { kind: 'multiple', hundredths, text };
}

export type CategoryFigures = { categoryId: string; current: number; previous: number };
export type RankedCategory = CategoryFigures & { rank: number; growth: Growth | null };

/**
 * -1 when a grew faster than b. New categories (zero base) first, then by exact multiple (compared by
 * cross-multiplying, not by the rounded text), then nothing-in-either last; ties by the larger current figure.
 */
function fasterFirst(a: CategoryFigures, b: CategoryFigures): number {
  const group = (c: CategoryFigures) => (c.previous === 0 ? (c.current === 0 ? 2 : 0) : 1);
  if (group(a) !== group(b)) return group(a) - group(b);
  if (group(a) === 1) {
    const left = BigInt(a.current) * BigInt(b.previous);
    const right = BigInt(b.current) * BigInt(a.previous);
    if (left !== right) return left > right ? -1 : 1;
  }
  if (a.current !== b.current) return b.current - a.current;
  return a.categoryId < b.categoryId ? -1 : a.categoryId > b.categoryId ? 1 : 0;
}

/** Categories ranked by growth, fastest first (rank 1), with each one's multiple. */
export function rankCategoriesByGrowth(categories: readonly CategoryFigures[]): RankedCategory[] {
  return [...categories].sort(fasterFirst).map((c, i) => ({ ...c, rank: i + 1, growth: growth(c.current, c.previous) }));
}

export const AGE_BANDS = ['under_18', '18_24', '25_29', '30_39', '40_49', '50_plus', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const GENDER_BANDS = ['female', 'male', 'other', 'unknown'] as const satisfies readonly ((typeof GENDERS)[number] | 'unknown')[];
export type GenderBand = (typeof GENDER_BANDS)[number];
export const CITY_TIER_BANDS = ['tier_1', 'new_tier_1', 'tier_2', 'tier_3', 'tier_4_below', 'overseas', 'unknown'] as const satisfies readonly (
  | (typeof CITY_TIERS)[number]
  | 'unknown'
)[];
export type CityTierBand = (typeof CITY_TIER_BANDS)[number];

/** The age band of a buyer born in `birthYear`, in the year `inYear` (age = the difference of years). */
export function ageBand(birthYear: number | null, inYear: number): AgeBand {
  if (birthYear === null) return 'unknown';
  const age = inYear - birthYear;
  if (age < 0) return 'unknown';
  if (age < 18) return 'under_18';
  if (age < 25) return '18_24';
  if (age < 30) return '25_29';
  if (age < 40) return '30_39';
  if (age < 50) return '40_49';
  return '50_plus';
}

/**
 * Shares of `counts` in basis points that add up to exactly 10,000 (largest remainder: each band gets its share
 * rounded down, then the bands with the largest remainders get one more, earlier bands first on a tie). Every band
 * of `bands` is present; all zero when the counts are all zero.
 */
export function sharesInBasisPoints<K extends string>(bands: readonly K[], counts: Partial<Record<K, number>>): Record<K, number> {
  const total = bands.reduce((sum, b) => sum + (counts[b] ?? 0), 0);
  const shares = {} as Record<K, number>;
  if (total === 0) {
    for (const b of bands) shares[b] = 0;
    return shares;
  }
  const remainders: { band: K; remainder: bigint; index: number }[] = [];
  let given = 0;
  bands.forEach((b, index) => {
    const scaled = BigInt(counts[b] ?? 0) * BP;
    shares[b] = Number(scaled / BigInt(total));
    given += shares[b];
    remainders.push({ band: b, remainder: scaled % BigInt(total), index });
  });
  remainders.sort((x, y) => (x.remainder === y.remainder ? x.index - y.index : x.remainder > y.remainder ? -1 : 1));
  for (let i = 0; i < 10_000 - given; i++) shares[remainders[i].band] += 1;
  return shares;
}

/** A paying buyer's profile as they gave it (every field may be blank). */
export type BuyerProfile = {
  buyerId: string;
  birthYear: number | null;
  gender: (typeof GENDERS)[number] | null;
  cityTier: (typeof CITY_TIERS)[number] | null;
};

export type Audience = { age: Record<AgeBand, number>; gender: Record<GenderBand, number>; cityTier: Record<CityTierBand, number> };

/** The audience of paying buyers (each buyer once) by age band, gender and city tier, as shares in basis points. */
export function audienceShares(buyers: readonly BuyerProfile[], inYear: number): Audience {
  const once = [...new Map(buyers.map((b) => [b.buyerId, b])).values()];
  const age: Partial<Record<AgeBand, number>> = {};
  const gender: Partial<Record<GenderBand, number>> = {};
  const cityTier: Partial<Record<CityTierBand, number>> = {};
  for (const b of once) {
    const a = ageBand(b.birthYear, inYear);
    age[a] = (age[a] ?? 0) + 1;
    const g = b.gender ?? 'unknown';
    gender[g] = (gender[g] ?? 0) + 1;
    const c = b.cityTier ?? 'unknown';
    cityTier[c] = (cityTier[c] ?? 0) + 1;
  }
  return {
    age: sharesInBasisPoints(AGE_BANDS, age),
    gender: sharesInBasisPoints(GENDER_BANDS, gender),
    cityTier: sharesInBasisPoints(CITY_TIER_BANDS, cityTier),
  };
}
