// After-sales benchmark on PostgreSQL over HTTP: refund requests created by buyers, then accepted by the merchant
// (each acceptance asks the payment for a refund), concurrency 32. First (not timed): 2,000 paid one-item orders
// of distinct buyers (checkout, prepay, the sandbox's paid notifications).
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../src/db/client.ts';
import { NOTIFY_PATH } from '../src/modules/payments/provider.ts';
import { cpuSampler, loadPosts, pgbenchReference, type Server } from './lib.ts';
import { newSessions } from './order-data.ts';
import { preparePayments } from './payment-data.ts';

type OnPostgres = (fn: (s: { databaseUrl: string; server: Server; db: Db }) => Promise<Record<string, unknown>>) => Promise<Record<string, unknown>>;
type WatchRun = (server: Server, databaseUrl: string) => { stop(): Promise<Record<string, unknown>> };

const headers = (token: string, key?: string) => ({
  'content-type': 'application/json', authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}),
});

export function afterSalesBench(onPostgres: OnPostgres, watchRun: WatchRun) {
  return onPostgres(async ({ databaseUrl, server, db }) => {
    const count = 2000;
    const run = `bench-as-${Date.now().toString(36)}`;
    const { tokens, prepared, notifications, prepSeconds } = await preparePayments(server, db, count, run);
    let k = 0;
    const paid = await loadPosts(server.url, { connections: 32, amount: count, path: NOTIFY_PATH, okStatus: 204, next: () => notifications[k++] });
    if (paid.ok !== count) throw new Error(`only ${paid.ok} of ${count} orders were paid: ${paid.samples.join(' | ')}`);
    const owners = await queryRows<{ storeId: string; ownerId: string }>(db, sql`
      select id as "storeId", owner_id as "ownerId" from stores where id = any(${pgArray([...new Set(prepared.map((p) => p.storeId))])}::uuid[])`);
    const ownerTokens = await newSessions(db, owners.map((o) => o.ownerId));
    const merchantOf = new Map(owners.map((o, i) => [o.storeId, ownerTokens[i]]));
    console.error(`aftersales: ${count} paid orders in ${prepSeconds.toFixed(1)} s`);

    // Buyers ask for a refund of their (unshipped) item: allowed at once.
    let c = 0;
    const watch = watchRun(server, databaseUrl);
    const created = await loadPosts(server.url, {
      connections: 32, amount: count, path: '/', okStatus: 201,
      next: () => {
        const i = c++;
        const p = prepared[i];
        return {
          path: `/api/orders/${p.orderId}/after-sales`, headers: headers(tokens[i], `${run}-req-${i}`),
          body: JSON.stringify({ orderItemId: p.itemId, type: 'refund', quantity: 1, reason: 'Ordered by mistake' }),
        };
      },
    });
    const requests = await queryRows<{ id: string; storeId: string }>(db, sql`
      select id, store_id as "storeId" from after_sales where order_id = any(${pgArray(prepared.map((p) => p.orderId))}::uuid[]) order by created_at`);
    // The merchants accept them: each acceptance asks the payment for the refund.
    let a = 0;
    const accepted = await loadPosts(server.url, {
      connections: 32, amount: requests.length, path: '/', okStatus: 200,
      next: () => {
        const r = requests[Math.min(a++, requests.length - 1)];
        return { path: `/api/merchant/stores/${r.storeId}/after-sales/${r.id}/accept`, headers: headers(merchantOf.get(r.storeId)!), body: '{}' };
      },
    });
    const seen = await watch.stop();
    const rss = server.rssMb();
    await server.stop();
    for (const [name, r] of [['create', created], ['accept', accepted]] as const) {
      if (r.samples.length) console.error(`${name}: non-2xx answers (${r.requests - r.ok}), samples:\n  ${r.samples.join('\n  ')}`);
    }
    const [check] = await queryRows<{ requests: number; refunding: number; refunds: number; openPerItemMax: number }>(db, sql`
      with a as (select * from after_sales where order_id = any(${pgArray(prepared.map((p) => p.orderId))}::uuid[]))
      select (select count(*)::int from a) as requests,
        (select count(*)::int from a where state = 'refunding') as refunding,
        (select count(*)::int from refunds where source in (select 'aftersales:' || id from a)) as refunds,
        (select coalesce(max(n), 0)::int from (select count(*) as n from a group by order_item_id) x) as "openPerItemMax"`);
    const seconds = created.seconds + accepted.seconds;
    // The reference of the same sitting: pgbench's checkout (Trio has stopped; the postgres processes do its work).
    const refCpu = cpuSampler(0, databaseUrl);
    const ref = pgbenchReference('checkout.sql');
    const refUsage = await refCpu.stop();
    const ratio = (rps: number) => ('ref_rps' in ref ? +(rps / ref.ref_rps).toFixed(2) : null);
    return {
      bench: 'aftersales', database: 'postgres', data: 'created', connections: 32, orders: count,
      ...ref, ref_script: 'checkout.sql', create_ratio: ratio(created.ok_per_s), accept_ratio: ratio(accepted.ok_per_s),
      ref_postgres_cores: refUsage.other_postgres_cores, ref_machine_busy_share: refUsage.machine_busy_share,
      created_per_s: created.ok_per_s, create_p50_ms: created.p50_ms, create_p99_ms: created.p99_ms,
      accepted_per_s: accepted.ok_per_s, accept_p50_ms: accepted.p50_ms, accept_p99_ms: accepted.p99_ms,
      created_and_accepted_per_s: Math.round(Math.min(created.ok, accepted.ok) / seconds), seconds: +seconds.toFixed(1), rss_mb: rss,
      correct: check.requests === count && check.refunding === count && check.refunds === count && check.openPerItemMax === 1,
      db: check, statuses: { create: created.statuses, accept: accepted.statuses }, ...seen, prepare_s: +prepSeconds.toFixed(1),
    };
  });
}
