import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { openStore, tee } from './fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

async function createAndPass(s: Awaited<ReturnType<typeof openStore>>, body = tee(s.categoryIds[0])) {
  const created = await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: body });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id;
  await env.app.inject({ method: 'POST', url: `${s.url}/products/${id}/submit`, headers: s.merchant.headers });
  const passed = await env.app.inject({ method: 'POST', url: `/api/operator/products/${id}/pass`, headers: s.op.headers });
  expect(passed.statusCode, passed.body).toBe(200);
  return id as string;
}

describe('a product goes from draft to the storefront', () => {
  it('a new product is a draft in no channel; once review passes it is listed in every enabled channel', async () => {
    const s = await openStore(env);
    const created = await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0]) });
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p.liveState).toBe('not_live');
    expect(p.draft.state).toBe('new');
    expect((await env.app.inject({ method: 'GET', url: `/api/storefront/products/${p.id}` })).statusCode).toBe(404);

    const submitted = (await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/submit`, headers: s.merchant.headers })).json();
    expect(submitted.draft.state).toBe('in_review');
    const queue = (await env.app.inject({ method: 'GET', url: '/api/operator/product-reviews', headers: s.op.headers })).json().reviews;
    expect(queue.map((q: { productId: string }) => q.productId)).toContain(p.id);
    await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/pass`, headers: s.op.headers });

    for (const channel of ['store', 'mini_site']) {
      const page = await env.app.inject({ method: 'GET', url: `/api/storefront/products/${p.id}?channel=${channel}` });
      expect(page.statusCode).toBe(200);
      expect(page.json().skus.map((k: { price: number }) => k.price)).toEqual([20900, 19900]);
    }
    // live is not enabled by default
    expect((await env.app.inject({ method: 'GET', url: `/api/storefront/products/${p.id}?channel=live` })).statusCode).toBe(404);
  });

  it('a failed review keeps the product off sale and tells the merchant why', async () => {
    const s = await openStore(env);
    const p = (await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0]) })).json();
    await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/submit`, headers: s.merchant.headers });
    await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/fail`, headers: s.op.headers, payload: { reason: 'Photos missing' } });
    const after = (await env.app.inject({ method: 'GET', url: `${s.url}/products/${p.id}`, headers: s.merchant.headers })).json();
    expect(after.draft).toMatchObject({ state: 'review_failed', reason: 'Photos missing' });
    expect(after.liveState).toBe('not_live');
  });

  it('search finds Vietnamese without accents and Chinese without spaces', async () => {
    const s = await openStore(env);
    const id = await createAndPass(s);
    for (const q of ['ao khoac', '羽绒服', 'DOWN jacket']) {
      const res = (await env.app.inject({ method: 'GET', url: `/api/storefront/products?q=${encodeURIComponent(q)}&storeId=${s.storeId}` })).json();
      expect(res.map((r: { id: string }) => r.id), q).toContain(id);
    }
  });
});

describe('one price everywhere', () => {
  it('a price change shows at once in every channel, and is kept in the price history', async () => {
    const s = await openStore(env);
    const id = await createAndPass(s);
    // warm the caches of both channels
    for (const channel of ['store', 'mini_site']) await env.app.inject({ method: 'GET', url: `/api/storefront/products?channel=${channel}&storeId=${s.storeId}` });
    const res = await env.app.inject({ method: 'POST', url: `${s.url}/prices/apply`, headers: s.merchant.headers, payload: { selection: { productIds: [id] }, change: { type: 'percent', percent: -10 } } });
    expect(res.statusCode, res.body).toBe(200);
    for (const channel of ['store', 'mini_site']) {
      const list = (await env.app.inject({ method: 'GET', url: `/api/storefront/products?channel=${channel}&storeId=${s.storeId}` })).json();
      expect(list[0].skus.map((k: { price: number }) => k.price).sort()).toEqual([17910, 18810]);
    }
    const history = (await env.app.inject({ method: 'GET', url: `${s.url}/price-history`, headers: s.merchant.headers })).json();
    expect(history.map((h: { oldPrice: number; newPrice: number }) => [h.oldPrice, h.newPrice]).sort()).toEqual([[19900, 17910], [20900, 18810]]);
  });

  it('a change that would make any price zero or negative is refused whole', async () => {
    const s = await openStore(env);
    const id = await createAndPass(s);
    const res = await env.app.inject({ method: 'POST', url: `${s.url}/prices/apply`, headers: s.merchant.headers, payload: { selection: { productIds: [id] }, change: { type: 'amount', delta: -20000 } } });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('price_not_positive');
    const p = (await env.app.inject({ method: 'GET', url: `${s.url}/products/${id}`, headers: s.merchant.headers })).json();
    expect(p.skus.map((k: { price: number }) => k.price).sort()).toEqual([19900, 20900]);
  });
});

