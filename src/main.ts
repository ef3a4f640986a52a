// Entry: read config, check it, open the database, migrate, load demo data on first start, start the server. No
// top-level await: the bundle `npm start` runs is a script (CommonJS), whose compiled code V8 can cache between starts
// (scripts/run-server.mjs).
import { loadConfig } from './config.ts';
import { startTrio, StartRefused } from './start.ts';

const startedAt = Date.now();
const config = loadConfig();
const starting = startTrio(config).catch((err: unknown) => {
  if (!(err instanceof StartRefused)) throw err;
  console.error(err.message);
  process.exit(1);
});

// Stop accepting, let in-flight requests and the running sweep finish, close the database, exit 0. A second signal
// (or the grace period running out) ends the process at once. Installed before the start ends: a signal that comes
// once /ready answers but before the banner is printed still stops cleanly (it waits for the start, then stops).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    setTimeout(() => {
      console.error(JSON.stringify({ level: 'error', graceMs: config.shutdownGraceMs, msg: 'shutdown took longer than its grace period; exiting' }));
      process.exit(1);
    }, config.shutdownGraceMs).unref();
    const trio = await starting;
    trio.app.log.info({ signal }, 'shutting down: finishing in-flight requests and the running sweep');
    try {
      await trio.stop();
    } catch (err) {
      // Said, not thrown: an unhandled rejection here would end the process without saying what failed.
      trio.app.log.error({ err }, 'shutting down failed');
      process.exit(1);
    }
    trio.app.log.info('shut down');
    process.exit(0);
  });
}

/** Settles once the server answers and the banner is printed (scripts/run-server.mjs then keeps its code cache). */
export const started = starting.then((trio) => {
  const { app, database, demo, metricsApp } = trio;

  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `  Trio is ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s on ${database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'}`,
    `  Web app:   ${url}/`,
    `  API docs:  ${url}/docs   (OpenAPI: ${url}/openapi.json)`,
    `  Listening: ${config.host === '0.0.0.0' ? 'all interfaces' : config.host} (HOST)`,
    `  Health:    ${url}/health  ${url}/ready`,
    ...(trio.hostPage ? [`  Host page: ${trio.hostPage.url}/   (a brand's site on another origin, embedding ${url}/components.js)`] : []),
    `  Metrics:   ${metricsApp ? `http://127.0.0.1:${config.metricsPort}/metrics` : config.metricsToken ? `${url}/metrics (Authorization: Bearer $TRIO_METRICS_TOKEN)` : 'off (set TRIO_METRICS_PORT or TRIO_METRICS_TOKEN)'}`,
  ];
  if (trio.note) lines.push('', `  ${trio.note}`);
  if (demo) {
    lines.push('', '  Demo logins (password for all: ' + demo.password + ')');
    for (const l of demo.logins) lines.push(`    ${l.role.padEnd(9)} ${l.email.padEnd(28)} ${l.note}`);
    if (trio.demoProgress.loading) lines.push('  Demo products and orders are loading (the log says each step; GET /api/demo/status)');
  }
  console.log(lines.join('\n') + '\n');
});
