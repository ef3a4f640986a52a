// webhooks: merchant webhook deliveries (src/modules/webhooks, the shared loop of src/kernel/deliveries.ts) from
// outbox events to a local receiver (another process, verifying every signature), by two sweeping "processes" (two
// connection pools, each running the outbox and webhook sweeps in a loop as the scheduler does) over a PostgreSQL
// database of its own (trio_bench_webhooks, made afresh each run).
//   1. throughput: 3,000 `order.paid` events written at once, two endpoints of one store wanting them, receiver up:
//      deliveries per second, and CPU ms per delivery (this process: the sweepers; the benchmark database's backends);
//   2. outage: 1,000 events, the receiver down (port closed) for 2 minutes with the retry schedule scaled by
//      TRIO_WEBHOOK_DELAY_SCALE=0.02 (3.6 h → 4.3 min), then up: none lost, none delivered twice.
import { fork, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { systemClock } from '../src/kernel/clock.ts';
import type { Ctx } from '../src/kernel/context.ts';
import { deliverOutbox } from '../src/kernel/outbox.ts';
import { newAppSecret, secretKey } from '../src/modules/minisite/signature.ts';
import { followEventsForWebhooks, sweepWebhooks } from '../src/modules/webhooks/index.ts';
import { freePort, pgbenchReference } from './lib.ts';

const SCALE = '0.02';
const OUTAGE_MS = 120_000;
const DB = 'trio_bench_webhooks';

function freshDatabase(): string {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new URL(base);
  admin.pathname = '/postgres';
  spawnSync('psql', ['-X', '-qc', `drop database if exists ${DB} with (force)`, admin.toString()]);
  spawnSync('psql', ['-X', '-qc', `create database ${DB}`, admin.toString()]);
  const url = new URL(base);
  url.pathname = `/${DB}`;
  return url.toString();
}

type Stats = { requests: number; badSignatures: number; ids: string[]; duplicates: number; cpuMs: number };
function receiver(port: number, secret: string) {
  const child = fork(path.join(import.meta.dirname, 'webhook-receiver.mjs'), [String(port), secret], { stdio: 'inherit' });
  const ask = <T>(cmd: string) => new Promise<T>((resolve) => {
    child.once('message', (m: { ok?: boolean; stats?: Stats }) => resolve((m.stats ?? m) as T));
    child.send({ cmd });
  });
  return { up: () => ask('up'), down: () => ask('down'), stats: () => ask<Stats>('stats'), stop: () => child.disconnect() };
}

/** CPU ticks (1/100 s) of the backends connected to the benchmark database now. */
async function backendTicks(db: Ctx['db']) {
  const pids = await queryRows<{ pid: number }>(db, sql`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`);
  let ticks = 0;
  for (const { pid } of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const x = f.slice(f.lastIndexOf(')') + 2).split(' ').map(Number);
      ticks += x[11] + x[12];
    } catch { /* gone */ }
  }
  return ticks;
}

/** n `order.paid` outbox rows of the store, as payment writes them. */
async function insertEvents(db: Ctx['db'], storeId: string, n: number) {
  const now = new Date();
  await db.execute(sql`
    insert into outbox (store_id, topic, payload, created_at, next_attempt_at)
    select ${storeId}, 'order.paid', jsonb_build_object('orderId', gen_random_uuid(), 'storeId', ${storeId}::uuid, 'total', 12345 + i, 'currency', 'CNY'), ${now}, ${now}
    from generate_series(1, ${n}) as i`);
}

