// What buyers see: listed products, per channel, served from a cache that every change invalidates.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import { trimOldest } from '../../kernel/bounded-set.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import { storeNameSql, storeOpenSql } from '../merchants/index.ts';
import { rateBook, type RateBook } from './exchange-rates.ts';
import { productViews, storeChannels, CHANNELS, type Channel, type DisplayCurrency, type ProductEventKind } from './schema.ts';
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

/**
 * `display`: the buyer's display currency; each price in another currency for which the operator set a rate carries
 * an `approx` amount in it (display only: never read by checkout or payment). `categoryIds`, `ids` (the home's rows): any of these.
 */
export type ListingQuery = { channel: Channel; categoryId?: number; categoryIds?: number[]; ids?: string[]; storeId?: string; storeIds?: string[]; q?: string; display?: DisplayCurrency; limit: number; offset: number };

/**
 * A search: each word, accent-free and lower-case on the database side, is found in the product's title or
 * description (products.search_text) or in a name (en, zh, vi) of its category or of an ancestor; a product whose
 * title holds every word comes first, then one found by title and category names, then the rest, newest first in each.
 *
 * How it is served: per word, the categories whose path names hold it are one pass over the category tree (an
 * InitPlan over a few hundred platform-defined rows, bounded by the tree, not by the catalog), and the products are
 * then a BitmapOr of the trigram index on search_text (products_search_trgm_idx) and the category index
 * (products_category_idx, `category_id = any(array(...))`). Only the matching products are ranked and sorted; the
 * listing without search words keeps its plain newest-first scan of products_listed_idx. The title test reads the
 * start of search_text (the folded title comes first there) rather than folding every matching title again: a few
 * times cheaper on a search that matches tens of thousands of products (a ligature that unaccent widens may cut a
 * title's last letters off, which only costs that product its first rank).
 */
function searchTerms(q: string) {
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  if (!words.length) throw new Invalid('search_empty', 'Type at least one word to search for.');
  return words.map((w) => {
    const pattern = sql`'%' || lower(trio_unaccent(${w.replace(/[%_\\]/g, (m) => '\\' + m)})) || '%'`;
    const names = (c: string) => sql.raw(`${c}.names->>'en', ${c}.names->>'zh', ${c}.names->>'vi'`);
    const categories = sql`array(select c3.id from categories c3 left join categories c2 on c2.id = c3.parent_id left join categories c1 on c1.id = c2.parent_id
      where lower(trio_unaccent(concat_ws(' ', ${names('c3')}, ${names('c2')}, ${names('c1')}))) like ${pattern})`;
    return { inText: sql`p.search_text like ${pattern}`, inTitle: sql`left(p.search_text, char_length(p.title)) like ${pattern}`, inCategory: sql`p.category_id = any(${categories})` };
  });
}

function searchCondition(terms: ReturnType<typeof searchTerms>) {
  return sql.join(terms.map((t) => sql`(${t.inText} or ${t.inCategory})`), sql` and `);
}

/** 0: every word in the title; 1: every word in the title or the category names; 2: the rest (found in the description). */
function searchRank(terms: ReturnType<typeof searchTerms>) {
  const all = (parts: SQL[]) => sql.join(parts, sql` and `);
  return sql`case when ${all(terms.map((t) => t.inTitle))} then 0 when ${all(terms.map((t) => sql`(${t.inTitle} or ${t.inCategory})`))} then 1 else 2 end`;
}

type SkuRow = { id: string; attrs: Record<string, string>; price: number | string; stock: number };
type ListingRow = { id: string; storeId: string; categoryId: number; title: string; imageIds: string[]; currency: string; skus: SkuRow[] | null };
type PageRow = ListingRow & { storeName: string; description: string; attributes: { name: string; values: string[] }[]; liveState: string; shown: boolean; inChannel: boolean };

