// npm run history -- [--years 1 | --days 400] [--orders-per-day 60] [--events-per-order 8]
// Writes demo history into Trio's database (DATABASE_URL, else the PGlite data directory TRIO_DATA_DIR or ./data):
// loads the demo stores first if they are not there, generates the history in SQL (src/demo/history.ts) in chunks of
// days (progress on stderr), then builds the analytics rollups of the days it marked. Refused when WeChat Pay keys are configured.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { HistoryRefused, buildRollups, generateHistory, historyRefusal, progressEvery } from '../src/demo/history.ts';

const { values } = parseArgs({
  options: { years: { type: 'string' }, days: { type: 'string' }, 'orders-per-day': { type: 'string', default: '60' }, 'events-per-order': { type: 'string', default: '8' } },
});
const days = values.days ? Number(values.days) : Math.round(Number(values.years ?? 1) * 365) + 35;
const ordersPerDay = Number(values['orders-per-day']);
const eventsPerOrder = Number(values['events-per-order']);
if (![days, ordersPerDay, eventsPerOrder].every((n) => Number.isFinite(n) && n > 0) || days > 3660) {
  console.error('usage: npm run history -- [--years N | --days N (at most 3660)] [--orders-per-day N] [--events-per-order N]');
  process.exit(2);
}
const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const refusal = historyRefusal(config);
if (refusal) {
  console.error(refusal);
  process.exit(1);
}
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await database.migrate();
  const { app, ctx } = await buildApp({ database, config, logger: false });
  try {
    await seedDemo(ctx, app.log);
    const t0 = performance.now();
    const history = await generateHistory(ctx, { days, ordersPerDay, eventsPerOrder, onProgress: (p) => console.error(`history: ${JSON.stringify(p)}`) });
    const t1 = performance.now();
    if (database.kind === 'postgres') await database.db.execute(sql`analyze`);
    const rolled = await buildRollups(ctx, { parallel: 2, onProgress: progressEvery(1000, (n) => console.error(`rollups: ${n} days`)) });
    console.log(JSON.stringify({ ...history, generate_s: +((t1 - t0) / 1000).toFixed(1), rollup_days: rolled, rollups_s: +((performance.now() - t1) / 1000).toFixed(1) }));
  } finally {
    await app.close();
  }
} catch (err) {
  if (!(err instanceof HistoryRefused)) throw err;
  console.error(err.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
