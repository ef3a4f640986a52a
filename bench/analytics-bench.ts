// npm run bench -- analytics (PostgreSQL): demo history of BENCH_ANALYTICS_ORDERS orders (default 1,000,000) with
// BENCH_ANALYTICS_EVENTS_PER_ORDER product events each (default 10: 10 million events), generated once in SQL
// (src/demo/history.ts) and rolled up; then
// - the operator's report and a merchant's overview under load at 8 connections: p99 (target under 200 ms), quiet,
//   live (rollups changing every 5 s) and uncached, with the report cache's hit rate of each (the server's /metrics);
// - the rollup lag after a burst of BENCH_ANALYTICS_BURST (default 10,000) payment notifications, with the outbox and
//   the rollups' marks emptied first: from the last one answered until the platform's rollups of the day hold every
//   one of those orders (scheduler on), split into the outbox's delivery and the rollups after it;
// - checkout throughput with product events posted beside each checkout, event capture on and off
//   (TRIO_EVENT_CAPTURE=off) in the same run, alternated BENCH_ANALYTICS_CAPTURE_ROUNDS times (default 4) of
//   BENCH_ANALYTICS_CAPTURE_SECONDS (default 10) each: the ratio on ÷ off (target at least 0.95) and each round's.
// BENCH_ANALYTICS_ONLY=dashboards,lag,capture picks the parts to run; BENCH_ANALYTICS_MODES=quiet,live,uncached the
// dashboards' settings. Quiet and live run at the server's TRIO_ANALYTICS_STALE_MS (set it for the bench to compare),
// uncached at 0 (no stale answers).
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
import { analyticsVersioned } from '../src/modules/analytics/report-cache.ts';
import { NOTIFY_PATH } from '../src/modules/payments/provider.ts';
import { benchDatabaseUrl, demoComplete, load, loadPosts, namedUrl, pgbenchReference, signInAs, startServer, type Server } from './lib.ts';
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

const METRICS_TOKEN = 'bench-analytics';

