// The rollups' rows of a set of marked days, computed from the raw rows in one statement per rollup table: the same
// SQL recomputes one day for the scheduler's sweep (rollups.ts) and months of days at once for a history just written
// (rollup-build.ts), so both give the same rows. `Marks` is a relation of (store_id, time_zone, day): each raw row
// counts in the marked days it falls on, its instant read as a local date in each zone its store is marked in.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/** Days to roll up: `rows` selects (store_id, time_zone, day); the raw rows are looked at in [from, to) (and of `storeId` only, when given). */
export type Marks = { rows: SQL; from: Date; to: Date; storeId?: string };

const ROLLUP_TABLES = ['analytics_channel_days', 'analytics_product_days', 'analytics_buyer_days', 'analytics_category_days'] as const;

/** Deletes a store's rollup rows (and marks) in one zone: one day, or every day. */
export async function deleteRollups(tx: Db, storeId: string, timeZone: string, day?: string) {
  const key = sql`store_id = ${storeId} and time_zone = ${timeZone}${day ? sql` and day = ${day}::date` : sql``}`;
  if (!day) await tx.execute(sql`delete from analytics_dirty_days where ${key}`);
  for (const t of ROLLUP_TABLES) await tx.execute(sql`delete from ${sql.raw(t)} where ${key}`);
}

/**
 * The raw rows of `alias` whose instant `at` (a column of it) is in the window, once per zone its store is marked in
 * (z), and their key: the store, the zone and the local date there. Rows are grouped by that key first and the groups
 * of the marked days kept after (`marked`): joining each raw row to its marked day instead would be a join on an
 * expression of two tables, which the planner does as a nested loop over every mark.
 */
function zoned(marks: Marks, alias: string, at: string): { join: SQL; where: SQL; key: SQL } {
  const col = sql.raw(`${alias}.${at}`);
  const store = sql.raw(`${alias}.store_id`);
  return {
    join: sql`join (select distinct store_id, time_zone from (${marks.rows}) as mz) as z on z.store_id = ${store}`,
    where: sql`${col} >= ${marks.from} and ${col} < ${marks.to}${marks.storeId ? sql` and ${store} = ${marks.storeId}` : sql``}`,
    key: sql`${store}, z.time_zone, (${col} at time zone z.time_zone)::date`,
  };
}

/** Keeps the grouped rows (x) of the marked days. */
const marked = (marks: Marks) => sql`(x.store_id, x.time_zone, x.day) in (select store_id, time_zone, day from (${marks.rows}) as m)`;

