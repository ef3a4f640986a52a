// The operator finds products to act on: by words of the title or the store's name, or by the product's id.
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { storeNameSql } from '../merchants/index.ts';
import { productDrafts, products, type LIVE_STATES } from './schema.ts';
import { operatorMoves } from './rules.ts';

type LiveState = (typeof LIVE_STATES)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every word must be found, case- and accent-insensitively, in the product's title (live or in its draft), its
 * description, or its store's name; a whole product id finds that product. A scan over products joined to their
 * drafts and stores: fine for an operator's search at this platform's size, not a buyer-facing search.
 */
function searchWhere(q: string): SQL | undefined {
  const text = q.trim();
  if (!text) return undefined;
  if (UUID.test(text)) return eq(products.id, text.toLowerCase());
  const words = text.split(/\s+/).slice(0, 8);
  return and(...words.map((w) => {
    const like = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const fold = (col: SQL) => sql`trio_unaccent(lower(${col})) like trio_unaccent(lower(${like}))`;
    return sql`(${products.searchText} like trio_unaccent(lower(${like})) or ${fold(sql`${products.title}`)}
      or ${fold(sql`coalesce(${productDrafts.content}->>'title', '')`)} or ${fold(storeNameSql(products.storeId))})`;
  }));
}

export async function searchProducts(db: Db, q: { q?: string; liveState?: LiveState; limit: number; offset: number }) {
  const where = and(searchWhere(q.q ?? ''), q.liveState ? eq(products.liveState, q.liveState) : undefined);
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({ p: products, draftState: productDrafts.state, draftTitle: sql<string | null>`${productDrafts.content}->>'title'`, storeName: storeNameSql(products.storeId) })
      .from(products)
      .leftJoin(productDrafts, eq(productDrafts.productId, products.id))
      .where(where)
      .orderBy(desc(products.updatedAt), desc(products.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(products).leftJoin(productDrafts, eq(productDrafts.productId, products.id)).where(where),
  ]);
  return {
    products: rows.map((r) => ({
      id: r.p.id,
      storeId: r.p.storeId,
      storeName: r.storeName,
      title: r.p.title,
      draftTitle: r.draftTitle,
      draftState: r.draftState,
      liveState: r.p.liveState,
      stateReason: r.p.stateReason,
      updatedAt: r.p.updatedAt.toISOString(),
      operatorMoves: operatorMoves(r.p.liveState),
    })),
    total: n,
  };
}
