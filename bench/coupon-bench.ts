// coupon-claim-race: 1,000 coupons of one offer, 5,000 distinct buyers claiming at the same moment over HTTP, a
// per-person limit of 1. Exactly 1,000 must be claimed by 1,000 people; late claimers answered 409 quickly.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/db/client.ts';
import { burst, pgbenchReference, type Server } from './lib.ts';
import { ensureBuyers, ensureCheckoutData, newSessions } from './order-data.ts';

type OnPostgres = (fn: (s: { databaseUrl: string; server: Server; db: Db }) => Promise<Record<string, unknown>>) => Promise<Record<string, unknown>>;
type WatchRun = (server: Server, databaseUrl: string) => { stop(): Promise<Record<string, unknown>> };

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
