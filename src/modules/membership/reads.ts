// Reads of membership other modules use (coupons for member-only offers, checkout for member prices).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
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
