// Trio runs as several processes over one database: what one changes, the others show on their next read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { categoryId, operator, testEnv, WAIT, type TestEnv } from './helpers.ts';
import { openStore, tee } from './catalog/fixtures.ts';
import { testMiniSite } from './fixtures/minisite.ts';

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

  it('a product card (the <store-product> read) shows a price changed through the other process, and stops when the link ends there', async () => {
    const BRAND = 'https://brand.example';
    const store = await openStore(env);
    const created = await env.app.inject({ method: 'POST', url: `${store.url}/products`, headers: store.merchant.headers, payload: tee(store.categoryIds[0]) });
    expect(created.statusCode, created.body).toBe(201);
    const product = created.json() as { id: string };
    await env.app.inject({ method: 'POST', url: `${store.url}/products/${product.id}/submit`, headers: store.merchant.headers });
    expect((await env.app.inject({ method: 'POST', url: `/api/operator/products/${product.id}/pass`, headers: store.op.headers })).statusCode).toBe(200);
    const site = await testMiniSite(env.ctx.db, { ownerId: store.merchant.userId, linkStoreId: store.storeId, allowedOrigins: [BRAND] });
    const token = (await second.app.inject({ method: 'POST', url: '/api/components/token', headers: { origin: BRAND, 'content-type': 'application/json' }, payload: { appId: site.appId } })).json().token as string;
    const read = (app: typeof second.app) => app.inject({ method: 'GET', url: `/api/components/products/${product.id}?token=${encodeURIComponent(token)}`, headers: { origin: BRAND } });

    // Both processes have read (and cached) the card at the cheapest SKU's price.
    const card = (await read(env.app)).json() as { price: number; skus: { id: string; price: number }[] };
    const cheapest = [...card.skus].sort((a, b) => a.price - b.price)[0];
    expect(card.price).toBe(cheapest.price);
    expect((await read(second.app)).json().price).toBe(cheapest.price);

    // The merchant lowers it through the first process: its next card read shows it; the other's as soon as it has
    // heard the commit (LISTEN/NOTIFY), never an old price after that.
    const lower = cheapest.price - 1000;
    const changed = await env.app.inject({ method: 'PUT', url: `${store.url}/skus/${cheapest.id}/price`, headers: store.merchant.headers, payload: { price: lower } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await read(env.app)).json().price).toBe(lower);
    await expect.poll(async () => (await read(second.app)).json().price, WAIT).toBe(lower);
    expect((await read(second.app)).json().price).toBe(lower);

    // The store ends the link through the second process: the first refuses the card too.
    const [link] = (await second.app.inject({ method: 'GET', url: `/api/minisites/${site.id}/links`, headers: store.merchant.headers })).json() as { id: string }[];
    expect((await second.app.inject({ method: 'POST', url: `${store.url}/mini-site-links/${link.id}/unlink`, headers: store.merchant.headers })).statusCode).toBe(200);
    expect((await read(second.app)).json().code).toBe('not_linked');
    await expect.poll(async () => (await read(env.app)).json().code, WAIT).toBe('not_linked');
  });
});
