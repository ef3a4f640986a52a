// Demo history: a year or more of plausible past trade for the demo stores, written straight in SQL, set-based
// (INSERT ... SELECT over generate_series, never row by row through the API), so that the dashboards show real
// growth on first run and the benchmarks have a million orders to read. What it writes follows the rules the rest of
// Trio keeps: every order is paid (its payment paid) or cancelled unpaid (its payment closed); paid orders move on to
// shipped, received and settled as their times pass, and the ones whose next step is still ahead stay where the
// state machine would have them (the scheduler takes them on); a settled order has its settlement in the store's
// ledger and balance; refunds are one unit of a received item, succeeded before settlement; gifts are single gifts
// claimed by their recipient, whose order is the gift's. Money is integers; every store-owned row carries store_id.
// Product events (exposures, clicks, views, add-to-carts) come around the orders; some buyers follow the store.
// Buyers are new accounts with an audience profile (age, gender, city tier; some left blank).
//
// It never runs against a database with a real payment provider configured (demo money must never meet a real
// provider's keys): generateHistory refuses first.
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../db/client.ts';
import type { Ctx } from '../kernel/context.ts';
import { buildMarkedRollups, localDate, markDays } from '../modules/analytics/index.ts';
import { historyDays, ordersOnDay } from './history-calendar.ts';

export type HistoryOptions = {
  /** Days of history, ending yesterday (the platform's zone). */
  days: number;
  /** Orders on an ordinary day at the end of the history (the platform grows ~1.9× a year up to it). */
  ordersPerDay: number;
  /** Product events (exposure, click, view, cart) per order placed, on average. */
  eventsPerOrder?: number;
  /** New buyers to make (default: one per 4 orders, at least 50). */
  buyers?: number;
  /** The stores to give history to (default: every open store with listed products). */
  storeIds?: string[];
  /** At most this many orders are written in one transaction (consecutive days; default 50,000). */
  chunkOrders?: number;
  /** Told after each chunk is committed (progress of a long generation). */
  onProgress?: (done: { days: number; orders: number; events: number; seconds: number }) => void;
};

export type HistoryResult = { days: number; orders: number; paid: number; cancelled: number; gifts: number; refunds: number; events: number; buyers: number; followers: number; from: string; to: string };

/** Why history may not be generated here, or null. */
export function historyRefusal(config: Ctx['config']): string | null {
  const w = config.wechatpay;
  if (config.paymentProvider !== 'sandbox' || w.mchid || w.apiV3Key || w.merchantPrivateKeyPath) {
    return 'Demo history is refused: WeChat Pay keys are configured (TRIO_PAYMENT_PROVIDER / WECHATPAY_*). Generated orders and payments must never sit beside a real payment provider; use a database run with the sandbox.';
  }
  return null;
}

export class HistoryRefused extends Error {}

/** Consecutive days grouped so that each group holds at most `max` orders (a day bigger than that is a group alone). */
export function chunkDays<T extends { n: number }>(days: readonly T[], max: number): T[][] {
  const chunks: T[][] = [];
  let sum = 0;
  for (const d of days) {
    if (!chunks.length || sum + d.n > max) {
      chunks.push([]);
      sum = 0;
    }
    chunks.at(-1)!.push(d);
    sum += d.n;
  }
  return chunks;
}

/**
 * Writes the history in chunks of consecutive days, each chunk one transaction (orders with everything that follows
 * them, its events and followers, and the marks of the days it touched for the rollups: the scheduler, or
 * buildRollups, rolls them up). The buyers come first, in their own transaction. A generation stopped half way leaves
 * whole days behind it, each one consistent.
 */
