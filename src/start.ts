// Starting Trio as `npm start` does: check the settings a deployment needs, open and migrate the database, build
// the app, load demo data, listen, run the scheduler. main.ts calls it and prints; tests call it as main.ts does.
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { buildApp } from './app.ts';
import { seedDemo } from './demo/seed.ts';
import { seedDemoOrders } from './demo/orders.ts';
import { startScheduler } from './scheduler/index.ts';
import { NOTIFY_PATH, wechatpayKeys } from './modules/payments/provider.ts';

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
  const database = opts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, connectTimeoutMs: config.dbConnectTimeoutMs }));
  await database.migrate();
  const { app, ctx, metricsApp } = await buildApp({ database, config });
  const plan = demoPlan(config);
  if (plan.note) app.log.info(plan.note);
  const demo = plan.data ? await seedDemo(ctx, app.log) : undefined;
  if (demo?.fresh && plan.orders) app.log.info({ orders: await seedDemoOrders(app, ctx) }, 'demo orders made through the API');
  await app.listen({ port: config.port, host: config.host });
  // Metrics on their own port answer only on this machine.
  if (metricsApp) await metricsApp.listen({ port: config.metricsPort, host: '127.0.0.1' });
  const scheduler = config.runScheduler ? startScheduler(ctx, app.log) : undefined;
  return {
    app, ctx, database, demo, metricsApp, note: plan.note,
    async stop() {
      // The running sweep finishes its batch while in-flight requests finish.
      await Promise.all([scheduler?.stop(), app.close()]);
      await metricsApp?.close();
      if (!opts.database) await database.close();
    },
  };
}
