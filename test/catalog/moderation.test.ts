// The operator finds a product to act on by words of its title or its store's name, or by its id, one page at a time;
// each row says what the operator may do to it now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, testEnv, type TestEnv } from '../helpers.ts';
import { listedProduct, openStore } from '../orders/fixtures.ts';
import { expectProblem } from '../api/support.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

type Store = Awaited<ReturnType<typeof openStore>>;
const search = async (s: Store, query: string) => {
  const res = await env.app.inject({ method: 'GET', url: `/api/operator/products?${query}`, headers: s.op.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { products: { id: string; title: string; storeName: string; liveState: string; draftTitle: string | null; operatorMoves: string[] }[]; total: number };
};

describe('operator product search', () => {
  it('finds a product by a title word (case and accents aside), by its store\'s name and by its id; pages; acts from the row', async () => {
    const s = await openStore(env);
    const jacket = await listedProduct(env, s, undefined, 'Áo khoác Hạ Long 羽绒服');
    const other = await listedProduct(env, s, undefined, 'Silk scarf');

    const byWord = await search(s, `q=${encodeURIComponent('KHOAC ha long')}`);
    expect(byWord.products.map((p) => p.id)).toEqual([jacket.productId]);
    expect(byWord.products[0]).toMatchObject({ storeName: s.storeName, liveState: 'listed', operatorMoves: ['delist_violation', 'ban'] });

    const byStore = await search(s, `q=${encodeURIComponent(s.storeName)}&limit=1`);
    expect(byStore.total).toBe(2);
    expect(byStore.products).toHaveLength(1);
    const next = await search(s, `q=${encodeURIComponent(s.storeName)}&limit=1&offset=1`);
    expect(new Set([byStore.products[0].id, next.products[0].id])).toEqual(new Set([jacket.productId, other.productId]));

    expect((await search(s, `q=${other.productId.toUpperCase()}`)).products.map((p) => p.id)).toEqual([other.productId]);
    expect((await search(s, `q=${encodeURIComponent(`${s.storeName} nothing-like-this`)}`)).total).toBe(0);

    const delisted = await env.app.inject({ method: 'POST', url: `/api/operator/products/${jacket.productId}/delist-violation`, headers: s.op.headers, payload: { reason: 'Counterfeit brand' } });
    expect(delisted.statusCode, delisted.body).toBe(200);
    const after = await search(s, `q=khoac&liveState=delisted_violation`);
    expect(after.products.find((p) => p.id === jacket.productId)).toMatchObject({ liveState: 'delisted_violation', operatorMoves: ['reinstate', 'ban'] });
    expect((await search(s, `q=khoac&liveState=listed`)).products.some((p) => p.id === jacket.productId)).toBe(false);
  });

  it('finds a draft that was never live by its draft title', async () => {
    const s = await openStore(env);
    const created = await env.app.inject({
      method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers,
      payload: { title: 'Velvet evening gown', description: 'Soft.', categoryId: s.categoryIds[0], attributes: [], skus: [{ attrs: {}, price: 10000, stock: 1 }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const found = await search(s, 'q=velvet%20gown');
    expect(found.products).toMatchObject([{ id: created.json().id, liveState: 'not_live', draftTitle: 'Velvet evening gown', operatorMoves: ['ban'] }]);
  });

  it('is the operator\'s only', async () => {
    const m = await signUp(env.app, 'merchant');
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/operator/products?q=x', headers: m.headers }), 403, 'forbidden');
  });
});
