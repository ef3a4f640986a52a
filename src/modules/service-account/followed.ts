// The stores a buyer follows, for the storefront home's row of their newest products (catalog/storefront-home.ts).
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';

/** Ids of the open stores the buyer follows now, most recently followed first. */
export async function followedStoreIds(db: Db, buyerId: string): Promise<string[]> {
  const rows = await queryRows<{ storeId: string }>(db, sql`
    select f.store_id as "storeId" from service_follows f join stores s on s.id = f.store_id and s.status = 'open'
    where f.buyer_id = ${buyerId} and f.unfollowed_at is null order by f.followed_at desc limit 200`);
  return rows.map((r) => r.storeId);
}
