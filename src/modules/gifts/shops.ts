// Offline shops (scan-to-gift): a physical shop or counter of a store with a QR code, optionally limited to some
// of the store's products. Gifts sent from a shop carry the 'offline' channel and the shop's id; the merchant sees
// per-shop counts and sales.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { products } from '../catalog/schema.ts';
import { categoryExcludedSql } from './eligibility.ts';
import { giftShops } from './schema.ts';

type ShopRow = typeof giftShops.$inferSelect;
export type ShopInput = { name: string; address: string; productIds: string[] | null };

/** The shop a gift of productId is sent from: 404 gift_shop_not_found (unknown or archived), 422 product_not_in_shop. */
export async function shopForGift(tx: Db, shopId: string, productId: string): Promise<{ id: string; storeId: string; name: string; address: string }> {
  const [shop] = await tx.select().from(giftShops).where(eq(giftShops.id, shopId));
  if (!shop || shop.archivedAt) throw new NotFound('gift_shop');
  const [product] = await tx.select({ storeId: products.storeId }).from(products).where(eq(products.id, productId));
  if (!product || product.storeId !== shop.storeId || (shop.productIds && !shop.productIds.includes(productId))) {
    throw new Invalid('product_not_in_shop', 'This shop does not offer this product as a gift.', { shopId, productId });
  }
  return { id: shop.id, storeId: shop.storeId, name: shop.name, address: shop.address };
}

/**
 * SQL: the product `p` (an alias of products) may be sent as a gift at all: on sale, gifting switched on, and no
 * category on its path gift-excluded. Prices are per SKU: see giftableSkuSql.
 */
export function giftableProductSql(p: SQL) {
  return sql`(${p}.live_state = 'listed' and ${p}.gifting_enabled and not ${categoryExcludedSql(sql`${p}.category_id`)})`;
}

/** SQL: the SKU `s` (an alias of skus) is sold and within the platform's gift price cap. */
export function giftableSkuSql(s: SQL, priceCapMinor: number) {
  return sql`(${s}.active and ${s}.price <= ${priceCapMinor})`;
}

/** Every id must be a product of this store (404 product_not_found with the first that is not). */
async function assertStoreProducts(tx: Db, storeId: string, ids: string[] | null) {
  if (!ids?.length) return;
  const rows = await tx.select({ id: products.id }).from(products).where(and(eq(products.storeId, storeId), inArray(products.id, ids)));
  const missing = ids.find((id) => !rows.some((r) => r.id === id));
  if (missing) throw new NotFound('product', { productId: missing });
}

type Stats = { gifts: number; orders: number; sales: number };

/**
 * Per shop: gifts sent from it that were paid (or, for free gifts, handed out), orders made from it, and sales:
 * what buyers paid for its gifts less the units refunded after the claim window, minor units.
 */
async function statsOf(db: Db, shopIds: string[]): Promise<Map<string, Stats>> {
  if (!shopIds.length) return new Map();
  const rows = await queryRows<{ shopId: string; gifts: number | string; orders: number | string; sales: number | string }>(db, sql`
    select s.id as "shopId",
      (select count(*) from gifts g where g.shop_id = s.id and g.state not in ('awaiting_payment', 'cancelled')) as gifts,
      (select count(*) from orders o where o.shop_id = s.id) as orders,
      (select coalesce(sum(g.unit_price * g.unit_quantity * (g.units - g.units_returned)), 0) from gifts g
        where g.shop_id = s.id and g.source = 'buyer' and g.paid_at is not null) as sales
    from gift_shops s where s.id = any(${pgArray(shopIds)}::uuid[])`);
  return new Map(rows.map((r) => [r.shopId, { gifts: Number(r.gifts), orders: Number(r.orders), sales: Number(r.sales) }]));
}

function shopView(ctx: Ctx, s: ShopRow, stats: Stats | undefined) {
  return {
    id: s.id,
    name: s.name,
    address: s.address,
    productIds: s.productIds ?? null,
    scanPath: `/shop/${s.id}`,
    createdAt: s.createdAt.toISOString(),
    archivedAt: s.archivedAt?.toISOString() ?? null,
    stats: { ...(stats ?? { gifts: 0, orders: 0, sales: 0 }), currency: ctx.config.currency },
  };
}
export type ShopView = ReturnType<typeof shopView>;

/** The store's shops, open ones first, each with its counts and sales. */
export async function listShops(ctx: Ctx, storeId: string): Promise<ShopView[]> {
  const rows = await ctx.db.select().from(giftShops).where(eq(giftShops.storeId, storeId))
    .orderBy(sql`${giftShops.archivedAt} is not null`, asc(giftShops.createdAt), asc(giftShops.id));
  const stats = await statsOf(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => shopView(ctx, r, stats.get(r.id)));
}

