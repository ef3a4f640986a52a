// Starting Trio as `npm start` does: check the settings a deployment needs, open and migrate the database, build
// the app, load demo data, listen, run the scheduler. main.ts calls it and prints; tests call it as main.ts does.
import { sql } from 'drizzle-orm';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { buildApp } from './app.ts';
import { seedDemo } from './demo/seed.ts';
import { demoProgress, loadDemoRest } from './demo/rest.ts';
import { generateHistory } from './demo/history.ts';
import { startScheduler } from './scheduler/index.ts';
import { keepStatistics } from './db/statistics.ts';
import { NOTIFY_PATH, wechatpayKeys } from './modules/payments/provider.ts';
import { demoHostPage } from './demo/mini-site.ts';
import { holdRequests } from './demo/hold.ts';
import { startHostPage } from '../examples/host-page/server.mjs';
import { backfillRollups, markAllDays } from './modules/analytics/index.ts';
import { ADVISORY_LOCKS } from './db/advisory-locks.ts';

/** Settings that stop the start, each said in one sentence. */
export class StartRefused extends Error {
  constructor(readonly problems: string[]) {
    super(`Trio does not start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** What is wrong with these settings for a start (nothing with the sandbox's defaults). */
export function startProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.paymentProvider !== 'wechatpay') return problems;
  let protocol: string | undefined;
  try {
    protocol = new URL(config.publicUrl).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'https:') {
    problems.push(`with WeChat Pay, TRIO_PUBLIC_URL must be the https address WeChat Pay reaches this Trio at (it posts payment notifications to <TRIO_PUBLIC_URL>${NOTIFY_PATH}); it is ${config.publicUrl}`);
  }
  try {
    wechatpayKeys(config);
  } catch (err) {
    problems.push((err as Error).message);
  }
  return problems;
}

/**
 * What happens to demo data. With the sandbox: demo data on first start, and demo orders paid at its cashier. With a
 * real payment provider: demo data only when TRIO_DEMO=on, and never demo orders (they would be real prepays).
 */
export function demoPlan(config: Config): { data: boolean; orders: boolean; note?: string } {
  if (config.paymentProvider === 'sandbox') return { data: config.seedDemo, orders: config.seedDemo };
  return {
    data: config.seedDemo,
    orders: false,
    note: config.seedDemo
      ? 'Demo stores and products are loaded (TRIO_DEMO=on), but no demo orders: payments go to WeChat Pay.'
      : 'No demo data: payments go to WeChat Pay (TRIO_DEMO=on loads demo stores and products, never demo orders).',
  };
}

export async function startTrio(config: Config, opts: { database?: Database } = {}) {
  const problems = startProblems(config);
  if (problems.length) throw new StartRefused(problems);
  // Milliseconds of each step, and the process's resident MiB after it (TRIO_STARTUP_PROFILE=1).
  const phases: Record<string, number> = { modules: Math.round(performance.now()) };
  const rss: Record<string, number> = {};
  let last = performance.now();
  const mark = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - last);
    if (config.startupProfile) rss[name] = Math.round(process.memoryUsage.rss() / 2 ** 20);
    last = now;
  };
  const database = opts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, connectTimeoutMs: config.dbConnectTimeoutMs, poolSize: config.dbPoolSize, sharedBuffers: config.pgliteSharedBuffers }));
  mark('open_database');
  await database.migrate();
  mark('migrate');
  const progress = demoProgress();
  const { app, ctx, metricsApp } = await buildApp({ database, config, demoProgress: progress });
  mark('build_app');
  const marked = await backfillRollups(ctx);
  if (marked) app.log.info({ days: marked }, 'analytics: days paid before the rollups existed are marked; the scheduler rolls them up');
  const plan = demoPlan(config);
  if (plan.note) app.log.info(plan.note);
  mark('rollups');
  // The demo history (opt-in) is of the demo products and orders: with it, the whole demo loads before listening.
  // Otherwise the server listens first, then loads the accounts and stores (requests other than /health, /ready and
  // /api/demo/* wait for them: ./demo/hold.ts), then the products, pictures and orders while it answers.
  const withHistory = plan.data && plan.orders && config.demoHistory.on;
  const hold = plan.data && !withHistory ? holdRequests(app) : undefined;
  const loadRest = () => loadDemoRest(app, ctx, app.log, { orders: plan.orders, progress });
  let demo: Awaited<ReturnType<typeof seedDemo>> = undefined;
  if (withHistory) {
    demo = await seedDemo(ctx, app.log);
    if (demo?.fresh) {
      // The history's orders are of the demo products: those first.
      await loadRest();
      const history = await generateHistory(ctx, { days: config.demoHistory.days, ordersPerDay: config.demoHistory.ordersPerDay });
      app.log.info({ history, daysMarked: await markAllDays(ctx) }, 'demo history generated; the scheduler rolls it up');
    }
    mark('demo_data');
  }
  if (hold) Object.assign(progress, { loading: true, step: 'accounts and stores' });
  await app.listen({ port: config.port, host: config.host, backlog: config.listenBacklog });
  mark('listen');
  // Metrics on their own port answer only on this machine.
  if (metricsApp) await metricsApp.listen({ port: config.metricsPort, host: '127.0.0.1' });
  if (hold) {
    const seeding = seedDemo(ctx, app.log);
    hold(seeding);
    try {
      demo = await seeding;
    } catch (err) {
      // As before the server listened: no start without its demo accounts (the seed is one transaction: nothing is
      // left half made, and the next start loads it).
      await app.close();
      await metricsApp?.close();
      if (!opts.database) await database.close();
      throw err;
    }
    mark('demo_data');
  }
  // Failing here ends no start: the next start takes up what is missing.
  const demoLoaded = plan.data
    ? loadRest().catch((err: unknown) => app.log.error({ err }, 'demo data: loading stopped; the next start takes it up again'))
    : Promise.resolve();
  if (config.startupProfile) console.log(`startup phases: ${JSON.stringify({ ...phases, rss_mb: rss })}`);
  const scheduler = config.runScheduler ? startScheduler(ctx, app.log) : undefined;
  // Database upkeep, not a sweep of due work: it runs with the scheduler off too (a process serving only requests).
  const statistics = database.kind === 'postgres' && config.dbAnalyzeIntervalMs > 0 ? keepStatistics(ctx.db, config.dbAnalyzeIntervalMs, app.log) : undefined;
  const hostPage = plan.data && config.demoHostPort ? await startDemoHostPage(config, ctx, app.log) : undefined;
  return {
    app, ctx, database, demo, metricsApp, note: plan.note, hostPage,
    /** Settles when the demo data is complete (or its loading stopped); GET /api/demo/status says the same. */
    demoLoaded,
    demoProgress: progress,
    async stop() {
      // The running sweep finishes its batch while in-flight requests finish.
      await Promise.all([scheduler?.stop(), statistics?.stop(), app.close(), hostPage?.close()]);
      await metricsApp?.close();
      // The demo step under way ends (a store's transaction commits; orders through the closed app stop).
      await demoLoaded;
      if (!opts.database) await database.close();
    },
  };
}

/**
 * Demo mode: the demo host page (examples/host-page), a brand's site on another origin embedding the components, with
 * the demo mini-site (linked with the tea store, allowing the page's origin). Another process already serving it on
 * that port is fine: the page is the same.
 */
async function startDemoHostPage(config: Config, ctx: Awaited<ReturnType<typeof buildApp>>['ctx'], log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void }) {
  const site = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.demo})`);
    return demoHostPage({ ...ctx, db: tx as unknown as typeof ctx.db }, config.demoHostPort);
  });
  if (!site) return undefined;
  const trioHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  try {
    return await startHostPage({ port: config.demoHostPort, host: config.host, trioUrl: `http://${trioHost}:${config.port}`, ...site });
  } catch (err) {
    log.warn({ err, port: config.demoHostPort }, 'the demo host page did not start (TRIO_DEMO_HOST_PORT in use?)');
    return undefined;
  }
}
