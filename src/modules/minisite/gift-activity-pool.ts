// The stock pool of a gift activity: taken from by one guarded statement per gift (never below zero, whatever the
// concurrency), given back to by gifts that expire unclaimed while the activity still runs. The activity's row is
// locked FOR SHARE first: closing or ending it (FOR UPDATE) waits for gifts in flight and they for it, so a unit is
// never put back into a pool that was already emptied into the SKUs.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';

/** The activity's state, its row locked against closing/ending until the caller's transaction ends. */
export async function lockActivityShared(tx: Db, activityId: string) {
  const [a] = await queryRows<{ state: string; storeId: string; miniSiteId: string; startsAt: Date; endsAt: Date }>(tx, sql`
    select state, store_id as "storeId", mini_site_id as "miniSiteId", starts_at as "startsAt", ends_at as "endsAt"
    from gift_activities where id = ${activityId} for share`);
  return a;
}

/** Takes `quantity` units of the SKU's pool: true when taken, false when fewer are left (one guarded update). */
export async function takeFromPool(tx: Db, activityId: string, skuId: string, quantity: number): Promise<boolean> {
  const rows = await queryRows<{ remaining: number }>(tx, sql`
    update gift_activity_items set remaining = remaining - ${quantity}
    where activity_id = ${activityId} and sku_id = ${skuId} and remaining >= ${quantity}
    returning remaining`);
  return rows.length === 1;
}

/**
 * Units of an expired cooperation gift go back to its activity's pool while the activity holds one (scheduled or
 * active): true. False when it finished: the caller gives them to the SKU.
 */
export async function returnToPool(tx: Db, activityId: string, skuId: string, quantity: number): Promise<boolean> {
  const a = await lockActivityShared(tx, activityId);
  if (!a || (a.state !== 'scheduled' && a.state !== 'active')) return false;
  const rows = await queryRows<{ remaining: number }>(tx, sql`
    update gift_activity_items set remaining = remaining + ${quantity} where activity_id = ${activityId} and sku_id = ${skuId} returning remaining`);
  return rows.length === 1;
}
