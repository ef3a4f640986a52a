// Reports read from the daily rollups (schema.ts), never from the raw rows: a period (day, ISO week, month, year) in
// the store's zone (a merchant's reports) or the platform's (the operator's) is the rollup days it covers, summed,
// and the metrics are the pure functions of rules.ts over those sums. Each report compares the period with another
// one (the previous period unless one is chosen) and with the same period a year earlier.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { Invalid, NotFound } from '../../kernel/errors.ts';
import type { Ctx } from '../../kernel/context.ts';
import { CHANNELS, type Channel } from '../catalog/schema.ts';
import type { Names } from '../merchants/schema.ts';
import type { CatalogCache } from '../catalog/index.ts';
import type { CategoryTreeCache } from '../merchants/categories.ts';
import { categorySums, categoryTrendRows } from './category-figures.ts';
import type { ReportCache } from './report-cache.ts';
import { localDate, periodOf, periodOfDate, previousPeriod, samePeriodLastYear, type Period, type PeriodUnit } from './periods.ts';
import {
  AGE_BANDS, CITY_TIER_BANDS, GENDER_BANDS, ageBand, averageAmount, basisPoints, funnel as funnelOf, gpm, growth, rankCategoriesByGrowth, sharesInBasisPoints,
  type AgeBand, type Audience, type CityTierBand, type GenderBand, type Growth,
} from './rules.ts';

/** Whose rows a report reads: one store's (in its zone) or every store's (in the platform's zone). */
export type Scope = { storeId: string; timeZone: string; currency: string } | { storeId: null; timeZone: string; currency: string };

/** What the caller asks: the period of `unit` holding `date` (local, YYYY-MM-DD; today when absent), compared with the one holding `compareDate`. */
export type PeriodQuery = { unit: PeriodUnit; date?: string; compareDate?: string };

export type ReportPeriods = { current: Period; compare: Period; lastYear: Period };

/** The periods of a query in the scope's zone; a date that is no calendar date is a 400 (analytics_period_invalid). */
export function reportPeriods(now: Date, timeZone: string, q: PeriodQuery): ReportPeriods {
  const at = (date: string | undefined, field: string) => {
    if (date === undefined) return periodOf(now, q.unit, timeZone);
    const p = periodOfDate(date, q.unit, timeZone);
    if (!p) throw new Invalid('analytics_period_invalid', `${field} must be a calendar date written YYYY-MM-DD, got "${date}".`, { field });
    return p;
  };
  const current = at(q.date, 'date');
  const compare = q.compareDate === undefined ? previousPeriod(current) : at(q.compareDate, 'compareDate');
  return { current, compare, lastYear: samePeriodLastYear(current) };
}

/** The local days [from, to) a period covers, as the rollups key them. */
export function days(p: Period) {
  return { from: localDate(p.start, p.timeZone), to: localDate(p.end, p.timeZone) };
}

export function where(scope: Scope, p: Period, alias = ''): SQL {
  const a = alias ? sql.raw(`${alias}.`) : sql``;
  const d = days(p);
  const store = scope.storeId ? sql` and ${a}store_id = ${scope.storeId}` : sql``;
  return sql`${a}time_zone = ${scope.timeZone} and ${a}day >= ${d.from}::date and ${a}day < ${d.to}::date${store}`;
}

const n = (v: unknown) => Number(v ?? 0);

/** The headline figures of one period. Money in the scope's currency (minor units); ratios in basis points. */
export type Figures = {
  label: string; from: string; to: string;
  gmv: number; orders: number; buyers: number; averageOrderValue: number | null; views: number; gpm: number | null;
  activeProducts: number; activeMerchants: number; refundAmount: number; refunds: number; refundRate: number | null;
  giftGmv: number; giftShare: number | null; repeatRate: number | null; newBuyers: number; returningBuyers: number;
};

/** The sums a period's figures are made of (category-figures.ts gives them for a category's subtree). */
export type Sums = {
  gmv: number; currencyOrders: number; orders: number; views: number; giftGmv: number; refundAmount: number; refunds: number;
  activeMerchants: number; buyers: number; repeat: number; returning: number; activeProducts: number;
};

