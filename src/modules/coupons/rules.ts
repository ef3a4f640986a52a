// Pure rules of coupons: the offer's and the held coupon's transition tables, what a valid offer is, and when a
// held coupon may be used. No I/O.
import { defineMachine } from '../../kernel/state-machine.ts';
import { Invalid } from '../../kernel/errors.ts';
import type { CouponAudience, CouponKind, CouponState, HeldCouponState } from './schema.ts';

export type CouponEvent = 'start' | 'end' | 'void';

/** scheduled (claim window not yet open) -> active -> expired (claim window over); any but a final state -> voided. */
export const couponMachine = defineMachine<CouponState, CouponEvent>('coupon', [
  { from: 'scheduled', event: 'start', to: 'active' },
  { from: 'scheduled', event: 'end', to: 'expired' },
  { from: 'active', event: 'end', to: 'expired' },
  { from: 'scheduled', event: 'void', to: 'voided' },
  { from: 'active', event: 'void', to: 'voided' },
  { from: 'expired', event: 'void', to: 'voided' },
]);

export type HeldCouponEvent = 'lock' | 'use' | 'release' | 'give_back' | 'expire' | 'void';

/**
 * unused -> locked (an unpaid order holds it: the checkout statement) -> used (the order is paid); locked -> unused
 * (the order is cancelled or its payment timed out); used -> unused (its whole order was refunded before shipping,
 * inside the use window: pricing/after-sales.ts couponComesBack); unused -> expired (its use window is over) or
 * voided (the merchant voided the offer).
 */
export const heldCouponMachine = defineMachine<HeldCouponState, HeldCouponEvent>('held_coupon', [
  { from: 'unused', event: 'lock', to: 'locked' },
  { from: 'locked', event: 'use', to: 'used' },
  { from: 'locked', event: 'release', to: 'unused' },
  { from: 'used', event: 'give_back', to: 'unused' },
  { from: 'unused', event: 'expire', to: 'expired' },
  { from: 'unused', event: 'void', to: 'voided' },
]);

/** The state an offer is in at `now` by its claim window (before: scheduled, inside: active, after: expired). */
export function stateByWindow(now: Date, claimStartsAt: Date, claimEndsAt: Date): Exclude<CouponState, 'voided'> {
  if (now < claimStartsAt) return 'scheduled';
  return now < claimEndsAt ? 'active' : 'expired';
}

export type OfferInput = {
  title: string;
  scope: 'store' | 'product';
  productIds?: string[];
  kind: CouponKind;
  payBp?: number | null;
  threshold?: number;
  amount?: number;
  audience: CouponAudience;
  minLevel?: number | null;
  totalQuantity: number;
  perPersonLimit?: number;
  claimStartsAt: Date;
  claimEndsAt: Date;
  useWindow: 'fixed' | 'days';
  useStartsAt?: Date | null;
  useEndsAt?: Date | null;
  useDays?: number | null;
};

/** Percent coupons pay between 20 % ("2-fold") and 100 % of the eligible amount. */
export const PAY_BP_MIN = 2000;
export const PAY_BP_MAX = 10000;

/** Why an offer is not valid (422 with a stable code), or nothing. `flatMax`: the platform's flat-reduction limit. */
export function validateOffer(o: OfferInput, flatMax: number): void {
  const amount = o.amount ?? 0;
  const threshold = o.threshold ?? 0;
  if (!Number.isSafeInteger(amount) || amount < 0 || !Number.isSafeInteger(threshold) || threshold < 0) throw new Invalid('coupon_amount_invalid', 'Amounts are whole minor units, zero or more.');
  if (o.kind === 'percent') {
    if (o.payBp == null || !Number.isInteger(o.payBp) || o.payBp < PAY_BP_MIN || o.payBp > PAY_BP_MAX) {
      throw new Invalid('coupon_percent_invalid', `A percentage coupon pays between ${PAY_BP_MIN} and ${PAY_BP_MAX} basis points of the price (20 % to 100 %).`, { min: PAY_BP_MIN, max: PAY_BP_MAX });
    }
  } else if (amount <= 0) {
    throw new Invalid('coupon_amount_invalid', 'This kind of coupon takes an amount above zero off.');
  }
  if (o.kind === 'spend_off' && !(threshold > amount)) throw new Invalid('coupon_threshold_invalid', 'The amount off must be less than the amount to spend.');
  if (o.kind === 'flat' && amount > flatMax) throw new Invalid('coupon_flat_too_large', `A flat reduction is at most ${flatMax} (the platform's limit).`, { max: flatMax });
  if (o.scope === 'product' && !(o.productIds?.length)) throw new Invalid('coupon_products_required', 'A product coupon names at least one product.');
  if (o.scope === 'store' && o.productIds?.length) throw new Invalid('coupon_products_unexpected', 'A store coupon applies to the whole store: name no products.');
  if (o.audience === 'members' && (o.minLevel == null || o.minLevel < 1)) throw new Invalid('coupon_min_level_required', 'A member-only coupon names the lowest level that may claim it.');
  if (!Number.isInteger(o.totalQuantity) || o.totalQuantity < 1) throw new Invalid('coupon_quantity_invalid', 'A coupon offer has at least one coupon.');
  if (o.perPersonLimit !== undefined && (!Number.isInteger(o.perPersonLimit) || o.perPersonLimit < 1)) throw new Invalid('coupon_quantity_invalid', 'Each person may claim at least one.');
  if (!(o.claimEndsAt > o.claimStartsAt)) throw new Invalid('coupon_windows_invalid', 'The claim window ends after it starts.');
  if (o.useWindow === 'fixed') {
    if (!o.useStartsAt || !o.useEndsAt || !(o.useEndsAt > o.useStartsAt)) throw new Invalid('coupon_windows_invalid', 'A fixed use window has a start and an end after it.');
    else if (o.useEndsAt < o.claimEndsAt) throw new Invalid('coupon_windows_invalid', 'The use window ends no earlier than the claim window (a coupon claimed last must still be usable).');
  } else if (o.useDays == null || !Number.isInteger(o.useDays) || o.useDays < 1) {
    throw new Invalid('coupon_windows_invalid', 'A coupon usable for N days after claiming needs N of at least 1.');
  }
}

export type UseWindowFacts = { useWindow: 'fixed' | 'days'; useStartsAt: Date | null; useEndsAt: Date | null; useDays: number | null };
/** When a coupon claimed (or given) at `at` may be used: the one place it is computed (claims and sign-up gifts). */
export function useWindowOf(c: UseWindowFacts, at: Date) {
  if (c.useWindow === 'fixed') return { validFrom: c.useStartsAt!, validUntil: c.useEndsAt! };
  return { validFrom: at, validUntil: new Date(at.getTime() + c.useDays! * 86_400_000) };
}
