// The service account's benchmarks, on PostgreSQL (the checkout bench's data: stores, SKUs, bench buyers):
//   broadcast: BENCH_FOLLOWERS (100,000) followers of one store get a broadcast; two sweeping "processes" (two
//     connection pools, each the scheduler's broadcast sweep in a loop) fan it out into the inboxes. Seconds to fan
//     out; inbox reads/s during it; checkout p99 during it beside checkout p99 without it (same run).
//   inbox-live: BENCH_STREAMS (1,000) buyers hold the live inbox open on one Trio process; memory of the process
//     before and with them; milliseconds from a message's commit to its arrival at each client (p50, p99).
import http from 'node:http';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { openDatabase, pgArray, queryRows, type Db } from '../src/db/client.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { inTransaction, type Ctx } from '../src/kernel/context.ts';
import { createBroadcast } from '../src/modules/service-account/broadcasts.ts';
import { inboxPage, unread, writeMessage } from '../src/modules/service-account/inbox.ts';
import { sweepBroadcasts } from '../src/modules/service-account/index.ts';
import { loadPosts, namedUrl, type Server } from './lib.ts';
import { checkoutRequest, ensureBuyers, ensureCheckoutData, newSessions } from './order-data.ts';

type Env = { databaseUrl: string; server: Server; db: Db };
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1) : null;
};