export async function loadListing(db: Db, q: ListingQuery, book?: RateBook) {
  const conds = [shownSql(sql`p`), channelEnabled(q.channel)];
  if (q.categoryId) conds.push(sql`p.category_id = ${q.categoryId}`);
  if (q.categoryIds) conds.push(sql`p.category_id = any(${sql.raw(`'{${q.categoryIds.map(Number).join(',')}}'::int[]`)})`);
  if (q.storeId) conds.push(sql`p.store_id = ${q.storeId}`);
  if (q.storeIds) conds.push(inArray(sql`p.store_id`, q.storeIds));
  if (q.ids) conds.push(inArray(sql`p.id`, q.ids));
  const terms = q.q ? searchTerms(q.q) : undefined;
  if (terms) conds.push(searchCondition(terms));
  const where = sql.join(conds, sql` and `);
  // Without search words the listing is newest first, served by an index in that order; a search is ranked first.
  const page = terms
    ? sql`select p.*, ${searchRank(terms)} as search_rank from products p where ${where} order by search_rank, p.listed_at desc, p.id limit ${q.limit} offset ${q.offset}`
    : sql`select * from products p where ${where} order by p.listed_at desc, p.id limit ${q.limit} offset ${q.offset}`;
  const rows = await queryRows<ListingRow>(db, sql`
    select p.id, p.store_id as "storeId", p.category_id as "categoryId", p.title, p.image_ids as "imageIds", p.currency,
      (select json_agg(json_build_object('id', s.id, 'attrs', s.attrs, 'price', s.price, 'stock', s.stock) order by s.attrs_key)
         from skus s where s.product_id = p.id and s.active) as skus
    from (${page}) p
    order by ${terms ? sql`p.search_rank, ` : sql``}p.listed_at desc, p.id`);
  const approx = book ?? (await rateBook(db, q.display));
  return rows.map((r) => {
    const list = (r.skus ?? []).map((s) => ({ ...s, price: Number(s.price) }));
    const minPrice = list.length ? Math.min(...list.map((s) => s.price)) : null;
    return { ...r, skus: list, minPrice, approx: minPrice == null ? null : approx(minPrice, r.currency) };
  });
}

/**
 * A cached answer's JSON as the bytes sent: a string body was put together with the response head and encoded again
 * for every request (a page of the listing is about 17 KB); with the headers set once (kernel/security-headers.ts)
 * this halved what a cached page allocated per request (38 to 19 KB), and so the collections that pause every
 * connection.
 */
export const jsonBytes = (value: unknown) => Buffer.from(JSON.stringify(value));

/** The listing page as JSON bytes: built and serialised once per catalog version, then served as they are. */
export function listProductsJson(cache: CatalogCache, db: Db, q: ListingQuery): Promise<Buffer> {
  return cache.get(`list|${q.channel}|${q.categoryId ?? ''}|${q.storeId ?? ''}|${q.q ?? ''}|${q.display ?? ''}|${q.limit}|${q.offset}`, async () => jsonBytes(await loadListing(db, q)));
}

async function loadProductPage(db: Db, productId: string, channel: Channel, display: DisplayCurrency | undefined) {
  const rows = await queryRows<PageRow>(db, sql`
    select p.id, p.store_id as "storeId", ${storeNameSql(sql`p.store_id`)} as "storeName", p.category_id as "categoryId", p.title, p.description, p.attributes, p.image_ids as "imageIds",
      p.currency, p.live_state as "liveState", ${shownSql(sql`p`)} as "shown", ${channelEnabled(channel)} as "inChannel",
      (select json_agg(json_build_object('id', s.id, 'attrs', s.attrs, 'price', s.price, 'stock', s.stock) order by s.attrs_key)
         from skus s where s.product_id = p.id and s.active) as skus
    from products p where p.id = ${productId}`);
  const row = rows[0];
  // A product that is not listed, whose store is not open, or whose store does not sell in this channel, is in no channel.
  if (!row || !row.shown || !row.inChannel) return undefined;
  const { inChannel: _c, shown: _s, ...page } = row;
  const approx = await rateBook(db, display);
  return { ...page, skus: (row.skus ?? []).map((s) => ({ ...s, price: Number(s.price), available: s.stock > 0, approx: approx(Number(s.price), row.currency) })) };
}

/** The product page, and its JSON text, cached per catalog version. */
export async function productPage(cache: CatalogCache, db: Db, productId: string, channel: Channel, display?: DisplayCurrency) {
  const page = await cache.get(`page|${channel}|${display ?? ''}|${productId}`, async () => {
    const p = await loadProductPage(db, productId, channel, display);
    return p && { storeId: p.storeId as string, id: p.id as string, json: jsonBytes(p) };
  });
  if (!page) throw new NotFound('product');
  return page;
}

const QUARTER_HOUR_MS = 15 * 60_000;

/** How many visitors' recent events a process remembers to leave out repeats (ViewRecorder.recordOnce). */
const RECENT_VISITS = 100_000;

/** A product event as the recorder takes it: a page view unless `kind` says otherwise. */
export type ProductEvent = { storeId: string; productId: string; channel: Channel; kind?: ProductEventKind; at: Date };

/**
 * Product events (views, and clicks, exposures, add-to-carts: PRODUCT_EVENT_KINDS) are counted per channel; written
 * in batches so a busy product page or list does not write a row per request.
 */
