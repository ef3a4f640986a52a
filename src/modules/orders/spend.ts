// What a buyer's choice of coupons and points takes, as common table expressions: the checkout statement runs them
// for its store orders, a gift's send statement for its gift (the one place either is taken). Guarded updates only,
// so two tabs cannot spend one coupon or the same points twice; the statement aborts itself (trio_refuse) when
// something it was to take was gone, and writes nothing then.
import { sql, type SQL } from 'drizzle-orm';
import { pgArray } from '../../db/client.ts';
import { Conflict, type AppError } from '../../kernel/errors.ts';
import { heldCouponMachine } from '../coupons/rules.ts';

/** The held coupons to lock and the points to take per store. */
export type Spend = { couponIds: string[]; points: { storeId: string; points: number }[] };

/** Who takes them: the checkout's store orders, or a gift (a CTE `ord` gives their id and store_id either way). */
type Taker = { now: Date; buyerId: string; owner: 'order' | 'gift' };

/**
 * What the choice spends, taken only when `ok`: the held coupons locked by their store's order or gift (guarded:
 * the buyer's, unused, inside the use window), the points from the member's balance (guarded: never below zero) and
 * from the valid lots oldest-expiry first (each guarded, each lot's take recorded in point_spends so that points
 * given back return to their lots), and the 'spent' events.
 */
export function spendCtes(o: Taker, p: Spend, ok: SQL) {
  const now = o.now.toISOString();
  const owner = sql.raw(o.owner === 'order' ? 'order_id' : 'gift_id');
  return sql`
    hc as (
      -- Each coupon found by its id (the primary key): a generic plan over the buyer's and the store's coupons read
      -- all they ever held.
      update held_coupons h set state = ${heldCouponMachine.transition('unused', 'lock')}, ${owner} = ord.id, updated_at = ${now}
      from unnest(${pgArray(p.couponIds)}::uuid[]) as u(id), ord where ${ok} and h.id = u.id and h.store_id = ord.store_id and h.buyer_id = ${o.buyerId}
        and h.state = 'unused' and h.valid_from <= ${now} and h.valid_until > ${now}
      returning h.id),
    spend as (select * from unnest(${pgArray(p.points.map((x) => x.storeId))}::uuid[], ${pgArray(p.points.map((x) => x.points))}::bigint[]) as s(store_id, points)),
    mem as (
      update members m set points = m.points - s.points, updated_at = ${now}
      from spend s where ${ok} and m.store_id = s.store_id and m.buyer_id = ${o.buyerId} and m.points >= s.points
      returning m.store_id, m.level, s.points),
    lot_plan as (
      select l.id, least(l.remaining, s.points - l.before) as take
      from spend s cross join lateral (
        -- Per store, by the member's own lots (point_lots_member_idx): a plan joining the stores to every valid lot
        -- then filtering by buyer read all the platform's lots.
        select l.id, l.remaining, sum(l.remaining) over (order by l.expires_at, l.id) - l.remaining as before
        from point_lots l where l.store_id = s.store_id and l.buyer_id = ${o.buyerId} and l.live and l.expires_at > ${now}) l),
    lot_take as (
      update point_lots l set remaining = l.remaining - lp.take
      from lot_plan lp where ${ok} and l.id = lp.id and lp.take > 0 and l.remaining >= lp.take
      returning l.id, l.store_id, lp.take),
    lot_spent as (
      insert into point_spends (store_id, buyer_id, lot_id, ${owner}, points)
      select lt.store_id, ${o.buyerId}, lt.id, ord.id, lt.take from lot_take lt join ord using (store_id)),
    mev as (
      insert into member_events (store_id, buyer_id, kind, points, level, ${owner}, created_at)
      select mem.store_id, ${o.buyerId}, 'spent', -mem.points, mem.level, ord.id, ${now} from mem join ord using (store_id)),`;
}

/** The statement aborts itself when a coupon or points it was to spend were gone (nothing is written then). */
export function spentCheck(p: Spend) {
  const points = p.points.reduce((s, x) => s + x.points, 0);
  return sql`when (select count(*) from hc) <> ${p.couponIds.length} then trio_refuse('coupon_gone')
      when (select count(*) from mem) <> ${p.points.length} then trio_refuse('points_insufficient')
      when (select coalesce(sum(take), 0) from lot_take) <> ${points} then trio_refuse('points_gone')`;
}

/** The 409 of a coupon or points gone meanwhile (spentCheck's refusals), or null for another reason. */
export function spendRefused(reason: string | null | undefined): AppError | null {
  if (reason === 'coupon_gone') return new Conflict('coupon_unavailable', 'A coupon you chose was just used in another order, or has expired: choose again.');
  if (reason === 'points_insufficient' || reason === 'points_gone') return new Conflict('points_insufficient', 'Your points were just spent in another order, or have expired: choose again.');
  return null;
}