/** The headline figures of one period: the whole scope, or the subtree of `categoryId` (category-figures.ts). */
export async function figures(db: Db, scope: Scope, p: Period, categoryId?: number): Promise<Figures> {
  return figuresOf(scope, p, categoryId === undefined ? await scopeSums(db, scope, p) : await categorySums(db, scope, p, categoryId));
}

async function scopeSums(db: Db, scope: Scope, p: Period): Promise<Sums> {
  const w = where(scope, p);
  const [[money], [buyers], [products]] = await Promise.all([
    queryRows<Record<string, unknown>>(db, sql`
      select coalesce(sum(gmv) filter (where currency = ${scope.currency}), 0) as gmv,
        coalesce(sum(orders) filter (where currency = ${scope.currency}), 0) as "currencyOrders",
        coalesce(sum(orders), 0) as orders, coalesce(sum(views), 0) as views,
        coalesce(sum(gift_gmv) filter (where currency = ${scope.currency}), 0) as "giftGmv",
        coalesce(sum(refund_amount) filter (where currency = ${scope.currency}), 0) as "refundAmount", coalesce(sum(refunds), 0) as refunds,
        count(distinct store_id) filter (where orders > 0) as "activeMerchants"
      from analytics_channel_days where ${w}`),
    // Each buyer once: their paid orders in the period, and whether they had paid before it (in the same scope).
    queryRows<Record<string, unknown>>(db, buyersSql(scope, p)),
    queryRows<Record<string, unknown>>(db, sql`select count(*) as active from (select distinct product_id from analytics_product_days where ${w} and orders > 0) a`),
  ]);
  return numbers({ ...money, ...buyers, activeProducts: products.active });
}

/**
 * The period's paying buyers (each once), those with 2+ paid orders in it, and those who had paid before it. For a day
 * or a week, each buyer's earlier days are looked up in the buyer index; for a month or a year (thousands of buyers)
 * one pass over the scope's buyer days up to the period's end costs less than a lookup per buyer.
 */
function buyersSql(scope: Scope, p: Period): SQL {
  const d = days(p);
  const store = scope.storeId ? sql` and store_id = ${scope.storeId}` : sql``;
  if (p.unit === 'day' || p.unit === 'week') {
    return sql`with b as (select buyer_id, sum(orders) as n from analytics_buyer_days where ${where(scope, p)} group by buyer_id)
      select count(*) as buyers, count(*) filter (where b.n >= 2) as repeat,
        count(*) filter (where exists (select 1 from analytics_buyer_days e where e.time_zone = ${scope.timeZone} and e.buyer_id = b.buyer_id
          and e.day < ${d.from}::date${scope.storeId ? sql` and e.store_id = ${scope.storeId}` : sql``})) as returning
      from b`;
  }
  return sql`select count(*) as buyers, count(*) filter (where b.n >= 2) as repeat, count(*) filter (where b.before) as returning
    from (select sum(orders) filter (where day >= ${d.from}::date) as n, bool_or(day < ${d.from}::date) as before
      from analytics_buyer_days where time_zone = ${scope.timeZone} and day < ${d.to}::date${store} group by buyer_id) b
    where b.n is not null`;
}

/** Every field of a row of sums as a number. */
export function numbers(row: Record<string, unknown>): Sums {
  const keys = ['gmv', 'currencyOrders', 'orders', 'views', 'giftGmv', 'refundAmount', 'refunds', 'activeMerchants', 'buyers', 'repeat', 'returning', 'activeProducts'] as const;
  return Object.fromEntries(keys.map((k) => [k, n(row[k])])) as Sums;
}

function figuresOf(scope: Scope, p: Period, s: Sums): Figures {
  const d = days(p);
  return {
    label: p.label, from: d.from, to: d.to,
    gmv: s.gmv, orders: s.orders, buyers: s.buyers,
    averageOrderValue: averageAmount({ amount: s.gmv, currency: scope.currency }, s.currencyOrders)?.amount ?? null,
    views: s.views, gpm: gpm({ amount: s.gmv, currency: scope.currency }, s.views)?.amount ?? null,
    activeProducts: s.activeProducts, activeMerchants: s.activeMerchants,
    refundAmount: s.refundAmount, refunds: s.refunds, refundRate: basisPoints(s.refundAmount, s.gmv),
    giftGmv: s.giftGmv, giftShare: basisPoints(s.giftGmv, s.gmv),
    repeatRate: basisPoints(s.repeat, s.buyers), newBuyers: s.buyers - s.returning, returningBuyers: s.returning,
  };
}

