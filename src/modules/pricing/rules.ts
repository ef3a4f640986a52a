// Pure money rules of checkout (M6): member pricing, coupons and points stacked on one store order. No I/O; plain
// inputs the checkout and the cart build from their rows; integer minor units only (no floats). Best combination:
// best-choice.ts; refunds, points and growth given back, settlement: after-sales.ts.
import { floorBasisPoints } from '../../kernel/money.ts';
import type { CouponKind, CouponScope } from '../coupons/schema.ts';
import { allocateDiscount } from '../orders/rules.ts';

/**
 * THE STACKING RULE of a store order (README "Membership and coupons" quotes it for the UI):
 * 1. Member pricing, per item: a member pays the SKU's member price or the level's price (price_bp of the list price),
 *    whichever is lower, never both; a non-member pays the list price.
 * 2. Product-level coupons: at most one per item, on the item's amount after member pricing.
 * 3. One store-level coupon at most, on what remains of the whole store order after step 2.
 *    A coupon's threshold is checked on the amount it applies to (step 2: its items; step 3: the remainder).
 * 4. Points last: at most max_points_share_bp of what remains after the coupons, points_per_minor points a fen.
 * Nothing goes below zero; the shipping fee is never discounted. Rounding: see each step's function.
 */
export const STACKING_STEPS = ['member', 'product_coupon', 'store_coupon', 'points'] as const;

/** A line of the store order as the cart holds it. */
export type PricingItem = {
  /** The line's key in the store order (unique in it; the SKU id serves). */
  key: string;
  skuId: string;
  productId: string;
  /** List price of one unit, minor units. */
  unitPrice: number;
  /** skus.member_price of one unit, or null. */
  memberPrice: number | null;
  quantity: number;
};

/** A coupon the buyer holds, already checked by the caller as usable now (state, window, audience, currency). */
export type PricingCoupon = {
  /** The held coupon's id. */
  id: string;
  scope: CouponScope;
  kind: CouponKind;
  /** percent: what the buyer pays of the amount, basis points (2000..10000). */
  payBp: number | null;
  /** The amount it applies to must reach this (spend_off; 0 for the other kinds). */
  threshold: number;
  /** spend_off, flat: off the amount; direct: off each unit. */
  amount: number;
  /** scope product: the products it applies to. */
  productIds: string[];
  /** End of its use window: only breaks ties in bestChoice (the earliest-expiring coupon is used first). */
  validUntil: Date;
};

export type PricingInput = {
  items: PricingItem[];
  /** The buyer's level (member_levels.price_bp); null when not a member: no member pricing. */
  member: { priceBp: number } | null;
  coupons: PricingCoupon[];
  /** The buyer's points and the program's rates; null: points cannot be used (not a member, no program). */
  points: { balance: number; pointsPerMinor: number; maxShareBp: number } | null;
  /** The store order's shipping fee: added to what is paid, never discounted. */
  shippingFee: number;
};

/** What the buyer picks: one store coupon, a product coupon per item key (one coupon may cover several items), points. */
export type PricingChoice = { storeCoupon: string | null; productCoupons: Record<string, string>; points: number };

export const NO_CHOICE: PricingChoice = { storeCoupon: null, productCoupons: {}, points: 0 };

/** Why a choice cannot be priced (stable codes the checkout turns into problems). */
export const PRICING_REFUSALS = [
  'item_unknown', 'coupon_not_held', 'coupon_wrong_scope', 'coupon_not_for_item', 'coupon_threshold_not_met',
  'points_invalid', 'points_unavailable', 'points_not_whole', 'points_over_balance', 'points_over_share',
] as const;
export type PricingRefusal = (typeof PRICING_REFUSALS)[number];

export type PricedLine = {
  key: string;
  skuId: string;
  productId: string;
  quantity: number;
  unitPrice: number;
  /** unitPrice * quantity. */
  listAmount: number;
  /** What one unit costs after member pricing, and which rule gave it. */
  memberUnitPrice: number;
  memberBy: 'list' | 'member_price' | 'level';
  /** memberUnitPrice * quantity. */
  memberAmount: number;
  productCouponId: string | null;
  productCouponDiscount: number;
  storeCouponDiscount: number;
  pointsDiscount: number;
  /** The points behind pointsDiscount (pointsDiscount * points_per_minor): what a refund of the whole item gives back. */
  pointsSpent: number;
  /** memberAmount - productCouponDiscount - storeCouponDiscount - pointsDiscount. */
  paid: number;
};

export type PricingTotals = {
  list: number;
  /** list - member amounts. */
  memberDiscount: number;
  productCoupons: number;
  storeCoupon: number;
  points: number;
  pointsSpent: number;
  /** What the items cost after every discount. */
  itemsPaid: number;
  shippingFee: number;
  /** itemsPaid + shippingFee: what the buyer pays for the store order. */
  total: number;
};