export async function generateHistory(ctx: Ctx, opts: HistoryOptions): Promise<HistoryResult> {
  const refusal = historyRefusal(ctx.config);
  if (refusal) throw new HistoryRefused(refusal);
  const tz = ctx.config.timeZone;
  const now = ctx.clock.now();
  const calendar = historyDays(localDate(now, tz), opts.days).map((d) => ({ ...d, n: ordersOnDay(d.day, d.daysAgo, opts.ordersPerDay) }));
  const expected = calendar.reduce((a, d) => a + d.n, 0);
  const buyers = opts.buyers ?? Math.max(50, Math.round(expected / 4));
  const run = `${now.getTime().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await products(tx, opts.storeIds);
    const [{ n: productCount }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from h_products`);
    if (!productCount) throw new HistoryRefused('Demo history needs stores with listed products (start the demo first, or name stores that have some).');
    await makeBuyers(tx, run, buyers, now);
  });
  const total = { orders: 0, paid: 0, cancelled: 0, gifts: 0, refunds: 0, events: 0, followers: 0 };
  const t0 = performance.now();
  let daysDone = 0;
  for (const chunk of chunkDays(calendar, opts.chunkOrders ?? 50_000)) {
    const made = await ctx.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      await products(tx, opts.storeIds);
      await buyerTable(tx, run);
      await plannedOrders(tx, now, tz, chunk.map((d) => d.day), chunk.map((d) => d.n), chunk.map((d) => d.daysAgo));
      await writeOrders(tx, run);
      await settle(tx, now);
      const events = await writeEvents(tx, opts.eventsPerOrder ?? 8);
      const [r] = await queryRows<Record<string, number>>(tx, sql`select count(*)::int as orders, count(*) filter (where paid_at is not null)::int as paid,
        count(*) filter (where paid_at is null)::int as cancelled, count(*) filter (where gift_id is not null)::int as gifts, count(*) filter (where refunded)::int as refunds from h_orders`);
      const followers = await follow(tx);
      await markHistoryDays(tx, now, tz);
      return { ...r, events, followers } as typeof total;
    });
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += made[k];
    daysDone += chunk.length;
    opts.onProgress?.({ days: daysDone, orders: total.orders, events: total.events, seconds: +((performance.now() - t0) / 1000).toFixed(1) });
  }
  return { days: opts.days, buyers, from: calendar[0]?.day ?? '', to: calendar.at(-1)?.day ?? '', ...total };
}

/** Builds the marked days' rollups now (instead of waiting for the scheduler): set-based, a window of days per transaction, `parallel` at once. Returns the store-days. */
export async function buildRollups(ctx: Ctx, opts: { parallel?: number; onProgress?: (days: number) => void } = {}): Promise<number> {
  return buildMarkedRollups(ctx, opts);
}

/** Calls `tell` when the count passes each multiple of `step` (progress lines for a long run). */
export function progressEvery(step: number, tell: (n: number) => void) {
  let next = step;
  return (n: number) => {
    if (n < next) return;
    tell(n);
    next = (Math.floor(n / step) + 1) * step;
  };
}

/** The days a chunk touched, in the platform's and each store's zone: orders placed and paid, refunds, the events before each order. */
async function markHistoryDays(tx: Db, now: Date, tz: string) {
  await markDays(tx, now, tz, sql`select store_id, created_at as at from h_orders
    union select store_id, created_at - interval '3 hours' from h_orders
    union select store_id, paid_at from h_orders where paid_at is not null
    union select store_id, received_at + interval '1 day' from h_orders where refunded`);
}

