// checkout-coupon (below): checkout as a member pays, with member price, a coupon and points.
// coupon-claim-race: 1,000 coupons of one offer, 5,000 distinct buyers claiming at the same moment over HTTP, a
// per-person limit of 1. Exactly 1,000 must be claimed by 1,000 people; late claimers answered 409 quickly.
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../src/db/client.ts';
import { burst, loadPosts, pgbenchReference, type Server } from './lib.ts';
import { walPerOrder } from './wal.ts';
import { BENCH_ADDRESS, ensureBuyers, ensureCheckoutData, newSessions } from './order-data.ts';

type OnPostgres = (fn: (s: { databaseUrl: string; server: Server; db: Db }) => Promise<Record<string, unknown>>) => Promise<Record<string, unknown>>;
type WatchRun = (server: Server, databaseUrl: string) => { stop(): Promise<{ cpu: { server_cores: number; bench_db_backends_cores: number }; seq_scan_rows: { rows: number }; [k: string]: unknown }> };

/** A fresh active offer of `quantity` store coupons (spend 100 get 10 off) in one of the checkout stores. */
async function hotCoupon(db: Db, quantity: number): Promise<string> {
  const [row] = await queryRows<{ id: string }>(db, sql`
    insert into coupons (store_id, title, scope, kind, threshold, amount, currency, audience, state, total_quantity, per_person_limit,
      claim_starts_at, claim_ends_at, use_window, use_days, created_at, updated_at)
    select store_id, 'Coupon race ' || ${Date.now()}, 'store', 'spend_off', 10000, 1000, 'CNY', 'all', 'active', ${quantity}, 1,
      now() - interval '1 minute', now() + interval '1 day', 'days', 7, now(), now()
    from (select store_id from products where title like 'Checkout bench %' order by id limit 1) s returning id`);
  if (!row) throw new Error('the checkout stores are missing: ensureCheckoutData first');
  return row.id;
}

export async function couponClaimRace(onPostgres: OnPostgres, watchRun: WatchRun) {
  return onPostgres(async ({ databaseUrl, server, db }) => {
    const quantity = 1000;
    const attempts = 5000;
    await ensureCheckoutData(db);
    const tokens = await newSessions(db, await ensureBuyers(db, attempts));
    // Warm-up: another offer claimed by 200 of them (connections, prepared statements, JIT).
    const warm = await hotCoupon(db, 200);
    await burst(server.url, `/api/coupons/${warm}/claim`, tokens.slice(0, 200).map((t) => ({ headers: { authorization: `Bearer ${t}` }, body: '' })));
    const coupon = await hotCoupon(db, quantity);
    const watch = watchRun(server, databaseUrl);
    const b = await burst(server.url, `/api/coupons/${coupon}/claim`, tokens.map((t) => ({ headers: { authorization: `Bearer ${t}` }, body: '' })));
    const seen = await watch.stop();
    const rss = server.rssMb();
    await server.stop();
    console.error(`coupon-claim-race answers: ${JSON.stringify(b.statuses)}; samples:\n  ${b.samples.join('\n  ')}`);
    const [check] = await queryRows<{ claimed: number; held: number; people: number; overLimit: number }>(db, sql`select
      (select claimed from coupons where id = ${coupon}) as claimed,
      (select count(*)::int from held_coupons where coupon_id = ${coupon}) as held,
      (select count(distinct buyer_id)::int from held_coupons where coupon_id = ${coupon}) as people,
      (select count(*)::int from (select buyer_id from held_coupons where coupon_id = ${coupon} group by 1 having count(*) > 1) x) as "overLimit"`);
    const pct = (xs: number[], p: number) => (xs.length ? Math.round(xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]) : null);
    const times = (status: number) => b.doneMs.filter((d) => d.status === status).map((d) => d.ms).sort((a, z) => a - z);
    const ok = times(201);
    const late = times(409);
    const all = b.doneMs.map((d) => d.ms).sort((a, z) => a - z);
    const lastClaimS = ok.length ? ok[ok.length - 1] / 1000 : NaN;
    const claimsPerS = Math.round(ok.length / lastClaimS);
    const correct = b.statuses[201] === quantity && b.statuses[409] === attempts - quantity && check.claimed === quantity && check.held === quantity && check.people === quantity && check.overLimit === 0;
    const ref = pgbenchReference('checkout-hot-sku.sql');
    return {
      bench: 'coupon-claim-race', database: 'postgres', coupons: quantity, claimers: attempts, claimed: check.claimed, held: check.held, people: check.people,
      correct, claims_per_s: claimsPerS, last_claim_s: +lastClaimS.toFixed(2), all_answered_s: b.seconds,
      p50_ms: pct(all, 50), p99_ms: pct(all, 99), claim_p99_ms: pct(ok, 99), late_409_p50_ms: pct(late, 50), late_409_p99_ms: pct(late, 99),
      rss_mb: rss, ...ref, ratio: 'ref_rps' in ref ? +(claimsPerS / ref.ref_rps).toFixed(2) : null, ref_script: 'checkout-hot-sku.sql',
      statuses: b.statuses, connection_errors: b.errors, ...seen,
    };
  });
}

