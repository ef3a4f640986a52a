// npm run bench -- <name>: runs one benchmark (all when no name) and prints, last, one JSON line of figures.
// On PostgreSQL when DATABASE_URL is set (the benchmark creates the data it needs there), else on PGlite.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDatabaseUrl, load, pgbenchReference, report, signInAs, startServer } from './lib.ts';
import { BENCH_PASSWORD, ensureListingData, priceChangeStore } from './catalog-data.ts';

const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  /** Seconds from `npm start` to ready on PGlite: first start (migrations, demo data) and second start. */
  async startup() {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-startup-'));
    const env = { DATABASE_URL: '' };
    const npmStart = ['npm', 'start', '--silent'];
    try {
      const first = await startServer({ dataDir, env, command: npmStart });
      const rss = first.rssMb();
      await first.stop();
      const second = await startServer({ dataDir, env, command: npmStart });
      const rss2 = second.rssMb();
      await second.stop();
      return {
        bench: 'startup', database: 'pglite',
        first_start_s: +(first.readyMs / 1000).toFixed(2),
        second_start_s: +(second.readyMs / 1000).toFixed(2),
        rss_mb: Math.max(rss, rss2),
      };
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
    const server = await startServer({ env: { DATABASE_URL: databaseUrl } });
    try {
      const data = await ensureListingData(databaseUrl);
      console.error(`listing data: ${data.created ? `created in ${data.seconds} s` : 'present'}`);
      const paths = data.categoryIds.map((c) => `/api/storefront/products?channel=store&categoryId=${c}&limit=20`);
      const sample = (await (await fetch(server.url + paths[paths.length - 1])).json()) as { skus: unknown[] }[];
      if (sample.length !== 20 || sample[0].skus.length !== 6) throw new Error(`unexpected page: ${sample.length} products`);
      await load(server.url, { connections: 32, seconds: 5, paths }); // warm-up: every category page once at least
      const r = await load(server.url, { connections: 32, seconds: 20, paths });
      const rss = server.rssMb();
      await server.stop();
      const ref = pgbenchReference('product-page.sql');
      const ratio = 'ref_rps' in ref ? +(r.rps / ref.ref_rps).toFixed(2) : null;
      return {
        bench: 'listing', database: 'postgres', connections: 32, categories: paths.length, products: 100_000, stores: 1000,
        rps: r.rps, p50_ms: r.p50_ms, p99_ms: r.p99_ms, rss_mb: rss, ...ref, ratio, ref_script: 'product-page.sql',
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