export async function webhooksBench(): Promise<Record<string, unknown>> {
  const url = freshDatabase();
  const first = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await first.migrate();
  const second = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const port = await freePort();
  const secret = newAppSecret();
  const rx = receiver(port, secret);
  await rx.up();
  const config = loadConfig({ ...process.env, DATABASE_URL: url, TRIO_WEBHOOK_DELAY_SCALE: SCALE });
  const ctxs: Ctx[] = [first, second].map((d) => ({ db: d.db, clock: systemClock, config }));
  const db = first.db;
  followEventsForWebhooks();
  try {
    const storeId = randomUUID();
    const now = new Date();
    for (const name of ['erp', 'warehouse']) {
      await db.execute(sql`
        insert into webhook_endpoints (store_id, url, description, secret_hash, secret_hint, secret_rotated_at, events, state, created_at, updated_at)
        values (${storeId}, ${`http://127.0.0.1:${port}/${name}`}, ${name}, ${secretKey(secret)}, ${secret.slice(-4)}, ${now}, '{order.*}', 'active', ${now}, ${now})`);
    }
    const count = async (where: string) => (await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from webhook_deliveries where ${where}`)))[0].n;
    const undelivered = async () => (await queryRows<{ n: number }>(db, sql`select (select count(*) from outbox where delivered_at is null)::int + (select count(*) from webhook_deliveries where state = 'pending')::int as n`))[0].n;

    // Two processes sweep as the scheduler does: the outbox (writes deliveries), then the webhooks; again at once
    // while there was work, else after a pause.
    let stop = false;
    const loops = ctxs.map(async (ctx) => {
      while (!stop) {
        const n = (await deliverOutbox(ctx, config.schedulerBatch)) + (await sweepWebhooks(ctx, config.schedulerBatch));
        if (n === 0) await new Promise((r) => setTimeout(r, 100));
      }
    });
    const waitUntil = async (cond: () => Promise<boolean>, maxMs: number) => {
      const until = Date.now() + maxMs;
      while (!(await cond()) && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    };

    // 1. Throughput.
    const N = 3000;
    const cpu0 = process.cpuUsage();
    const pg0 = await backendTicks(db);
    const t0 = performance.now();
    await insertEvents(db, storeId, N);
    await waitUntil(async () => (await undelivered()) === 0, 300_000);
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = process.cpuUsage(cpu0);
    const pgMs = ((await backendTicks(db)) - pg0) * 10;
    const delivered = await count(`state = 'delivered'`);
    const ref = pgbenchReference('product-page.sql');
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

    // 2. Outage: the receiver is down for 2 minutes, then back.
    await rx.down();
    const M = 1000;
    const before = new Set(await queryRows<{ id: string }>(db, sql`select id from webhook_deliveries`).then((r) => r.map((x) => x.id)));
    await insertEvents(db, storeId, M);
    const outageStart = performance.now();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const failedTries = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from webhook_delivery_tries where status is null`))[0].n;
    await rx.up();
    await waitUntil(async () => (await undelivered()) === 0, 600_000);
    const recoverSeconds = (performance.now() - outageStart - OUTAGE_MS) / 1000;
    stop = true;
    await Promise.all(loops);

    const outageIds = (await queryRows<{ id: string }>(db, sql`select id from webhook_deliveries`)).map((x) => x.id).filter((id) => !before.has(id));
    const stats = await rx.stats();
    const got = new Set(stats.ids);
    const [states] = await queryRows<{ delivered: number; failed: number; pending: number }>(db, sql`
      select count(*) filter (where state = 'delivered')::int as delivered, count(*) filter (where state = 'failed')::int as failed,
        count(*) filter (where state = 'pending')::int as pending
      from webhook_deliveries where id = any(${`{${outageIds.join(',')}}`}::uuid[])`);
    const nodeMs = (cpu1.user + cpu1.system) / 1000;
    return {
      bench: 'webhooks', database: 'postgres', processes: 2, endpoints: 2, concurrency_per_process: config.webhookConcurrency, load_avg: load,
      throughput: {
        events: N, deliveries: delivered, seconds: +seconds.toFixed(2), deliveries_per_s: Math.round(delivered / seconds),
        cpu_ms_per_delivery: { sweepers_node: +(nodeMs / delivered).toFixed(2), bench_db_backends: +(pgMs / delivered).toFixed(2), total: +((nodeMs + pgMs) / delivered).toFixed(2) },
        ...ref, ratio: 'ref_rps' in ref ? +(delivered / seconds / ref.ref_rps).toFixed(3) : null, ref_script: 'product-page.sql',
      },
      outage: {
        events: M, deliveries: outageIds.length, down_s: OUTAGE_MS / 1000, delay_scale: Number(SCALE), failed_tries_while_down: failedTries,
        delivered_after_s: +recoverSeconds.toFixed(1), received: outageIds.filter((id) => got.has(id)).length,
        lost: outageIds.filter((id) => !got.has(id)).length, delivered: states.delivered, failed: states.failed, still_pending: states.pending,
      },
      // At least once: a delivery answered after the timeout is sent again; the receiver dedupes it by id.
      duplicates_received: stats.duplicates, bad_signatures: stats.badSignatures, receiver_requests: stats.requests, receiver_cpu_ms: Math.round(stats.cpuMs), timeout_ms: config.webhookTimeoutMs,
    };
  } finally {
    rx.stop();
    await first.close();
    await second.close();
  }
}
