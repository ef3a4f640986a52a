// Storefront search finds a product by the names of its category and its ancestors in every language (a Chinese title
// in 外套 is found by "áo khoác", "ao khoac" and "jacket"), and ranks title matches above category-only ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { openStore, tee } from './fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

type Store = Awaited<ReturnType<typeof openStore>>;
async function listed(s: Store, body: ReturnType<typeof tee>) {
  const created = await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: body });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  await env.app.inject({ method: 'POST', url: `${s.url}/products/${id}/submit`, headers: s.merchant.headers });
  const passed = await env.app.inject({ method: 'POST', url: `/api/operator/products/${id}/pass`, headers: s.op.headers });
  expect(passed.statusCode, passed.body).toBe(200);
  return id;
}
async function search(q: string, storeId: string) {
  const res = await env.app.inject({ method: 'GET', url: `/api/storefront/products?q=${encodeURIComponent(q)}&storeId=${storeId}` });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { id: string }[]).map((r) => r.id);
}

describe('storefront search by category names', () => {
  it('a product with a Chinese title in 外套 (Coats & Jackets, Áo khoác) is found in every language, accents optional', async () => {
    const s = await openStore(env); // [dresses (连衣裙), coats (外套)]
    const coat = await listed(s, tee(s.categoryIds[1], { title: '羽绒服 轻薄款', description: '保暖' }));
    const dress = await listed(s, tee(s.categoryIds[0], { title: '真丝连衣裙', description: '夏季' }));
    for (const q of ['áo khoác', 'ao khoac', 'AO KHOÁC', 'jacket', 'Coats', '外套', '羽绒服']) expect(await search(q, s.storeId), q).toEqual([coat]);
    // An ancestor's names count too (women's clothing, 女装, thời trang nữ); a word of neither title nor category does not.
    for (const q of ['thoi trang nu', '女装']) expect((await search(q, s.storeId)).sort(), q).toEqual([coat, dress].sort());
    expect(await search('jacket 连衣裙', s.storeId)).toEqual([]);
    expect(await search('sweater', s.storeId)).toEqual([]);
  });

  it('a title match ranks above a newer category-only match, then newest first', async () => {
    const s = await openStore(env);
    const titled = await listed(s, tee(s.categoryIds[0], { title: 'Denim jacket for summer', description: 'Light.' }));
    env.clock.advance(60_000);
    const inDescription = await listed(s, tee(s.categoryIds[0], { title: '牛仔外衣', description: 'A jacket of denim.' }));
    env.clock.advance(60_000);
    const olderCoat = await listed(s, tee(s.categoryIds[1], { title: '羽绒服 A', description: '' }));
    env.clock.advance(60_000);
    const newerCoat = await listed(s, tee(s.categoryIds[1], { title: '羽绒服 B', description: '' }));
    // Newest first would be newerCoat, olderCoat, inDescription, titled.
    expect(await search('jacket', s.storeId)).toEqual([titled, newerCoat, olderCoat, inDescription]);
    // Paging keeps the ranked order.
    const second = await env.app.inject({ method: 'GET', url: `/api/storefront/products?q=jacket&storeId=${s.storeId}&limit=2&offset=2` });
    expect(second.json().map((r: { id: string }) => r.id)).toEqual([olderCoat, inDescription]);
  });
});
