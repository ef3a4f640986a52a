// Shipping fees from freight templates, in SQL: the checkout statement computes them inside itself (from the very
// rows it took stock from), and the cart's quote runs the same CTEs over the cart's lines, so both agree.
//
// The rule (as WeChat Store's 运费模板): a store order's lines are grouped by the template they ship under (the
// product's, else the store's default; neither: free). Each template charges its lines once:
//   free    0
//   flat    firstFee
//   piece   firstFee for the first firstUnits pieces + extraFee for each further extraUnits pieces (or part of them)
//   weight  the same over the lines' grams (SKU weight × quantity; a SKU without a weight counts 0 g)
// where a regional rule of the template whose region starts the address's region (case- and accent-insensitive,
// the longest one) replaces firstFee and extraFee. A template is free when the store order's items (all its lines,
// at the checkout's prices) reach its freeAbove. The store order's fee is the sum over its templates. A template's
// region marked not delivered refuses the whole checkout (nothing is written).
import { sql, type SQL } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';

/** The normalised form a region is matched in (the address's and the rules'). */
export const regionKeySql = (region: SQL) => sql`lower(trio_unaccent(btrim(${region})))`;

/**
 * CTEs over `src` (a CTE with store_id, product_id, freight_template_id, weight, quantity, amount): fr_fee (one row
 * per store and template: fee, undelivered, product_ids) and fr_store (store_id, fee, undelivered). `perOrder`: the
 * column of `src` telling its store orders apart when one statement makes several of one store (several buyers'):
 * each is charged on its own lines, and fr_fee and fr_store carry that column too.
 */
export function freightCtes(src: SQL, region: string | null, perOrder?: 'n') {
  const key = regionKeySql(sql`${region ?? ''}::text`);
  const by = (t: string) => (perOrder ? sql.raw(`, ${t}.${perOrder}`) : sql``);
  const same = (a: string, b: string) => (perOrder ? sql.raw(` and ${a}.${perOrder} = ${b}.${perOrder}`) : sql``);
  // The address's key, normalised once for the statement (not per regional rule looked at).
  return sql`fr_key as materialized (select ${key} as k),
    fr_groups as (
      select x.store_id${by('x')}, coalesce(x.freight_template_id, d.id) as template_id, sum(x.quantity)::bigint as pieces,
        sum(coalesce(x.weight, 0)::bigint * x.quantity)::bigint as grams, array_agg(distinct x.product_id) as product_ids
      from ${src} x left join freight_templates d on x.freight_template_id is null and d.store_id = x.store_id and d.is_default
      group by ${sql.raw(perOrder ? '1, 2, 3' : '1, 2')}),
    fr_items as (select x.store_id${by('x')}, sum(x.amount)::bigint as items from ${src} x group by x.store_id${by('x')}),
    fr_fee as (
      select g.store_id${by('g')}, g.product_ids,
        exists (select 1 from freight_regions r where r.template_id = ft.id and not r.delivers and starts_with((select k from fr_key), r.region_key)) as undelivered,
        (case when ft.basis = 'free' or i.items >= ft.free_above then 0
          else coalesce(o.first_fee, ft.first_fee) + case when ft.basis = 'flat' then 0
            else ceil(greatest(case when ft.basis = 'piece' then g.pieces else g.grams end - ft.first_units, 0)::numeric / ft.extra_units)::bigint
              * coalesce(o.extra_fee, ft.extra_fee) end
        end)::bigint as fee
      from fr_groups g
        join freight_templates ft on ft.id = g.template_id and ft.store_id = g.store_id
        join fr_items i on i.store_id = g.store_id${same('i', 'g')}
        left join lateral (
          select r.first_fee, r.extra_fee from freight_regions r
          where r.template_id = ft.id and r.delivers and starts_with((select k from fr_key), r.region_key) order by length(r.region_key) desc limit 1) o on true),
    fr_store as (select f.store_id${by('f')}, sum(f.fee)::bigint as fee, bool_or(f.undelivered) as undelivered from fr_fee f group by f.store_id${by('f')})`;
}

export type FreightQuote = { fee: number; undeliveredProductIds: string[] };

/** The shipping fee of each store order these lines would make, shipped to `region` (null: no address yet, base fees). */
export async function quoteFreight(db: Db, lines: { skuId: string; quantity: number }[], region: string | null): Promise<Map<string, FreightQuote>> {
  if (!lines.length) return new Map();
  const rows = await queryRows<{ storeId: string; fee: number | string; undelivered: string[] | null }>(db, sql`
    with src as (
      select s.store_id, s.product_id, p.freight_template_id, s.weight, w.quantity, s.price * w.quantity as amount
      from unnest(${pgArray(lines.map((l) => l.skuId))}::uuid[], ${pgArray(lines.map((l) => l.quantity))}::int[]) as w(sku_id, quantity)
        join skus s on s.id = w.sku_id join products p on p.id = s.product_id),
    ${freightCtes(sql`src`, region)}
    select s.store_id as "storeId", s.fee,
      (select array_agg(distinct pid) from fr_fee f, unnest(f.product_ids) pid where f.store_id = s.store_id and f.undelivered) as undelivered
    from fr_store s`);
  return new Map(rows.map((r) => [r.storeId, { fee: Number(r.fee), undeliveredProductIds: r.undelivered ?? [] }]));
}
