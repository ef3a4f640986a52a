// Reads of coupons other modules use: the coupons a buyer may use at checkout now (the cart and checkout price them).
import { sql, type SQL } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import type { PricingCoupon } from '../pricing/rules.ts';
import type { CouponKind, CouponScope } from './schema.ts';

export type UsableCoupon = PricingCoupon & { storeId: string; title: string; currency: string };

/** The most held coupons of one store a checkout considers (earliest-ending first). */
export const USABLE_COUPONS_PER_STORE = 20;

/**
 * The buyer's coupons of these stores usable at `now`: unused, inside their use window, of an offer not voided;
 * earliest-ending first (then by id), at most USABLE_COUPONS_PER_STORE per store.
 */
export async function usableCoupons(db: Db, buyerId: string, storeIds: string[], now: Date): Promise<UsableCoupon[]> {
  if (!storeIds.length) return [];
  const rows = await queryRows<UsableCouponRow>(db, usableCouponsSql(buyerId, sql`${pgArray(storeIds)}::uuid[]`, now));
  return rows.map(toUsableCoupon);
}

/** A row of usableCouponsSql (as the driver or json_agg gives it). */
export type UsableCouponRow = { id: string; storeId: string; title: string; scope: CouponScope; kind: CouponKind; payBp: number | null; threshold: number | string; amount: number | string; currency: string; validUntil: Date | string; productIds: string[] | null; n: number | string };

/**
 * The select of usableCoupons over `storeIds` (an expression of uuid[]), for a statement that reads more beside it.
 * `only` (an expression of uuid[]) keeps just those of them (a checkout prices the coupons the buyer chose; which
 * are usable is decided as for the cart, among the store's first USABLE_COUPONS_PER_STORE). The buyer and the time
 * may be expressions (a statement reading for several buyers at once).
 */
export function usableCouponsSql(buyerId: string | SQL, storeIds: SQL, now: Date | SQL, only?: SQL) {
  return sql`select u.id, u."storeId", c.title, c.scope, c.kind, c.pay_bp as "payBp", c.threshold, c.amount, c.currency, u."validUntil",
      (select array_agg(p.product_id order by p.product_id) from coupon_products p where p.coupon_id = c.id) as "productIds", u.n
    from (
      select h.id, h.store_id as "storeId", h.coupon_id, h.valid_until as "validUntil",
        row_number() over (partition by h.store_id order by h.valid_until, h.id) as n
      from held_coupons h join coupons c on c.id = h.coupon_id
      where h.buyer_id = ${buyerId} and h.store_id = any(${storeIds}) and h.state = 'unused'
        and h.valid_from <= ${now} and h.valid_until > ${now} and c.state <> 'voided') u
      join coupons c on c.id = u.coupon_id
    where u.n <= ${USABLE_COUPONS_PER_STORE}${only ? sql` and u.id = any(${only})` : sql``} order by u."storeId", u."validUntil", u.id`;
}

export const toUsableCoupon = (r: UsableCouponRow): UsableCoupon => ({
  id: r.id, storeId: r.storeId, title: r.title, scope: r.scope, kind: r.kind, payBp: r.payBp, threshold: Number(r.threshold), amount: Number(r.amount),
  currency: r.currency, productIds: r.productIds ?? [], validUntil: new Date(r.validUntil),
});