const GROWN = ['gmv', 'orders', 'buyers', 'views', 'activeProducts', 'activeMerchants', 'refundAmount', 'giftGmv'] as const;
export type GrowthOf = Record<(typeof GROWN)[number], Growth | null>;

function growthOf(current: Figures, base: Figures): GrowthOf {
  return Object.fromEntries(GROWN.map((k) => [k, growth(current[k], base[k])])) as GrowthOf;
}

/** Per day (periods up to a month) or per month (a year): GMV and paid orders, for the trend chart. Every bucket of the period is there. */
export async function trend(db: Db, scope: Scope, p: Period, categoryId?: number) {
  const bucket = p.unit === 'year' ? sql`to_char(day, 'YYYY-MM')` : sql`to_char(day, 'YYYY-MM-DD')`;
  const rows = categoryId !== undefined ? await categoryTrendRows(db, scope, p, categoryId, bucket) : await queryRows<{ bucket: string; gmv: unknown; orders: unknown }>(db, sql`
    select ${bucket} as bucket, coalesce(sum(gmv) filter (where currency = ${scope.currency}), 0) as gmv, coalesce(sum(orders), 0) as orders
    from analytics_channel_days where ${where(scope, p)} group by 1 order by 1`);
  const by = new Map(rows.map((r) => [r.bucket, { bucket: r.bucket, gmv: n(r.gmv), orders: n(r.orders) }]));
  // Every day (or month) of the period, those without sales at zero.
  const d = days(p);
  const buckets: string[] = [];
  for (let t = Date.parse(`${d.from}T00:00:00Z`); t < Date.parse(`${d.to}T00:00:00Z`); t += 86_400_000) {
    const b = new Date(t).toISOString().slice(0, p.unit === 'year' ? 7 : 10);
    if (buckets.at(-1) !== b) buckets.push(b);
  }
  return buckets.map((bucket) => by.get(bucket) ?? { bucket, gmv: 0, orders: 0 });
}

/**
 * Per channel: exposures, clicks, views, add-to-carts, orders placed, paid orders, GMV, conversion (paid orders ÷
 * views, basis points) and the funnel view → cart → order → paid. Every channel is listed.
 */
export async function channels(db: Db, scope: Scope, p: Period) {
  const rows = await queryRows<{ channel: Channel } & Record<'exposures' | 'clicks' | 'views' | 'carts' | 'placed' | 'orders' | 'gmv', unknown>>(db, sql`
    select channel, coalesce(sum(exposures), 0) as exposures, coalesce(sum(clicks), 0) as clicks, coalesce(sum(views), 0) as views,
      coalesce(sum(carts), 0) as carts, coalesce(sum(placed), 0) as placed, coalesce(sum(orders), 0) as orders,
      coalesce(sum(gmv) filter (where currency = ${scope.currency}), 0) as gmv
    from analytics_channel_days where ${where(scope, p)} group by channel`);
  const by = new Map(rows.map((r) => [r.channel, r]));
  const totalGmv = rows.reduce((s, r) => s + n(r.gmv), 0);
  return CHANNELS.map((channel) => {
    const r = by.get(channel);
    const [exposures, clicks, views, carts, placed, orders, gmv] = [r?.exposures, r?.clicks, r?.views, r?.carts, r?.placed, r?.orders, r?.gmv].map(n);
    return {
      channel, exposures, clicks, views, carts, placed, orders, gmv, gmvShare: basisPoints(gmv, totalGmv), conversion: basisPoints(orders, views),
      funnel: funnelOf({ views, carts, placed, paid: orders }),
    };
  });
}

