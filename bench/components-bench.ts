// npm run bench -- components: the embeddable components on the demo host page (PGlite demo data, or DATABASE_URL).
//   js_gzip_bytes       /components.js as served gzipped
//   card_rps            product card reads/s at 32 connections (token + Origin + link checked per read)
//   card_statements_per_read  on PostgreSQL: statements the database ran per card read during the load
//                       (transactions of the database in pg_stat_database, the counter's own reads left out)
//   live_ms_p50/max     from a price change's commit (the API's answer) to the Server-Sent Event carrying it
//   four_live_ms        Chromium: from navigation to the host page until its four components show data
import http from 'node:http';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { cpuSampler, freePort, load, pgbenchReference, signInAs, startServer } from './lib.ts';

const DEMO_PASSWORD = 'trio-demo-2026';

function gzipBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}

/** The database's transaction count (each statement outside a transaction is one), once the backends have reported. */
async function transactionCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const read = async () => Number((await client.query(`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`)).rows[0].n);
    // Backends report at most once a second (and an idle one within about ten): wait until the figure holds still.
    let last = await read();
    for (let i = 0, calls = 1; i < 30; i++, calls++) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await read();
      if (now - last <= 1) return now - calls; // this connection's own reads are transactions too
      last = now;
    }
    return last;
  } finally {
    await client.end();
  }
}

export async function componentsBench(): Promise<Record<string, unknown>> {
  const hostPort = await freePort();
  // A first start loads the demo data (minutes on a busy machine).
  const server = await startServer({ env: { TRIO_DEMO: 'on', TRIO_SCHEDULER: 'off', TRIO_DEMO_HOST_PORT: String(hostPort), HOST: '127.0.0.1' }, readyWithinMs: 600_000 });
  try {
    const origin = `http://127.0.0.1:${hostPort}`;
    // The host page starts just after Trio answers /ready: wait until it answers too.
    let html = '';
    for (const until = performance.now() + 60_000; !html; ) {
      html = await fetch(`${origin}/`).then((r) => (r.ok ? r.text() : ''), () => '');
      if (!html && performance.now() > until) throw new Error(`the demo host page did not answer at ${origin}`);
      if (!html) await new Promise((r) => setTimeout(r, 100));
    }
    const appId = /app-id="([^"]+)"/.exec(html)![1];
    const productId = /id="card-1" product-id="([^"]+)"/.exec(html)![1];
    const js_gzip_bytes = await gzipBytes(`${server.url}/components.js`);

    const tok = await fetch(`${server.url}/api/components/token`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ appId }) });
    const { token } = (await tok.json()) as { token: string };
    const cardUrl = `${server.url}/api/components/products/${productId}?token=${encodeURIComponent(token)}`;
    await load(cardUrl, { connections: 8, seconds: 3, headers: { origin } }); // warm-up
    const dbUrl = process.env.DATABASE_URL;
    const before = dbUrl ? await transactionCount(dbUrl) : 0;
    const cpu = cpuSampler(server.proc.pid!, dbUrl ?? '');
    const r = await load(cardUrl, { connections: 32, seconds: 10, headers: { origin } });
    const used = await cpu.stop();
    // CPU of Trio's process (and of its PostgreSQL backends) per card read: steadier than reads/s on a shared machine.
    const card_cpu_ms_per_read = r.rps ? +(((used.server_cores + used.bench_db_backends_cores) * 1000) / r.rps).toFixed(3) : null;
    const card_statements_per_read = dbUrl ? +((await transactionCount(dbUrl)) - before) / r.requests : null;

    // Live: one open stream; the merchant changes the price five times.
    const events: { at: number; price: number }[] = [];
    const req = http.get(`${server.url}/api/components/live?products=${productId}&token=${encodeURIComponent(token)}`, { headers: { origin } }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        for (let i; (i = buf.indexOf('\n\n')) >= 0; buf = buf.slice(i + 2)) {
          const m = /^event: product\ndata: (.*)$/m.exec(buf.slice(0, i));
          if (m) events.push({ at: performance.now(), price: (JSON.parse(m[1]) as { price: number }).price });
        }
      });
    });
    while (!events.length) await new Promise((res) => setTimeout(res, 20));
    const merchant = await signInAs(server.url, 'tea@trio.demo', DEMO_PASSWORD);
    const [store] = (await (await fetch(`${server.url}/api/merchant/stores?limit=200`, { headers: { authorization: `Bearer ${merchant}` } })).json()) as { id: string }[];
    const page = (await (await fetch(`${server.url}/api/storefront/products/${productId}?channel=mini_site`)).json()) as { skus: { id: string; price: number }[] };
    const sku = [...page.skus].sort((a, b) => a.price - b.price)[0];
    const lags: number[] = [];
    for (let k = 1; k <= 5; k++) {
      const price = Math.max(100, sku.price - k * 100);
      const res = await fetch(`${server.url}/api/merchant/stores/${store.id}/skus/${sku.id}/price`, {
        method: 'PUT', headers: { authorization: `Bearer ${merchant}`, 'content-type': 'application/json' }, body: JSON.stringify({ price }),
      });
      const committed = performance.now();
      if (!res.ok) throw new Error(await res.text());
      const deadline = committed + 10_000;
      let seen: { at: number } | undefined;
      while (!(seen = events.find((e) => e.price === price)) && performance.now() < deadline) await new Promise((res2) => setTimeout(res2, 2));
      lags.push(seen ? Math.max(0, seen.at - committed) : Infinity);
    }
    req.destroy();
    lags.sort((a, b) => a - b);

    // Chromium: until the four components show data.
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
    let four_live_ms: number;
    try {
      const tab = await browser.newPage();
      const t0 = performance.now();
      await tab.goto(`${origin}/`);
      await Promise.all([
        tab.locator('#card-1 [data-testid=price]').waitFor(),
        tab.locator('#store [data-testid=count]').waitFor(),
        tab.locator('#coupon [part~=claim]').waitFor(),
        tab.locator('#gift [part~=card]:not([aria-busy])').waitFor(),
      ]);
      four_live_ms = Math.round(performance.now() - t0);
    } finally {
      await browser.close();
    }
    const ref = pgbenchReference('product-page.sql');
    return {
      bench: 'components', database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      js_gzip_bytes, card_rps: r.rps, card_p50_ms: r.p50_ms, card_p99_ms: r.p99_ms, card_errors: r.errors, card_non2xx: r.non2xx, card_statements_per_read: card_statements_per_read === null ? null : +card_statements_per_read.toFixed(3), card_cpu_ms_per_read, card_cpu: used, connections: 32,
      live_ms_p50: Math.round(lags[2]), live_ms_max: Math.round(lags[4]), four_live_ms,
      ...ref, ratio: 'ref_rps' in ref ? +(r.rps / ref.ref_rps).toFixed(2) : null, ref_script: 'product-page.sql',
    };
  } finally {
    await server.stop();
  }
}
