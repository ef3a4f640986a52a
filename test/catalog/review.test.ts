import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { openStore, tee } from './fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

const get = async (s: Awaited<ReturnType<typeof openStore>>, id: string) => (await env.app.inject({ method: 'GET', url: `${s.url}/products/${id}`, headers: s.merchant.headers })).json();

describe('review', () => {
  it('in a category the operator marked for automatic review, a submitted draft goes live at once', async () => {
    const s = await openStore(env, ['apparel.women.coats']);
    const rule = await env.app.inject({ method: 'PUT', url: '/api/operator/review-rules/auto-pass', headers: s.op.headers, payload: { categoryIds: [s.categoryIds[0]], enabled: true } });
    expect(rule.statusCode).toBe(200);
    const p = (await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0]) })).json();
    const after = (await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/submit`, headers: s.merchant.headers })).json();
    expect(after.draft.state).toBe('review_passed');
    expect(after.liveState).toBe('listed');
  });

  it('the merchant may cancel a review, and cannot edit a draft while it is in review', async () => {
    const s = await openStore(env);
    const p = (await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0]) })).json();
    await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/submit`, headers: s.merchant.headers });
    const edit = await env.app.inject({ method: 'PUT', url: `${s.url}/products/${p.id}/draft`, headers: s.merchant.headers, payload: tee(s.categoryIds[0], { title: 'New title' }) });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('draft_in_review');
    const cancelled = (await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/cancel-review`, headers: s.merchant.headers })).json();
    expect(cancelled.draft.state).toBe('editing');
    expect((await env.app.inject({ method: 'PUT', url: `${s.url}/products/${p.id}/draft`, headers: s.merchant.headers, payload: tee(s.categoryIds[0], { title: 'New title' }) })).statusCode).toBe(200);
  });

  it('the review queue names the store of each product, and so does the answer to a decision', async () => {
    const s = await openStore(env);
    const p = (await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0]) })).json();
    await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/submit`, headers: s.merchant.headers });
    let item: { productId: string; storeName?: string } | undefined;
    for (let offset = 0; !item; offset += 100) {
      const page = (await env.app.inject({ method: 'GET', url: `/api/operator/product-reviews?limit=100&offset=${offset}`, headers: s.op.headers })).json();
      if (page.reviews.length === 0) break;
      item = page.reviews.find((r: { productId: string }) => r.productId === p.id);
    }
    expect(item).toMatchObject({ productId: p.id, storeId: s.storeId, storeName: s.storeName });
    const passed = await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/pass`, headers: s.op.headers });
    expect(passed.json()).toMatchObject({ productId: p.id, storeName: s.storeName });
  });

  it('edits of a live product stay in the draft until review passes; the live copy is what buyers keep seeing', async () => {
    const s = await openStore(env);
    const p = (await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0]) })).json();
    await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/submit`, headers: s.merchant.headers });
    await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/pass`, headers: s.op.headers });
    await env.app.inject({ method: 'PUT', url: `${s.url}/products/${p.id}/draft`, headers: s.merchant.headers, payload: tee(s.categoryIds[0], { title: 'Renamed jacket' }) });
    const page = async () => (await env.app.inject({ method: 'GET', url: `/api/storefront/products/${p.id}` })).json();
    expect((await page()).title).toBe(p.title);
    expect((await get(s, p.id)).draft.state).toBe('editing');
    await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/submit`, headers: s.merchant.headers });
    await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/pass`, headers: s.op.headers });
    expect((await page()).title).toBe('Renamed jacket');
  });
});

describe('operator enforcement', () => {
  it('a product delisted for violation leaves every channel; the merchant cannot relist it, the operator can reinstate it; a banned one is gone for good', async () => {
    const s = await openStore(env);
    const p = (await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0]) })).json();
    await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/submit`, headers: s.merchant.headers });
    await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/pass`, headers: s.op.headers });
    const delisted = await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/delist-violation`, headers: s.op.headers, payload: { reason: 'Counterfeit brand' } });
    expect(delisted.json()).toMatchObject({ liveState: 'delisted_violation', stateReason: 'Counterfeit brand' });
    expect((await env.app.inject({ method: 'GET', url: `/api/storefront/products/${p.id}?channel=mini_site` })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'POST', url: `${s.url}/products/${p.id}/relist`, headers: s.merchant.headers })).statusCode).toBe(409);
    const back = await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/reinstate`, headers: s.op.headers, payload: { reason: 'Authorisation provided' } });
    expect(back.json().liveState).toBe('listed');
    await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/ban`, headers: s.op.headers, payload: { reason: 'Repeated violation' } });
    const again = await env.app.inject({ method: 'POST', url: `/api/operator/products/${p.id}/reinstate`, headers: s.op.headers, payload: { reason: 'no' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('product_transition_not_allowed');
  });

  it("a merchant cannot touch another store's product", async () => {
    const a = await openStore(env);
    const b = await openStore(env);
    const p = (await env.app.inject({ method: 'POST', url: `${a.url}/products`, headers: a.merchant.headers, payload: tee(a.categoryIds[0]) })).json();
    for (const [method, url] of [['GET', `${b.url}/products/${p.id}`], ['POST', `${b.url}/products/${p.id}/submit`], ['PUT', `${b.url}/products/${p.id}/draft`]] as const) {
      const res = await env.app.inject({ method, url, headers: b.merchant.headers, payload: method === 'PUT' ? tee(b.categoryIds[0]) : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await env.app.inject({ method: 'GET', url: `${a.url}/products/${p.id}`, headers: b.merchant.headers })).statusCode).toBe(404);
  });
});