/** The server's reports answered so far: built by the request, or not (cache). */
async function reportAnswers(server: Server) {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const count = (answer: string) => Number(new RegExp(`trio_analytics_reports_total\\{answer="${answer}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { built: count('built'), cached: count('cached') };
}

/**
 * The rollups' version moved every `everyMs` (as the rollup sweep moves it each scheduler tick while orders are paid),
 * so every process's cached reports are built again; 0: never. Returns the stop.
 */
function movingRollups(db: Db, everyMs: number) {
  if (!everyMs) return async () => {};
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await db.execute(sql`WITH v AS (${analyticsVersioned.bumpSql}) SELECT pg_notify(${analyticsVersioned.channel}, version::text) FROM v`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

/**
 * The operator's report and the tea shop's overview, each at 8 connections for 15 s (after 3 s of warm-up), in the
 * `modes` of: quiet (no rollup changes: every answer but the first from the cache), live (the rollups change every 5 s,
 * the scheduler's tick while orders are paid: each report built again once per tick, answered stale meanwhile when
 * the server allows), and uncached (they change every 100 ms: nearly every request builds its report). Each with the
 * share of answers that were not built by the request.
 */
async function dashboards(server: Server, db: Db, modes: Set<string>) {
  const [{ storeId }] = await queryRows<{ storeId: string }>(db, sql`select s.id as "storeId" from stores s join users u on u.id = s.owner_id where u.email = 'tea@trio.demo'`);
  const lastYear = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const run = async (email: string, paths: string[], everyMs: number) => {
    const headers = { authorization: `Bearer ${await signInAs(server.url, email, DEMO_PASSWORD)}` };
    for (const p of paths) {
      const res = await fetch(server.url + p, { headers });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    }
    const stop = movingRollups(db, everyMs);
    try {
      await load(server.url, { connections: 8, seconds: 3, headers, paths });
      const a0 = await reportAnswers(server);
      const r = await load(server.url, { connections: 8, seconds: 15, headers, paths });
      const a1 = await reportAnswers(server);
      const built = a1.built - a0.built;
      const cached = a1.cached - a0.cached;
      return { ...r, reports_built: built, cache_hit_rate: built + cached ? +(cached / (built + cached)).toFixed(3) : null };
    } finally {
      await stop();
    }
  };
  const operatorPaths = ['/api/operator/analytics?unit=month', '/api/operator/analytics?unit=year', `/api/operator/analytics?unit=year&date=${lastYear}`, '/api/operator/analytics?unit=week'];
  const merchantPaths = [`/api/merchant/stores/${storeId}/analytics?unit=month`, `/api/merchant/stores/${storeId}/analytics?unit=year`, `/api/merchant/stores/${storeId}/analytics?unit=week`];
  const out: Record<string, { operator_report: Awaited<ReturnType<typeof run>>; merchant_overview: Awaited<ReturnType<typeof run>> }> = {};
  for (const [name, everyMs] of ([['quiet', 0], ['live', 5000], ['uncached', 100]] as const).filter(([m]) => modes.has(m))) {
    out[name] = { operator_report: await run('operator@trio.demo', operatorPaths, everyMs), merchant_overview: await run('tea@trio.demo', merchantPaths, everyMs) };
  }
  return out;
}

/** Paid orders of today in the platform's rollups (every store). */
async function rolledUpToday(db: Db, timeZone: string) {
  const [r] = await queryRows<{ n: number }>(db, sql`select coalesce(sum(orders), 0)::int as n from analytics_channel_days where time_zone = ${timeZone} and day = ${localDate(new Date(), timeZone)}::date`);
  return r.n;
}

/** Paid orders of today in the raw rows (what the rollups must come to hold). */
async function paidToday(db: Db, timeZone: string) {
  const [r] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from orders where paid_at is not null
    and (paid_at at time zone ${timeZone})::date = ${localDate(new Date(), timeZone)}::date`);
  return r.n;
}

/** Messages not yet delivered by the outbox, and days marked for the rollups. */
async function backlog(db: Db) {
  const [r] = await queryRows<{ outbox: number; dirty: number }>(db, sql`select (select count(*)::int from outbox where delivered_at is null) as outbox,
    (select count(*)::int from analytics_dirty_days) + (select count(*)::int from analytics_marks) as dirty`);
  return r;
}

/** Polls every 100 ms until `done` says so or `ms` pass; the time it took. */
async function until(done: () => Promise<boolean>, ms = 600_000) {
  const t0 = performance.now();
  while (!(await done()) && performance.now() - t0 < ms) await new Promise((res) => setTimeout(res, 100));
  return performance.now() - t0;
}

/**
 * A burst of paid notifications, then the time until the rollups hold every order of it. Before the burst the outbox
 * and the rollups' marks are emptied (what preparing left is delivered and rolled up first), so the lag is the burst's.
 * The lag is split: until the outbox has delivered the burst's messages (they mark the days), then until the days are
 * rolled up.
 */
async function rollupLag(databaseUrl: string, db: Db, count: number) {
  // The scheduler's check of unanswered payments (TRIO_PAYMENT_CHECK_SECONDS after the prepay) would find the
  // sandbox's transactions paid while the burst is prepared, and pay the orders before their notifications come:
  // here it waits an hour, so the burst's notifications are what pays them.
  const server = await startServer({ env: { DATABASE_URL: databaseUrl, TRIO_PAYMENT_CHECK_SECONDS: '3600' } });
  try {
    const timeZone = loadConfig(process.env).timeZone;
    const { notifications, prepSeconds } = await preparePayments(server, db, count, `bench-analytics-${Date.now().toString(36)}`);
    const left = await backlog(db);
    const settle_ms = Math.round(await until(async () => {
      const b = await backlog(db);
      return b.outbox === 0 && b.dirty === 0;
    }));
    const before = await rolledUpToday(db, timeZone);
    const paidBefore = await paidToday(db, timeZone);
    let n = 0;
    const t0 = performance.now();
    const r = await loadPosts(server.url, { connections: 32, amount: count, path: NOTIFY_PATH, okStatus: 204, next: () => notifications[Math.min(n++, count - 1)] });
    const paidByBurst = await paidToday(db, timeZone) - paidBefore;
    const answered = performance.now();
    const atLastPaid = await backlog(db);
    // Every paid order is committed once its notification is answered (some were paid by the scheduler's check of
    // the attempt before their notification came: those are answered too, and may be rolled up already).
    const target = await paidToday(db, timeZone);
    const delivered = await until(async () => (await backlog(db)).outbox === 0);
    let rolled = before;
    await until(async () => (rolled = await rolledUpToday(db, timeZone)) >= target);
    const done = performance.now();
    return {
      burst: count, paid: r.ok, paid_by_burst: paidByBurst, notification_statuses: r.statuses, notification_samples: r.samples, paid_today: target, notifications_per_s: r.ok_per_s, prepare_s: +prepSeconds.toFixed(1), rolled_up: rolled - before,
      backlog_before: left, settled_before_ms: settle_ms, backlog_at_last_paid: atLastPaid,
      lag_after_last_paid_ms: Math.round(done - answered), outbox_delivered_ms: Math.round(delivered), rolled_up_after_delivery_ms: Math.round(done - answered - delivered),
      burst_to_rolled_up_ms: Math.round(done - t0),
    };
  } finally {
    await server.stop();
  }
}

/**
 * Checkouts with their product events (three exposures and a click before each, posted by the same signed-in buyer,
 * so each buyer's events are theirs and not left out as one visitor's repeats), 8 connections, `seconds`. With the
 * answers' statuses of both, and the events the server said it recorded.
 */
async function checkoutsWithEvents(server: Server, tokens: string[], skus: { skuId: string; productId: string }[], run: string, seconds: number) {
  let next = 0;
  let ok = 0;
  let recorded = 0;
  const statuses: Record<string, number> = {};
  const eventStatuses: Record<string, number> = {};
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
          return { ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[k % tokens.length]}` }, body: JSON.stringify({ events }) };
        },
        onResponse: (status, body) => {
          eventStatuses[status] = (eventStatuses[status] ?? 0) + 1;
          if (status === 202) recorded += (JSON.parse(body) as { recorded: number }).recorded;
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
  return { checkouts_per_s: Math.round(ok / r.duration), p99_ms: r.latency.p99, statuses, event_statuses: eventStatuses, events_recorded: recorded };
}

/**
 * Event capture on beside off, alternated `rounds` times (on, off, on, off, ...; which goes first swaps each round),
 * `seconds` each after a warm-up: the ratio of all checkouts on ÷ off, and each round's ratio (its spread).
 */
async function captureRatio(databaseUrl: string, db: Db, rounds: number, seconds: number) {
  const data = await ensureCheckoutData(db);
  const skus = await queryRows<{ skuId: string; productId: string }>(db, sql`select id as "skuId", product_id as "productId" from skus where id = any(${pgArray(data.skuIds)}::uuid[])`);
  const tokens = await newSessions(db, await ensureBuyers(db, 2000));
  // The bench's 2,000 buyers all post from 127.0.0.1: the per-address limit of event posts (600 per 10 minutes) would
  // refuse nearly all of them, as it would not refuse buyers each on their own address.
  const env = { DATABASE_URL: databaseUrl, TRIO_SCHEDULER: 'off', TRIO_EVENTS_MAX_PER_ADDRESS: '1000000000' };
  const servers = { on: await startServer({ env }), off: await startServer({ env: { ...env, TRIO_EVENT_CAPTURE: 'off' } }) };
  try {
    const run = `bench-capture-${Date.now().toString(36)}`;
    const got: Record<'on' | 'off', Awaited<ReturnType<typeof checkoutsWithEvents>>[]> = { on: [], off: [] };
    for (const mode of ['on', 'off'] as const) await checkoutsWithEvents(servers[mode], tokens, skus, `${run}-warm-${mode}`, 3);
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const);
      for (const mode of order) got[mode].push(await checkoutsWithEvents(servers[mode], tokens, skus, `${run}-${round}-${mode}`, seconds));
    }
    const sum = (xs: { checkouts_per_s: number }[]) => xs.reduce((s, x) => s + x.checkouts_per_s, 0);
    const each = got.on.map((on, i) => (got.off[i].checkouts_per_s ? +(on.checkouts_per_s / got.off[i].checkouts_per_s).toFixed(2) : null));
    const events = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from product_views where at > now() - make_interval(secs => ${rounds * seconds * 2 + 60})`);
    return {
      rounds, seconds_each: seconds, on: got.on, off: got.off, checkouts: { on: sum(got.on) * seconds, off: sum(got.off) * seconds },
      events_recorded: events[0].n, ratio: sum(got.off) ? +(sum(got.on) / sum(got.off)).toFixed(2) : null,
      round_ratios: each, spread: { min: Math.min(...(each as number[])), max: Math.max(...(each as number[])) },
    };
  } finally {
    await Promise.all([servers.on.stop(), servers.off.stop()]);
  }
}

