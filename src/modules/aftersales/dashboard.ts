// What the merchant's dashboard reads of a store's after-sales requests, as SQL for the dashboard's one statement.
import { sql } from 'drizzle-orm';

/**
 * JSON { waiting }: requests waiting for the merchant's answer (merchant_processing, what the store's after-sales tab
 * counts on its badge and lists with ?state=merchant_processing). Served by after_sales_store_idx.
 */
export function storeAfterSaleFiguresSql(storeId: string) {
  return sql`(select json_build_object('waiting', (select count(*) from after_sales a where a.store_id = ${storeId} and a.state = 'merchant_processing')))`;
}