/** The products history sells: each listed product's cheapest active SKU, its category's commission, and how fast its top category grows. */
async function products(tx: Db, storeIds?: string[]) {
  const stores = storeIds?.length ? sql`p.store_id in (${sql.join(storeIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql`s.status = 'open'`;
  await tx.execute(sql`create temp table h_products on commit drop as
    select row_number() over (order by p.store_id, p.id)::int as i, p.store_id, p.id as product_id, k.id as sku_id, k.attrs, p.category_id, p.title, k.price, s.currency,
      coalesce(c.commission_bp, c2.commission_bp, c3.commission_bp, 0) as commission_bp,
      -- Each top-level category grows at its own pace: 1.2× to 3.2× a year.
      1.2 + (abs(hashtext(coalesce(c3.code, c2.code, c.code))) % 9) * 0.25 as growth,
      row_number() over (partition by p.store_id order by p.id)::int as si, count(*) over (partition by p.store_id)::int as sn
    from products p join stores s on s.id = p.store_id
    join lateral (select id, attrs, price from skus where product_id = p.id and active and price > 0 order by price, id limit 1) k on true
    join categories c on c.id = p.category_id left join categories c2 on c2.id = c.parent_id left join categories c3 on c3.id = c2.parent_id
    where p.live_state = 'listed' and ${stores}`);
  await tx.execute(sql`alter table h_products add primary key (i)`);
  await tx.execute(sql`analyze h_products`);
}

/** New buyer accounts with audience profiles: ages 18 to 65, mostly women, city tiers of a WeChat shop's mix; some blank. */
async function makeBuyers(tx: Db, run: string, n: number, now: Date) {
  await tx.execute(sql`insert into users (email, password_hash, role, display_name, locale, birth_year, gender, city_tier, created_at)
      select 'history-' || ${run} || '-' || g || '@trio.demo',
        coalesce((select password_hash from users where role = 'buyer' order by created_at limit 1), '!'), 'buyer',
        (array['林','王','李','张','刘','陈','Nguyễn','Trần','Lê','Phạm'])[1 + g % 10] || (array['小雨','晓明','Minh','Lan','Hoa','静','磊','芳'])[1 + (g / 10) % 8],
        (array['zh','zh','zh','vi','en'])[1 + g % 5],
        case when random() < 0.12 then null else ${now.getUTCFullYear()} - 18 - floor(47 * power(random(), 1.4))::int end,
        (array['female','female','female','female','female','female','male','male','male','other', null])[1 + floor(random() * 11)::int],
        (array['tier_1','tier_1','new_tier_1','new_tier_1','new_tier_1','tier_2','tier_2','tier_2','tier_3','tier_3','tier_4_below','tier_4_below','overseas', null, null])[1 + floor(random() * 15)::int],
        ${now}::timestamptz - interval '800 days'
      from generate_series(1, ${n}) g`);
}

/** h_buyers: the run's buyers numbered 1..n in a fixed order (the low numbers buy most often), the same in every chunk. */
async function buyerTable(tx: Db, run: string) {
  await tx.execute(sql`create temp table h_buyers on commit drop as
    select (row_number() over (order by id))::int as k, id from users where email like ${`history-${run}-%`}`);
  await tx.execute(sql`alter table h_buyers add primary key (k)`);
  await tx.execute(sql`analyze h_buyers`);
}

/**
 * h_orders: every order of the history with its times and choices. Each day's orders are shared among the products
 * by their category's growth (a category growing 3× a year has a third of its sales a year ago); one order in five
 * has a second item of the same store; one in twenty is a gift; one placed order in fourteen is cancelled unpaid.
 */
async function plannedOrders(tx: Db, now: Date, tz: string, days: string[], counts: number[], ages: number[]) {
  const channels = sql`(array['store','store','store','store','store','mini_site','mini_site','service_account','service_account','live','offline'])[1 + floor(random() * 11)::int]`;
  await tx.execute(sql`create temp table h_orders on commit drop as
    with d as (select * from unnest(${pgArray(days)}::date[], ${pgArray(counts)}::int[], ${pgArray(ages)}::int[]) as d(day, n, age)),
    pw as (select d.day, d.n, p.i, power(p.growth, -d.age / 365.0) as w from d cross join h_products p),
    share as (select day, i, n * w / sum(w) over (partition by day) as expected from pw),
    g as (select share.day, share.i from share cross join lateral generate_series(1, floor(share.expected + random())::int)),
    base as (
      select gen_random_uuid() as id, gen_random_uuid() as payment_id, p.store_id, p.currency, p.i as p1,
        -- The next product of the same store (numbered consecutively within it).
        case when random() < 0.2 and p.sn > 1 then p.i - p.si + 1 + p.si % p.sn end as p2,
        1 + floor(power(random(), 2.5) * 3)::int as q1,
        1 + floor(nb.n * power(random(), 1.7))::int as buyer_k, 1 + floor(nb.n * random())::int as giver_k,
        random() as r_kind, random() as r_refund, ${channels} as channel,
        ((g.day + make_interval(secs => (7 + 16.99 * sqrt(random())) * 3600))::timestamp at time zone ${tz}) as created_at,
        random() as r1, random() as r2, random() as r3, random() as r_events
      from g join h_products p on p.i = g.i cross join (select count(*)::int as n from h_buyers) nb),
    kinds as (select *, p2 is null and r_kind < 0.05 as is_gift, r_kind >= 0.93 as cancelled from base),
    times as (
      select *, case when cancelled then null else created_at + make_interval(secs => 60 + r1 * 540) end as paid_at from kinds),
    steps as (
      select *, paid_at + make_interval(secs => (10 + r2 * 38) * 3600) as ship_at from times),
    steps2 as (select *, ship_at + make_interval(secs => (40 + r3 * 60) * 3600) as receive_at from steps)
    select s.*, b.id as buyer_id, gb.id as giver_id, case when is_gift then gen_random_uuid() end as gift_id,
      p.price as price1, p.sku_id as sku1, p.product_id as product1, p.category_id as category1, p.title as title1, p.attrs as attrs1, p.commission_bp as bp1,
      p2.price as price2, p2.sku_id as sku2, p2.product_id as product2, p2.category_id as category2, p2.title as title2, p2.attrs as attrs2, p2.commission_bp as bp2,
      p.price * s.q1 + coalesce(p2.price, 0) as total,
      case when ship_at <= ${now}::timestamptz then ship_at end as shipped_at,
      case when receive_at <= ${now}::timestamptz then receive_at end as received_at,
      -- One unit of the first item refunded after receipt (before settlement): an after-sale that succeeded.
      (q1 >= 2 and r_refund < 0.12 and receive_at + interval '1 day' <= ${now}::timestamptz) as refunded,
      case when receive_at + interval '7 days' <= ${now}::timestamptz then receive_at + interval '7 days' end as settled_at
    from steps2 s join h_products p on p.i = s.p1 left join h_products p2 on p2.i = s.p2
    join h_buyers b on b.k = s.buyer_k join h_buyers gb on gb.k = s.giver_k`);
  await tx.execute(sql`analyze h_orders`);
}

/** Payments, gifts and their claims, orders, items, refunds, from h_orders. */
async function writeOrders(tx: Db, run: string) {
  const state = sql`case when o.paid_at is null then 'cancelled' when o.shipped_at is null then 'awaiting_shipment' when o.received_at is null then 'awaiting_receipt' else 'completed' end`;
  const tradeNo = sql`'H' || replace(o.payment_id::text, '-', '')`;
  await tx.execute(sql`insert into payments (id, purpose, payer_id, amount, currency, description, state, paid_out_trade_no, transaction_id, paid_at, expires_at, created_at, updated_at)
    select o.payment_id, case when o.is_gift then 'gift' else 'orders' end, case when o.is_gift then o.giver_id else o.buyer_id end, o.total, o.currency,
      'Demo history', case when o.paid_at is null then 'closed' else 'paid' end, case when o.paid_at is not null then ${tradeNo} end,
      case when o.paid_at is not null then 'HT' || ${run} || substr(md5(o.id::text), 1, 20) end,
      case when o.is_gift then o.created_at - interval '2 hours' else o.paid_at end, o.created_at + interval '30 minutes',
      case when o.is_gift then o.created_at - interval '2 hours 1 minute' else o.created_at end, coalesce(o.paid_at, o.created_at + interval '30 minutes')
    from h_orders o`);
  await tx.execute(sql`insert into gifts (id, store_id, source, giver_id, giver_name, kind, product_id, sku_id, title, unit_price, currency, unit_quantity, units, units_claimed,
      message, channel, payment_id, token_hash, state, paid_at, expires_at, created_at, updated_at)
    select o.gift_id, o.store_id, 'buyer', o.giver_id, u.display_name, 'single', o.product1, o.sku1, o.title1, o.price1, o.currency, o.q1, 1, 1,
      '生日快乐 Chúc mừng', o.channel, o.payment_id, encode(sha256(convert_to(o.gift_id::text, 'UTF8')), 'hex'), 'claimed',
      o.created_at - interval '2 hours', o.created_at + interval '22 hours', o.created_at - interval '2 hours 1 minute', o.created_at
    from h_orders o join users u on u.id = o.giver_id where o.is_gift`);
  await tx.execute(sql`insert into orders (id, store_id, buyer_id, payment_id, state, channel, currency, items_total, discount, shipping_fee, total, address,
      created_at, pay_deadline, paid_at, shipped_at, receive_deadline, received_at, settle_at, settled_at, cancelled_at, cancel_reason, gift_id, updated_at)
    select o.id, o.store_id, o.buyer_id, o.payment_id, ${state}, o.channel, o.currency, o.total, 0, 0, o.total,
      '{"name":"演示 Demo","phone":"+86 138 0000 0000","region":"Shanghai, Xuhui","line":"88 Caoxi Road"}'::jsonb,
      o.created_at, o.created_at + interval '30 minutes', o.paid_at, o.shipped_at, o.shipped_at + interval '10 days', o.received_at,
      o.received_at + interval '7 days', o.settled_at, case when o.paid_at is null then o.created_at + interval '30 minutes' end,
      case when o.paid_at is null then 'payment_timeout' end, o.gift_id,
      coalesce(o.settled_at, o.received_at, o.shipped_at, o.paid_at, o.created_at + interval '30 minutes')
    from h_orders o`);
  await tx.execute(sql`insert into gift_claims (gift_id, store_id, claimant_id, claimant_name, state, sku_id, order_id, created_at, claimed_at)
    select o.gift_id, o.store_id, o.buyer_id, u.display_name, 'claimed', o.sku1, o.id, o.created_at, o.created_at from h_orders o join users u on u.id = o.buyer_id where o.is_gift`);
  const itemState = sql`case when o.paid_at is null then 'cancelled' when o.shipped_at is null then 'awaiting_shipment' when o.received_at is null then 'shipped' else 'received' end`;
  await tx.execute(sql`insert into order_items (order_id, store_id, product_id, sku_id, category_id, title, attrs, unit_price, quantity, amount, commission_bp, state, refund_state, refunded_amount)
    select o.id, o.store_id, o.product1, o.sku1, o.category1, o.title1, o.attrs1, o.price1, o.q1, o.price1 * o.q1, o.bp1, ${itemState},
      case when o.refunded then 'partial' else 'none' end, case when o.refunded then o.price1 else 0 end
    from h_orders o
    union all
    select o.id, o.store_id, o.product2, o.sku2, o.category2, o.title2, o.attrs2, o.price2, 1, o.price2, o.bp2, ${itemState}, 'none', 0 from h_orders o where o.p2 is not null`);
  await tx.execute(sql`insert into refunds (out_refund_no, payment_id, out_trade_no, store_id, order_id, source, amount, currency, reason, state, attempts, next_attempt_at, created_at, succeeded_at)
    select 'HR' || replace(o.id::text, '-', ''), o.payment_id, ${tradeNo}, o.store_id, o.id, 'demo_history', o.price1, o.currency, '尺码不合适 Wrong size', 'succeeded', 1,
      o.received_at + interval '1 day', o.received_at + interval '20 hours', o.received_at + interval '1 day'
    from h_orders o where o.refunded`);
}

/** Settled orders' settlements in the ledger (commission per item, rounded half up) and the stores' balances and paid GMV. */
async function settle(tx: Db, now: Date) {
  const commission = (amount: ReturnType<typeof sql>, bp: ReturnType<typeof sql>) => sql`((${amount}) * (${bp}) * 2 + 10000) / 20000`;
  await tx.execute(sql`create temp table h_settled on commit drop as
    select o.id, o.store_id, o.currency, o.settled_at, o.total - case when o.refunded then o.price1 else 0 end as gross,
      ${commission(sql`o.price1 * o.q1 - case when o.refunded then o.price1 else 0 end`, sql`o.bp1`)} + coalesce(${commission(sql`o.price2`, sql`o.bp2`)}, 0) as commission
    from h_orders o where o.settled_at is not null`);
  await tx.execute(sql`insert into store_balance_ledger (store_id, order_id, kind, currency, gross, commission, net, created_at)
    select store_id, id, 'settlement', currency, gross, commission, gross - commission, settled_at from h_settled`);
  await tx.execute(sql`insert into store_balances (store_id, currency, available, updated_at)
    select store_id, max(currency), sum(gross - commission), ${now}::timestamptz from h_settled group by store_id
    on conflict (store_id) do update set available = store_balances.available + excluded.available, updated_at = excluded.updated_at`);
  // Paid GMV folded straight into the stores' rows, their GMV slots' base kept equal to it (merchants/paid-gmv.ts).
  await tx.execute(sql`create temp table h_gmv on commit drop as select store_id, sum(total) as gmv from h_orders where paid_at is not null group by store_id`);
  await tx.execute(sql`update stores s set paid_gmv = s.paid_gmv + x.gmv from h_gmv x where x.store_id = s.id`);
  await tx.execute(sql`update store_gmv_slots g set base = g.base + x.gmv from h_gmv x where x.store_id = g.store_id`);
}

/**
 * Product events around each placed order, in its channel: mostly exposures, then clicks, views and add-to-carts. The
 * count is drawn per order from its own column r_events (a lateral call with a random count could be drawn once, or
 * cached per value of what it refers to); the kind per event from width_bucket over the kinds' cumulative shares.
 */
async function writeEvents(tx: Db, perOrder: number): Promise<number> {
  const [r] = await queryRows<{ n: number }>(tx, sql`with made as (
    insert into product_views (store_id, product_id, channel, kind, at)
    select o.store_id, case when o.p2 is not null and random() < 0.4 then o.product2 else o.product1 end, o.channel,
      (array['exposure','click','view','cart'])[width_bucket(random(), array[0, 0.55, 0.7, 0.92]::float8[])],
      o.created_at - make_interval(secs => random() * 3 * 3600)
    from h_orders o cross join lateral generate_series(1, floor(${perOrder}::float8 * 2 * o.r_events + 0.5)::int) e
    returning 1) select count(*)::int as n from made`);
  return r.n;
}

/**
 * Some buyers follow the store's service account after their first paid order there: three pairs of store and buyer
 * in ten, drawn by hash so that a later chunk neither draws the pair again nor follows after a later order.
 */
async function follow(tx: Db): Promise<number> {
  const [r] = await queryRows<{ n: number }>(tx, sql`with first as (
      select distinct on (store_id, buyer_id) store_id, buyer_id, id, paid_at from h_orders where paid_at is not null order by store_id, buyer_id, paid_at),
    made as (insert into service_follows (store_id, buyer_id, source, order_id, followed_at)
      select store_id, buyer_id, 'after_purchase', id, paid_at + interval '5 minutes' from first where abs(hashtext(store_id::text || buyer_id::text)) % 10 < 3
      on conflict (store_id, buyer_id) do nothing returning 1)
    select count(*)::int as n from made`);
  return r.n;
}