/**
 * The paying buyers of the period (of a category's subtree with `categoryId`), each once, by age band, gender and city
 * tier, as shares in basis points. Who paid is the rollups'; what they are is their profile now (age in the period's
 * year): the profile is what a buyer says of themselves, so a blank filled in or a move corrects every period, and a
 * profile cleared is no longer reported anywhere. A profile edit moves the rollups' version (accounts' updateProfile),
 * so no cached report keeps the old profile.
 */
export async function audience(db: Db, scope: Scope, p: Period, categoryId?: number): Promise<Audience & { buyers: number }> {
  const payers = categoryId === undefined
    ? sql`select distinct buyer_id from analytics_buyer_days where ${where(scope, p)}`
    : sql`select distinct buyer_id from analytics_category_days where ${where(scope, p)} and category_id = ${categoryId} and orders > 0`;
  const rows = await queryRows<{ birthYear: number | null; gender: string | null; cityTier: string | null; n: unknown }>(db, sql`
    select u.birth_year as "birthYear", u.gender, u.city_tier as "cityTier", count(*) as n
    from (${payers}) b join users u on u.id = b.buyer_id
    group by 1, 2, 3`);
  const year = Number(p.label.slice(0, 4));
  const age: Partial<Record<AgeBand, number>> = {};
  const gender: Partial<Record<GenderBand, number>> = {};
  const cityTier: Partial<Record<CityTierBand, number>> = {};
  let buyers = 0;
  for (const r of rows) {
    const count = n(r.n);
    buyers += count;
    const a = ageBand(r.birthYear === null ? null : Number(r.birthYear), year);
    age[a] = (age[a] ?? 0) + count;
    const g = (r.gender ?? 'unknown') as GenderBand;
    gender[g] = (gender[g] ?? 0) + count;
    const c = (r.cityTier ?? 'unknown') as CityTierBand;
    cityTier[c] = (cityTier[c] ?? 0) + count;
  }
  return {
    buyers,
    age: sharesInBasisPoints(AGE_BANDS, age), gender: sharesInBasisPoints(GENDER_BANDS, gender), cityTier: sharesInBasisPoints(CITY_TIER_BANDS, cityTier),
  };
}

type CategoryRow = { id: number; parentId: number | null; names: Names };

/**
 * Categories ranked by GMV growth against the compare period: the top level, or the children of `parentId` (each
 * with its subtree's GMV). A category sold in neither period is left out.
 */
export async function categoryRanking(db: Db, scope: Scope, ps: ReportPeriods, parentId?: number) {
  const tree = await queryRows<CategoryRow>(db, sql`select id, parent_id as "parentId", names from categories`);
  const byId = new Map(tree.map((c) => [c.id, c]));
  if (parentId !== undefined && !byId.has(parentId)) throw new NotFound('category');
  /** The ancestor of `id` that is a child of parentId (or a root), or null when `id` is not under parentId. */
  const bucketOf = (id: number): number | null => {
    let c = byId.get(id);
    const seen = new Set<number>();
    while (c && !seen.has(c.id)) {
      seen.add(c.id);
      if ((c.parentId ?? undefined) === parentId) return c.id;
      c = c.parentId === null ? undefined : byId.get(c.parentId);
    }
    return null;
  };
  const sums = async (p: Period) => {
    const rows = await queryRows<{ categoryId: number; amount: unknown; orders: unknown }>(db, sql`
      select category_id as "categoryId", coalesce(sum(amount) filter (where currency = ${scope.currency}), 0) as amount, coalesce(sum(orders), 0) as orders
      from analytics_product_days where ${where(scope, p)} group by category_id`);
    const out = new Map<number, { amount: number; orders: number }>();
    for (const r of rows) {
      const b = bucketOf(Number(r.categoryId));
      if (b === null) continue;
      const o = out.get(b) ?? { amount: 0, orders: 0 };
      out.set(b, { amount: o.amount + n(r.amount), orders: o.orders + n(r.orders) });
    }
    return out;
  };
  const [current, compare] = await Promise.all([sums(ps.current), sums(ps.compare)]);
  const ids = new Set([...current.keys(), ...compare.keys()]);
  const ranked = rankCategoriesByGrowth([...ids].map((id) => ({ categoryId: String(id), current: current.get(id)?.amount ?? 0, previous: compare.get(id)?.amount ?? 0 })));
  return ranked.map((r) => {
    const id = Number(r.categoryId);
    const c = byId.get(id)!;
    const hasChildren = tree.some((t) => t.parentId === id);
    return { rank: r.rank, categoryId: id, names: c.names, gmv: r.current, compareGmv: r.previous, orders: current.get(id)?.orders ?? 0, growth: r.growth, hasChildren };
  });
}

