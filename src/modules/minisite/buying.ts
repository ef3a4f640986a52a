// Buying through a mini-site (M6): the lines of a checkout or a cart that came through a mini-site carry its id and,
// for a customisable product, the buyer's customisation file (mini_site_media). Checked here before anything is
// written: the mini-site is linked to each line's store, and each file is the mini-site's own, for this buyer, on a
// customisable product. Rule for a file's buyer: an upload naming a buyer is that buyer's; one naming none is claimed
// (atomically) by the first buyer who adds it to a cart or checks out with it; any other buyer is refused.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { Conflict, Forbidden, NotFound } from '../../kernel/errors.ts';
import { miniSiteByAppId } from './reads.ts';

/** A line bought through a mini-site (its id) and maybe with a customisation file (its media id). */
export type ViaLine = { skuId: string; quantity: number; miniSiteId?: string | null; mediaId?: string | null };

/** A nullable uuid[] literal (pgArray takes no nulls). */
export const uuidArray = (values: readonly (string | null | undefined)[]) => `{${values.map((v) => (v ? `"${v}"` : 'NULL')).join(',')}}`;

/** The mini-site a buyer came through, by its public app id: 404 mini_site_not_found. */
export async function miniSiteIdOf(db: Db, appId: string): Promise<string> {
  const site = await miniSiteByAppId(db, appId);
  if (!site) throw new NotFound('mini_site');
  return site.id;
}

export const hasVia = (lines: ViaLine[]) => lines.some((l) => l.miniSiteId || l.mediaId);

/** Refuses lines that may not go through their mini-site or with their file (each its own code); claims unbound files for the buyer. */
export async function checkViaLines(db: Db, buyerId: string, lines: ViaLine[]): Promise<void> {
  const rows = await queryRows<{ skuId: string; storeId: string; customisable: boolean; site: string | null; media: string | null; linked: boolean; mediaSite: string | null; mediaBuyer: string | null }>(db, sql`
    select w.sku_id as "skuId", s.store_id as "storeId", p.customisable, w.site, w.media,
      exists (select 1 from mini_site_links l where l.mini_site_id = w.site and l.store_id = s.store_id and l.state = 'linked') as linked,
      m.mini_site_id as "mediaSite", m.buyer_id as "mediaBuyer"
    from unnest(${uuidArray(lines.map((l) => l.skuId))}::uuid[], ${uuidArray(lines.map((l) => l.miniSiteId))}::uuid[], ${uuidArray(lines.map((l) => l.mediaId))}::uuid[]) as w(sku_id, site, media)
      join skus s on s.id = w.sku_id join products p on p.id = s.product_id
      left join mini_site_media m on m.id = w.media`);
  for (const r of rows) {
    if (r.site && !r.linked) throw new Conflict('not_linked', 'This mini-site is not linked to the store selling this product: buy it in the store instead.', { storeId: r.storeId });
    if (!r.media) continue;
    if (!r.site) throw new Conflict('media_needs_mini_site', 'A customisation file goes only with an order placed through the mini-site that uploaded it.', { skuId: r.skuId });
    if (!r.mediaSite) throw new NotFound('media', { mediaId: r.media });
    if (r.mediaSite !== r.site || (r.mediaBuyer && r.mediaBuyer !== buyerId)) throw new Forbidden('This customisation file belongs to another mini-site or another buyer.', 'media_not_yours');
    if (!r.customisable) throw new Conflict('product_not_customisable', 'This product takes no customisation file.', { skuId: r.skuId });
  }
  const unbound = rows.filter((r) => r.media && !r.mediaBuyer).map((r) => r.media);
  if (!unbound.length) return;
  // The first buyer takes it; a buyer who lost the race to another is refused.
  const claimed = await queryRows<{ id: string }>(db, sql`
    update mini_site_media set buyer_id = ${buyerId} where id = any(${uuidArray(unbound)}::uuid[]) and (buyer_id is null or buyer_id = ${buyerId}) returning id`);
  if (claimed.length < new Set(unbound).size) throw new Forbidden('This customisation file belongs to another mini-site or another buyer.', 'media_not_yours');
}
