// What the merchant's dashboard reads of a store's catalog, as SQL for the dashboard's one statement.
import { sql } from 'drizzle-orm';

/**
 * JSON { reviewFailed, lowStockSkus }: products whose draft failed review (the products list with
 * ?draftState=review_failed) and active SKUs with at most `lowStock` units left (the list with ?lowStock=n shows their
 * products). Served by product_drafts_store_idx and skus_store_idx.
 */
export function storeCatalogFiguresSql(storeId: string, lowStock: number) {
  return sql`(select json_build_object(
      'reviewFailed', (select count(*) from product_drafts d where d.store_id = ${storeId} and d.state = 'review_failed'),
      'lowStockSkus', (select count(*) from skus s where s.store_id = ${storeId} and s.active and s.stock <= ${lowStock})))`;
}
