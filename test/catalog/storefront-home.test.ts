// The buyer's home: rows of products (new, popular by units paid lately, per first-level category), categories with
// nothing listed hidden by the API, and the cached answers following price and listing changes at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay } from '../orders/fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

type Item = { id: string; minPrice: number | null };
type Home = { newArrivals: Item[]; popular: Item[]; popularDays: number; categoryRows: { categoryId: number; names: Record<string, string>; products: Item[] }[] };
const home = async (): Promise<Home> => {
  const res = await call(env, 'GET', '/api/storefront/home', {});
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const listedCategories = async (): Promise<number[]> => (await call(env, 'GET', '/api/storefront/categories', {})).json().categoryIds;
const ids = (items: Item[]) => items.map((i) => i.id);

describe('storefront home', () => {
  it('shows new arrivals and a row per first-level category; categories with nothing listed are left out', async () => {
    const [apparel, women, dresses, coats, fresh] = await Promise.all(['apparel', 'apparel.women', 'apparel.women.dresses', 'apparel.women.coats', 'fresh'].map((c) => categoryId(env, c)));
    expect(await listedCategories()).toEqual([]);
    expect(await home()).toMatchObject({ newArrivals: [], popular: [], categoryRows: [] });

    const s = await openStore(env, ['apparel.women.dresses']);
    const dress = await listedProduct(env, s, [{ price: 15_000, stock: 20 }], 'Silk dress 真丝连衣裙');
    // The dress's category and its ancestors are listed; coats (approved, nothing on sale) and fresh food are not.
    const listed = await listedCategories();
    expect(listed).toEqual(expect.arrayContaining([apparel, women, dresses]));
    expect(listed).not.toContain(coats);
    expect(listed).not.toContain(fresh);

    let h = await home();
    expect(ids(h.newArrivals)).toEqual([dress.productId]);
    expect(h.categoryRows).toEqual([expect.objectContaining({ categoryId: apparel, names: expect.objectContaining({ zh: '服饰内衣' }) })]);
    expect(ids(h.categoryRows[0].products)).toEqual([dress.productId]);

    // A newer coat (another store's) comes first in new arrivals, and coats are listed now.
    env.clock.advance(60_000);
    const t = await openStore(env, ['apparel.women.coats']);
    const coat = await listedProduct(env, t, [{ price: 30_000, stock: 20 }], 'Down coat 羽绒服');
    h = await home();
    expect(ids(h.newArrivals)).toEqual([coat.productId, dress.productId]);
    expect(await listedCategories()).toContain(coats);

    // A price change shows at once (the cached home follows the catalog version).
    const priced = await call(env, 'PUT', `${s.url}/skus/${dress.skuIds[0]}/price`, s.merchant.headers, { price: 12_000 });
    expect(priced.statusCode, priced.body).toBe(200);
    expect((await home()).newArrivals.find((i) => i.id === dress.productId)?.minPrice).toBe(12_000);

    // Delisting the coat takes it off the home and hides its category again.
    const delisted = await call(env, 'POST', `${t.url}/products/${coat.productId}/delist`, t.merchant.headers);
    expect(delisted.statusCode, delisted.body).toBe(200);
    expect(ids((await home()).newArrivals)).toEqual([dress.productId]);
    expect(await listedCategories()).not.toContain(coats);
  });

  it('popular: most units paid over the last days, shown products only', async () => {
    const s = await openStore(env, ['apparel.women.dresses']);
    const [a, b] = [await listedProduct(env, s, [{ price: 5_000, stock: 50 }], 'Popular A'), await listedProduct(env, s, [{ price: 5_000, stock: 50 }], 'Popular B')];
    const who = await buyer(env);
    const paid = async (skuId: string, quantity: number) => pay(env, who, (await checkoutOk(env, who, [{ skuId, quantity }])).paymentId);
    await paid(a.skuIds[0], 1);
    await paid(b.skuIds[0], 3);
    // An unpaid order does not count.
    await checkoutOk(env, who, [{ skuId: a.skuIds[0], quantity: 10 }]);
    // Popularity is rebuilt at least hourly (payments do not move the catalog version).
    env.clock.advance(3600_000);
    const h = await home();
    expect(h.popularDays).toBe(7);
    expect(ids(h.popular)).toEqual([b.productId, a.productId]);

    // Past the window, they are no longer popular.
    env.clock.advance(8 * 86400_000);
    expect(ids((await home()).popular)).toEqual([]);
  });
});

describe("the signed-in buyer's row of followed stores", () => {
  it('shows the newest products of the stores the buyer follows, only to that buyer, and follows unfollowing', async () => {
    const s = await openStore(env, ['apparel.women.dresses']);
    const t = await openStore(env, ['apparel.women.coats']);
    const dress = await listedProduct(env, s, [{ price: 15_000, stock: 20 }], 'Linen dress 亚麻连衣裙');
    env.clock.advance(60_000);
    const coat = await listedProduct(env, t, [{ price: 30_000, stock: 20 }], 'Wool coat 羊毛大衣');
    const me = await buyer(env);
    const other = await buyer(env);
    const row = async (b: { headers: Record<string, string> }) => {
      const res = await call(env, 'GET', '/api/storefront/home/following', b.headers);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { stores: number; products: Item[] };
    };
    expect(await row(me)).toEqual({ stores: 0, products: [] });
    // Signed out: 401; a merchant has no such row: 403.
    expect((await call(env, 'GET', '/api/storefront/home/following', {})).statusCode).toBe(401);
    expect((await call(env, 'GET', '/api/storefront/home/following', s.merchant.headers)).statusCode).toBe(403);

    const follow = async (storeId: string) => {
      const res = await call(env, 'PUT', `/api/follows/${storeId}`, me.headers, { source: 'store_page' });
      expect(res.statusCode, res.body).toBe(200);
    };
    await follow(s.storeId);
    await follow(t.storeId);
    const mine = await row(me);
    expect(mine.stores).toBe(2);
    expect(ids(mine.products)).toEqual([coat.productId, dress.productId]);
    // Another buyer follows nothing.
    expect(await row(other)).toEqual({ stores: 0, products: [] });

    // Unfollowing the coat's store takes its products off the row; a delisted product leaves it too.
    expect((await call(env, 'DELETE', `/api/follows/${t.storeId}`, me.headers)).statusCode).toBe(200);
    expect(ids((await row(me)).products)).toEqual([dress.productId]);
    expect((await call(env, 'POST', `${s.url}/products/${dress.productId}/delist`, s.merchant.headers)).statusCode).toBe(200);
    expect(await row(me)).toEqual({ stores: 1, products: [] });
  });
});
