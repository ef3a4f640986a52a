// TEMPORARY (not committed): a few sequential checkouts against DATABASE_URL, to read auto_explain.
import { openDatabase } from '../src/db/client.ts';
import { startServer, namedUrl } from './lib.ts';
import { checkoutRequest, ensureBuyers, ensureCheckoutData, newSessions } from './order-data.ts';
const url = process.env.DATABASE_URL!;
const database = await openDatabase({ databaseUrl: namedUrl(url), poolSize: 2 });
const data = await ensureCheckoutData(database.db);
const buyers = await ensureBuyers(database.db, 20);
const tokens = await newSessions(database.db, buyers);
const server = await startServer({ env: { DATABASE_URL: url, TRIO_SCHEDULER: 'off' } });
const n = Number(process.env.N ?? 5);
for (let i = 0; i < n; i++) {
  const r = checkoutRequest(tokens[i % tokens.length], `one-${Date.now()}-${i}`, data.skuIds[i * 7 % data.skuIds.length]);
  const res = await fetch(server.url + '/api/checkout', { method: 'POST', headers: r.headers, body: r.body });
  console.log(res.status);
}
await server.stop();
await database.close();
process.exit(0);
