// Trio runs as several processes over one database: what one changes, the others show on their next read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { categoryId, operator, testEnv, WAIT, type TestEnv } from './helpers.ts';

let env: TestEnv;
let second: { app: Awaited<ReturnType<typeof buildApp>>['app']; database?: Database };

beforeAll(async () => {
  env = await testEnv();
  // On PostgreSQL a second app with its own connection pool stands for a second process; PGlite has one owner,
  // so there the second app shares the same embedded database.
  const database = env.database.url ? await openDatabase({ databaseUrl: env.database.url, poolSize: 2 }) : env.database;
  const config = loadConfig({ ...process.env, TRIO_DATA_DIR: env.dataDir, LOG_LEVEL: 'silent', ...(env.database.url ? { DATABASE_URL: env.database.url } : {}) });
  const built = await buildApp({ database, config, clock: env.clock, logger: false });
  second = { app: built.app, database: env.database.url ? database : undefined };
});
afterAll(async () => {
  await second?.app.close();
  await second?.database?.close();
  await env?.close();
});

const findNode = (tree: { categories: { id: number; children: unknown[] }[] }, id: number) => {
  const stack = [...tree.categories] as { id: number; policy: string; children: unknown[] }[];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.id === id) return n;
    stack.push(...(n.children as never[]));
  }
};

describe('several processes over one database', () => {
  it('a policy changed through one process shows in the category tree served by another within a moment', async () => {
    const op = await operator(env);
    const silk = await categoryId(env, 'apparel.women.silk');
    const before = (await second.app.inject({ method: 'GET', url: '/api/categories' })).json();
    expect(findNode(before, silk)?.policy).toBe('targeted');

    const res = await env.app.inject({ method: 'POST', url: '/api/operator/categories/bulk/apply', headers: op.headers, payload: { selection: { categoryIds: [silk] }, action: { type: 'set_policy', policy: 'open' } } });
    expect(res.statusCode).toBe(200);

    // The other process learns of the change by LISTEN/NOTIFY at commit (a stale cache would answer 304 forever);
    // waited for as a condition, not timed: a busy machine may take longer than a moment.
    const revalidate = () => second.app.inject({ method: 'GET', url: '/api/categories', headers: { 'if-none-match': `"cat-${before.version}"` } });
    await expect.poll(async () => (await revalidate()).statusCode, WAIT).toBe(200);
    expect(findNode((await revalidate()).json(), silk)?.policy).toBe('open');
  });

  it('a session created through one process is valid in the other, and logging out in one ends it in both', async () => {
    const op = await operator(env);
    expect((await second.app.inject({ method: 'GET', url: '/api/me', headers: op.headers })).statusCode).toBe(200);
    expect((await second.app.inject({ method: 'POST', url: '/api/auth/logout', headers: op.headers })).statusCode).toBe(204);
    expect((await env.app.inject({ method: 'GET', url: '/api/me', headers: op.headers })).statusCode).toBe(401);
  });
});
