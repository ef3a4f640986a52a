// Following a store's service account: from the store page, a mini-site, after a purchase or a gift claim (the order
// says which store and must be the buyer's); unfollowing keeps where they first came from. The merchant's list of
// followers with filters (source, member level, city tier, last purchase) and counts.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { FOLLOW_SOURCES, type BroadcastSegment, type FollowSource } from './schema.ts';

export type FollowInput = { source: FollowSource; orderId?: string | null };
export type FollowView = { storeId: string; storeName: string; following: boolean; source: FollowSource | null; followedAt: string | null };

async function openStoreName(db: Db, storeId: string): Promise<string> {
  const [s] = await queryRows<{ name: string }>(db, sql`select name from stores where id = ${storeId} and status = 'open'`);
  if (!s) throw new NotFound('store');
  return s.name;
}

export async function followOf(db: Db, buyerId: string, storeId: string): Promise<FollowView> {
  const storeName = await openStoreName(db, storeId);
  const [f] = await queryRows<{ source: FollowSource; followedAt: Date | string; unfollowedAt: Date | string | null }>(db, sql`
    select source, followed_at as "followedAt", unfollowed_at as "unfollowedAt" from service_follows where store_id = ${storeId} and buyer_id = ${buyerId}`);
  const following = !!f && f.unfollowedAt === null;
  return { storeId, storeName, following, source: following ? f.source : null, followedAt: following ? new Date(f.followedAt).toISOString() : null };
}

/**
 * Follows (again): the source is recorded; a follow after a purchase or a gift claim names the order, which must be
 * the buyer's at that store (a gift claim: an order of a gift). Following twice changes nothing.
 */
export async function follow(ctx: Ctx, buyerId: string, storeId: string, input: FollowInput): Promise<FollowView> {
  await openStoreName(ctx.db, storeId);
  if (input.source === 'after_purchase' || input.source === 'after_gift_claim') {
    if (!input.orderId) throw new Invalid('follow_order_required', 'Following after a purchase or a gift claim names the order.');
    const [o] = await queryRows<{ gift: boolean }>(ctx.db, sql`select gift_id is not null as gift from orders
      where id = ${input.orderId} and buyer_id = ${buyerId} and store_id = ${storeId}`);
    if (!o || (input.source === 'after_gift_claim') !== o.gift) throw new Invalid('follow_order_not_found', 'This order is not yours at this store (or not of that kind).');
  }
  const now = ctx.clock.now();
  await ctx.db.execute(sql`
    insert into service_follows (store_id, buyer_id, source, order_id, followed_at) values (${storeId}, ${buyerId}, ${input.source}, ${input.orderId ?? null}, ${now})
    on conflict (store_id, buyer_id) do update set source = excluded.source, order_id = excluded.order_id, followed_at = excluded.followed_at, unfollowed_at = null
    where service_follows.unfollowed_at is not null`);
  return followOf(ctx.db, buyerId, storeId);
}

export async function unfollow(ctx: Ctx, buyerId: string, storeId: string): Promise<FollowView> {
  await ctx.db.execute(sql`update service_follows set unfollowed_at = ${ctx.clock.now()} where store_id = ${storeId} and buyer_id = ${buyerId} and unfollowed_at is null`);
  return followOf(ctx.db, buyerId, storeId);
}

/** The stores the buyer follows, with unread counts (the inbox's list of senders). */
export async function followedStores(db: Db, buyerId: string) {
  const rows = await queryRows<{ storeId: string; storeName: string; source: FollowSource; followedAt: Date | string }>(db, sql`
    select f.store_id as "storeId", s.name as "storeName", f.source, f.followed_at as "followedAt"
    from service_follows f join stores s on s.id = f.store_id where f.buyer_id = ${buyerId} and f.unfollowed_at is null order by f.followed_at desc`);
  return rows.map((r) => ({ ...r, followedAt: new Date(r.followedAt).toISOString() }));
}

