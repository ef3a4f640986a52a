// A store order's price breakdown (server: src/modules/pricing/rules.ts) as the lines the cart and the order show:
// what each step of the stacking rule took off, in order, then what is paid. Pure: the screen formats the amounts
// (useFormat().money) and translates the labels (i18n section `pricing`). The shapes below are the fields of the
// server's breakdown the lines read; once the cart API serves it, they become picks of its generated types.

/** What the lines need of a priced store order's totals (integer minor units). */
export type PricingTotalsView = {
  list: number; memberDiscount: number; productCoupons: number; storeCoupon: number; points: number; pointsSpent: number;
  shippingFee: number; total: number;
};

/** What the lines need of one item of a priced store order. */
export type PricedLineView = {
  listAmount: number; memberBy: 'list' | 'member_price' | 'level'; memberAmount: number;
  productCouponDiscount: number; storeCouponDiscount: number; pointsDiscount: number; pointsSpent: number; paid: number;
};

/** The label of each line: `pricing.lines.<kind>` (params: `points` for points). */
export const PRICE_LINE_KINDS = ['list', 'member_price', 'level', 'product_coupon', 'store_coupon', 'points', 'shipping', 'paid', 'total'] as const;
export type PriceLineKind = (typeof PRICE_LINE_KINDS)[number];

/** A line to show: its label key, its amount (a discount is negative), and the points behind a points line. */
export type PriceLine = { kind: PriceLineKind; labelKey: `pricing.lines.${PriceLineKind}`; amount: number; points?: number; emphasis?: true };

const line = (kind: PriceLineKind, amount: number, extra: Partial<PriceLine> = {}): PriceLine => ({ kind, labelKey: `pricing.lines.${kind}`, amount, ...extra });

/**
 * The store order's summary: list total, then each discount that took something off (member pricing, product
 * coupons, the store coupon, points), the shipping fee (always shown, never discounted) and the total, emphasised.
 * Discounts that took nothing are left out. The lines add up: list + every discount + shipping = total.
 */
export function orderPriceLines(t: PricingTotalsView, member: PricedLineView['memberBy'] = 'member_price'): PriceLine[] {
  const lines = [line('list', t.list)];
  if (t.memberDiscount > 0) lines.push(line(member === 'level' ? 'level' : 'member_price', -t.memberDiscount));
  if (t.productCoupons > 0) lines.push(line('product_coupon', -t.productCoupons));
  if (t.storeCoupon > 0) lines.push(line('store_coupon', -t.storeCoupon));
  if (t.points > 0) lines.push(line('points', -t.points, { points: t.pointsSpent }));
  lines.push(line('shipping', t.shippingFee), line('total', t.total, { emphasis: true }));
  return lines;
}

/** One item's lines: its list amount, what member pricing and each coupon and points took off it, and what it paid. */
export function itemPriceLines(l: PricedLineView): PriceLine[] {
  const lines = [line('list', l.listAmount)];
  if (l.memberBy !== 'list' && l.memberAmount < l.listAmount) lines.push(line(l.memberBy, l.memberAmount - l.listAmount));
  if (l.productCouponDiscount > 0) lines.push(line('product_coupon', -l.productCouponDiscount));
  if (l.storeCouponDiscount > 0) lines.push(line('store_coupon', -l.storeCouponDiscount));
  if (l.pointsDiscount > 0) lines.push(line('points', -l.pointsDiscount, { points: l.pointsSpent }));
  lines.push(line('paid', l.paid, { emphasis: true }));
  return lines;
}

/** Which member pricing the order summary names: the level's discount when every discounted item got it, else member price. */
export function memberPricingOf(lines: Pick<PricedLineView, 'memberBy'>[]): PricedLineView['memberBy'] {
  const used = lines.filter((l) => l.memberBy !== 'list');
  return used.length > 0 && used.every((l) => l.memberBy === 'level') ? 'level' : 'member_price';
}