export async function broadcastBench({ databaseUrl, server, db }: Env): Promise<Record<string, unknown>> {
  const followers = Number(process.env.BENCH_FOLLOWERS ?? 100_000);
  const data = await ensureCheckoutData(db);
  const buyers = await ensureBuyers(db, followers);
  const tokens = await newSessions(db, buyers.slice(0, 2000));
  const [store] = await queryRows<{ id: string }>(db, sql`select store_id as id from products where title like 'Checkout bench %' limit 1`);
  await db.execute(sql`insert into service_follows (store_id, buyer_id, source, followed_at)
    select ${store.id}, b, 'store_page', now() from unnest(${pgArray(buyers)}::uuid[]) b on conflict do nothing`);

  const run = `bench-bc-${Date.now().toString(36)}`;
  let n = 0;
  const checkouts = (seconds: number) => loadPosts(server.url, {
    connections: 16, seconds, path: '/api/checkout', okStatus: 201,
    next: () => { const i = n++; return checkoutRequest(tokens[i % tokens.length], `${run}-${i}`, data.skuIds[Math.floor(Math.random() * data.skuIds.length)]); },
  });
  const without = await checkouts(10);

  // The sweeping processes, and a reader of inboxes, each with its own pool.
  const url = namedUrl(databaseUrl);
  const pools = await Promise.all([0, 1, 2].map(() => openDatabase({ databaseUrl: url, poolSize: 4 })));
  const config = loadConfig({ ...process.env, DATABASE_URL: url, TRIO_BROADCAST_MONTHLY_QUOTA: '1000000' });
  const ctxs: Ctx[] = pools.map((p) => ({ db: p.db, clock: systemClock, config }));
  try {
    const actor = { kind: 'user' as const, userId: buyers[0], role: 'merchant' as const, displayName: 'Bench', sessionId: 'bench' };
    const t0 = performance.now();
    const b = await inTransaction(ctxs[0], (tx) => createBroadcast(ctxs[0], tx, actor, store.id, { title: `Bench ${run}`, body: 'A broadcast of the benchmark.', segment: {} }));
    const writtenS = (performance.now() - t0) / 1000;
    let done = false;
    let doneAt = 0;
    let reads = 0;
    const sweeping = ctxs.slice(0, 2).map(async (ctx) => {
      while (!done) {
        if ((await sweepBroadcasts(ctx, config.schedulerBatch)) === 0) {
          if (!done) doneAt = performance.now();
          done = true;
        }
      }
    });
    const reading = (async () => {
      while (!done) {
        const buyerId = buyers[Math.floor(Math.random() * buyers.length)];
        await Promise.all([inboxPage(ctxs[2].db, buyerId, { limit: 20 }), unread(ctxs[2].db, buyerId)]);
        reads++;
      }
    })();
    const during = await checkouts(10);
    await Promise.all([...sweeping, reading]);
    const fanOutS = (doneAt - t0) / 1000;
    const [row] = await queryRows<{ delivered: number; status: string }>(db, sql`select delivered, status from broadcasts where id = ${b.id}`);
    return {
      bench: 'broadcast', database: 'postgres', followers: b.audience, write_s: +writtenS.toFixed(2), fan_out_s: +fanOutS.toFixed(1),
      delivered: row.delivered, status: row.status, inbox_reads_per_s: Math.round(reads / fanOutS),
      checkout_p99_ms_without: without.p99_ms, checkout_p99_ms_during: during.p99_ms,
      p99_ratio: without.p99_ms ? +(during.p99_ms / without.p99_ms).toFixed(2) : null,
      checkouts_per_s_without: without.ok_per_s, checkouts_per_s_during: during.ok_per_s,
      note: 'the checkout load (10 s) may end before the fan-out; the ratio covers those 10 s',
    };
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}

/** Opens a live inbox and calls `onMessage` at each message event's arrival. */
function openStream(base: string, token: string, onMessage: (id: number, at: number) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/api/inbox/live`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`live inbox: ${res.statusCode}`));
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buf += chunk;
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const id = /^id: (\d+)$/m.exec(block);
          if (id && block.includes('event: message')) onMessage(Number(id[1]), at);
        }
      });
      resolve(req);
    });
    req.on('error', reject);
  });
}

export async function inboxLiveBench({ server, db }: Env): Promise<Record<string, unknown>> {
  const streams = Number(process.env.BENCH_STREAMS ?? 1000);
  const rounds = 5;
  const data = await ensureCheckoutData(db);
  void data;
  const buyers = await ensureBuyers(db, streams);
  const tokens = await newSessions(db, buyers);
  const [store] = await queryRows<{ id: string }>(db, sql`select store_id as id from products where title like 'Checkout bench %' limit 1`);
  const rssBefore = server.rssMb();
  const committedAt = new Map<number, number>();
  const latencies: number[] = [];
  let arrived = 0;
  const reqs: http.ClientRequest[] = [];
  for (let i = 0; i < streams; i += 50) {
    reqs.push(...(await Promise.all(tokens.slice(i, i + 50).map((t) => openStream(server.url, t, (id, at) => {
      arrived++;
      const c = committedAt.get(id);
      if (c !== undefined) latencies.push(at - c);
    })))));
  }
  await new Promise((r) => setTimeout(r, 1000)); // every stream has sent its opening lines
  const rssWith = server.rssMb();
  try {
    for (let round = 0; round < rounds; round++) {
      // One message to each buyer, in one transaction; its commit is the moment they are measured from.
      const ids: number[] = [];
      await db.transaction(async (tx) => {
        for (const buyerId of buyers) {
          const id = await writeMessage(tx, { storeId: store.id, buyerId, kind: 'broadcast', payload: { title: 'Bench', text: `round ${round}` }, at: new Date() });
          if (id) ids.push(id);
        }
      });
      const t = performance.now();
      for (const id of ids) committedAt.set(id, t);
      const until = Date.now() + 30_000;
      while (arrived < (round + 1) * streams && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    }
    return {
      bench: 'inbox-live', database: 'postgres', streams, rounds, messages: rounds * streams, arrived,
      rss_mb_before: rssBefore, rss_mb_with_streams: rssWith, kb_per_stream: Math.round(((rssWith - rssBefore) * 1024) / streams),
      commit_to_arrival_ms: { p50: pct(latencies, 50), p99: pct(latencies, 99), max: pct(latencies, 100) },
    };
  } finally {
    for (const r of reqs) r.destroy();
  }
}
