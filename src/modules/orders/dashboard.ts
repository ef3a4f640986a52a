// What the merchant's dashboard (as SQL for its one statement) and the storefront home's popular row read of orders.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';

/**
 * JSON { paidCount, paidGmv, toShip }: orders paid since `since` (whatever happened to them after) and their totals,
 * and orders waiting for their first shipment. Served by orders_store_paid_idx and orders_store_idx.
 */
export function storeOrderFiguresSql(storeId: string, since: SQL) {
  return sql`(select json_build_object(
      'paidCount', (select count(*) from orders o where o.store_id = ${storeId} and o.paid_at >= ${since}),
      'paidGmv', (select coalesce(sum(o.total), 0) from orders o where o.store_id = ${storeId} and o.paid_at >= ${since}),
      'toShip', (select count(*) from orders o where o.store_id = ${storeId} and o.state = 'awaiting_shipment')))`;
}

/** Products by units paid since `since` (orders paid since then, whatever happened after), most first. */
export async function popularProductIds(db: Db, since: Date, limit: number): Promise<string[]> {
  const rows = await queryRows<{ productId: string }>(db, sql`
    select i.product_id as "productId" from orders o join order_items i on i.order_id = o.id
    where o.paid_at >= ${since.toISOString()}::timestamptz
    group by i.product_id order by sum(i.quantity) desc, i.product_id limit ${limit}`);
  return rows.map((r) => r.productId);
}