/** SQL: is the buyer following the store now (notices go to followers only). */
export const followingSql = (storeId: string, buyerId: string) =>
  sql<boolean>`exists (select 1 from service_follows where store_id = ${storeId} and buyer_id = ${buyerId} and unfollowed_at is null)`;

export type FollowerFilter = BroadcastSegment & { limit: number; offset: number };

/**
 * SQL: `from … where …` of the store's followers in a segment (aliases f: the follow, u: the user, m: the membership,
 * lp: the last paid order and the number of paid orders). The followers list and the broadcasts' audience.
 */
export function followersIn(storeId: string, f: BroadcastSegment, now: Date): SQL {
  const t = now.getTime();
  const conds: SQL[] = [sql`f.store_id = ${storeId}`, sql`f.unfollowed_at is null`];
  if (f.source) conds.push(sql`f.source = ${f.source}`);
  if (f.minLevel) conds.push(sql`m.level >= ${f.minLevel}`);
  if (f.cityTier) conds.push(sql`u.city_tier = ${f.cityTier}`);
  if (f.boughtWithinDays) conds.push(sql`lp.at >= ${new Date(t - f.boughtWithinDays * 86_400_000)}`);
  if (f.notBoughtForDays) conds.push(sql`(lp.at is null or lp.at < ${new Date(t - f.notBoughtForDays * 86_400_000)})`);
  if (f.categoryId) {
    conds.push(sql`exists (select 1 from orders o join order_items i on i.order_id = o.id
      where o.store_id = f.store_id and o.buyer_id = f.buyer_id and o.paid_at is not null and i.category_id = ${f.categoryId})`);
  }
  if (f.shopId) conds.push(sql`exists (select 1 from orders o where o.store_id = f.store_id and o.buyer_id = f.buyer_id and o.shop_id = ${f.shopId} and o.paid_at is not null)`);
  return sql`from service_follows f join users u on u.id = f.buyer_id
    left join members m on m.store_id = f.store_id and m.buyer_id = f.buyer_id
    left join lateral (select max(paid_at) as at, count(*) as n from orders o where o.store_id = f.store_id and o.buyer_id = f.buyer_id and o.paid_at is not null) lp on true
    where ${sql.join(conds, sql` and `)}`;
}

/** The store's followers, newest first, with their member level and last purchase; the total and counts by source. */
export async function listFollowers(ctx: Ctx, storeId: string, f: FollowerFilter) {
  const base = followersIn(storeId, f, ctx.clock.now());
  const [items, counts] = await Promise.all([
    queryRows<{ buyerId: string; name: string; source: FollowSource; followedAt: Date | string; level: number | null; cityTier: string | null; lastPurchaseAt: Date | string | null; orders: number | string }>(ctx.db, sql`
      select f.buyer_id as "buyerId", u.display_name as name, f.source, f.followed_at as "followedAt", m.level, u.city_tier as "cityTier",
        lp.at as "lastPurchaseAt", lp.n as orders
      ${base} order by f.followed_at desc, f.buyer_id limit ${f.limit} offset ${f.offset}`),
    queryRows<{ source: FollowSource; n: number | string }>(ctx.db, sql`select f.source, count(*) as n ${base} group by f.source`),
  ]);
  const bySource = Object.fromEntries(FOLLOW_SOURCES.map((s) => [s, Number(counts.find((c) => c.source === s)?.n ?? 0)])) as Record<FollowSource, number>;
  return {
    items: items.map((r) => ({
      buyerId: r.buyerId, name: r.name, source: r.source, followedAt: new Date(r.followedAt).toISOString(), level: r.level ?? null, cityTier: r.cityTier,
      lastPurchaseAt: r.lastPurchaseAt ? new Date(r.lastPurchaseAt).toISOString() : null, orders: Number(r.orders),
    })),
    total: Object.values(bySource).reduce((a, b) => a + b, 0),
    bySource,
  };
}