export type Breakdown = { lines: PricedLine[]; storeCouponId: string | null; productCouponIds: string[]; totals: PricingTotals };
export type Priced = { ok: true; breakdown: Breakdown } | { ok: false; reason: PricingRefusal; couponId?: string; itemKey?: string };

export function assertAmounts(input: PricingInput) {
  const keys = new Set<string>();
  for (const i of input.items) {
    if (keys.has(i.key)) throw new RangeError(`item key ${i.key} twice`);
    keys.add(i.key);
    if (!Number.isSafeInteger(i.unitPrice) || i.unitPrice < 0 || !Number.isSafeInteger(i.quantity) || i.quantity <= 0) throw new RangeError(`item ${i.key}: bad price or quantity`);
    if (i.memberPrice !== null && (!Number.isSafeInteger(i.memberPrice) || i.memberPrice < 0)) throw new RangeError(`item ${i.key}: bad member price`);
  }
  if (!Number.isSafeInteger(input.shippingFee) || input.shippingFee < 0) throw new RangeError('bad shipping fee');
}

/**
 * Step 1, one unit: the lower of the SKU's member price and the level price, floor(unitPrice * price_bp / 10000)
 * (rounded down per unit: the fraction of a fen goes to the buyer, and a unit shows the same price on every line);
 * the list price for a non-member, and never above it. On a tie the member price is named.
 */
export function memberUnitPrice(item: Pick<PricingItem, 'unitPrice' | 'memberPrice'>, member: PricingInput['member']): { price: number; by: PricedLine['memberBy'] } {
  if (!member) return { price: item.unitPrice, by: 'list' };
  const level = member.priceBp < 10000 ? floorBasisPoints(item.unitPrice, member.priceBp) : item.unitPrice;
  const best = Math.min(item.unitPrice, level, item.memberPrice ?? item.unitPrice);
  if (best === item.unitPrice) return { price: best, by: 'list' };
  return { price: best, by: item.memberPrice === best ? 'member_price' : 'level' };
}

/**
 * What a coupon takes off the lines it applies to ({amount, quantity}: what is left of each line), per line, or null
 * when the lines' total is below its threshold (checked for every kind; 0 for most). Never more than a line's amount.
 * - percent: the buyer pays floor(total * pay_bp / 10000): the discount is the rest (the fraction of a fen is the buyer's);
 * - spend_off, flat: `amount` off the total, at most the total;
 * then the discount is shared over the lines by largest remainder (orders/rules.ts allocateDiscount), and
 * - direct: `amount` off each unit, at most each line's amount (no sharing needed).
 */
export function couponShares(c: Pick<PricingCoupon, 'kind' | 'payBp' | 'threshold' | 'amount'>, lines: { amount: number; quantity: number }[]): number[] | null {
  const total = lines.reduce((s, l) => s + l.amount, 0);
  if (total < c.threshold) return null;
  if (c.kind === 'direct') return lines.map((l) => Math.min(c.amount * l.quantity, l.amount));
  const discount = c.kind === 'percent' ? total - floorBasisPoints(total, c.payBp ?? 10000) : Math.min(c.amount, total);
  return allocateDiscount(lines.map((l) => l.amount), discount);
}

/**
 * The most points the buyer may spend on what remains after the coupons: floor(remaining * max_points_share_bp /
 * 10000) fen at most (rounded down: the cap never exceeds the share), and no more than the balance buys in whole
 * fen; returned in points (a multiple of points_per_minor).
 */
export function maxPointsFor(remaining: number, points: PricingInput['points']): number {
  if (!points || remaining <= 0) return 0;
  const fen = Math.min(Math.floor(points.balance / points.pointsPerMinor), floorBasisPoints(remaining, points.maxShareBp));
  return Math.max(0, fen) * points.pointsPerMinor;
}

type Work = { item: PricingItem; memberUnitPrice: number; memberBy: PricedLine['memberBy']; memberAmount: number; productCouponId: string | null; product: number; store: number; points: number };
type Refused = Extract<Priced, { ok: false }>;
const left = (w: Work) => w.memberAmount - w.product - w.store - w.points;

/**
 * Prices a store order for a choice, following the stacking rule above, or says why the choice is refused. The
 * store coupon and the points are shared over the lines by largest remainder in fen (never negative, never more
 * than what is left of a line, summing exactly).
 */
export function priceStoreOrder(input: PricingInput, choice: PricingChoice): Priced {
  assertAmounts(input);
  const work = stack(input, choice);
  return Array.isArray(work) ? { ok: true, breakdown: breakdownOf(work, choice.storeCoupon, input) } : work;
}

