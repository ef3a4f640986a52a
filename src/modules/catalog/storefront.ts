// What buyers see: listed products, per channel, served from a cache that every change invalidates.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { storeOpenSql } from '../merchants/index.ts';
import { productViews, storeChannels, CHANNELS, type Channel } from './schema.ts';
import type { CatalogCache } from './versions.ts';
import { bumpCatalog } from './versions.ts';

/** Channels a store sells in until it says otherwise. */
export const DEFAULT_CHANNELS: Channel[] = ['store', 'mini_site', 'service_account'];

export async function storeChannelList(db: Db, storeId: string) {
  const rows = await db.select().from(storeChannels).where(eq(storeChannels.storeId, storeId));
  return CHANNELS.map((channel) => ({ channel, enabled: rows.find((r) => r.channel === channel)?.enabled ?? DEFAULT_CHANNELS.includes(channel) }));
}

export async function setStoreChannel(ctx: Ctx, storeId: string, channel: Channel, enabled: boolean) {
  return inTransaction(ctx, async (tx) => {
    await tx
      .insert(storeChannels)
      .values({ storeId, channel, enabled, updatedAt: ctx.clock.now() })
      .onConflictDoUpdate({ target: [storeChannels.storeId, storeChannels.channel], set: { enabled, updatedAt: ctx.clock.now() } });
    await bumpCatalog(tx, storeId);
    return storeChannelList(tx, storeId);
  });
}

/** SQL: the store sells in this channel (an explicit row, or the default). */
/** SQL: does the store of product `p` sell in this channel (default channels are on until switched off)? */
export function channelEnabled(channel: Channel) {
  const dflt = DEFAULT_CHANNELS.includes(channel);
  return sql`coalesce((select c.enabled from store_channels c where c.store_id = p.store_id and c.channel = ${channel}), ${dflt})`;
}

/** SQL: buyers may see product `p` (an alias of products): it is listed, in a store that is open. Every public read asks this. */
export function shownSql(p: ReturnType<typeof sql>) {
  return sql`(${p}.live_state = 'listed' and ${storeOpenSql(sql`${p}.store_id`)})`;
}

export type ListingQuery = { channel: Channel; categoryId?: number; storeId?: string; q?: string; limit: number; offset: number };

/** Words of a search, accent-free and lower-case on the database side, each to be found in the title or description. */
function searchCondition(q: string) {
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  if (!words.length) throw new Invalid('search_empty', 'Type at least one word to search for.');
  return sql.join(words.map((w) => sql`p.search_text like '%' || lower(trio_unaccent(${w.replace(/[%_\\]/g, (m) => '\\' + m)})) || '%'`), sql` and `);
}

type SkuRow = { id: string; attrs: Record<string, string>; price: number | string; stock: number };
type ListingRow = { id: string; storeId: string; categoryId: number; title: string; imageIds: string[]; currency: string; skus: SkuRow[] | null };
type PageRow = ListingRow & { description: string; attributes: { name: string; values: string[] }[]; liveState: string; shown: boolean; inChannel: boolean };

async function loadListing(db: Db, q: ListingQuery) {
  const conds = [shownSql(sql`p`), channelEnabled(q.channel)];
  if (q.categoryId) conds.push(sql`p.category_id = ${q.categoryId}`);
  if (q.storeId) conds.push(sql`p.store_id = ${q.storeId}`);
  if (q.q) conds.push(searchCondition(q.q));
  const rows = await queryRows<ListingRow>(db, sql`
    select p.id, p.store_id as "storeId", p.category_id as "categoryId", p.title, p.image_ids as "imageIds", p.currency,
      (select json_agg(json_build_object('id', s.id, 'attrs', s.attrs, 'price', s.price, 'stock', s.stock) order by s.attrs_key)
         from skus s where s.product_id = p.id and s.active) as skus
    from (select * from products p where ${sql.join(conds, sql` and `)} order by p.listed_at desc, p.id limit ${q.limit} offset ${q.offset}) p
    order by p.listed_at desc, p.id`);
  return rows.map((r) => {
    const list = (r.skus ?? []).map((s) => ({ ...s, price: Number(s.price) }));
    return { ...r, skus: list, minPrice: list.length ? Math.min(...list.map((s) => s.price)) : null };
  });
}

/** The listing page as JSON text: built and serialised once per catalog version, then served as it is. */
export function listProductsJson(cache: CatalogCache, db: Db, q: ListingQuery): Promise<string> {
  return cache.get(`list|${q.channel}|${q.categoryId ?? ''}|${q.storeId ?? ''}|${q.q ?? ''}|${q.limit}|${q.offset}`, async () => JSON.stringify(await loadListing(db, q)));
}

async function loadProductPage(db: Db, productId: string, channel: Channel) {
  const rows = await queryRows<PageRow>(db, sql`
    select p.id, p.store_id as "storeId", p.category_id as "categoryId", p.title, p.description, p.attributes, p.image_ids as "imageIds",
      p.currency, p.live_state as "liveState", ${shownSql(sql`p`)} as "shown", ${channelEnabled(channel)} as "inChannel",
      (select json_agg(json_build_object('id', s.id, 'attrs', s.attrs, 'price', s.price, 'stock', s.stock) order by s.attrs_key)
         from skus s where s.product_id = p.id and s.active) as skus
    from products p where p.id = ${productId}`);
  const row = rows[0];
  // A product that is not listed, whose store is not open, or whose store does not sell in this channel, is in no channel.
  if (!row || !row.shown || !row.inChannel) return undefined;
  const { inChannel: _c, shown: _s, ...page } = row;
  return { ...page, skus: (row.skus ?? []).map((s) => ({ ...s, price: Number(s.price), available: s.stock > 0 })) };
}

/** The product page, and its JSON text, cached per catalog version. */
export async function productPage(cache: CatalogCache, db: Db, productId: string, channel: Channel) {
  const page = await cache.get(`page|${channel}|${productId}`, async () => {
    const p = await loadProductPage(db, productId, channel);
    return p && { storeId: p.storeId as string, id: p.id as string, json: JSON.stringify(p) };
  });
  if (!page) throw new NotFound('product');
  return page;
}

/** Views are counted per channel; written in batches so a busy product page does not write a row per request. */
export class ViewRecorder {
  private pending: { storeId: string; productId: string; channel: Channel; at: Date }[] = [];
  private timer: NodeJS.Timeout;
  constructor(private db: Db, private onError: (err: unknown) => void, intervalMs = 1000) {
    this.timer = setInterval(() => this.flush().catch(onError), intervalMs);
    this.timer.unref();
  }
  record(v: { storeId: string; productId: string; channel: Channel; at: Date }) {
    this.pending.push(v);
    if (this.pending.length >= 1000) this.flush().catch(this.onError);
  }
  async flush() {
    if (!this.pending.length) return;
    const batch = this.pending.splice(0, this.pending.length);
    await this.db.insert(productViews).values(batch);
  }
  async close() {
    clearInterval(this.timer);
    await this.flush();
  }
}

export async function viewCounts(db: Db, storeId: string, productIds: string[]) {
  if (!productIds.length) return [];
  return db
    .select({ productId: productViews.productId, channel: productViews.channel, views: sql<number>`count(*)::int` })
    .from(productViews)
    .where(and(eq(productViews.storeId, storeId), inArray(productViews.productId, productIds)))
    .groupBy(productViews.productId, productViews.channel);
}
