// PostgreSQL goes away under a running Trio (here: the relay between them drops every connection and closes its
// port) and comes back. While it is away every request is answered at once with 503 problem+json, never a 500 or
// a hang; the process survives its pool's and its cache listeners' lost connections and recovers by itself.
// PostgreSQL only (*.pg.test.ts): an embedded PGlite cannot be away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { sql } from 'drizzle-orm';
import { isDatabaseUnavailable, openDatabase, type Database } from '../../src/db/client.ts';
import { operator, signUp, testEnv, WAIT, type TestEnv } from '../helpers.ts';
import { pgRelay, type PgRelay } from './pg-relay.ts';

let env: TestEnv;
let relay: PgRelay;
let app: FastifyInstance;
let database: Database;

beforeAll(async () => {
  env = await testEnv();
  relay = await pgRelay(env.database.url!);
  database = await openDatabase({ databaseUrl: relay.url, poolSize: 4, connectTimeoutMs: 2000 });
  const config = loadConfig({ ...process.env, DATABASE_URL: relay.url, TRIO_DATA_DIR: env.dataDir, LOG_LEVEL: 'silent' });
  ({ app } = await buildApp({ database, config, clock: env.clock, logger: false }));
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await relay?.close();
  await env?.close();
});

const expectUnavailable = (res: { statusCode: number; headers: Record<string, unknown>; json(): { code: string } }) => {
  expect(res.statusCode, `${res.statusCode} ${JSON.stringify(res.headers)}`).toBe(503);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(['database_unavailable', 'database_unreachable']).toContain(res.json().code);
};

describe('PostgreSQL away and back', () => {
  it('answers 503 problem+json while the database is away, and serves again by itself when it is back', async () => {
    const buyer = await signUp(app, 'buyer');
    const requests = () => [
      app.inject({ method: 'GET', url: '/ready' }),
      app.inject({ method: 'GET', url: '/api/categories' }),
      app.inject({ method: 'GET', url: '/api/storefront/products' }),
      app.inject({ method: 'GET', url: '/api/me', headers: buyer.headers }),
      app.inject({ method: 'GET', url: '/api/cart', headers: buyer.headers }),
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: buyer.email, password: 'correct horse battery' } }),
    ];
    for (const res of await Promise.all(requests())) expect(res.statusCode, res.body).toBe(200);

    await relay.away();
    // Every connection the pool and the cache listeners held is gone, and no new one can be opened. The category
    // tree, cached, may be served until its listener has seen its connection close (a moment); then it is 503 too.
    await expect.poll(async () => (await app.inject({ method: 'GET', url: '/api/categories' })).statusCode, WAIT).toBe(503);
    for (const res of await Promise.all(requests())) expectUnavailable(res);
    // The liveness probe does not need the database.
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);

    await relay.back();
    // Nothing restarts the app: the next requests open new connections.
    await expect.poll(async () => (await app.inject({ method: 'GET', url: '/ready' })).statusCode, WAIT).toBe(200);
    for (const res of await Promise.all(requests())) expect(res.statusCode, res.body).toBe(200);
  });

  it('after the database came back, a change made through another process shows here (the cache listeners reconnected or the versions are read)', async () => {
    await relay.away();
    await relay.back();
    await expect.poll(async () => (await app.inject({ method: 'GET', url: '/ready' })).statusCode, WAIT).toBe(200);
    const before = (await app.inject({ method: 'GET', url: '/api/categories' })).json();
    // The operator changes the tree through the test's own app, straight on the database (another process).
    const op = await operator(env);
    const changed = await env.app.inject({ method: 'POST', url: '/api/operator/categories/bulk/apply', headers: op.headers, payload: { selection: { categoryIds: [before.categories[0].id] }, action: { type: 'set_policy', policy: 'paused' } } });
    expect(changed.statusCode, changed.body).toBe(200);
    await expect.poll(async () => (await app.inject({ method: 'GET', url: '/api/categories' })).json().version, WAIT).not.toBe(before.version);
  });
});

describe('a connection lost inside a transaction', () => {
  it('fails that transaction as database_unavailable and the process lives on; the next transaction works', async () => {
    await expect.poll(async () => (await app.inject({ method: 'GET', url: '/ready' })).statusCode, WAIT).toBe(200);
    const failed = database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      // The server goes away while this transaction holds its connection and runs no statement.
      await relay.away();
      const client = (tx as unknown as { session: { client: { _queryable: boolean } } }).session.client;
      await expect.poll(() => client._queryable, WAIT).toBe(false);
      await tx.execute(sql`select 1`);
    }).then(() => undefined, (err: unknown) => err);
    expect(isDatabaseUnavailable(await failed)).toBe(true);
    await relay.back();
    await expect.poll(() => database.db.execute(sql`select 1`).then(() => 'ok', () => 'not yet'), WAIT).toBe('ok');
  });
});
