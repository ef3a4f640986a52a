// Every public read answers only for what the storefront shows: a product listed in an open store. The test walks
// every GET of the API without credentials (those that do not answer 401 are the public ones) with the ids of
// products never submitted, delisted, banned, or in a closing or closed store, and expects nothing of them back.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, testEnv, type TestEnv } from '../helpers.ts';
import { testMiniSite } from '../fixtures/minisite.ts';
import { openStore, tee } from '../catalog/fixtures.ts';
import { apiOperations, fill } from './support.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

type Store = Awaited<ReturnType<typeof openStore>>;
type Product = { id: string; title: string; skuIds: string[]; store: Store; storeName: string };

const call = (method: string, url: string, headers: Record<string, string> = {}, payload?: unknown) =>
  env.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

/** A product of the store with a title of its own, as a draft (never submitted) or listed. */
async function product(s: Store, title: string, listed: boolean): Promise<Product> {
  const created = await call('POST', `${s.url}/products`, s.merchant.headers, tee(s.categoryIds[0], { title }));
  expect(created.statusCode, created.body).toBe(201);
  const p = created.json();
  if (listed) {
    await call('POST', `${s.url}/products/${p.id}/submit`, s.merchant.headers);
    const passed = await call('POST', `/api/operator/products/${p.id}/pass`, s.op.headers);
    expect(passed.json().liveState).toBe('listed');
  }
  const detail = (await call('GET', `${s.url}/products/${p.id}`, s.merchant.headers)).json();
  const store = (await call('GET', s.url, s.merchant.headers)).json();
  return { id: p.id, title, skuIds: (detail.skus ?? []).map((k: { id: string }) => k.id), store: s, storeName: store.name };
}

const BRAND = 'https://brand.example';
const cardTokens = new Map<string, { token: string }>();
/** A token for the components' product card, of a mini-site linked with this store (made once per store). */
async function cardAccess(storeId: string) {
  let got = cardTokens.get(storeId);
  if (!got) {
    const owner = await account(env, 'merchant');
    const site = await testMiniSite(env.ctx.db, { ownerId: owner.userId, linkStoreId: storeId, allowedOrigins: [BRAND], now: env.clock.now() });
    const res = await env.app.inject({ method: 'POST', url: '/api/components/token', headers: { origin: BRAND, 'content-type': 'application/json' }, payload: JSON.stringify({ appId: site.appId }) });
    expect(res.statusCode, res.body).toBe(200);
    got = { token: res.json().token };
    cardTokens.set(storeId, got);
  }
  return got;
}

/** What anyone may read, walked from the OpenAPI document: every GET that answers without credentials. */
async function publicReads(p: Product) {
  const { ops } = await apiOperations(env.app);
  const answers: { path: string; status: number; body: string }[] = [];
  for (const op of ops.filter((o) => o.method === 'GET')) {
    const url = fill(op.path, { productId: p.id, storeId: p.store.storeId, size: 'thumb' }, () => randomUUID());
    // A product card of the components is read with a token of a mini-site linked with the store, from its origin.
    const card = op.path === '/api/components/products/:productId' ? await cardAccess(p.store.storeId) : undefined;
    const query = op.path === '/api/storefront/products' ? `?storeId=${p.store.storeId}` : card ? `?token=${encodeURIComponent(card.token)}` : '';
    const res = card ? await env.app.inject({ method: 'GET', url: url + query, headers: { origin: BRAND } }) : await call('GET', url + query);
    if (res.statusCode === 401) continue;
    answers.push({ path: op.path, status: res.statusCode, body: res.body });
  }
  return answers;
}

/** Nothing of the product in any public answer; the product's own reads are 404. */
async function expectHidden(p: Product, storeShown: boolean) {
  const answers = await publicReads(p);
  const paths = answers.map((a) => a.path);
  for (const path of ['/api/storefront/products/:productId', '/api/products/:productId/gift-options', '/api/storefront/products', '/api/storefront/stores/:storeId']) {
    expect(paths).toContain(path);
  }
  for (const a of answers) {
    expect(a.body, a.path).not.toContain(p.title);
    for (const sku of p.skuIds) expect(a.body, a.path).not.toContain(sku);
    if (a.path.includes(':productId')) {
      expect({ path: a.path, status: a.status }).toEqual({ path: a.path, status: 404 });
      expect(JSON.parse(a.body).code).toBe('product_not_found');
    }
    if (!storeShown) expect(a.body, a.path).not.toContain(p.storeName);
  }
  const listing = JSON.parse(answers.find((a) => a.path === '/api/storefront/products')!.body);
  expect(listing.map((x: { id: string }) => x.id)).not.toContain(p.id);
  if (!storeShown) expect(listing).toEqual([]);
  const storePage = answers.find((a) => a.path === '/api/storefront/stores/:storeId')!;
  expect(storePage.status).toBe(storeShown ? 200 : 404);
}

async function expectShown(p: Product) {
  const answers = await publicReads(p);
  for (const path of ['/api/storefront/products/:productId', '/api/products/:productId/gift-options']) {
    const a = answers.find((x) => x.path === path)!;
    expect(a.status, a.body).toBe(200);
    expect(JSON.parse(a.body).title).toBe(p.title);
  }
  expect(JSON.parse(answers.find((a) => a.path === '/api/storefront/products')!.body).map((x: { id: string }) => x.id)).toContain(p.id);
}

describe('public reads show only what is on sale in an open store', () => {
  it('a product never submitted, delisted by its merchant, or banned: every public read answers 404 and tells nothing of it', async () => {
    const s = await openStore(env);
    const draft = await product(s, 'Secret draft coat', false);
    const delisted = await product(s, 'Withdrawn silk dress', true);
    const banned = await product(s, 'Counterfeit handbag', true);
    const control = await product(s, 'Plain linen shirt', true);
    await expectShown(delisted);
    expect((await call('POST', `${s.url}/products/${delisted.id}/delist`, s.merchant.headers)).statusCode).toBe(200);
    expect((await call('POST', `/api/operator/products/${banned.id}/ban`, s.op.headers, { reason: 'Counterfeit' })).statusCode).toBe(200);
    await expectHidden(draft, true);
    await expectHidden(delisted, true);
    await expectHidden(banned, true);
    await expectShown(control);
  });

  it("a listed product of a closing, then closed, store: gone from every public read (the cached pages too)", async () => {
    const s = await openStore(env);
    const listed = await product(s, 'Quilted winter coat', true);
    await expectShown(listed);
    const closing = await call('POST', `${s.url}/status`, s.merchant.headers, { event: 'request_close' });
    expect(closing.json().status).toBe('closing');
    await expectHidden(listed, false);
    const closed = await call('POST', `/api/operator/stores/${s.storeId}/status`, s.op.headers, { event: 'complete_close' });
    expect(closed.json().status).toBe('closed');
    await expectHidden(listed, false);
  });

  it('a closing store that reopens shows its products again', async () => {
    const s = await openStore(env);
    const listed = await product(s, 'Reopened cotton dress', true);
    await call('POST', `${s.url}/status`, s.merchant.headers, { event: 'request_close' });
    await expectHidden(listed, false);
    expect((await call('POST', `${s.url}/status`, s.merchant.headers, { event: 'reopen' })).json().status).toBe('open');
    await expectShown(listed);
  });
});
