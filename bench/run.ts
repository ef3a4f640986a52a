// npm run bench -- <name>: runs one benchmark (all when no name) and prints, last, one JSON line of figures.
// On PostgreSQL when DATABASE_URL is set (the benchmark creates the data it needs there), else on PGlite.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, pgArray, queryRows, type Db } from '../src/db/client.ts';
import {
  benchDatabaseUrl, burst, demoComplete, burstTimeline, cpuOfTree, cpuSampler, freePort, inParallel, load, loadPosts, namedUrl, pgbenchReference, procTree, report, rssOf, rssOfTree, seqScans, signInAs, startServer, topSnapshot, waitSampler, type Server,
} from './lib.ts';
import { BENCH_PASSWORD, SEARCH_TITLE_WORDS, ensureListingData, ensureSearchData, priceChangeStore } from './catalog-data.ts';
import { CHECKOUT_STORES, checkoutRequest, ensureBuyers, ensureCheckoutData, hotSku, newSessions } from './order-data.ts';
import { giftBenches } from './gift-benches.ts';
import { componentsBench } from './components-bench.ts';
import { afterSalesBench } from './aftersales-bench.ts';
import { orderNoticesBench } from './notices-bench.ts';
import { webhooksBench } from './webhooks-bench.ts';
import { broadcastBench, inboxLiveBench } from './service-bench.ts';
import { checkoutCoupon, couponClaimRace } from './coupon-bench.ts';
import { walPerOrder } from './wal.ts';
import { preparePayments } from './payment-data.ts';
import { analyticsBench } from './analytics-bench.ts';
import { NOTIFY_PATH } from '../src/modules/payments/provider.ts';
import { paidGmvOf } from '../src/modules/merchants/index.ts';
import { buildServerIfStale, serverBundle } from '../scripts/build-server.mjs';

