// npm run bench -- analytics (PostgreSQL): demo history of BENCH_ANALYTICS_ORDERS orders (default 1,000,000) with
// BENCH_ANALYTICS_EVENTS_PER_ORDER product events each (default 10: 10 million events), generated once in SQL
// (src/demo/history.ts) and rolled up; then
// - the operator's report and a merchant's overview under load at 8 connections: p99 (target under 200 ms);
// - the rollup lag after a burst of BENCH_ANALYTICS_BURST (default 10,000) payment notifications: from the last one
//   answered until the platform's rollups of the day hold every one of those orders (scheduler on);
// - checkout throughput with product events posted beside each checkout, event capture on and off
//   (TRIO_EVENT_CAPTURE=off) in the same run, alternated: the ratio on ÷ off (target at least 0.95).
import os from 'node:os';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, pgArray, queryRows, type Db } from '../src/db/client.ts';
import { buildRollups, generateHistory, progressEvery } from '../src/demo/history.ts';
import { historyDays, ordersOnDay } from '../src/demo/history-calendar.ts';
import { DEMO_PASSWORD } from '../src/demo/logins.ts';
import { localDate } from '../src/modules/analytics/index.ts';
import { NOTIFY_PATH } from '../src/modules/payments/provider.ts';
import { benchDatabaseUrl, load, loadPosts, namedUrl, signInAs, startServer, type Server } from './lib.ts';
import { checkoutRequest, ensureBuyers, ensureCheckoutData, newSessions } from './order-data.ts';
import { preparePayments } from './payment-data.ts';

const HISTORY_DAYS = 400;
const loadAverage = () => os.loadavg().map((l) => +l.toFixed(1));

/** The history on the database: generated when less than 90 % of the orders asked for are there. */
async function ensureHistory(databaseUrl: string, orders: number, eventsPerOrder: number) {
  const database = await openDatabase({ databaseUrl: namedUrl(databaseUrl), poolSize: 4 });
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
  const { app, ctx } = await buildApp({ database, config, logger: false });
  try {
    const [{ have }] = await queryRows<{ have: number }>(ctx.db, sql`select count(*)::int as have from payments where description = 'Demo history'`);
    if (have >= orders * 0.9) return { created: false, orders: have };
    const stores = await queryRows<{ id: string }>(ctx.db, sql`select s.id from stores s join users u on u.id = s.owner_id where u.email like '%@trio.demo' and s.status = 'open'`);
    // Orders on an ordinary last day so that the whole history holds about `orders`.
    const perThousand = historyDays(localDate(new Date(), config.timeZone), HISTORY_DAYS).reduce((s, d) => s + ordersOnDay(d.day, d.daysAgo, 1000), 0);
    const t0 = performance.now();
    const made = await generateHistory(ctx, {
      days: HISTORY_DAYS, ordersPerDay: Math.max(1, Math.round((orders * 1000) / perThousand)), eventsPerOrder, storeIds: stores.map((s) => s.id),
      onProgress: (p) => console.error(`analytics history: ${JSON.stringify({ ...p, load: loadAverage() })}`),
    });
    const t1 = performance.now();
    await database.db.execute(sql`analyze`);
    const rolled = await buildRollups(ctx, { parallel: 2, onProgress: progressEvery(2000, (n) => console.error(`analytics rollups: ${n} days, ${((performance.now() - t1) / 1000).toFixed(0)} s`)) });
    return { created: true, ...made, generate_s: +((t1 - t0) / 1000).toFixed(1), rollup_days: rolled, rollups_s: +((performance.now() - t1) / 1000).toFixed(1) };
  } finally {
    await app.close();
    await database.close();
  }
}

