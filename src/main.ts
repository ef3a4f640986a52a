// Entry: read config, open the database, migrate, load demo data on first start, start the server.
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { buildApp } from './app.ts';
import { seedDemo } from './demo/seed.ts';
import { startScheduler } from './scheduler/index.ts';
import { seedDemoOrders } from './demo/orders.ts';

const started = Date.now();
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, connectTimeoutMs: config.dbConnectTimeoutMs });
await database.migrate();
const { app, ctx } = await buildApp({ database, config });
const demo = config.seedDemo ? await seedDemo(ctx, app.log) : undefined;
if (demo?.fresh) app.log.info({ orders: await seedDemoOrders(app, ctx) }, 'demo orders made through the API');
await app.listen({ port: config.port, host: config.host });
const scheduler = config.runScheduler ? startScheduler(ctx, app.log) : undefined;

const url = `http://localhost:${config.port}`;
const lines = [
  '',
  `  Trio is ready in ${((Date.now() - started) / 1000).toFixed(1)} s on ${database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'}`,
  `  Web app:   ${url}/`,
  `  API docs:  ${url}/docs   (OpenAPI: ${url}/openapi.json)`,
  `  Health:    ${url}/health  ${url}/ready  ${url}/metrics`,
];
if (demo) {
  lines.push('', '  Demo logins (password for all: ' + demo.password + ')');
  for (const l of demo.logins) lines.push(`    ${l.role.padEnd(9)} ${l.email.padEnd(28)} ${l.note}`);
}
console.log(lines.join('\n') + '\n');

// Stop accepting, let in-flight requests and the running sweep finish, close the database, exit 0. A second signal
// (or the grace period running out) ends the process at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    app.log.info({ signal }, 'shutting down: finishing in-flight requests and the running sweep');
    setTimeout(() => {
      app.log.error({ graceMs: config.shutdownGraceMs }, 'shutdown took longer than its grace period; exiting');
      process.exit(1);
    }, config.shutdownGraceMs).unref();
    await Promise.all([scheduler?.stop(), app.close()]);
    await database.close();
    app.log.info('shut down');
    process.exit(0);
  });
}
