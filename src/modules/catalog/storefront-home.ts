// The buyer's home: rows of product cards (new arrivals, popular lately, per top category), and which categories have
// anything listed (buyers are shown only those). Both are cached per catalog version, as the listing is.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { channelEnabled, jsonBytes, loadListing, shownSql } from './storefront.ts';
import { rateBook } from './exchange-rates.ts';
import type { Channel, DisplayCurrency } from './schema.ts';
import type { CatalogCache } from './versions.ts';

/**
 * What the home reads from modules above the catalog, handed in by app.ts (arrows point inward). Popularity is paid
 * quantity (orders); the stores a buyer follows come from the service account (M7), for a row per buyer outside
 * the shared cache.
 */
export type HomeSources = {
  popularProductIds(db: Db, since: Date, limit: number): Promise<string[]>;
  followedStoreIds(db: Db, buyerId: string): Promise<string[]>;
};

export type HomeQuery = { channel: Channel; display?: DisplayCurrency; now: Date; popularDays: number };

const ROW = 8;
const CATEGORY_ROWS = 6;
/** Popularity moves with payments, not with the catalog version: the cached home is rebuilt at least every hour. */
const POPULAR_BUCKET_MS = 3600_000;

/** Category ids (every level) under which at least one product is shown in this channel. */
async function loadListedCategoryIds(db: Db, channel: Channel): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(db, sql`
    select distinct x.id from categories c3 left join categories c2 on c2.id = c3.parent_id left join categories c1 on c1.id = c2.parent_id,
      unnest(array[c3.id, c2.id, c1.id]) as x(id)
    where x.id is not null and exists (select 1 from products p where p.category_id = c3.id and ${shownSql(sql`p`)} and ${channelEnabled(channel)})
    order by x.id`);
  return rows.map((r) => Number(r.id));
}

export function listedCategoryIds(cache: CatalogCache, db: Db, channel: Channel): Promise<number[]> {
  return cache.get(`listed-categories|${channel}`, () => loadListedCategoryIds(db, channel));
}

async function loadHome(db: Db, sources: HomeSources, q: HomeQuery) {
  const book = await rateBook(db, q.display);
  const listed = new Set(await loadListedCategoryIds(db, q.channel));
  const tops = (await queryRows<{ id: number; names: Record<string, string>; leaves: number[] }>(db, sql`
    select c1.id, c1.names, array_agg(coalesce(c3.id, c2.id, c1.id)) as leaves
    from categories c1 left join categories c2 on c2.parent_id = c1.id left join categories c3 on c3.parent_id = c2.id
    where c1.parent_id is null group by c1.id, c1.names, c1.sort_order order by c1.sort_order, c1.id`)).filter((c) => listed.has(Number(c.id))).slice(0, CATEGORY_ROWS);
  const since = new Date(q.now.getTime() - q.popularDays * 86400_000);
  const popularIds = await sources.popularProductIds(db, since, ROW * 3);
  const base = { channel: q.channel, limit: ROW, offset: 0 };
  const [newArrivals, popularRows, ...rows] = await Promise.all([
    loadListing(db, base, book),
    // Only shown products count: a popular product delisted since is left out (and the row may be shorter).
    popularIds.length ? loadListing(db, { ...base, ids: popularIds, limit: popularIds.length }, book) : Promise.resolve([]),
    ...tops.map((c) => loadListing(db, { ...base, categoryIds: c.leaves.map(Number) }, book)),
  ]);
  const rank = new Map(popularIds.map((id, i) => [id, i]));
  return {
    newArrivals,
    popular: popularRows.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0)).slice(0, ROW),
    popularDays: q.popularDays,
    categoryRows: tops.map((c, i) => ({ categoryId: Number(c.id), names: c.names, products: rows[i] })).filter((r) => r.products.length > 0),
  };
}

/** The home as JSON text, built once per catalog version (and popularity hour) per channel and display currency. */
export function storefrontHomeJson(cache: CatalogCache, db: Db, sources: HomeSources, q: HomeQuery): Promise<Buffer> {
  const bucket = Math.floor(q.now.getTime() / POPULAR_BUCKET_MS);
  return cache.get(`home|${q.channel}|${q.display ?? ''}|${q.popularDays}|${bucket}`, async () => jsonBytes(await loadHome(db, sources, q)));
}

/**
 * The signed-in buyer's row: the newest products of the stores they follow (none followed: an empty row and 0). Read
 * per request (it is the buyer's own), through the listing's indexed newest-first scan.
 */
export async function followedRow(db: Db, sources: HomeSources, q: { channel: Channel; display?: DisplayCurrency; buyerId: string }) {
  const storeIds = await sources.followedStoreIds(db, q.buyerId);
  if (!storeIds.length) return { stores: 0, products: [] };
  const products = await loadListing(db, { channel: q.channel, storeIds, limit: ROW, offset: 0 }, await rateBook(db, q.display));
  return { stores: storeIds.length, products };
}