/** The operator's report and the tea shop's overview, each at 8 connections for 15 s (after 3 s of warm-up). */
async function dashboards(server: Server, db: Db) {
  const [{ storeId }] = await queryRows<{ storeId: string }>(db, sql`select s.id as "storeId" from stores s join users u on u.id = s.owner_id where u.email = 'tea@trio.demo'`);
  const lastYear = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const run = async (email: string, paths: string[]) => {
    const headers = { authorization: `Bearer ${await signInAs(server.url, email, DEMO_PASSWORD)}` };
    for (const p of paths) {
      const res = await fetch(server.url + p, { headers });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    }
    await load(server.url, { connections: 8, seconds: 3, headers, paths });
    return load(server.url, { connections: 8, seconds: 15, headers, paths });
  };
  const operator = await run('operator@trio.demo', ['/api/operator/analytics?unit=month', '/api/operator/analytics?unit=year', `/api/operator/analytics?unit=year&date=${lastYear}`, '/api/operator/analytics?unit=week']);
  const merchant = await run('tea@trio.demo', [`/api/merchant/stores/${storeId}/analytics?unit=month`, `/api/merchant/stores/${storeId}/analytics?unit=year`, `/api/merchant/stores/${storeId}/analytics?unit=week`]);
  return { operator_report: operator, merchant_overview: merchant };
}

/** Paid orders of today in the platform's rollups (every store). */
async function rolledUpToday(db: Db, timeZone: string) {
  const [r] = await queryRows<{ n: number }>(db, sql`select coalesce(sum(orders), 0)::int as n from analytics_channel_days where time_zone = ${timeZone} and day = ${localDate(new Date(), timeZone)}::date`);
  return r.n;
}

/** A burst of paid notifications, then the time until the rollups hold every order of it. */
async function rollupLag(databaseUrl: string, db: Db, count: number) {
  const server = await startServer({ env: { DATABASE_URL: databaseUrl } });
  try {
    const timeZone = loadConfig(process.env).timeZone;
    const { notifications, prepSeconds } = await preparePayments(server, db, count, `bench-analytics-${Date.now().toString(36)}`);
    await new Promise((r) => setTimeout(r, 3000)); // the scheduler settles what preparing left (cancel marks) before the burst
    const before = await rolledUpToday(db, timeZone);
    let n = 0;
    const t0 = performance.now();
    const r = await loadPosts(server.url, { connections: 32, amount: count, path: NOTIFY_PATH, okStatus: 204, next: () => notifications[Math.min(n++, count - 1)] });
    const answered = performance.now();
    let rolled = before;
    while (rolled < before + r.ok && performance.now() - answered < 600_000) {
      await new Promise((res) => setTimeout(res, 100));
      rolled = await rolledUpToday(db, timeZone);
    }
    const done = performance.now();
    return {
      burst: count, paid: r.ok, notifications_per_s: r.ok_per_s, prepare_s: +prepSeconds.toFixed(1), rolled_up: rolled - before,
      lag_after_last_paid_ms: Math.round(done - answered), burst_to_rolled_up_ms: Math.round(done - t0),
    };
  } finally {
    await server.stop();
  }
}

/** Checkouts with their product events (three exposures and a click before each), 8 connections, `seconds`. */
async function checkoutsWithEvents(server: Server, tokens: string[], skus: { skuId: string; productId: string }[], run: string, seconds: number) {
  let next = 0;
  let ok = 0;
  const statuses: Record<string, number> = {};
  type Conn = { k?: number };
  const r = await autocannon({
    url: server.url, connections: 8, duration: seconds,
    requests: [
      {
        method: 'POST', path: '/api/storefront/events',
        setupRequest: (req, context: Conn) => {
          const k = (context.k = next++);
          const seen = [0, 1, 2].map((j) => skus[(k * 3 + j) % skus.length].productId);
          const events = [...seen.map((productId) => ({ productId, channel: 'store', kind: 'exposure' })), { productId: seen[0], channel: 'store', kind: 'click' }];
          return { ...req, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) };
        },
      },
      {
        method: 'POST', path: '/api/checkout',
        setupRequest: (req, context: Conn) => ({ ...req, ...checkoutRequest(tokens[context.k! % tokens.length], `${run}-${context.k}`, skus[(context.k! * 3) % skus.length].skuId) }),
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 201) ok++;
        },
      },
    ],
  });
  return { checkouts_per_s: Math.round(ok / r.duration), p99_ms: r.latency.p99, statuses };
}

