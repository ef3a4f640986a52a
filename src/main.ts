// Entry: read config, open the database, migrate, load demo data on first start, start the server.
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { buildApp } from './app.ts';
import { seedDemo } from './demo/seed.ts';
import { startScheduler } from './scheduler/index.ts';
import { seedDemoOrders } from './demo/orders.ts';

const started = Date.now();
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await database.migrate();
const { app, ctx, metricsApp } = await buildApp({ database, config });
const demo = config.seedDemo ? await seedDemo(ctx, app.log) : undefined;
if (demo?.fresh) app.log.info({ orders: await seedDemoOrders(app, ctx) }, 'demo orders made through the API');
await app.listen({ port: config.port, host: config.host });
// Metrics on their own port answer only on this machine.
if (metricsApp) await metricsApp.listen({ port: config.metricsPort, host: '127.0.0.1' });
const scheduler = config.runScheduler ? startScheduler(ctx, app.log) : undefined;

const url = `http://localhost:${config.port}`;
const lines = [
  '',
  `  Trio is ready in ${((Date.now() - started) / 1000).toFixed(1)} s on ${database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'}`,
  `  Web app:   ${url}/`,
  `  API docs:  ${url}/docs   (OpenAPI: ${url}/openapi.json)`,
  `  Listening: ${config.host === '0.0.0.0' ? 'all interfaces' : config.host} (HOST)`,
  `  Health:    ${url}/health  ${url}/ready`,
  `  Metrics:   ${metricsApp ? `http://127.0.0.1:${config.metricsPort}/metrics` : config.metricsToken ? `${url}/metrics (Authorization: Bearer $TRIO_METRICS_TOKEN)` : 'off (set TRIO_METRICS_PORT or TRIO_METRICS_TOKEN)'}`,
];
if (demo) {
  lines.push('', '  Demo logins (password for all: ' + demo.password + ')');
  for (const l of demo.logins) lines.push(`    ${l.role.padEnd(9)} ${l.email.padEnd(28)} ${l.note}`);
}
console.log(lines.join('\n') + '\n');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    app.log.info({ signal }, 'shutting down');
    await scheduler?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  });
}