async function shopOfStore(tx: Db, storeId: string, shopId: string, lock = false) {
  const q = tx.select().from(giftShops).where(and(eq(giftShops.id, shopId), eq(giftShops.storeId, storeId)));
  const [s] = lock ? await q.for('update') : await q;
  if (!s) throw new NotFound('gift_shop');
  return s;
}

async function viewOne(ctx: Ctx, tx: Db, s: ShopRow) {
  return shopView(ctx, s, (await statsOf(tx, [s.id])).get(s.id));
}

const audited = (s: ShopRow) => ({ name: s.name, address: s.address, productIds: s.productIds ?? null, archivedAt: s.archivedAt?.toISOString() ?? null });

/** A new shop, in the caller's transaction (the create call's Idempotency-Key is claimed in it). */
export async function createShop(ctx: Ctx, tx: Db, actor: Actor, storeId: string, input: ShopInput) {
  const productIds = input.productIds && [...new Set(input.productIds)];
  await assertStoreProducts(tx, storeId, productIds);
  const now = ctx.clock.now();
  const [s] = await tx.insert(giftShops).values({ storeId, name: input.name, address: input.address, productIds, createdAt: now }).returning();
  await recordAudit(tx, actor, { action: 'gift_shop.create', entityType: 'gift_shop', entityId: s.id, storeId, summary: s.name, before: null, after: audited(s) }, now);
  return viewOne(ctx, tx, s);
}

export async function updateShop(ctx: Ctx, actor: Actor, storeId: string, shopId: string, patch: Partial<ShopInput>) {
  return inTransaction(ctx, async (tx) => {
    const before = await shopOfStore(tx, storeId, shopId, true);
    if (before.archivedAt) throw new Conflict('gift_shop_archived', 'This shop is archived: its QR code no longer works and it cannot be changed.');
    const set: Partial<typeof giftShops.$inferInsert> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.address !== undefined) set.address = patch.address;
    if (patch.productIds !== undefined) {
      set.productIds = patch.productIds && [...new Set(patch.productIds)];
      await assertStoreProducts(tx, storeId, set.productIds);
    }
    const [after] = await tx.update(giftShops).set(set).where(eq(giftShops.id, shopId)).returning();
    await recordAudit(tx, actor, { action: 'gift_shop.update', entityType: 'gift_shop', entityId: shopId, storeId, summary: after.name, before: audited(before), after: audited(after) }, ctx.clock.now());
    return viewOne(ctx, tx, after);
  });
}

/** Archives the shop: its QR code stops working; its gifts and orders keep their shop. Archiving twice changes nothing. */
export async function archiveShop(ctx: Ctx, actor: Actor, storeId: string, shopId: string) {
  return inTransaction(ctx, async (tx) => {
    const before = await shopOfStore(tx, storeId, shopId, true);
    if (before.archivedAt) return viewOne(ctx, tx, before);
    const now = ctx.clock.now();
    const [after] = await tx.update(giftShops).set({ archivedAt: now }).where(eq(giftShops.id, shopId)).returning();
    await recordAudit(tx, actor, { action: 'gift_shop.archive', entityType: 'gift_shop', entityId: shopId, storeId, summary: after.name, before: audited(before), after: audited(after) }, now);
    return viewOne(ctx, tx, after);
  });
}

type ShopProductRow = { id: string; title: string; imageIds: string[]; price: number | string; currency: string };

/** What a scan of the shop's QR code shows: the shop, its store, and the products that may be sent as gifts from it. */
export async function publicShop(ctx: Ctx, shopId: string) {
  const [shop] = await queryRows<{ id: string; name: string; address: string; storeId: string; storeName: string; productIds: string[] | null }>(ctx.db, sql`
    select g.id, g.name, g.address, g.store_id as "storeId", st.name as "storeName", g.product_ids as "productIds"
    from gift_shops g join stores st on st.id = g.store_id and st.status = 'open'
    where g.id = ${shopId} and g.archived_at is null`);
  if (!shop) throw new NotFound('gift_shop');
  const only = shop.productIds ? sql`and p.id = any(${pgArray(shop.productIds)}::uuid[])` : sql``;
  const rows = await queryRows<ShopProductRow>(ctx.db, sql`
    select p.id, p.title, p.image_ids as "imageIds", p.currency,
      (select min(s.price) from skus s where s.product_id = p.id and ${giftableSkuSql(sql`s`, ctx.config.giftPriceCapMinor)}) as price
    from products p
    where p.store_id = ${shop.storeId} ${only} and ${giftableProductSql(sql`p`)}
      and exists (select 1 from skus s where s.product_id = p.id and s.stock > 0 and ${giftableSkuSql(sql`s`, ctx.config.giftPriceCapMinor)})
    order by p.listed_at desc nulls last, p.id
    limit 500`);
  return {
    id: shop.id, name: shop.name, address: shop.address, storeId: shop.storeId, storeName: shop.storeName,
    products: rows.map((r) => ({ id: r.id, title: r.title, imageId: r.imageIds[0] ?? null, price: Number(r.price), currency: r.currency, giftable: true })),
  };
}