/** The stores with the most GMV in the period (platform), with their growth against the compare period. */
export async function storeRanking(db: Db, scope: Scope, ps: ReportPeriods, limit: number, categoryId?: number) {
  const inCategory = categoryId === undefined ? sql`` : sql` and store_id in (select store_id from analytics_product_days where ${where(scope, ps.current)} and category_id in (
      with recursive sub(id) as (select ${categoryId}::int union all select c.id from categories c join sub on c.parent_id = sub.id) select id from sub))`;
  const rows = await queryRows<{ storeId: string; name: string; gmv: unknown; orders: unknown; compareGmv: unknown }>(db, sql`
    with cur as (select store_id, coalesce(sum(gmv) filter (where currency = ${scope.currency}), 0) as gmv, sum(orders) as orders
      from analytics_channel_days where ${where(scope, ps.current)}${inCategory} group by store_id having sum(orders) > 0 order by 2 desc, 1 limit ${limit}),
    cmp as (select store_id, coalesce(sum(gmv) filter (where currency = ${scope.currency}), 0) as gmv
      from analytics_channel_days where ${where(scope, ps.compare)} and store_id in (select store_id from cur) group by store_id)
    select cur.store_id as "storeId", s.name, cur.gmv, cur.orders, coalesce(cmp.gmv, 0) as "compareGmv"
    from cur join stores s on s.id = cur.store_id left join cmp on cmp.store_id = cur.store_id order by cur.gmv desc, cur.store_id`);
  return rows.map((r, i) => ({ rank: i + 1, storeId: r.storeId, name: r.name, gmv: n(r.gmv), orders: n(r.orders), compareGmv: n(r.compareGmv), growth: growth(n(r.gmv), n(r.compareGmv)) }));
}

/** A store's products with the most GMV in the period: orders, units, views, GPM. */
export async function productRanking(db: Db, scope: Scope, p: Period, limit: number) {
  const rows = await queryRows<{ productId: string; title: string | null; amount: unknown; orders: unknown; quantity: unknown; views: unknown }>(db, sql`
    select d.product_id as "productId", p.title, coalesce(sum(d.amount) filter (where d.currency = ${scope.currency}), 0) as amount,
      sum(d.orders) as orders, sum(d.quantity) as quantity, sum(d.views) as views
    from analytics_product_days d left join products p on p.id = d.product_id where ${where(scope, p, 'd')}
    group by d.product_id, p.title order by 3 desc, 4 desc, 1 limit ${limit}`);
  return rows.map((r, i) => ({
    rank: i + 1, productId: r.productId, title: r.title ?? '', gmv: n(r.amount), orders: n(r.orders), quantity: n(r.quantity), views: n(r.views),
    gpm: gpm({ amount: n(r.amount), currency: scope.currency }, n(r.views))?.amount ?? null,
  }));
}

function periodView(p: Period) {
  const d = days(p);
  return { unit: p.unit, label: p.label, timeZone: p.timeZone, start: p.start.toISOString(), end: p.end.toISOString(), from: d.from, to: d.to };
}

/** The scope of a store's reports: its zone (the platform's when it has none) and currency. */
export async function storeScope(ctx: Ctx, storeId: string): Promise<Scope> {
  const [s] = await queryRows<{ timeZone: string | null; currency: string }>(ctx.db, sql`select time_zone as "timeZone", currency from stores where id = ${storeId}`);
  if (!s) throw new NotFound('store');
  return { storeId, timeZone: s.timeZone ?? ctx.config.timeZone, currency: s.currency };
}

export function platformScope(ctx: Ctx): Scope {
  return { storeId: null, timeZone: ctx.config.timeZone, currency: ctx.config.currency };
}