/** Event capture on beside off, alternated twice (on, off, on, off), 10 s each after a warm-up. */
async function captureRatio(databaseUrl: string, db: Db) {
  const data = await ensureCheckoutData(db);
  const skus = await queryRows<{ skuId: string; productId: string }>(db, sql`select id as "skuId", product_id as "productId" from skus where id = any(${pgArray(data.skuIds)}::uuid[])`);
  const tokens = await newSessions(db, await ensureBuyers(db, 2000));
  const servers = { on: await startServer({ env: { DATABASE_URL: databaseUrl, TRIO_SCHEDULER: 'off' } }), off: await startServer({ env: { DATABASE_URL: databaseUrl, TRIO_SCHEDULER: 'off', TRIO_EVENT_CAPTURE: 'off' } }) };
  try {
    const run = `bench-capture-${Date.now().toString(36)}`;
    const rounds: Record<'on' | 'off', Awaited<ReturnType<typeof checkoutsWithEvents>>[]> = { on: [], off: [] };
    for (const mode of ['on', 'off'] as const) await checkoutsWithEvents(servers[mode], tokens, skus, `${run}-warm-${mode}`, 3);
    for (const round of [1, 2]) {
      for (const mode of ['on', 'off'] as const) rounds[mode].push(await checkoutsWithEvents(servers[mode], tokens, skus, `${run}-${round}-${mode}`, 10));
    }
    const sum = (xs: { checkouts_per_s: number }[]) => xs.reduce((s, x) => s + x.checkouts_per_s, 0);
    return { on: rounds.on, off: rounds.off, ratio: sum(rounds.off) ? +(sum(rounds.on) / sum(rounds.off)).toFixed(2) : null };
  } finally {
    await Promise.all([servers.on.stop(), servers.off.stop()]);
  }
}

export async function analyticsBench(): Promise<Record<string, unknown>> {
  const orders = Number(process.env.BENCH_ANALYTICS_ORDERS ?? 1_000_000);
  const eventsPerOrder = Number(process.env.BENCH_ANALYTICS_EVENTS_PER_ORDER ?? 10);
  const burst = Number(process.env.BENCH_ANALYTICS_BURST ?? 10_000);
  const databaseUrl = benchDatabaseUrl();
  const load0 = loadAverage();
  // The first start migrates and loads the demo stores the history is for.
  await (await startServer({ env: { DATABASE_URL: databaseUrl, TRIO_SCHEDULER: 'off' } })).stop();
  const history = await ensureHistory(databaseUrl, orders, eventsPerOrder);
  console.error(`analytics history: ${JSON.stringify(history)}`);
  const database = await openDatabase({ databaseUrl: namedUrl(databaseUrl), poolSize: 2 });
  try {
    const [rows] = await queryRows<{ orders: number; events: number }>(database.db, sql`select (select count(*)::int from orders) as orders, (select count(*)::int from product_views) as events`);
    const server = await startServer({ env: { DATABASE_URL: databaseUrl, TRIO_SCHEDULER: 'off' } });
    let loads;
    try {
      loads = await dashboards(server, database.db);
    } finally {
      await server.stop();
    }
    const loadDashboards = loadAverage();
    const lag = await rollupLag(databaseUrl, database.db, burst);
    const capture = await captureRatio(databaseUrl, database.db);
    return {
      bench: 'analytics', database: 'postgres', orders: rows.orders, events: rows.events, history,
      operator_report_p99_ms: loads.operator_report.p99_ms, merchant_overview_p99_ms: loads.merchant_overview.p99_ms, dashboards: loads,
      rollup_lag: lag, event_capture: capture, load_average: { start: load0, after_dashboards: loadDashboards, end: loadAverage() },
    };
  } finally {
    await database.close();
  }
}