describe('stock', () => {
  it('selling out every SKU marks the product sold out, and restocking lists it again', async () => {
    const s = await openStore(env);
    const id = await createAndPass(s);
    const p = (await env.app.inject({ method: 'GET', url: `${s.url}/products/${id}`, headers: s.merchant.headers })).json();
    for (const k of p.skus) await env.app.inject({ method: 'POST', url: `${s.url}/skus/${k.id}/stock`, headers: s.merchant.headers, payload: { op: 'set', quantity: 0 } });
    expect((await env.app.inject({ method: 'GET', url: `${s.url}/products/${id}`, headers: s.merchant.headers })).json().liveState).toBe('sold_out');
    const over = await env.app.inject({ method: 'POST', url: `${s.url}/skus/${p.skus[0].id}/stock`, headers: s.merchant.headers, payload: { op: 'subtract', quantity: 1 } });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('stock_insufficient');
    await env.app.inject({ method: 'POST', url: `${s.url}/skus/${p.skus[0].id}/stock`, headers: s.merchant.headers, payload: { op: 'add', quantity: 4 } });
    expect((await env.app.inject({ method: 'GET', url: `${s.url}/products/${id}`, headers: s.merchant.headers })).json().liveState).toBe('listed');
    const flows = (await env.app.inject({ method: 'GET', url: `${s.url}/stock-flows?skuId=${p.skus[0].id}`, headers: s.merchant.headers })).json();
    expect(flows.map((f: { delta: number }) => f.delta)).toEqual([4, -p.skus[0].stock]);
  });
});

describe('bad input', () => {
  it('duplicate SKU combinations, fractional prices and categories the store is not approved for are refused, nothing written', async () => {
    const s = await openStore(env);
    const cases: [Record<string, unknown>, number, string][] = [
      [tee(s.categoryIds[0], { skus: [{ attrs: { colour: 'red' }, price: 100, stock: 1 }, { attrs: { colour: 'red' }, price: 200, stock: 1 }] }), 422, 'sku_duplicate'],
      [tee(s.categoryIds[0], { skus: [{ attrs: { colour: 'red' }, price: 99.5, stock: 1 }] }), 400, 'validation_failed'],
      [tee(s.categoryIds[0], { skus: [{ attrs: { colour: 'red' }, price: -1, stock: 1 }] }), 400, 'validation_failed'],
      [tee(s.categoryIds[0], { skus: [{ attrs: { colour: 'red' }, price: 100, stock: -1 }] }), 400, 'validation_failed'],
      [tee(s.categoryIds[0], { skus: [{ attrs: { colour: 'red' }, price: 100_000_001, stock: 1 }] }), 422, 'price_over_cap'],
      [tee(999999), 404, 'category_not_found'],
    ];
    for (const [body, status, code] of cases) {
      const res = await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: body });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().code).toBe(code);
    }
    const other = await openStore(env, ['apparel.men.shirts']);
    const notApproved = await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(other.categoryIds[0]) });
    expect(notApproved.json().code).toBe('category_not_approved');
    const list = (await env.app.inject({ method: 'GET', url: `${s.url}/products`, headers: s.merchant.headers })).json();
    expect(list).toHaveLength(0);
  });
});

describe('store home', () => {
  it('an open store shows its name and channels to anyone; a store that is not open is not found', async () => {
    const s = await openStore(env);
    const res = await env.app.inject({ method: 'GET', url: `/api/storefront/stores/${s.storeId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: s.storeId, channels: ['store', 'mini_site', 'service_account'] });
    await env.app.inject({ method: 'POST', url: `${s.url}/status`, headers: s.merchant.headers, payload: { event: 'request_close' } });
    expect((await env.app.inject({ method: 'GET', url: `/api/storefront/stores/${s.storeId}` })).statusCode).toBe(404);
  });
});