/** Coupons each checkout-coupon buyer holds (one per checkout; the run stays well below this many per buyer). */
const HELD_PER_BUYER = 20;

/**
 * checkout-coupon: checkout over HTTP as a member pays: the SKU's member price, a store coupon and 100 points, taken
 * in the checkout's statement. Buyers 2,001..4,000 (not those of `checkout`, who stay no members), each a member
 * of one of the 100 checkout stores with 1,000,000 points in one lot, holding 20 coupons of a fresh offer of that
 * store (1.00 off, no threshold); every SKU of the checkout stores gets a member price of 90 % of its price. One line
 * per checkout, a random SKU of the buyer's store, concurrency 32, 20 s; the pgbench `checkout.sql` reference
 * follows in the same run.
 */
export async function checkoutCoupon(onPostgres: OnPostgres, watchRun: WatchRun) {
  return onPostgres(async ({ databaseUrl, server, db }) => {
    const t0 = Date.now();
    const data = await ensureCheckoutData(db);
    const buyers = (await ensureBuyers(db, 4000)).slice(2000);
    const tokens = await newSessions(db, buyers);
    await db.execute(sql`
      update skus k set member_price = greatest(1, k.price * 9 / 10) from products p
      where p.id = k.product_id and p.title like 'Checkout bench %' and k.member_price is distinct from greatest(1, k.price * 9 / 10)`);
    const stores = (await queryRows<{ storeId: string }>(db, sql`select distinct store_id as "storeId" from products where title like 'Checkout bench %' order by 1`)).map((r) => r.storeId);
    const storeOf = (i: number) => stores[i % stores.length];
    await db.execute(sql`
      insert into membership_programs (store_id, enabled, points_per_minor, max_points_share_bp, points_valid_days, created_at, updated_at)
      select s, true, 1, 5000, 365, now(), now() from unnest(${pgArray(stores)}::uuid[]) s
      on conflict (store_id) do update set enabled = true, points_per_minor = 1, max_points_share_bp = 5000`);
    await db.execute(sql`
      insert into member_levels (store_id, level, name, growth_required, price_bp)
      select s, 1, 'Bench member', 0, 10000 from unnest(${pgArray(stores)}::uuid[]) s on conflict do nothing`);
    const pairs = buyers.map((b, i) => ({ b, s: storeOf(i) }));
    // Each buyer's points topped up to 1,000,000 in a lot of their own (the member row and the lot agree).
    await db.execute(sql`
      with m as (select * from unnest(${pgArray(pairs.map((p) => p.s))}::uuid[], ${pgArray(pairs.map((p) => p.b))}::uuid[]) as m(store_id, buyer_id)),
      gone as (delete from point_lots l using m where l.store_id = m.store_id and l.buyer_id = m.buyer_id),
      lots as (insert into point_lots (store_id, buyer_id, earned, remaining, expires_at, created_at)
        select store_id, buyer_id, 1000000, 1000000, now() + interval '1 year', now() from m)
      insert into members (store_id, buyer_id, level, points, source, joined_at, updated_at)
      select store_id, buyer_id, 1, 1000000, 'store', now(), now() from m
      on conflict (store_id, buyer_id) do update set points = 1000000, updated_at = now()`);
    // The coupons a former run left unused are voided (a buyer's usable coupons stay few, as a real buyer's are).
    await db.execute(sql`update held_coupons set state = 'voided', updated_at = now() where buyer_id = any(${pgArray(buyers)}::uuid[]) and state = 'unused'`);
    // A fresh offer per store, its coupons held by the store's bench members (20 each), in the order the run uses them.
    const offers = await queryRows<{ id: string; storeId: string }>(db, sql`
      insert into coupons (store_id, title, scope, kind, amount, currency, audience, state, total_quantity, claimed, per_person_limit,
        claim_starts_at, claim_ends_at, use_window, use_days, created_at, updated_at)
      select s, 'Checkout coupon bench ' || ${Date.now()}, 'store', 'flat', 100, 'CNY', 'all', 'active', ${HELD_PER_BUYER * Math.ceil(buyers.length / stores.length)},
        ${HELD_PER_BUYER * Math.ceil(buyers.length / stores.length)}, ${HELD_PER_BUYER}, now() - interval '1 minute', now() + interval '1 day', 'days', 7, now(), now()
      from unnest(${pgArray(stores)}::uuid[]) s returning id, store_id as "storeId"`);
    const offerOf = new Map(offers.map((o) => [o.storeId, o.id]));
    const held = await queryRows<{ id: string; buyerId: string }>(db, sql`
      insert into held_coupons (store_id, coupon_id, buyer_id, state, source, seq, valid_from, valid_until, claimed_at, updated_at)
      select m.store_id, m.coupon_id, m.buyer_id, 'unused', 'claimed', g, now() - interval '1 minute', now() + interval '7 days', now(), now()
      from unnest(${pgArray(pairs.map((p) => p.s))}::uuid[], ${pgArray(pairs.map((p) => offerOf.get(p.s)!))}::uuid[], ${pgArray(pairs.map((p) => p.b))}::uuid[]) as m(store_id, coupon_id, buyer_id),
        generate_series(1, ${HELD_PER_BUYER}) g
      returning id, buyer_id as "buyerId"`);
    const coupons = new Map<string, string[]>();
    for (const h of held) coupons.set(h.buyerId, [...(coupons.get(h.buyerId) ?? []), h.id]);
    const skusOf = new Map<string, string[]>();
    for (const r of await queryRows<{ id: string; storeId: string }>(db, sql`
      select k.id, k.store_id as "storeId" from skus k join products p on p.id = k.product_id where p.title like 'Checkout bench %'`)) {
      skusOf.set(r.storeId, [...(skusOf.get(r.storeId) ?? []), r.id]);
    }
    console.error(`checkout-coupon data: ${buyers.length} members of ${stores.length} stores, ${held.length} coupons held (${((Date.now() - t0) / 1000).toFixed(1)} s${data.created ? ', checkout data created' : ''})`);

    const run = `bench-cc-${Date.now().toString(36)}`;
    let n = 0;
    const next = () => {
      const i = n++;
      const k = i % buyers.length;
      const storeId = storeOf(k);
      const skus = skusOf.get(storeId)!;
      const coupon = coupons.get(buyers[k])![Math.floor(i / buyers.length) % HELD_PER_BUYER];
      return {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[k]}`, 'idempotency-key': `${run}-${i}` },
        body: JSON.stringify({ lines: [{ skuId: skus[Math.floor(Math.random() * skus.length)], quantity: 1 }], address: BENCH_ADDRESS, discounts: [{ storeId, storeCouponId: coupon, productCoupons: {}, points: 100 }] }),
      };
    };
    const first = next();
    const res = await fetch(`${server.url}/api/checkout`, { method: 'POST', ...first });
    const body = (await res.json()) as { orders?: { discount: number }[] };
    if (res.status !== 201 || !body.orders?.[0]?.discount) throw new Error(`checkout with a coupon failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
    await loadPosts(server.url, { connections: 8, seconds: 3, path: '/api/checkout', okStatus: 201, next }); // warm-up
    const [{ since }] = await queryRows<{ since: string }>(db, sql`select now()::text as since`);
    const watch = watchRun(server, databaseUrl);
    const r = await loadPosts(server.url, { connections: 32, seconds: 20, path: '/api/checkout', okStatus: 201, next });
    const seen = await watch.stop();
    const rss = server.rssMb();
    const wal = await walPerOrder(server.url, databaseUrl, next);
    await server.stop();
    if (r.samples.length) console.error(`non-201 answers (${r.requests - r.ok}), samples:\n  ${r.samples.join('\n  ')}`);
    // Every 201 spent one coupon and 100 points: nothing twice.
    const [made] = await queryRows<{ orders: number; discounted: number; locked: number; spent: number }>(db, sql`select
      (select count(*)::int from orders where created_at >= ${since}::timestamptz) as orders,
      (select count(*)::int from orders where created_at >= ${since}::timestamptz and discount > 0) as discounted,
      (select count(*)::int from held_coupons h join orders o on o.id = h.order_id where o.created_at >= ${since}::timestamptz) as locked,
      (select coalesce(-sum(points), 0)::int from member_events where kind = 'spent' and created_at >= ${since}::timestamptz) as spent`);
    const ref = pgbenchReference('checkout.sql');
    return {
      bench: 'checkout-coupon', database: 'postgres', data: data.created ? 'created' : 'present', connections: 32, seconds: r.seconds, buyers: buyers.length, stores: stores.length,
      orders_per_s: r.ok_per_s, p50_ms: r.p50_ms, p99_ms: r.p99_ms, rss_mb: rss, ...ref, ratio: 'ref_rps' in ref ? +(r.ok_per_s / ref.ref_rps).toFixed(2) : null, ref_script: 'checkout.sql',
      orders: r.ok, errors: r.errors, statuses: r.statuses, db_rows: made, correct: made.orders === made.discounted && made.locked === made.orders && made.spent === 100 * made.orders, ...seen,
      seq_rows_per_order: r.ok ? +(seen.seq_scan_rows.rows / r.ok).toFixed(1) : null,
      // As checkout's: Trio's and its backends' CPU per order, steadier than orders/s on a shared machine.
      cpu_ms_per_order: r.ok_per_s ? +(((seen.cpu.server_cores + seen.cpu.bench_db_backends_cores) * 1000) / r.ok_per_s).toFixed(2) : null,
      ...(await wal.beside('checkout.sql')),
    };
  });
}
