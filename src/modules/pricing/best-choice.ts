// The best combination of coupons and points for the buyer, by exhaustive search over the allowed combinations.
import { assertAmounts, couponShares, maxPointsFor, memberUnitPrice, priceStoreOrder, remainingOf, stack, type Breakdown, type PricingChoice, type PricingCoupon, type PricingInput } from './rules.ts';

/**
 * The most combinations bestChoice prices for one store order: (1 + store coupons) x the product over items of
 * (1 + product coupons for that item). A cart's store order is small (a few items, a few coupons) and stays under
 * it; above it the candidates with the smallest discount alone are dropped until it fits (`exhaustive` is false).
 */
export const BEST_CHOICE_MAX_COMBINATIONS = 1024;

export type BestChoice = { choice: PricingChoice; breakdown: Breakdown; exhaustive: boolean; combinations: number };

type Candidates = { store: (PricingCoupon | null)[]; items: { key: string; coupons: (PricingCoupon | null)[] }[] };

const count = (c: Candidates) => c.items.reduce((n, i) => n * i.coupons.length, c.store.length);

/**
 * The best valid choice for the buyer: the lowest total paid; on a tie the fewest points spent, then the fewest
 * coupons used, then the one using the earliest-expiring coupons (compared soonest first: the buyer keeps the
 * coupons that last longer), then the first found (no coupon before a coupon, coupons in the input's order).
 * Every combination of at most one store coupon and at most one product coupon per item is priced (a product coupon
 * may cover several of its items); for each, the points are maxed last (maxPointsFor on what remains). Using no
 * coupon and no point is always valid.
 */
export function bestChoice(input: PricingInput): BestChoice {
  assertAmounts(input);
  const cands = candidates(input);
  const exhaustive = trim(cands, input);
  const combinations = count(cands);
  const pick = cands.items.map(() => 0);
  let best: { choice: PricingChoice; key: (number | string)[] } | null = null;
  for (let s = 0; s < cands.store.length; s++) {
    for (let n = 0; n < combinations / cands.store.length; n++) {
      // pick: the odometer of product coupons per item.
      let r = n;
      for (let i = 0; i < pick.length; i++) {
        pick[i] = r % cands.items[i].coupons.length;
        r = Math.floor(r / cands.items[i].coupons.length);
      }
      const productCoupons: Record<string, string> = {};
      cands.items.forEach((it, i) => {
        const c = it.coupons[pick[i]];
        if (c) productCoupons[it.key] = c.id;
      });
      const choice: PricingChoice = { storeCoupon: cands.store[s]?.id ?? null, productCoupons, points: 0 };
      const work = stack(input, choice);
      if (!Array.isArray(work)) continue;
      const remaining = remainingOf(work);
      choice.points = maxPointsFor(remaining, input.points);
      const fen = choice.points / (input.points?.pointsPerMinor ?? 1);
      const used = [...new Set([...(choice.storeCoupon ? [choice.storeCoupon] : []), ...Object.values(productCoupons)])];
      const expiries = used.map((id) => input.coupons.find((c) => c.id === id)!.validUntil.getTime()).sort((a, b) => a - b);
      const key = [remaining - fen, choice.points, used.length, ...expiries];
      if (!best || less(key, best.key)) best = { choice, key };
    }
  }
  const priced = priceStoreOrder(input, best!.choice);
  if (!priced.ok) throw new Error(`best choice refused: ${priced.reason}`);
  return { choice: best!.choice, breakdown: priced.breakdown, exhaustive, combinations };
}

function less(a: (number | string)[], b: (number | string)[]) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** No coupon first, then the held coupons that could apply, in the input's order. */
function candidates(input: PricingInput): Candidates {
  return {
    store: [null, ...input.coupons.filter((c) => c.scope === 'store')],
    items: input.items.map((i) => ({ key: i.key, coupons: [null, ...input.coupons.filter((c) => c.scope === 'product' && c.productIds.includes(i.productId))] })),
  };
}

/**
 * Above the bound, drops candidates until the count fits: from the longest lists, the candidate worth least alone (its
 * discount on its item, or on the whole order for a store coupon, at member prices). True when nothing was dropped.
 */
function trim(cands: Candidates, input: PricingInput): boolean {
  if (count(cands) <= BEST_CHOICE_MAX_COMBINATIONS) return true;
  const amount = new Map(input.items.map((i) => [i.key, { amount: memberUnitPrice(i, input.member).price * i.quantity, quantity: i.quantity }]));
  const worth = (c: PricingCoupon, lines: { amount: number; quantity: number }[]) => (couponShares(c, lines) ?? []).reduce((s, x) => s + x, 0);
  const all = [...amount.values()];
  const lists: { coupons: (PricingCoupon | null)[]; lines: { amount: number; quantity: number }[] }[] = [
    { coupons: cands.store, lines: all },
    ...cands.items.map((i) => ({ coupons: i.coupons, lines: [amount.get(i.key)!] })),
  ];
  for (const l of lists) l.coupons.sort((a, b) => (a === null ? -1 : b === null ? 1 : worth(b, l.lines) - worth(a, l.lines)));
  const lastWorth = (l: (typeof lists)[number]) => worth(l.coupons[l.coupons.length - 1]!, l.lines);
  while (count(cands) > BEST_CHOICE_MAX_COMBINATIONS) {
    const most = Math.max(...lists.map((l) => l.coupons.length));
    const longest = lists.filter((l) => l.coupons.length === most);
    longest.reduce((m, l) => (lastWorth(l) < lastWorth(m) ? l : m)).coupons.pop();
  }
  return false;
}
