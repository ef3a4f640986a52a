// npm run chaos [-- --short]: several Trio processes over a throwaway PostgreSQL cluster, under a bounded load of
// checkouts, sandbox payments (some paid twice at once on two processes), cancellations and abandoned carts; random
// processes are SIGKILLed and restarted, one is stopped with SIGTERM, PostgreSQL is killed (pg_ctl -m immediate) and
// started again in the middle. Then the load stops, the sweeps finish the due work (short timeouts, no clock moved),
// and the invariants are checked in SQL. Prints one JSON line of figures; exits 1 when an invariant fails.
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, pgArray, queryRows, type Database } from '../src/db/client.ts';
import { seedCategories } from '../src/demo/seed.ts';
import { demoCategories } from '../src/modules/merchants/demo-categories.ts';
import { startServer, type Server } from './lib.ts';
import { BENCH_ADDRESS, ensureBuyers, ensureCheckoutData, newSessions } from './order-data.ts';
import { pgCluster } from './pg-cluster.ts';
import { invariants } from './chaos-invariants.ts';

const short = process.argv.includes('--short');
const FORM = short
  ? { loadSeconds: 30, processes: 3, workers: 12, kills: 2, pgRestarts: 1, hotStock: 60 }
  : { loadSeconds: 150, processes: 4, workers: 24, kills: 8, pgRestarts: 2, hotStock: 250 };
/** Contended SKUs; their units at the start (FORM.hotStock) are few enough that buyers run out and cancellations give back. */
const HOT_SKUS = 12;
const BUYERS = 200;
/** How long PostgreSQL stays down before it is started again. */
const PG_DOWN_MS = 3000;
/** A request not answered within this is counted as hung. */
const REQUEST_TIMEOUT_MS = 30_000;
/** After the load: how long the sweeps get to finish the due work (the payment timeout is one minute). */
const QUIESCE_MS = 150_000;

/** Settings of every Trio process: short timeouts so that the due work comes due during the run. */
const trioEnv = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  TRIO_DEMO: 'off',
  LOG_LEVEL: 'error',
  // One public address for all, as behind a load balancer: every process takes the payment notifications.
  TRIO_PUBLIC_URL: 'http://trio-chaos.invalid',
  TRIO_PAYMENT_TIMEOUT_MINUTES: '1',
  TRIO_SCHEDULER_INTERVAL_MS: '500',
  TRIO_REFUND_RETRY_SECONDS: '1',
  TRIO_DB_CONNECT_TIMEOUT_MS: '2000',
  TRIO_SHUTDOWN_GRACE_MS: '20000',
  TRIO_LOGIN_MAX_FAILURES_PER_IP: '1000000',
});

type Counts = { requests: number; byStatus: Record<string, number>; connectionErrors: number; hung: number; other5xx: { status: number; body: string }[] };
const counts: Counts = { requests: 0, byStatus: {}, connectionErrors: 0, hung: 0, other5xx: [] };
/** Moments of 503 answers, to count those seen while the database was away. */
const unavailableAt: number[] = [];

type Answer = { status: number; json: Record<string, unknown> } | undefined;

async function send(url: string, method: string, pathname: string, token: string | undefined, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> {
  counts.requests++;
  try {
    const res = await fetch(url + pathname, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extra },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    counts.byStatus[res.status] = (counts.byStatus[res.status] ?? 0) + 1;
    if (res.status === 503) unavailableAt.push(Date.now());
    else if (res.status >= 500 && counts.other5xx.length < 20) counts.other5xx.push({ status: res.status, body: text.slice(0, 300) });
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, json };
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') counts.hung++;
    else counts.connectionErrors++;
    return undefined;
  }
}

/** The same request again (same Idempotency-Key) on the next process, while processes are down or the database is away. */
async function persist(urls: () => string[], method: string, pathname: string, token: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const list = urls();
    const a = await send(list[(attempt + randomInt(list.length)) % list.length], method, pathname, token, body, extra);
    if (a && a.status !== 503) return a;
    await new Promise((r) => setTimeout(r, 250));
  }
  return undefined;
}

const tally: Record<string, number> = { checkouts: 0, checkout_refused: 0, paid: 0, paid_twice_attempts: 0, cancelled: 0, abandoned: 0 };

