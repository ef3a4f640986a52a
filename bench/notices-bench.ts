// order-notices: delivery of mini-site order notices (src/modules/minisite/notice-sweep.ts) to a local receiver that
// dedupes by notice id, by two sweeping "processes" (two connection pools, each its own sweep loop) over one
// PostgreSQL database of its own (trio_bench_notices, made afresh each run).
//   1. throughput: 3,000 notices due at once, receiver up: notices delivered per second;
//   2. outage: 1,000 notices, the receiver down (port closed) for 2 minutes with the retry schedule scaled by
//      TRIO_NOTICE_DELAY_SCALE=0.02 (3.6 h → 4.3 min), then up: none lost, none delivered twice.
// The notices are written straight to the table (their making from the outbox is tested in test/minisite/).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { openDatabase, queryRows, type Database } from '../src/db/client.ts';
import { systemClock } from '../src/kernel/clock.ts';
import type { Ctx } from '../src/kernel/context.ts';
import { newAppId, secretKey, newAppSecret } from '../src/modules/minisite/signature.ts';
import { sweepNotices } from '../src/modules/minisite/notice-sweep.ts';
import { freePort, pgbenchReference } from './lib.ts';

const SCALE = '0.02';
const OUTAGE_MS = 120_000;

function freshDatabase(): string {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new URL(base);
  admin.pathname = '/postgres';
  spawnSync('psql', ['-X', '-qc', 'drop database if exists trio_bench_notices with (force)', admin.toString()]);
  spawnSync('psql', ['-X', '-qc', 'create database trio_bench_notices', admin.toString()]);
  const url = new URL(base);
  url.pathname = '/trio_bench_notices';
  return url.toString();
}

/** The mini-site's server: counts every request, and each notice id it accepts (a second 2xx of an id is a duplicate). */
function receiver(port: number) {
  const accepted = new Map<string, number>();
  let requests = 0;
  let server: http.Server | undefined;
  const open = () => new Promise<void>((resolve) => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        requests++;
        const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
        accepted.set(id, (accepted.get(id) ?? 0) + 1);
        res.writeHead(204).end();
      });
    });
    server.keepAliveTimeout = 30_000;
    server.listen(port, '127.0.0.1', resolve);
  });
  const close = () => new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
    server = undefined;
  });
  return { open, close, accepted, requests: () => requests };
}

async function insertNotices(db: Database['db'], siteId: string, storeId: string, n: number) {
  const now = new Date();
  const rows = Array.from({ length: n }, (_, i) => {
    const id = randomUUID();
    return { id, body: JSON.stringify({ id, event: 'paid', occurredAt: now.toISOString(), order: { id: randomUUID(), storeId, state: 'awaiting_shipment', total: 12345 + i, currency: 'CNY', items: [] } }) };
  });
  await db.execute(sql`
    insert into mini_site_notices (id, store_id, mini_site_id, order_id, outbox_id, event, body, state, next_attempt_at, occurred_at, created_at, updated_at)
    select (x->>'id')::uuid, ${storeId}, ${siteId}, gen_random_uuid(), nextval('bench_outbox'), 'paid', x->>'body', 'pending', ${now}, ${now}, ${now}, ${now}
    from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as x`);
  return rows.map((r) => r.id);
}

export async function orderNoticesBench(): Promise<Record<string, unknown>> {
  const url = freshDatabase();
  const first = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await first.migrate();
  const second = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const port = await freePort();
  const rx = receiver(port);
  await rx.open();
  const config = loadConfig({ ...process.env, DATABASE_URL: url, TRIO_NOTICE_DELAY_SCALE: SCALE });
  const ctxs: Ctx[] = [first, second].map((d) => ({ db: d.db, clock: systemClock, config }));
  const db = first.db;
  try {
    await db.execute(sql`create sequence bench_outbox`);
    const secret = newAppSecret();
    const storeId = randomUUID();
    const now = new Date();
    const [{ id: siteId }] = await queryRows<{ id: string }>(db, sql`
      insert into mini_sites (app_id, secret_hash, secret_rotated_at, slug, name, callback_url, created_by, created_at, updated_at)
      values (${newAppId()}, ${secretKey(secret)}, ${now}, 'bench', 'Bench', ${`http://127.0.0.1:${port}/notices`}, ${randomUUID()}, ${now}, ${now}) returning id`);
    const pending = async () => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from mini_site_notices where state = 'pending'`))[0].n;

    // Two processes sweep as the scheduler does: again at once while there was work, else after a pause.
    let stop = false;
    const loops = ctxs.map(async (ctx) => {
      while (!stop) {
        const n = await sweepNotices(ctx, config.schedulerBatch);
        if (n === 0) await new Promise((r) => setTimeout(r, 100));
      }
    });
    const waitUntil = async (cond: () => Promise<boolean>, maxMs: number) => {
      const until = Date.now() + maxMs;
      while (!(await cond()) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    };

    // 1. Throughput.
    const N = 3000;
    const t0 = performance.now();
    await insertNotices(db, siteId, storeId, N);
    await waitUntil(async () => (await pending()) === 0, 300_000);
    const seconds = (performance.now() - t0) / 1000;
    const deliveredFirst = rx.accepted.size;
    // The physical reference of this sitting (the RESULTS.md habit): pgbench's product page, right after the load.
    const ref = pgbenchReference('product-page.sql');

    // 2. Outage: the receiver is down for 2 minutes, then back.
    await rx.close();
    const M = 1000;
    const ids = await insertNotices(db, siteId, storeId, M);
    const outageStart = performance.now();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const triesDuringOutage = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from mini_site_notice_tries where status is null`))[0].n;
    await rx.open();
    await waitUntil(async () => (await pending()) === 0, 600_000);
    const recoverSeconds = (performance.now() - outageStart - OUTAGE_MS) / 1000;
    stop = true;
    await Promise.all(loops);

    const [states] = await queryRows<{ delivered: number; failed: number; pending: number }>(db, sql`
      select count(*) filter (where state = 'delivered')::int as delivered, count(*) filter (where state = 'failed')::int as failed,
        count(*) filter (where state = 'pending')::int as pending
      from mini_site_notices where id = any(${`{${ids.join(',')}}`}::uuid[])`);
    const got = ids.filter((id) => rx.accepted.has(id)).length;
    const duplicates = [...rx.accepted.values()].reduce((s, c) => s + (c - 1), 0);
    return {
      bench: 'order-notices', database: 'postgres', processes: 2, concurrency_per_process: config.noticeConcurrency,
      throughput: { notices: N, delivered: deliveredFirst, seconds: +seconds.toFixed(2), delivered_per_s: Math.round(deliveredFirst / seconds), ...ref, ratio: 'ref_rps' in ref ? +(deliveredFirst / seconds / ref.ref_rps).toFixed(3) : null, ref_script: 'product-page.sql' },
      outage: {
        notices: M, down_s: OUTAGE_MS / 1000, delay_scale: Number(SCALE), failed_tries_while_down: triesDuringOutage,
        delivered_after_s: +recoverSeconds.toFixed(1), received: got, lost: M - got, delivered: states.delivered, failed: states.failed, still_pending: states.pending,
      },
      // At least once: a notice whose answer came after the timeout is sent again; the receiver dedupes it by id.
      duplicates_received: duplicates, unique_received: rx.accepted.size, receiver_requests: rx.requests(), timeout_ms: config.noticeTimeoutMs,
    };
  } finally {
    await rx.close();
    await first.close();
    await second.close();
  }
}