export async function analyticsBench(): Promise<Record<string, unknown>> {
  const orders = Number(process.env.BENCH_ANALYTICS_ORDERS ?? 1_000_000);
  const eventsPerOrder = Number(process.env.BENCH_ANALYTICS_EVENTS_PER_ORDER ?? 10);
  const burst = Number(process.env.BENCH_ANALYTICS_BURST ?? 10_000);
  const captureRounds = Number(process.env.BENCH_ANALYTICS_CAPTURE_ROUNDS ?? 4);
  const captureSeconds = Number(process.env.BENCH_ANALYTICS_CAPTURE_SECONDS ?? 10);
  const only = new Set((process.env.BENCH_ANALYTICS_ONLY ?? 'dashboards,lag,capture').split(','));
  const databaseUrl = benchDatabaseUrl();
  const load0 = loadAverage();
  // The first start migrates and loads the demo stores the history is for.
  const first = await startServer({ env: { DATABASE_URL: databaseUrl, TRIO_SCHEDULER: 'off' } });
  await demoComplete(first.url, 0);
  await first.stop();
  const history = await ensureHistory(databaseUrl, orders, eventsPerOrder);
  console.error(`analytics history: ${JSON.stringify(history)}`);
  const database = await openDatabase({ databaseUrl: namedUrl(databaseUrl), poolSize: 2 });
  try {
    const [rows] = await queryRows<{ orders: number; events: number }>(database.db, sql`select (select count(*)::int from orders) as orders, (select count(*)::int from product_views) as events`);
    let loads: Awaited<ReturnType<typeof dashboards>> | undefined;
    if (only.has('dashboards')) {
      // Quiet and live at the server's TRIO_ANALYTICS_STALE_MS (its default unless set for the bench); uncached with
      // stale answers off, so that it measures what building the reports costs.
      const modes = (process.env.BENCH_ANALYTICS_MODES ?? 'quiet,live,uncached').split(',');
      loads = {};
      for (const set of [modes.filter((m) => m !== 'uncached'), modes.filter((m) => m === 'uncached')].filter((m) => m.length)) {
        const stale: Record<string, string> = set.includes('uncached') ? { TRIO_ANALYTICS_STALE_MS: '0' } : {};
        const server = await startServer({ env: { DATABASE_URL: databaseUrl, TRIO_SCHEDULER: 'off', TRIO_METRICS_TOKEN: METRICS_TOKEN, ...stale } });
        try {
          Object.assign(loads, await dashboards(server, database.db, new Set(set)));
        } finally {
          await server.stop();
        }
      }
    }
    // The machine's pace in this sitting (a pgbench read script): the live operator report's rate against it.
    const ref = pgbenchReference('product-page.sql', 10);
    const loadDashboards = loadAverage();
    const lag = only.has('lag') ? await rollupLag(databaseUrl, database.db, burst) : undefined;
    const capture = only.has('capture') ? await captureRatio(databaseUrl, database.db, captureRounds, captureSeconds) : undefined;
    return {
      bench: 'analytics', database: 'postgres', orders: rows.orders, events: rows.events, history, stale_ms: process.env.TRIO_ANALYTICS_STALE_MS ?? 'default',
      p99_ms: loads && Object.fromEntries(Object.entries(loads).map(([k, v]) => [k, { operator_report: v.operator_report.p99_ms, merchant_overview: v.merchant_overview.p99_ms,
        hit_rate: { operator_report: v.operator_report.cache_hit_rate, merchant_overview: v.merchant_overview.cache_hit_rate } }])),
      dashboards: loads,
      ...ref, ref_script: 'product-page.sql', ratio: 'ref_rps' in ref && loads?.live ? +(loads.live.operator_report.rps / ref.ref_rps).toFixed(3) : null,
      rollup_lag: lag, event_capture: capture, load_average: { start: load0, after_dashboards: loadDashboards, end: loadAverage() },
    };
  } finally {
    await database.close();
  }
}
