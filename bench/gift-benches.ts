// Gift benchmarks on PostgreSQL over HTTP (data of the checkout benchmark: 10,000 SKUs in 100 stores, bench buyers):
//   gift-claim-race: a first-come gift of 100 units, 2,000 distinct buyers claiming at the same moment;
//   gift-send: send-gift checkouts (single gift, one unit, Idempotency-Key) at concurrency 32 for 20 s, laid out
//   like `checkout` so the two compare, and pgbench `checkout.sql` run right after it (issue 18: ratio >= 0.3).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/db/client.ts';
import os from 'node:os';
import { burst, burstTimeline, loadPosts, pgbenchReference, type Server } from './lib.ts';
import { BENCH_ADDRESS, ensureBuyers, ensureCheckoutData, newSessions } from './order-data.ts';

type OnPostgres = (fn: (s: { databaseUrl: string; server: Server; db: Db }) => Promise<Record<string, unknown>>) => Promise<Record<string, unknown>>;
type WatchRun = (server: Server, databaseUrl: string) => { stop(): Promise<Record<string, unknown>> };

const json = (token: string, key?: string) => ({
  'content-type': 'application/json', authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}),
});

async function post(server: Server, path: string, token: string, body: unknown, key?: string) {
  const res = await fetch(server.url + path, { method: 'POST', headers: json(token, key), body: JSON.stringify(body) });
  const out = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(out).slice(0, 300)}`);
  return out;
}

/** SKUs of the checkout data that may be sent as gifts (their category is not excluded from gifting). */
async function giftableSkus(server: Server, db: Db) {
  const data = await ensureCheckoutData(db);
  const [first] = await queryRows<{ productId: string }>(db, sql`select product_id as "productId" from skus where id = ${data.skuIds[0]}`);
  const options = (await (await fetch(`${server.url}/api/products/${first.productId}/gift-options`)).json()) as { giftable: boolean; reason: string | null };
  if (!options.giftable) throw new Error(`the checkout bench products may not be gifts (${options.reason}): their category is excluded from gifting`);
  return Object.assign(data.skuIds, { created: data.created });
}

/** Sends a gift as `token` and pays it through the sandbox cashier, as the giver would; waits until it waits for claims. */
async function paidGroupGift(server: Server, token: string, skuId: string, units: number) {
  const sent = (await post(server, '/api/gifts', token, { skuId, kind: 'first_come', units, message: 'First come, first served!' }, randomUUID())) as { gift: { id: string }; paymentId: string };
  const pre = (await post(server, `/api/payments/${sent.paymentId}/prepay`, token, { method: 'native' })) as { cashierUrl: string };
  const res = await fetch(`${server.url}/api/sandbox/cashier/${pre.cashierUrl.split('/').pop()}/pay`, { method: 'POST' });
  if (!res.ok) throw new Error(`sandbox pay: ${res.status} ${await res.text()}`);
  for (let i = 0; i < 100; i++) {
    const gift = (await (await fetch(`${server.url}/api/gifts/${sent.gift.id}`, { headers: json(token) })).json()) as { state: string; sharePath: string | null };
    if (gift.state === 'waiting' && gift.sharePath) return { giftId: sent.gift.id, linkToken: gift.sharePath.split('/').pop()! };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the gift was not paid within 10 s');
}

const pct = (xs: number[], p: number) => (xs.length ? Math.round(xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]) : null);

export function giftBenches(onPostgres: OnPostgres, watchRun: WatchRun): Record<string, () => Promise<Record<string, unknown>>> {
  return {
    /** A first-come gift of 100 units; 2,000 distinct buyers send their claim at the same moment, each on its own connection. */
    'gift-claim-race': () => onPostgres(async ({ databaseUrl, server, db }) => {
      const units = 100;
      const claimants = 2000;
      const skuIds = await giftableSkus(server, db);
      const warmClaimants = 300;
      const [giver, ...people] = await newSessions(db, await ensureBuyers(db, claimants + 1 + warmClaimants));
      const [tokens, warmTokens] = [people.slice(0, claimants), people.slice(claimants)];
      const run = `bench-gift-${Date.now().toString(36)}`;
      // A server that has seen a gift claimed before: a warm-up gift of 10 units claimed by 300 other buyers, so the
      // losers' path is compiled before the measured burst (as on a server that has been running).
      const warm = await paidGroupGift(server, giver, skuIds[1] ?? skuIds[0], 10);
      await burst(server.url, `/api/gift-links/${warm.linkToken}/claim`, warmTokens.map((t, i) => ({ headers: json(t, `${run}-warm-${i}`), body: JSON.stringify({ address: BENCH_ADDRESS }) })));
      const { giftId, linkToken } = await paidGroupGift(server, giver, skuIds[0], units);
      // Warm-up: the link's page, as the claimants' browsers would open it first.
      await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(`${server.url}/api/gift-links/${linkToken}`, { headers: json(tokens[i]) }).then((r) => r.arrayBuffer())));
      const watch = watchRun(server, databaseUrl);
      const b = await burst(server.url, `/api/gift-links/${linkToken}/claim`, tokens.map((t, i) => ({ headers: json(t, `${run}-${i}`), body: JSON.stringify({ address: BENCH_ADDRESS }) })));
      const seen = await watch.stop();
      const rss = server.rssMb();
      await server.stop();
      console.error(`gift-claim-race answers: ${JSON.stringify(b.statuses)}; samples:\n  ${b.samples.join('\n  ')}\nburst (monotonic µs) ${b.monoUs.join(' ')}; answers over time:\n${burstTimeline(b)}`);
      const [check] = await queryRows<{ claims: number; distinct: number; orders: number; unitsClaimed: number; state: string }>(db, sql`select
        (select count(*)::int from gift_claims where gift_id = ${giftId} and state = 'claimed') as claims,
        (select count(distinct claimant_id)::int from gift_claims where gift_id = ${giftId}) as distinct,
        (select count(*)::int from orders where gift_id = ${giftId}) as orders,
        (select units_claimed from gifts where id = ${giftId}) as "unitsClaimed",
        (select state from gifts where id = ${giftId}) as state`);
      const ok = b.doneMs.filter((d) => d.status === 201).map((d) => d.ms).sort((a, z) => a - z);
      const all = b.doneMs.map((d) => d.ms).sort((a, z) => a - z);
      const lastClaimS = ok.length ? ok[ok.length - 1] / 1000 : NaN;
      return {
        bench: 'gift-claim-race', database: 'postgres', units, attempts: claimants, claims: check.claims, distinct_claimants: check.distinct,
        orders: check.orders, units_claimed: check.unitsClaimed, gift_state: check.state,
        correct: check.claims === units && check.distinct === units && check.orders === units && b.statuses[201] === units,
        claims_per_s: Math.round(ok.length / lastClaimS), last_claim_s: +lastClaimS.toFixed(2), all_answered_s: b.seconds,
        p50_ms: pct(all, 50), p99_ms: pct(all, 99), rss_mb: rss, statuses: b.statuses, connection_errors: b.errors, ...seen,
      };
    }),

    /** Send-gift checkouts over HTTP: 2,000 signed-in buyers, a random SKU of 10,000, one unit each, concurrency 32, 20 s. */
    'gift-send': () => onPostgres(async ({ databaseUrl, server, db }) => {
      const skuIds = await giftableSkus(server, db);
      const tokens = await newSessions(db, await ensureBuyers(db, 2000));
      const run = `bench-gift-send-${Date.now().toString(36)}`;
      let n = 0;
      const next = () => {
        const i = n++;
        return {
          headers: json(tokens[i % tokens.length], `${run}-${i}`),
          body: JSON.stringify({ skuId: skuIds[Math.floor(Math.random() * skuIds.length)], kind: 'single', message: 'Happy birthday!', receiverName: 'Lan' }),
        };
      };
      await loadPosts(server.url, { connections: 8, seconds: 3, path: '/api/gifts', okStatus: 201, next }); // warm-up
      const [{ since }] = await queryRows<{ since: string }>(db, sql`select now()::text as since`);
      const watch = watchRun(server, databaseUrl);
      const r = await loadPosts(server.url, { connections: 32, seconds: 20, path: '/api/gifts', okStatus: 201, next });
      const seen = await watch.stop();
      const rss = server.rssMb();
      await server.stop();
      if (r.samples.length) console.error(`non-201 answers (${r.requests - r.ok}), samples:\n  ${r.samples.join('\n  ')}`);
      const [made] = await queryRows<{ gifts: number; payments: number; keys: number }>(db, sql`select
        (select count(*)::int from gifts where created_at >= ${since}::timestamptz) as gifts,
        (select count(*)::int from payments where purpose = 'gift' and created_at >= ${since}::timestamptz) as payments,
        (select count(*)::int from idempotency_keys where created_at >= ${since}::timestamptz and status = 201) as keys`);
      const ref = pgbenchReference('checkout.sql');
      return {
        bench: 'gift-send', database: 'postgres', data: skuIds.created ? 'created' : 'present', connections: 32, seconds: r.seconds, buyers: tokens.length, skus: skuIds.length,
        gifts_per_s: r.ok_per_s, p50_ms: r.p50_ms, p99_ms: r.p99_ms, rss_mb: rss, ...ref, ratio: 'ref_rps' in ref ? +(r.ok_per_s / ref.ref_rps).toFixed(2) : null,
        ref_script: 'checkout.sql', load: os.loadavg().map((x) => +x.toFixed(1)), gifts: r.ok, errors: r.errors, statuses: r.statuses, db_rows: made, ...seen,
      };
    }),
  };
}