/** Writes the rollup rows of the marked days (whose old rows are gone) from the raw rows. */
export async function insertRollups(tx: Db, marks: Marks) {
  const paid = zoned(marks, 'o', 'paid_at');
  const placed = zoned(marks, 'o', 'created_at');
  const refunded = zoned(marks, 'r', 'succeeded_at');
  const viewed = zoned(marks, 'v', 'at');
  const events = sql`count(*) filter (where v.kind = 'view') as views, count(*) filter (where v.kind = 'exposure') as exposures,
    count(*) filter (where v.kind = 'click') as clicks, count(*) filter (where v.kind = 'cart') as carts`;
  await tx.execute(sql`insert into analytics_channel_days (store_id, time_zone, day, channel, currency, orders, gmv, gift_orders, gift_gmv, refunds, refund_amount, views, exposures, clicks, carts, placed)
    select store_id, time_zone, day, channel, currency, sum(orders), sum(gmv), sum(gift_orders), sum(gift_gmv), sum(refunds), sum(refund_amount), sum(views), sum(exposures), sum(clicks), sum(carts), sum(placed) from (
      select ${paid.key} as day, o.channel, o.currency, count(*) as orders, sum(o.total) as gmv, count(*) filter (where o.gift_id is not null) as gift_orders,
        coalesce(sum(o.total) filter (where o.gift_id is not null), 0) as gift_gmv, 0 as refunds, 0 as refund_amount, 0 as views, 0 as exposures, 0 as clicks, 0 as carts, 0 as placed
      from orders o ${paid.join} where ${paid.where} and o.paid_at is not null group by 1, 2, 3, 4, 5
      union all
      select ${refunded.key}, o.channel, r.currency, 0, 0, 0, 0, count(*), sum(r.amount), 0, 0, 0, 0, 0
      from refunds r join orders o on o.id = r.order_id ${refunded.join}
      where ${refunded.where} and r.state = 'succeeded' and o.paid_at is not null
      group by 1, 2, 3, 4, 5
      union all
      select ${viewed.key}, v.channel, st.currency, 0, 0, 0, 0, 0, 0, ${events}, 0 from product_views v join stores st on st.id = v.store_id ${viewed.join} where ${viewed.where}
      group by 1, 2, 3, 4, 5
      union all
      select ${placed.key}, o.channel, o.currency, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*) from orders o ${placed.join}
      where ${placed.where} and (o.paid_at is not null or o.state = 'cancelled') group by 1, 2, 3, 4, 5
    ) as x where ${marked(marks)} group by store_id, time_zone, day, channel, currency`);
  await tx.execute(sql`insert into analytics_product_days (store_id, time_zone, day, product_id, category_id, currency, orders, quantity, amount, views, exposures, clicks, carts)
    select store_id, time_zone, day, product_id, max(category_id), max(currency), sum(orders), sum(quantity), sum(amount), sum(views), sum(exposures), sum(clicks), sum(carts) from (
      select ${paid.key} as day, i.product_id, i.category_id, o.currency, count(distinct o.id) as orders, sum(i.quantity) as quantity, sum(i.amount - i.discount) as amount,
        0 as views, 0 as exposures, 0 as clicks, 0 as carts
      from orders o join order_items i on i.order_id = o.id ${paid.join} where ${paid.where} and o.paid_at is not null group by 1, 2, 3, 4, 5, 6
      union all
      select ${viewed.key}, v.product_id, p.category_id, st.currency, 0, 0, 0, ${events}
      from product_views v join products p on p.id = v.product_id join stores st on st.id = v.store_id ${viewed.join} where ${viewed.where}
      group by 1, 2, 3, 4, 5, 6
    ) as x where ${marked(marks)} group by store_id, time_zone, day, product_id`);
  await tx.execute(sql`insert into analytics_buyer_days (store_id, time_zone, day, buyer_id, orders, amount)
    select * from (select ${paid.key} as day, o.buyer_id, count(*), sum(o.total) from orders o ${paid.join}
      where ${paid.where} and o.paid_at is not null group by 1, 2, 3, 4) as x where ${marked(marks)}`);
  await insertCategoryRollups(tx, marks, paid, refunded);
}

/**
 * The days' rows per category subtree and buyer (analytics_category_days): each item counts in its category and every
 * ancestor; an order counts once per subtree however many of its items are in it; a refund counts once per subtree
 * its order has an item in.
 */
async function insertCategoryRollups(tx: Db, marks: Marks, paid: ReturnType<typeof zoned>, refunded: ReturnType<typeof zoned>) {
  await tx.execute(sql`with recursive up(leaf, id) as (
      select id, id from categories union all select up.leaf, c.parent_id from up join categories c on c.id = up.id where c.parent_id is not null)
    insert into analytics_category_days (store_id, time_zone, day, category_id, buyer_id, currency, orders, amount, gift_amount, refunds, refund_amount)
    select store_id, time_zone, day, category_id, buyer_id, max(currency), sum(orders), sum(amount), sum(gift_amount), sum(refunds), sum(refund_amount) from (
      select ${paid.key} as day, a.id as category_id, o.buyer_id, o.currency, count(distinct o.id) as orders, sum(i.amount - i.discount) as amount,
        coalesce(sum(i.amount - i.discount) filter (where o.gift_id is not null), 0) as gift_amount, 0 as refunds, 0 as refund_amount
      from orders o join order_items i on i.order_id = o.id join up a on a.leaf = i.category_id ${paid.join}
      where ${paid.where} and o.paid_at is not null group by 1, 2, 3, 4, 5, 6
      union all
      select ${refunded.key}, a.id, o.buyer_id, r.currency, 0, 0, 0, count(*), sum(r.amount)
      from refunds r join orders o on o.id = r.order_id
      join lateral (select distinct up.id from order_items i join up on up.leaf = i.category_id where i.order_id = o.id) a on true ${refunded.join}
      where ${refunded.where} and r.state = 'succeeded' and o.paid_at is not null
      group by 1, 2, 3, 4, 5, 6
    ) as x where ${marked(marks)} group by store_id, time_zone, day, category_id, buyer_id`);
}

/** Deletes the rollup rows of the marked days (a relation of store_id, time_zone, day). */
export async function deleteMarkedRollups(tx: Db, marks: SQL) {
  for (const t of ROLLUP_TABLES) {
    await tx.execute(sql`delete from ${sql.raw(t)} as t using (${marks}) as m where t.time_zone = m.time_zone and t.store_id = m.store_id and t.day = m.day`);
  }
}