async function shopper(urls: () => string[], tokens: string[], skus: string[], until: number) {
  while (Date.now() < until) {
    const token = tokens[randomInt(tokens.length)];
    const lines = [...new Set([skus[randomInt(skus.length)], skus[randomInt(skus.length)]])].map((skuId) => ({ skuId, quantity: 1 + randomInt(2) }));
    const key = randomUUID();
    const c = await persist(urls, 'POST', '/api/checkout', token, { lines, address: BENCH_ADDRESS }, { 'idempotency-key': key });
    if (!c || c.status !== 201) {
      tally.checkout_refused++;
      continue;
    }
    tally.checkouts++;
    const paymentId = c.json.paymentId as string;
    const orders = c.json.orders as { id: string }[];
    const dice = randomInt(100);
    if (dice < 55) {
      // Pay; one time in five twice at once, from two processes (two tabs).
      const twice = dice < 11;
      if (twice) tally.paid_twice_attempts++;
      const payOnce = async () => {
        const pre = await persist(urls, 'POST', `/api/payments/${paymentId}/prepay`, token, { method: 'native' });
        if (pre?.status !== 200) return;
        const prepayId = (pre.json.cashierUrl as string).split('/').pop()!;
        const paid = await persist(urls, 'POST', `/api/sandbox/cashier/${prepayId}/pay`, token);
        if (paid?.status === 200) tally.paid++;
      };
      await Promise.all(twice ? [payOnce(), payOnce()] : [payOnce()]);
    } else if (dice < 80) {
      for (const o of orders) {
        const x = await persist(urls, 'POST', `/api/orders/${o.id}/cancel`, token, {});
        if (x?.status === 200) tally.cancelled++;
      }
    } else {
      tally.abandoned++; // left unpaid: the payment timeout sweep cancels it
    }
  }
}

/** Processes that exited without being told to (their last output), and those the script stops itself. */
const crashes: { port: number; code: number | null; signal: string | null; output: string }[] = [];
const stopping = new WeakSet<Server>();
async function trio(dataDir: string, env: Record<string, string>, port?: number): Promise<Server> {
  const s = await startServer({ dataDir, env, port });
  s.proc.once('exit', (code, signal) => {
    if (!stopping.has(s)) crashes.push({ port: Number(new URL(s.url).port), code, signal, output: s.output().slice(-1500) });
  });
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `fn` is true, at most `ms`; answers how long it took, or undefined. */
async function until(fn: () => Promise<boolean>, ms: number): Promise<number | undefined> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await fn().catch(() => false)) return Date.now() - t0;
    await sleep(100);
  }
  return undefined;
}

