// Reads of membership other modules use (coupons for member-only offers, checkout for member prices).
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import { members, membershipPrograms } from './schema.ts';

/** The buyer's level in the store's program, or null when the buyer is not a member or the program is off. */
export async function memberLevel(db: Db, storeId: string, buyerId: string): Promise<number | null> {
  const [row] = await db.select({ level: members.level, enabled: membershipPrograms.enabled }).from(members)
    .innerJoin(membershipPrograms, eq(membershipPrograms.storeId, members.storeId))
    .where(and(eq(members.storeId, storeId), eq(members.buyerId, buyerId)));
  return row?.enabled ? row.level : null;
}

/** The outbox topic written in the transaction where a buyer joins a store's program (payload: storeId, buyerId, source). */
export const MEMBER_JOINED = 'member.joined';

/** What pricing needs of a buyer's membership of one store: the level's price and the points they may spend. */
export type MemberPricing = { storeId: string; level: number; priceBp: number; points: { balance: number; pointsPerMinor: number; maxShareBp: number } };

/**
 * The buyer's memberships of these stores (programs switched on): level, its price (basis points of the list price)
 * and the points valid at `now` (the lots not expired: the balance may still count lots the sweep has not reached).
 */
export async function memberPricing(db: Db, buyerId: string, storeIds: string[], now: Date): Promise<Map<string, MemberPricing>> {
  if (!storeIds.length) return new Map();
  const rows = await queryRows<MemberPricingRow>(db, memberPricingSql(buyerId, sql`${pgArray(storeIds)}::uuid[]`, now));
  return new Map(rows.map((r) => [r.storeId, toMemberPricing(r)]));
}

/** A row of memberPricingSql. */
export type MemberPricingRow = { storeId: string; level: number; priceBp: number | null; pointsPerMinor: number; maxShareBp: number; balance: number | string };

/**
 * The select of memberPricing over `storeIds` (an expression of uuid[]), for a statement that reads more beside it
 * (the buyer and the time may be expressions too: a statement reading for several buyers at once).
 */
export function memberPricingSql(buyerId: string | SQL, storeIds: SQL, now: Date | SQL) {
  return sql`select m.store_id as "storeId", m.level, l.price_bp as "priceBp", p.points_per_minor as "pointsPerMinor", p.max_points_share_bp as "maxShareBp",
      (select coalesce(sum(pl.remaining), 0) from point_lots pl where pl.store_id = m.store_id and pl.buyer_id = m.buyer_id and pl.live and pl.expires_at > ${now}) as balance
    from members m join membership_programs p on p.store_id = m.store_id and p.enabled
      left join member_levels l on l.store_id = m.store_id and l.level = m.level
    where m.buyer_id = ${buyerId} and m.store_id = any(${storeIds})`;
}

export const toMemberPricing = (r: MemberPricingRow): MemberPricing => ({
  storeId: r.storeId, level: r.level, priceBp: r.priceBp ?? 10000,
  points: { balance: Number(r.balance), pointsPerMinor: r.pointsPerMinor, maxShareBp: r.maxShareBp },
});