export class ViewRecorder {
  private pending: ProductEvent[] = [];
  private timer: NodeJS.Timeout;
  /** The last time each visitor's event (visitor, product, channel, kind) was recorded, oldest first (recordOnce). */
  private recent = new Map<string, number>();
  /**
   * `afterInsert` runs in the transaction that writes a batch (analytics marks the batch's days for its rollups),
   * so the views and what follows them commit together.
   */
  constructor(
    private db: Db, private onError: (err: unknown) => void, intervalMs = 1000, private afterInsert?: (tx: Db, batch: { storeId: string; at: Date }[]) => Promise<void>,
    /** False: events are dropped (TRIO_EVENT_CAPTURE=off). */
    private capture = true,
  ) {
    this.timer = setInterval(() => this.flush().catch(onError), intervalMs);
    this.timer.unref();
  }
  record(v: ProductEvent) {
    if (!this.capture) return;
    this.pending.push(v);
    if (this.pending.length >= 1000) this.flush().catch(this.onError);
  }
  /**
   * Records the event unless the same visitor's same event (product, channel, kind) was recorded less than
   * `windowMs` before (a refreshed page, a list shown again): false when left out. Remembered in this process, at most
   * RECENT_VISITS of them (the oldest forgotten first), so with several processes a refresh served by another one
   * counts once more; a window of 0 records every event.
   */
  recordOnce(v: ProductEvent, visitor: string, windowMs: number): boolean {
    const key = `${visitor}|${v.productId}|${v.channel}|${v.kind ?? 'view'}`;
    const at = v.at.getTime();
    const last = this.recent.get(key);
    if (last !== undefined && at - last < windowMs && at >= last) return false;
    this.recent.delete(key);
    if (windowMs > 0) {
      this.recent.set(key, at);
      trimOldest(this.recent, RECENT_VISITS);
    }
    this.record(v);
    return true;
  }
  /**
   * Writes the pending events: one INSERT of five array parameters (not a parameter per value: a batch of thousands
   * costs the process a few strings to join, not a statement of tens of thousands of parameters to build), and
   * `afterInsert` with one event per store and quarter of an hour (every zone's midnight falls on a quarter hour, so
   * those are all the store's local days the batch touches).
   */
  async flush() {
    if (!this.pending.length) return;
    const batch = this.pending.splice(0, this.pending.length);
    const col = (f: (v: ProductEvent) => string) => pgArray(batch.map(f));
    const days = new Map<string, { storeId: string; at: Date }>();
    for (const v of batch) {
      const key = `${v.storeId}|${Math.floor(v.at.getTime() / QUARTER_HOUR_MS)}`;
      if (!days.has(key)) days.set(key, { storeId: v.storeId, at: v.at });
    }
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`insert into product_views (store_id, product_id, channel, kind, at)
        select * from unnest(${col((v) => v.storeId)}::uuid[], ${col((v) => v.productId)}::uuid[], ${col((v) => v.channel)}::text[],
          ${col((v) => v.kind ?? 'view')}::text[], ${col((v) => v.at.toISOString())}::timestamptz[])`);
      await this.afterInsert?.(tx as unknown as Db, [...days.values()]);
    });
  }
  async close() {
    clearInterval(this.timer);
    await this.flush();
  }
}

/**
 * Exposures and clicks a buyer's screen reports (products seen in a list, a product clicked in one): each product
 * must be shown in the channel (the cached product page says so, and whose store it is); others are left out, and so
 * are the visitor's repeats within the dedupe window. Returns how many were recorded.
 */
export async function recordListEvents(cache: CatalogCache, db: Db, recorder: ViewRecorder, at: Date, events: readonly { productId: string; channel: Channel; kind: 'exposure' | 'click' }[], dedupe: { visitor: string; windowMs: number }) {
  let recorded = 0;
  for (const e of events) {
    const page = await productPage(cache, db, e.productId, e.channel).catch((err: unknown) => {
      if (err instanceof NotFound) return null;
      throw err;
    });
    if (!page) continue;
    if (recorder.recordOnce({ storeId: page.storeId, productId: page.id, channel: e.channel, kind: e.kind, at }, dedupe.visitor, dedupe.windowMs)) recorded++;
  }
  return recorded;
}

export async function viewCounts(db: Db, storeId: string, productIds: string[]) {
  if (!productIds.length) return [];
  return db
    .select({ productId: productViews.productId, channel: productViews.channel, views: sql<number>`count(*)::int` })
    .from(productViews)
    .where(and(eq(productViews.storeId, storeId), inArray(productViews.productId, productIds), eq(productViews.kind, 'view')))
    .groupBy(productViews.productId, productViews.channel);
}