async function main() {
  const started = Date.now();
  const cluster = await pgCluster();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-chaos-'));
  const env = trioEnv(cluster.url);
  let observer: Database | undefined;
  const procs: { port: number; server: Server | undefined }[] = [];
  try {
    // The schema (migrations, run by the first process), the category tree, a catalog, buyers with sessions.
    const first = await trio(dataDir, env);
    procs.push({ port: Number(new URL(first.url).port), server: first });
    observer = await openDatabase({ databaseUrl: cluster.url, poolSize: 2 });
    const db = observer.db;
    await db.transaction((tx) => seedCategories(tx as never, demoCategories));
    const { skuIds } = await ensureCheckoutData(db);
    const hot = skuIds.filter((_, i) => i % Math.floor(skuIds.length / HOT_SKUS) === 0).slice(0, HOT_SKUS);
    await db.execute(sql`update skus set stock = ${FORM.hotStock} where id = any(${pgArray(hot)}::uuid[])`);
    const startStock = new Map((await queryRows<{ id: string; stock: number }>(db, sql`select id, stock from skus`)).map((r) => [r.id, Number(r.stock)]));
    const tokens = await newSessions(db, await ensureBuyers(db, BUYERS));
    for (const s of await Promise.all(Array.from({ length: FORM.processes - 1 }, () => trio(dataDir, env)))) {
      procs.push({ port: Number(new URL(s.url).port), server: s });
    }
    const urls = () => procs.filter((p) => p.server).map((p) => `http://127.0.0.1:${p.port}`);
    const allUrls = procs.map((p) => `http://127.0.0.1:${p.port}`);

    // The load, and the chaos beside it.
    const loadStart = Date.now();
    const loadEnd = loadStart + FORM.loadSeconds * 1000;
    const load = Promise.all(Array.from({ length: FORM.workers }, () => shopper(() => allUrls, tokens, hot, loadEnd)));
    const events: Record<string, unknown>[] = [];
    const restart = async (p: (typeof procs)[number]) => {
      const t0 = Date.now();
      p.server = await trio(dataDir, env, p.port);
      return Date.now() - t0;
    };
    const plan: { at: number; what: 'kill' | 'pg' | 'term' }[] = [];
    for (let i = 0; i < FORM.kills; i++) plan.push({ at: ((i + 0.5) / FORM.kills) * 0.9, what: 'kill' });
    for (let i = 0; i < FORM.pgRestarts; i++) plan.push({ at: (i + 1) / (FORM.pgRestarts + 1), what: 'pg' });
    plan.push({ at: 0.8, what: 'term' });
    plan.sort((a, b) => a.at - b.at);
    for (const step of plan) {
      await sleep(Math.max(0, loadStart + step.at * FORM.loadSeconds * 1000 - Date.now()));
      if (step.what === 'pg') {
        const down = Date.now();
        cluster.kill();
        await sleep(PG_DOWN_MS);
        cluster.start();
        const up = Date.now();
        // Every process answers /ready again by itself.
        const recovered = await until(async () => (await Promise.all(urls().map((u) => fetch(`${u}/ready`).then((r) => r.ok, () => false)))).every(Boolean), 60_000);
        const recoveredAt = Date.now();
        events.push({
          event: 'postgres_killed', down_ms: up - down, recover_ms: recovered ?? null,
          http_503_while_away: unavailableAt.filter((t) => t >= down && t <= recoveredAt).length,
        });
      } else {
        const p = procs[randomInt(procs.length)];
        const s = p.server!;
        p.server = undefined;
        stopping.add(s);
        if (s.proc.exitCode !== null || s.proc.signalCode !== null) {
          events.push({ event: 'process_found_dead', port: p.port, restart_ms: await restart(p) });
        } else if (step.what === 'kill') {
          process.kill(-s.proc.pid!, 'SIGKILL');
          events.push({ event: 'process_killed', port: p.port, restart_ms: await restart(p) });
        } else {
          const exited = new Promise<number | null>((resolve) => s.proc.once('exit', (code) => resolve(code)));
          process.kill(s.proc.pid!, 'SIGTERM');
          const code = await exited;
          // A process told to stop that does not exit 0 says why in its last lines.
          events.push({ event: 'process_terminated', port: p.port, exit_code: code, ...(code !== 0 ? { last_output: s.output().slice(-3000) } : {}), restart_ms: await restart(p) });
        }
      }
    }
    await load;

    // Quiesce: no new work; the sweeps cancel what was left unpaid, reconcile payments, finish refunds.
    const due = async () =>
      (await queryRows<{ n: number }>(db, sql`select
        (select count(*) from orders where state = 'awaiting_payment')
        + (select count(*) from payments where state = 'awaiting')
        + (select count(*) from refunds where state in ('pending', 'processing')) as n`))[0].n;
    const quiesceMs = await until(async () => Number(await due()) === 0, QUIESCE_MS);
    const checks = await invariants(db, startStock, { hung: counts.hung, other5xx: counts.other5xx.length, crashes: crashes.length });
    const figures = {
      bench: 'chaos', form: short ? 'short' : 'long', database: 'postgresql (throwaway cluster)',
      processes: FORM.processes, workers: FORM.workers, load_s: FORM.loadSeconds,
      requests: counts.requests, by_status: counts.byStatus, connection_errors: counts.connectionErrors, hung: counts.hung,
      other_5xx: counts.other5xx, ...tally, events, crashes,
      quiesce_ms: quiesceMs ?? null, left_due: quiesceMs === undefined ? Number(await due()) : 0,
      invariants: checks, ok: Object.values(checks).every((c) => c.ok),
      total_s: Math.round((Date.now() - started) / 1000),
    };
    console.log(JSON.stringify(figures));
    return figures.ok;
  } finally {
    await observer?.close().catch(() => {});
    for (const p of procs) {
      if (p.server) stopping.add(p.server);
      await p.server?.stop().catch(() => {});
    }
    cluster.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
