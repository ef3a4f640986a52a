// npm run bench -- <name>: runs one benchmark (all when no name) and prints, last, one JSON line of figures.
// On PostgreSQL when DATABASE_URL is set (the benchmark creates the data it needs there), else on PGlite.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, pgbenchReference, report, startServer } from './lib.ts';

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
