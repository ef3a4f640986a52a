// What the owners' section editor picks from instead of typing ids: the products of the stores linked to the
// mini-site (a search for the featured-products section) and the gift activities those stores made for it (the gift
// section). Reads only; the section's checks on save stay in sections.ts.
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { shownSql } from '../catalog/index.ts';
import { siteActivities } from './gift-activities.ts';
import { ownedMiniSite } from './sections.ts';

export type PickedProduct = { id: string; title: string; storeId: string; storeName: string; imageUrl: string | null; price: number; currency: string };

/**
 * Listed products of the stores linked to the mini-site now whose title or description has every word of `q`
 * (accents and case ignored), or the newest ones when `q` is empty; at most `limit`, by title. `ids` reads chosen ones back.
 */
export async function linkedProducts(db: Db, userId: string, miniSiteId: string, q: { q?: string; ids?: string[]; limit: number }): Promise<PickedProduct[]> {
  await ownedMiniSite(db, userId, miniSiteId);
  const words = (q.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8);
  const match = words.map((w) => sql` and p.search_text like '%' || lower(trio_unaccent(${w.replace(/[%_\\]/g, (m) => '\\' + m)})) || '%'`);
  const only = q.ids ? sql` and p.id = any(${pgArray(q.ids)}::uuid[])` : sql``;
  const rows = await queryRows<Omit<PickedProduct, 'imageUrl' | 'price'> & { imageId: string | null; price: number | string }>(db, sql`
    select p.id, p.title, p.store_id as "storeId", s.name as "storeName", p.image_ids->>0 as "imageId",
      (select min(k.price) from skus k where k.product_id = p.id) as price, (select min(k.currency) from skus k where k.product_id = p.id) as currency
    from products p join stores s on s.id = p.store_id
    where exists (select 1 from mini_site_links l where l.store_id = p.store_id and l.mini_site_id = ${miniSiteId} and l.state = 'linked')
      and ${shownSql(sql`p`)}${sql.join(match, sql``)}${only}
    order by ${words.length ? sql`p.title, p.id` : sql`p.created_at desc, p.id`} limit ${q.limit}`);
  return rows.map(({ imageId, ...r }) => ({ ...r, price: Number(r.price ?? 0), currency: r.currency ?? '', imageUrl: imageId ? `/api/storefront/images/${imageId}/thumb` : null }));
}

/** The gift activities that stores linked to the mini-site made for it, newest first (any state: the owner sees which run). */
export async function ownersActivities(ctx: Ctx, userId: string, miniSiteId: string) {
  const site = await ownedMiniSite(ctx.db, userId, miniSiteId);
  return siteActivities(ctx, site);
}