/**
 * A report's head: the three periods' figures and the growth multiples against the compare period and a year earlier;
 * with `categoryId`, those of the category's subtree (and its trend).
 */
export async function overview(ctx: Ctx, scope: Scope, q: PeriodQuery, categoryId?: number) {
  const ps = reportPeriods(ctx.clock.now(), scope.timeZone, q);
  const [current, compare, lastYear, series] = await Promise.all([
    figures(ctx.db, scope, ps.current, categoryId), figures(ctx.db, scope, ps.compare, categoryId), figures(ctx.db, scope, ps.lastYear, categoryId),
    trend(ctx.db, scope, ps.current, categoryId),
  ]);
  return {
    currency: scope.currency, timeZone: scope.timeZone,
    periods: { current: periodView(ps.current), compare: periodView(ps.compare), lastYear: periodView(ps.lastYear) },
    current, compare, lastYear,
    growth: { vsCompare: growthOf(current, compare), vsLastYear: growthOf(current, lastYear) },
    trend: series,
  };
}

/**
 * Where answers are kept (report-cache.ts): the same request of the same scope and periods is answered from it until a
 * rollup changes. The operator's ranking also shows the category tree (names, children), so its key carries the tree's
 * stamp too; a store's ranks its products by title, so its key carries the catalog's stamp (a title edited).
 */
export type ReportCaches = { reports: ReportCache; tree?: CategoryTreeCache; catalog?: CatalogCache };

/** The part of a cache key that says which periods are read (the labels; `date` absent means the period holding now). */
const periodsKey = (ps: ReportPeriods) => `${ps.current.unit}|${ps.current.label}|${ps.compare.label}`;

/** The merchant's report of its store: the overview, channels, audience, top products. */
export async function storeReport(ctx: Ctx, storeId: string, q: PeriodQuery, caches?: ReportCaches) {
  const scope = await storeScope(ctx, storeId);
  const ps = reportPeriods(ctx.clock.now(), scope.timeZone, q);
  const build = async () => {
    const [head, channelMix, buyers, products] = await Promise.all([
      overview(ctx, scope, q), channels(ctx.db, scope, ps.current), audience(ctx.db, scope, ps.current), productRanking(ctx.db, scope, ps.current, 20),
    ]);
    return { ...head, channels: channelMix, audience: buyers, products };
  };
  if (!caches) return build();
  const titles = caches.catalog ? await caches.catalog.stampNow() : '';
  return caches.reports.get(`store|${storeId}|${scope.timeZone}|${scope.currency}|${periodsKey(ps)}|${titles}`, build);
}

/** A category asked for that does not exist: 404 (before any figure is read). */
async function categoryExists(db: Db, categoryId: number) {
  const [c] = await queryRows(db, sql`select 1 from categories where id = ${categoryId}`);
  if (!c) throw new NotFound('category');
}

/**
 * The operator's report of the platform, or drilled into a category: then the headline figures, growth and trend are
 * the subtree's (each order once), and so is the audience; the ranking is of its children and the stores are those
 * selling in it (channels stay the platform's).
 */
export async function platformReport(ctx: Ctx, q: PeriodQuery & { categoryId?: number }, caches?: ReportCaches) {
  const scope = platformScope(ctx);
  const ps = reportPeriods(ctx.clock.now(), scope.timeZone, q);
  const build = async () => {
    if (q.categoryId !== undefined) await categoryExists(ctx.db, q.categoryId);
    const [head, categories, stores, channelMix, buyers] = await Promise.all([
      overview(ctx, scope, q, q.categoryId), categoryRanking(ctx.db, scope, ps, q.categoryId), storeRanking(ctx.db, scope, ps, 20, q.categoryId),
      channels(ctx.db, scope, ps.current), audience(ctx.db, scope, ps.current, q.categoryId),
    ]);
    return { ...head, categories, stores, channels: channelMix, audience: buyers };
  };
  if (!caches) return build();
  const tree = caches.tree ? await caches.tree.stampNow() : '';
  return caches.reports.get(`platform|${scope.timeZone}|${scope.currency}|${periodsKey(ps)}|${q.categoryId ?? ''}|${tree}`, build);
}