/** The server's garbage collections so far (prom-client's nodejs_gc_duration_seconds) and its event-loop delay since the last scrape. */
async function serverGc(metricsPort: number) {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const sum = (name: string) => [...text.matchAll(new RegExp(`^${name}\\{kind="(\\w+)"\\} ([\\d.e+-]+)$`, 'gm'))].reduce((o, m) => ({ ...o, [m[1]]: Number(m[2]) }), {} as Record<string, number>);
  const gauge = (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { seconds: sum('nodejs_gc_duration_seconds_sum'), count: sum('nodejs_gc_duration_seconds_count'), loopP99: gauge('nodejs_eventloop_lag_p99_seconds'), loopMax: gauge('nodejs_eventloop_lag_max_seconds') };
}

/** GC count and ms by kind between two scrapes, and the event loop's p99 and worst delay (ms) over that window. */
function gcDuring(a: Awaited<ReturnType<typeof serverGc>>, b: Awaited<ReturnType<typeof serverGc>>) {
  const gc = Object.fromEntries(Object.keys(b.count).map((k) => [k, { n: b.count[k] - (a.count[k] ?? 0), ms: Math.round(1000 * (b.seconds[k] - (a.seconds[k] ?? 0))) }]).filter(([, v]) => (v as { n: number }).n > 0));
  return { gc, event_loop_p99_ms: Math.round(b.loopP99 * 1000), event_loop_max_ms: Math.round(b.loopMax * 1000) };
}

async function catalogVersion(databaseUrl: string): Promise<number> {
  const database = await openDatabase({ databaseUrl: namedUrl(databaseUrl), poolSize: 1 });
  try {
    const [row] = await queryRows<{ version: string }>(database.db, sql`select version from catalog_version where id = 1`);
    return Number(row.version);
  } finally {
    await database.close();
  }
}

/** A Trio process on the benchmark database, scheduler off (no timeout sweeps during the load), and a connection for data and checks. */
async function onPostgres(fn: (s: { databaseUrl: string; server: Server; db: Db }) => Promise<Record<string, unknown>>) {
  const databaseUrl = benchDatabaseUrl();
  const server = await startServer({ env: { DATABASE_URL: databaseUrl, TRIO_SCHEDULER: 'off' } });
  // On a new database the demo data loads after the server answers: measured runs start once it is all there (its
  // orders and CPU are not the bench's).
  await demoComplete(server.url, 0);
  const database = await openDatabase({ databaseUrl: namedUrl(databaseUrl), poolSize: 2 });
  try {
    return await fn({ databaseUrl, server, db: database.db });
  } finally {
    await server.stop();
    await database.close();
  }
}

/** Where the time went during a load: CPU of Trio, of its PostgreSQL backends and of the rest; what the backends were doing. */
function watchRun(server: Server, databaseUrl: string) {
  const cpu = cpuSampler(server.proc.pid!, databaseUrl);
  const waits = waitSampler(databaseUrl);
  const scans = seqScans(databaseUrl);
  return {
    async stop() {
      const usage = await cpu.stop();
      const backends = await waits.stop();
      return { cpu: usage, pg_backends: backends.backends, seq_scan_rows: await scans.stop() };
    },
  };
}

const ratioTo = (rps: number, ref: { ref_rps: number } | { ref_error: string }) => ('ref_rps' in ref ? +(rps / ref.ref_rps).toFixed(2) : null);

const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  /**
   * `npm start` on PGlite, as a newcomer runs it: a first start on a new data directory (then until the demo data is
   * complete: GET /api/demo/status), then a second start on it. Seconds to /ready, CPU seconds of the server's process
   * tree at ready (less noisy on a busy machine), and peak RSS (MiB, sampled every 20 ms up to the demo data complete
   * and 1 s after) of the server (the node process `npm start` runs, and its children) apart from npm's own process.
   * TRIO_BENCH_NEW_MACHINE=1: no kept PGlite template yet (an empty TRIO_PGLITE_TEMPLATE_DIR), as on a new machine
   * whose `npm install` did not make it.
   */
  async startup() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-startup-'));
    const newMachine = process.env.TRIO_BENCH_NEW_MACHINE === '1';
    const env: Record<string, string> = { DATABASE_URL: '', ...(newMachine ? { TRIO_PGLITE_TEMPLATE_DIR: path.join(dataDir, 'templates') } : {}) };
    const once = async (data: string) => {
      let npmPid = 0;
      let peak = { server: 0, npm: 0 };
      const sample = () => {
        const server = procTree(npmPid).filter((p) => p !== npmPid).reduce((n, p) => n + rssOf(p), 0);
        peak = { server: Math.max(peak.server, server), npm: Math.max(peak.npm, rssOf(npmPid)) };
      };
      const sampler = setInterval(() => npmPid && sample(), 20);
      const s = await startServer({ dataDir: data, env, command: ['npm', 'start', '--silent'], onSpawn: (p) => (npmPid = p) });
      const cpuS = cpuOfTree(npmPid) / 1000;
      const demoMs = await demoComplete(s.url, performance.now() - s.readyMs);
      await new Promise((r) => setTimeout(r, 1000));
      clearInterval(sampler);
      await s.stop();
      return { ready_s: +(s.readyMs / 1000).toFixed(2), cpu_s: +cpuS.toFixed(2), demo_complete_s: demoMs === undefined ? null : +(demoMs / 1000).toFixed(2), peak_rss_mb: peak.server, npm_rss_mb: peak.npm };
    };
    try {
      const load = os.loadavg()[0].toFixed(1);
      const first = await once(dataDir);
      const second = await once(dataDir);
      return {
        bench: 'startup', database: 'pglite', template: newMachine ? 'none (new machine)' : 'kept', load,
        first_start_s: first.ready_s, second_start_s: second.ready_s, rss_mb: Math.max(first.peak_rss_mb, second.peak_rss_mb),
        first, second,
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },

  /**
   * The server as `npm start` runs it (the bundle of scripts/build-server.mjs, made first if stale; no web build check;
   * TRIO_BENCH_START=tsx: `tsx src/main.ts` as before) on PGlite: a fresh data directory (migrations, demo data), then
   * a second start on the same directory. Ms to /ready, CPU ms of the process tree at ready (less noisy on a busy
   * machine), the peak RSS of the process tree up to ready and 2 s after, and the ms until the demo data was complete
   * (GET /api/demo/status). TRIO_STARTUP_PROFILE=1 in the server's log gives the phases (printed here as `phases`).
   */
  async 'embedded-start'() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-embedded-'));
    const env = { DATABASE_URL: '', TRIO_STARTUP_PROFILE: '1' };
    const tsx = process.env.TRIO_BENCH_START === 'tsx';
    if (!tsx) await buildServerIfStale();
    const command = tsx ? undefined : [process.execPath, '--enable-source-maps', serverBundle];
    const once = async () => {
      let peak = 0;
      let pid = 0;
      const sampler = setInterval(() => { if (pid) peak = Math.max(peak, rssOfTree(pid)); }, 25);
      const s = await startServer({ dataDir, env, command, onSpawn: (p) => (pid = p) });
      const cpuMs = cpuOfTree(pid);
      const demoMs = await demoComplete(s.url, performance.now() - s.readyMs);
      await new Promise((r) => setTimeout(r, 2000));
      clearInterval(sampler);
      peak = Math.max(peak, s.rssMb());
      const phases = /startup phases: (\{.*\})/.exec(s.output())?.[1];
      await s.stop();
      return { ready_ms: Math.round(s.readyMs), cpu_ms: cpuMs, demo_complete_ms: demoMs, peak_rss_mb: peak, phases: phases ? JSON.parse(phases) : undefined };
    };
    try {
      const first = await once();
      const second = await once();
      return { bench: 'embedded-start', database: 'pglite', start: tsx ? 'tsx' : 'bundle', load: os.loadavg()[0].toFixed(1), first, second };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },

  /** The public category tree (about 500 categories) at concurrency 32. */
  async categories() {
    const server = await startServer();
    try {
      const url = `${server.url}/api/categories`;
      // As a browser asks for it: gzip accepted (the server keeps the compressed tree per version).
      const headers = { 'accept-encoding': 'gzip, deflate, br' };
      await load(url, { connections: 8, seconds: 3, headers }); // warm-up
      const r = await load(url, { connections: 32, seconds: 15, headers });
      const plain = await load(url, { connections: 32, seconds: 5 });
      const rss = server.rssMb();
      await server.stop();
      const ref = pgbenchReference('product-page.sql');
      const ratio = 'ref_rps' in ref ? +(r.rps / ref.ref_rps).toFixed(2) : null;
      return {
        bench: 'categories', database: process.env.DATABASE_URL ? 'postgres' : 'pglite', connections: 32,
        rps: r.rps, p50_ms: r.p50_ms, p99_ms: r.p99_ms, rss_mb: rss, ...ref, ratio, ref_script: 'product-page.sql',
        requests: r.requests, errors: r.errors, non2xx: r.non2xx, uncompressed_rps: plain.rps,
      };
    } finally {
      await server.stop();
    }
  },

  /** The public product list (20 products with SKUs, one category, one channel) on PostgreSQL: 100,000 products, 1,000 stores. */
  async listing() {
    const databaseUrl = benchDatabaseUrl();
    const metricsPort = await freePort();
    const server = await startServer({ env: { DATABASE_URL: databaseUrl, TRIO_METRICS_PORT: String(metricsPort) } });
    try {
      // On a new database the server answers before its demo data (the category tree the listing's data needs) is in.
      await demoComplete(server.url, 0);
      const data = await ensureListingData(databaseUrl);
      console.error(`listing data: ${data.created ? `created in ${data.seconds} s` : 'present'}`);
      const paths = data.categoryIds.map((c) => `/api/storefront/products?channel=store&categoryId=${c}&limit=20`);
      const sample = (await (await fetch(server.url + paths[paths.length - 1])).json()) as { skus: unknown[] }[];
      if (sample.length !== 20 || sample[0].skus.length !== 6) throw new Error(`unexpected page: ${sample.length} products`);
      await load(server.url, { connections: 32, seconds: 5, paths }); // warm-up: every category page once at least
      // Where a tail would come from: the server's collections and event-loop stalls, the catalog version moving
      // (every cached page built again), and who used the CPU (the server, PostgreSQL, the load generator, the rest).
      const gcBefore = await serverGc(metricsPort);
      const versionBefore = await catalogVersion(databaseUrl);
      const cpu = cpuSampler(server.proc.pid!, databaseUrl);
      const r = await load(server.url, { connections: 32, seconds: 20, paths });
      const during = { cpu: await cpu.stop(), ...gcDuring(gcBefore, await serverGc(metricsPort)), catalog_versions: (await catalogVersion(databaseUrl)) - versionBefore };
      const rss = server.rssMb();
      await server.stop();
      const ref = pgbenchReference('product-page.sql');
      const ratio = 'ref_rps' in ref ? +(r.rps / ref.ref_rps).toFixed(2) : null;
      return {
        bench: 'listing', database: 'postgres', data: data.created ? 'created' : 'present', connections: 32, categories: paths.length, products: 100_000, stores: 1000,
        rps: r.rps, p50_ms: r.p50_ms, p99_ms: r.p99_ms, rss_mb: rss, ...ref, ratio, ref_script: 'product-page.sql',
        requests: r.requests, errors: r.errors, non2xx: r.non2xx, during,
      };
    } finally {
      await server.stop();
    }
  },

  /**
   * Storefront search on the listing's data (100,000 products; one title in ten holds a Chinese word): Chinese title
   * words, a category's English name, its Vietnamese name with and without accents, and a word found nowhere. First
   * the time of each search uncached (the server just started), then the load over those words × 5 pages.
   */
  async search() {
    const databaseUrl = benchDatabaseUrl();
    const server = await startServer({ env: { DATABASE_URL: databaseUrl } });
    try {
      await demoComplete(server.url, 0);
      const data = await ensureListingData(databaseUrl);
      const leaf = await ensureSearchData(databaseUrl, data.categoryIds);
      const unaccented = leaf.vi.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
      const words = { zh_title: SEARCH_TITLE_WORDS[0], zh_title_2: SEARCH_TITLE_WORDS[2], en_category: leaf.en, vi_category: leaf.vi, vi_category_no_accents: unaccented, no_match: 'zqxjv' };
      const pathOf = (q: string, offset = 0) => `/api/storefront/products?channel=store&q=${encodeURIComponent(q)}&limit=20&offset=${offset}`;
      const uncached: Record<string, { ms: number; found: number }> = {};
      for (const [kind, q] of Object.entries(words)) {
        const t0 = performance.now();
        const res = await fetch(server.url + pathOf(q));
        const body = (await res.json()) as unknown[];
        if (!res.ok) throw new Error(`search ${q}: ${res.status}`);
        uncached[kind] = { ms: Math.round(performance.now() - t0), found: body.length };
      }
      if (uncached.no_match.found !== 0 || uncached.zh_title.found !== 20 || uncached.vi_category.found !== 20 || uncached.vi_category_no_accents.found !== 20) throw new Error(`unexpected results: ${JSON.stringify(uncached)}`);
      const paths = Object.values(words).flatMap((q) => [0, 20, 40, 60, 80].map((o) => pathOf(q, o)));
      await load(server.url, { connections: 32, seconds: 5, paths }); // warm-up
      const r = await load(server.url, { connections: 32, seconds: 20, paths });
      const rss = server.rssMb();
      await server.stop();
      const ref = pgbenchReference('product-page.sql');
      return {
        bench: 'search', database: 'postgres', connections: 32, products: 100_000, words, uncached, pages: paths.length,
        rps: r.rps, p50_ms: r.p50_ms, p99_ms: r.p99_ms, rss_mb: rss, ...ref, ratio: ratioTo(r.rps, ref), ref_script: 'product-page.sql',
        requests: r.requests, errors: r.errors, non2xx: r.non2xx,
      };
    } finally {
      await server.stop();
    }
  },

  /** A bulk percentage change over 10,000 SKUs: commit time, and time until another process's reads in every channel show it. */
  async 'price-change'() {
    const databaseUrl = benchDatabaseUrl();
    const writer = await startServer({ env: { DATABASE_URL: databaseUrl } });
    const reader = await startServer({ env: { DATABASE_URL: databaseUrl, TRIO_SCHEDULER: 'off' } });
    try {
      const store = await priceChangeStore(databaseUrl);
      const token = await signInAs(writer.url, store.email, BENCH_PASSWORD);
      const channels = ['store', 'mini_site', 'service_account'];
      const pageOf = (channel: string) => `${reader.url}/api/storefront/products?channel=${channel}&storeId=${store.storeId}&limit=1`;
      const firstPrice = async (channel: string) => ((await (await fetch(pageOf(channel))).json()) as { skus: { price: number }[] }[])[0].skus[0].price;
      const before = await Promise.all(channels.map(firstPrice)); // cached in the reader process now
      const t0 = performance.now();
      const res = await fetch(`${writer.url}/api/merchant/stores/${store.storeId}/prices/apply`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ selection: { all: true }, change: { type: 'percent', percent: 10 } }),
      });
      const commitMs = performance.now() - t0;
      const body = (await res.json()) as { count: number };
      if (!res.ok) throw new Error(`price change failed: ${JSON.stringify(body)}`);
      let visibleMs = NaN;
      for (;;) {
        const now = await Promise.all(channels.map(firstPrice));
        if (now.every((p, i) => p !== before[i])) { visibleMs = performance.now() - t0; break; }
        if (performance.now() - t0 > 30_000) break;
      }
      return {
        bench: 'price-change', database: 'postgres', skus: body.count,
        commit_ms: Math.round(commitMs), visible_ms: Math.round(visibleMs), visible_after_commit_ms: Math.round(visibleMs - commitMs), channels,
        rss_mb: writer.rssMb(),
      };
    } finally {
      await writer.stop();
      await reader.stop();
    }
  },

  /** Checkout over HTTP on PostgreSQL: 2,000 signed-in buyers, 10,000 SKUs in 100 stores, one line each, concurrency 32, 20 s. */
  checkout: () => onPostgres(async ({ databaseUrl, server, db }) => {
    const t0 = Date.now();
    const data = await ensureCheckoutData(db);
    const tokens = await newSessions(db, await ensureBuyers(db, 2000));
    console.error(`checkout data: ${data.skuIds.length} SKUs, ${tokens.length} buyers with fresh sessions (${((Date.now() - t0) / 1000).toFixed(1)} s${data.created ? ', created' : ''})`);
    const run = `bench-${Date.now().toString(36)}`;
    let n = 0;
    const next = () => {
      const i = n++;
      return checkoutRequest(tokens[i % tokens.length], `${run}-${i}`, data.skuIds[Math.floor(Math.random() * data.skuIds.length)]);
    };
    const res = await fetch(`${server.url}/api/checkout`, { method: 'POST', ...next() });
    const body = (await res.json()) as { orders?: unknown[] };
    if (res.status !== 201 || body.orders?.length !== 1) throw new Error(`checkout failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
    await loadPosts(server.url, { connections: 8, seconds: 3, path: '/api/checkout', okStatus: 201, next }); // warm-up
    const [{ since }] = await queryRows<{ since: string }>(db, sql`select now()::text as since`);
    const watch = watchRun(server, databaseUrl);
    const top = setTimeout(() => topSnapshot('checkout, 10 s into the load'), 10_000);
    const r = await loadPosts(server.url, { connections: 32, seconds: 20, path: '/api/checkout', okStatus: 201, next });
    clearTimeout(top);
    const seen = await watch.stop();
    const rss = server.rssMb();
    const wal = await walPerOrder(server.url, databaseUrl, next);
    await server.stop();
    if (r.samples.length) console.error(`non-201 answers (${r.requests - r.ok}), samples:\n  ${r.samples.join('\n  ')}`);
    // What the run left in the database: one order, one payment, one outbox row and one idempotency key per 201.
    const [made] = await queryRows<{ orders: number; payments: number; outbox: number; keys: number }>(db, sql`select
      (select count(*)::int from orders where created_at >= ${since}::timestamptz) as orders,
      (select count(*)::int from payments where created_at >= ${since}::timestamptz) as payments,
      (select count(*)::int from outbox where topic = 'order.created' and created_at >= ${since}::timestamptz) as outbox,
      (select count(*)::int from idempotency_keys where created_at >= ${since}::timestamptz and status = 201) as keys`);
    const refCpu = cpuSampler(0, databaseUrl); // Trio has stopped: the postgres processes do pgbench's work now
    const ref = pgbenchReference('checkout.sql');
    const refUsage = await refCpu.stop();
    return {
      bench: 'checkout', database: 'postgres', data: data.created ? 'created' : 'present', connections: 32, seconds: r.seconds, buyers: tokens.length, skus: data.skuIds.length, stores: CHECKOUT_STORES,
      orders_per_s: r.ok_per_s, p50_ms: r.p50_ms, p99_ms: r.p99_ms, rss_mb: rss, ...ref, ratio: ratioTo(r.ok_per_s, ref), ref_script: 'checkout.sql',
      orders: r.ok, errors: r.errors, statuses: r.statuses, db_rows: made, ...seen,
      // Rows read by sequential scans per order: plans made while the tables were small (a new install) read them whole.
      seq_rows_per_order: r.ok ? +(seen.seq_scan_rows.rows / r.ok).toFixed(1) : null,
      // CPU Trio and its PostgreSQL backends spent per order: steadier than orders/s on a shared machine, where
      // throughput follows the share of the cores a run happens to get.
      cpu_ms_per_order: r.ok_per_s ? +(((seen.cpu.server_cores + seen.cpu.bench_db_backends_cores) * 1000) / r.ok_per_s).toFixed(2) : null,
      ref_postgres_cores: refUsage.other_postgres_cores, ref_machine_busy_share: refUsage.machine_busy_share, ...(await wal.beside('checkout.sql')),
    };
  }),

  /** One SKU with 1,000 units, 5,000 distinct buyers sending their checkout at the same moment. */
  'hot-sku': () => onPostgres(async ({ databaseUrl, server, db }) => {
    const units = 1000;
    const attempts = 5000;
    const data = await ensureCheckoutData(db);
    const tokens = await newSessions(db, await ensureBuyers(db, attempts));
    const sku = await hotSku(db, units);
    const run = `bench-hot-${Date.now().toString(36)}`;
    let w = 0;
    await loadPosts(server.url, { // warm-up, on the other SKUs
      connections: 8, seconds: 3, path: '/api/checkout', okStatus: 201,
      next: () => { const i = w++; return checkoutRequest(tokens[i % attempts], `${run}-warm-${i}`, data.skuIds[i % data.skuIds.length]); },
    });
    // A server that has run a sale before: a warm-up sale of 50 units to 500 of the buyers on another SKU, so the
    // losers' path is compiled (V8 compiled it during the measured burst: ~27 % of the server's CPU there).
    const warmSku = await hotSku(db, 50);
    await burst(server.url, '/api/checkout', tokens.slice(0, 500).map((token, i) => checkoutRequest(token, `${run}-warmsale-${i}`, warmSku)));
    const watch = watchRun(server, databaseUrl);
    const b = await burst(server.url, '/api/checkout', tokens.map((token, i) => checkoutRequest(token, `${run}-${i}`, sku)));
    const seen = await watch.stop();
    const rss = server.rssMb();
    await server.stop();
    console.error(`hot-sku answers: ${JSON.stringify(b.statuses)}; samples:\n  ${b.samples.join('\n  ')}\nburst (monotonic µs) ${b.monoUs.join(' ')}; answers over time:\n${burstTimeline(b)}`);
    const [check] = await queryRows<{ stockLeft: number; orders: number; units: number; buyers: number; flows: number; minAfter: number | null }>(db, sql`select
      (select stock from skus where id = ${sku}) as "stockLeft",
      (select count(distinct order_id)::int from order_items where sku_id = ${sku}) as orders,
      (select coalesce(sum(quantity), 0)::int from order_items where sku_id = ${sku}) as units,
      (select count(distinct o.buyer_id)::int from orders o join order_items i on i.order_id = o.id where i.sku_id = ${sku}) as buyers,
      (select count(*)::int from stock_flows where sku_id = ${sku} and reason = 'order') as flows,
      (select min(stock_after) from stock_flows where sku_id = ${sku}) as "minAfter"`);
    const ok = b.doneMs.filter((d) => d.status === 201).map((d) => d.ms).sort((a, z) => a - z);
    const all = b.doneMs.map((d) => d.ms).sort((a, z) => a - z);
    const pct = (xs: number[], p: number) => (xs.length ? Math.round(xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]) : null);
    const lastOrderS = ok.length ? ok[ok.length - 1] / 1000 : NaN;
    const ordersPerS = Math.round(ok.length / lastOrderS);
    const correct = b.statuses[201] === units && check.orders === units && check.units === units && check.flows === units && check.stockLeft === 0 && (check.minAfter ?? 0) >= 0;
    const ref = pgbenchReference('checkout-hot-sku.sql');
    return {
      bench: 'hot-sku', database: 'postgres', units, attempts, orders: check.orders, stock_left: check.stockLeft, min_stock_after: check.minAfter,
      correct, orders_per_s: ordersPerS, last_order_s: +lastOrderS.toFixed(2), all_answered_s: b.seconds,
      p50_ms: pct(all, 50), p99_ms: pct(all, 99), rss_mb: rss, ...ref, ratio: ratioTo(ordersPerS, ref), ref_script: 'checkout-hot-sku.sql',
      statuses: b.statuses, connection_errors: b.errors, distinct_buyers: check.buyers, ...seen,
    };
  }),

  /**
   * Signed sandbox payment notifications for distinct awaiting orders, concurrency 32. First (not timed): 3,000
   * checkouts and their Native prepay over HTTP; the sandbox's own "buyer paid" step on its transactions; every
   * TRANSACTION.SUCCESS notification built and signed by the sandbox's own code with its keys. Then each is POSTed
   * once to /payments/wechatpay/notify; afterwards 500 of them again (replays), and every order is checked paid once.
   */
  pay: () => onPostgres(async ({ databaseUrl, server, db }) => {
    const count = 3000;
    const run = `bench-pay-${Date.now().toString(36)}`;
    const { prepared, notifications, prepSeconds } = await preparePayments(server, db, count, run);
    const outTradeNos = pgArray(prepared.map((p) => p.outTradeNo));
    console.error(`pay: ${count} orders with a prepay in ${prepSeconds.toFixed(1)} s; ${notifications.length} notifications signed`);
    let n = 0;
    const watch = watchRun(server, databaseUrl);
    const r = await loadPosts(server.url, { connections: 32, amount: count, path: NOTIFY_PATH, okStatus: 204, next: () => notifications[Math.min(n++, count - 1)] });
    const seen = await watch.stop();
    if (r.samples.length) console.error(`non-204 answers (${r.requests - r.ok}), samples:\n  ${r.samples.join('\n  ')}`);
    // Replays: 500 of them again, as WeChat Pay resends; nothing may change.
    let m = 0;
    const replay = await loadPosts(server.url, { connections: 32, amount: 500, path: NOTIFY_PATH, okStatus: 204, next: () => notifications[m++ % count] });
    const rss = server.rssMb();
    await server.stop();
    const paymentIds = pgArray(prepared.map((p) => p.paymentId));
    const [check] = await queryRows<Record<'orders' | 'paidOrders' | 'paidPayments' | 'paidEvents' | 'ordersPaidTwice' | 'outboxPaid' | 'applied' | 'duplicate' | 'refused', number>>(db, sql`
      with o as (select id, state, paid_at from orders where payment_id = any(${paymentIds}::uuid[])),
      n as (select outcome from payment_notifications where out_trade_no = any(${outTradeNos}::text[]))
      select (select count(*)::int from o) as orders,
        (select count(*)::int from o where state = 'awaiting_shipment' and paid_at is not null) as "paidOrders",
        (select count(*)::int from payments where id = any(${paymentIds}::uuid[]) and state = 'paid') as "paidPayments",
        (select count(*)::int from order_events e join o on o.id = e.order_id where e.event = 'paid') as "paidEvents",
        (select count(*)::int from (select e.order_id from order_events e join o on o.id = e.order_id where e.event = 'paid' group by 1 having count(*) > 1) x) as "ordersPaidTwice",
        (select count(*)::int from outbox where topic = 'order.paid' and (payload->>'orderId')::uuid in (select id from o)) as "outboxPaid",
        (select count(*)::int from n where outcome = 'applied') as applied,
        (select count(*)::int from n where outcome = 'duplicate') as duplicate,
        (select count(*)::int from n where outcome like 'refused%') as refused`);
    const paidOnce = check.orders === count && check.paidOrders === count && check.paidPayments === count && check.paidEvents === count && check.ordersPaidTwice === 0 && check.outboxPaid === count;
    return {
      bench: 'pay', database: 'postgres', connections: 32, notifications: count,
      notifications_per_s: r.ok_per_s, p50_ms: r.p50_ms, p99_ms: r.p99_ms, seconds: r.seconds, rss_mb: rss,
      paid_exactly_once: paidOnce, replays: replay.requests, replays_answered_204: replay.ok, replays_per_s: replay.ok_per_s,
      statuses: r.statuses, db: check, ...seen, prepare_s: +prepSeconds.toFixed(1),
    };
  }),

  /**
   * One store's rush: 1,500 payment notifications for orders spread over the 100 bench stores, then 1,500 for orders
   * of one store (every payment adds to that store's paid GMV), concurrency 32, in one sitting; the one-store rate
   * against the spread one, and the store's paid GMV checked exact (grown by the sum of its paid orders).
   */
  'pay-one-store': () => onPostgres(async ({ databaseUrl, server, db }) => {
    const count = 1500;
    const run = `bench-pay1-${Date.now().toString(36)}`;
    await ensureCheckoutData(db);
    const [one] = await queryRows<{ storeId: string }>(db, sql`select store_id as "storeId" from products where title like 'Checkout bench %' order by store_id limit 1`);
    const oneStoreSkus = (await queryRows<{ id: string }>(db, sql`
      select k.id from skus k join products p on p.id = k.product_id where p.store_id = ${one.storeId} and p.title like 'Checkout bench %' and k.active order by k.id`)).map((r) => r.id);
    const spread = await preparePayments(server, db, count, `${run}-spread`);
    const single = await preparePayments(server, db, count, `${run}-one`, oneStoreSkus);
    const gmv = () => paidGmvOf(db, one.storeId);
    const post = (notifications: { headers: Record<string, string>; body: string }[]) => {
      let n = 0;
      return loadPosts(server.url, { connections: 32, amount: count, path: NOTIFY_PATH, okStatus: 204, next: () => notifications[Math.min(n++, count - 1)] });
    };
    const watch = watchRun(server, databaseUrl);
    const a = await post(spread.notifications);
    const gmvBefore = await gmv();
    const b = await post(single.notifications);
    const seen = await watch.stop();
    const rss = server.rssMb();
    await server.stop();
    const [paid] = await queryRows<{ n: number; total: string }>(db, sql`
      select count(*)::int as n, coalesce(sum(total), 0)::text as total from orders where payment_id = any(${pgArray(single.prepared.map((p) => p.paymentId))}::uuid[]) and paid_at is not null`);
    const gmvAfter = await gmv();
    return {
      bench: 'pay-one-store', database: 'postgres', connections: 32, notifications_each: count,
      spread_per_s: a.ok_per_s, spread_p99_ms: a.p99_ms, one_store_per_s: b.ok_per_s, one_store_p99_ms: b.p99_ms,
      one_store_vs_spread: a.ok_per_s ? +(b.ok_per_s / a.ok_per_s).toFixed(2) : null,
      one_store_paid: paid.n, paid_gmv_exact: gmvAfter - gmvBefore === Number(paid.total) && paid.n === count,
      statuses: { spread: a.statuses, one_store: b.statuses }, rss_mb: rss, ...seen,
    };
  }),

  ...giftBenches(onPostgres, watchRun),
  /** The embeddable components on the demo host page: script size, card reads/s, live latency, four cards in Chromium. */
  components: componentsBench,
  aftersales: () => afterSalesBench(onPostgres, watchRun),
  /** Mini-site order notices delivered per second; an outage of the receiver loses none and duplicates none. */
  'order-notices': () => orderNoticesBench(),
  webhooks: () => webhooksBench(),
  /** A broadcast fanned out to 100,000 followers (BENCH_FOLLOWERS) beside checkouts and inbox reads. */
  broadcast: () => onPostgres(broadcastBench),
  /** 1,000 open live inboxes (BENCH_STREAMS) on one process: memory, commit-to-arrival latency. */
  'inbox-live': () => onPostgres(inboxLiveBench),
  /** 1,000 coupons, 5,000 distinct buyers claiming at once (limit 1 each): exactly 1,000 claimed, late claimers 409 quickly. */
  'coupon-claim-race': () => couponClaimRace(onPostgres, watchRun),
  /** Checkout with member price, a store coupon and points, against pgbench checkout.sql in the same run (issue 15: ratio >= 0.25). */
  'checkout-coupon': () => checkoutCoupon(onPostgres, watchRun),
  /** Dashboards over 1M generated orders and 10M events (BENCH_ANALYTICS_ORDERS), rollup lag after a paid burst, checkout with event capture on beside off. */
  analytics: analyticsBench,
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !benches[n]);
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
const results = [];
for (const name of names.length ? names : Object.keys(benches)) {
  console.error(`running ${name}...`);
  const r = await benches[name]();
  results.push(r);
  if (names.length !== 1) report(r);
}
if (names.length === 1) report(results[0]);
process.exit(0);