/** The steps of the stacking rule on checked input: what each line gets, or the refusal (bestChoice calls it per combination). */
export function stack(input: PricingInput, choice: PricingChoice): Work[] | Refused {
  const work: Work[] = input.items.map((item) => {
    const m = memberUnitPrice(item, input.member);
    return { item, memberUnitPrice: m.price, memberBy: m.by, memberAmount: m.price * item.quantity, productCouponId: null, product: 0, store: 0, points: 0 };
  });
  const held = (id: string) => input.coupons.find((c) => c.id === id);

  // Step 2: product coupons, each on the member amounts of the items it is put on.
  const groups = new Map<string, Work[]>();
  for (const itemKey in choice.productCoupons) {
    const couponId = choice.productCoupons[itemKey];
    const w = work.find((x) => x.item.key === itemKey);
    if (!w) return { ok: false, reason: 'item_unknown', itemKey };
    const c = held(couponId);
    if (!c) return { ok: false, reason: 'coupon_not_held', couponId };
    if (c.scope !== 'product') return { ok: false, reason: 'coupon_wrong_scope', couponId };
    if (!c.productIds.includes(w.item.productId)) return { ok: false, reason: 'coupon_not_for_item', couponId, itemKey };
    w.productCouponId = couponId;
    const g = groups.get(couponId);
    if (g) g.push(w);
    else groups.set(couponId, [w]);
  }
  for (const [couponId, ws] of groups) {
    const shares = couponShares(held(couponId)!, ws.map((w) => ({ amount: w.memberAmount, quantity: w.item.quantity })));
    if (!shares) return { ok: false, reason: 'coupon_threshold_not_met', couponId };
    ws.forEach((w, k) => (w.product = shares[k]));
  }

  // Step 3: one store coupon on what remains of the store order.
  if (choice.storeCoupon !== null) {
    const c = held(choice.storeCoupon);
    if (!c) return { ok: false, reason: 'coupon_not_held', couponId: choice.storeCoupon };
    if (c.scope !== 'store') return { ok: false, reason: 'coupon_wrong_scope', couponId: c.id };
    const shares = couponShares(c, work.map((w) => ({ amount: left(w), quantity: w.item.quantity })));
    if (!shares) return { ok: false, reason: 'coupon_threshold_not_met', couponId: c.id };
    work.forEach((w, k) => (w.store = shares[k]));
  }

  // Step 4: points, in whole fen, at most the share of what remains.
  const p = choice.points;
  if (!Number.isSafeInteger(p) || p < 0) return { ok: false, reason: 'points_invalid' };
  if (p > 0) {
    const rates = input.points;
    if (!rates) return { ok: false, reason: 'points_unavailable' };
    if (p % rates.pointsPerMinor !== 0) return { ok: false, reason: 'points_not_whole' };
    if (p > rates.balance) return { ok: false, reason: 'points_over_balance' };
    if (p > maxPointsFor(remainingOf(work), rates)) return { ok: false, reason: 'points_over_share' };
    const shares = allocateDiscount(work.map(left), p / rates.pointsPerMinor);
    work.forEach((w, k) => (w.points = shares[k]));
  }
  return work;
}

/** What the lines still cost after the steps so far. */
export const remainingOf = (work: Work[]) => work.reduce((s, w) => s + left(w), 0);

function breakdownOf(work: Work[], storeCouponId: string | null, input: PricingInput): Breakdown {
  const ppm = input.points?.pointsPerMinor ?? 1;
  const lines: PricedLine[] = work.map(({ item: i, ...w }) => ({
    key: i.key, skuId: i.skuId, productId: i.productId, quantity: i.quantity, unitPrice: i.unitPrice, listAmount: i.unitPrice * i.quantity,
    memberUnitPrice: w.memberUnitPrice, memberBy: w.memberBy, memberAmount: w.memberAmount,
    productCouponId: w.productCouponId, productCouponDiscount: w.product, storeCouponDiscount: w.store,
    pointsDiscount: w.points, pointsSpent: w.points * ppm, paid: w.memberAmount - w.product - w.store - w.points,
  }));
  const sum = (f: (l: PricedLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  const list = sum((l) => l.listAmount);
  const itemsPaid = sum((l) => l.paid);
  return {
    lines,
    storeCouponId,
    productCouponIds: [...new Set(lines.flatMap((l) => (l.productCouponId ? [l.productCouponId] : [])))],
    totals: {
      list, memberDiscount: list - sum((l) => l.memberAmount), productCoupons: sum((l) => l.productCouponDiscount),
      storeCoupon: sum((l) => l.storeCouponDiscount), points: sum((l) => l.pointsDiscount), pointsSpent: sum((l) => l.pointsSpent),
      itemsPaid, shippingFee: input.shippingFee, total: itemsPaid + input.shippingFee,
    },
  };
}
