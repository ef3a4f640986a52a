// The headline figures of a category's subtree (the operator drilled into it): read from analytics_category_days,
// whose rows already hold each category's whole subtree (an order counted once per subtree), and from the product
// days of the subtree's categories (views, active products).
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { Period } from './periods.ts';
import { days, numbers, where, type Scope, type Sums } from './reports.ts';

/** The ids of a category and every category below it. */
const subtree = (categoryId: number) => sql`(with recursive sub(id) as (select ${categoryId}::int union all select c.id from categories c join sub on c.parent_id = sub.id) select id from sub)`;

export async function categorySums(db: Db, scope: Scope, p: Period, categoryId: number): Promise<Sums> {
  const w = where(scope, p);
  const mine = sql`${w} and category_id = ${categoryId}`;
  const [[money], [buyers], [products]] = await Promise.all([
    queryRows<Record<string, unknown>>(db, sql`
      select coalesce(sum(amount) filter (where currency = ${scope.currency}), 0) as gmv,
        coalesce(sum(orders) filter (where currency = ${scope.currency}), 0) as "currencyOrders", coalesce(sum(orders), 0) as orders,
        coalesce(sum(gift_amount) filter (where currency = ${scope.currency}), 0) as "giftGmv",
        coalesce(sum(refund_amount) filter (where currency = ${scope.currency}), 0) as "refundAmount", coalesce(sum(refunds), 0) as refunds,
        count(distinct store_id) filter (where orders > 0) as "activeMerchants"
      from analytics_category_days where ${mine}`),
    // Each buyer once: their paid orders in the subtree, and whether they had paid for something in it before.
    queryRows<Record<string, unknown>>(db, sql`
      with b as (select buyer_id, sum(orders) as n from analytics_category_days where ${mine} group by buyer_id having sum(orders) > 0)
      select count(*) as buyers, count(*) filter (where b.n >= 2) as repeat,
        count(*) filter (where exists (select 1 from analytics_category_days e where e.time_zone = ${scope.timeZone} and e.category_id = ${categoryId}
          and e.buyer_id = b.buyer_id and e.orders > 0 and e.day < ${days(p).from}::date${scope.storeId ? sql` and e.store_id = ${scope.storeId}` : sql``})) as returning
      from b`),
    queryRows<Record<string, unknown>>(db, sql`select coalesce(sum(views), 0) as views, count(distinct product_id) filter (where orders > 0) as active
      from analytics_product_days where ${w} and category_id in ${subtree(categoryId)}`),
  ]);
  return numbers({ ...money, ...buyers, views: products.views, activeProducts: products.active });
}

/** Per day (or month) of the period: the subtree's GMV and paid orders, as rows of trend(). */
export async function categoryTrendRows(db: Db, scope: Scope, p: Period, categoryId: number, bucket: ReturnType<typeof sql>) {
  return queryRows<{ bucket: string; gmv: unknown; orders: unknown }>(db, sql`
    select ${bucket} as bucket, coalesce(sum(amount) filter (where currency = ${scope.currency}), 0) as gmv, coalesce(sum(orders), 0) as orders
    from analytics_category_days where ${where(scope, p)} and category_id = ${categoryId} group by 1 order by 1`);
}
