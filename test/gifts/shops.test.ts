// Offline shops (scan-to-gift): a merchant makes a QR code for a shop, optionally limited to some products; scanning
// it lists the shop's products that may be sent as gifts. The merchant sees per-shop counts and sales.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopForGift } from '../../src/modules/gifts/shops.ts';
import { categoryId, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem, rows } from '../api/support.ts';
import { buyer, call as request, checkoutOk, listedProduct, openStore, type Store } from '../orders/fixtures.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

const call = (method: string, url: string, headers: Record<string, string> = {}, payload?: unknown) => request(env, method, url, headers, payload);
type Shop = { id: string; name: string; address: string; productIds: string[] | null; scanPath: string; archivedAt: string | null; stats: { gifts: number; orders: number; sales: number; currency: string } };

async function newShop(s: Store, body: Record<string, unknown>, key?: string): Promise<Shop> {
  env.clock.advance(1000);
  const res = await call('POST', `${s.url}/gift-shops`, { ...s.merchant.headers, ...(key ? { 'idempotency-key': key } : {}) }, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const scan = (shopId: string) => call('GET', `/api/gift-shops/${shopId}`);
async function scannedIds(shopId: string) {
  const res = await scan(shopId);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().products as { id: string }[]).map((p) => p.id).sort();
}
const sorted = (ids: string[]) => [...ids].sort();
/** A buyer sends a gift of the SKU from the shop's code. */
const sendFrom = async (shopId: string, skuId: string) => call('POST', '/api/gifts', { ...(await buyer(env)).headers, 'idempotency-key': randomUUID() }, { skuId, kind: 'single', message: 'hi', shopId });
const stockOf = (skuId: string) => rows(env.ctx.db, `skus where id = '${skuId}'`).then((r) => (r[0] as { stock: number }).stock);

describe('offline shops', () => {
  it('a shop limited to two products lists only those, with their price, to anyone who scans its code', async () => {
    const s = await openStore(env);
    const a = await listedProduct(env, s, [{ price: 3900, stock: 5 }], 'Green tea 龙井');
    const b = await listedProduct(env, s, [{ price: 12800, stock: 5 }, { price: 9900, stock: 5 }], 'Tea set 茶具');
    const c = await listedProduct(env, s, [{ price: 500, stock: 5 }], 'Tea cake');
    const shop = await newShop(s, { name: 'West Lake counter', address: '18 Longjing Road, Hangzhou', productIds: [a.productId, b.productId] }, 'shop-1');
    expect(shop).toMatchObject({ name: 'West Lake counter', address: '18 Longjing Road, Hangzhou', scanPath: `/shop/${shop.id}`, archivedAt: null, stats: { gifts: 0, orders: 0, sales: 0, currency: 'CNY' } });
    expect(sorted(shop.productIds!)).toEqual(sorted([a.productId, b.productId]));
    // The same Idempotency-Key and body: the same shop again, not a second one.
    const again = await newShop(s, { name: 'West Lake counter', address: '18 Longjing Road, Hangzhou', productIds: [a.productId, b.productId] }, 'shop-1');
    expect(again.id).toBe(shop.id);
    expect(await rows(env.ctx.db, `gift_shops where store_id = '${s.storeId}'`)).toHaveLength(1);

    const page = (await scan(shop.id)).json();
    expect(page).toMatchObject({ id: shop.id, name: 'West Lake counter', address: '18 Longjing Road, Hangzhou', storeId: s.storeId, storeName: expect.any(String) });
    expect(page.products).toHaveLength(2);
    expect(page.products.find((p: { id: string }) => p.id === b.productId)).toMatchObject({ title: 'Tea set 茶具', price: 9900, currency: 'CNY', giftable: true });
    expect(page.products.find((p: { id: string }) => p.id === a.productId)).toMatchObject({ price: 3900 });

    // A shop for every product lists the third too; the merchant's list shows both shops.
    const all = await newShop(s, { name: 'Airport kiosk', address: 'Terminal 3' });
    expect(all.productIds).toBeNull();
    expect(await scannedIds(all.id)).toEqual(sorted([a.productId, b.productId, c.productId]));
    const listed = (await call('GET', `${s.url}/gift-shops`, s.merchant.headers)).json() as Shop[];
    expect(listed.map((x) => x.id)).toEqual([shop.id, all.id]);

    // Changing the products changes what the code opens.
    const changed = await call('PATCH', `${s.url}/gift-shops/${shop.id}`, s.merchant.headers, { productIds: [c.productId], name: 'West Lake tea room' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'West Lake tea room', productIds: [c.productId] });
    expect(await scannedIds(shop.id)).toEqual([c.productId]);

    // What the gift flow asks of a shop: the product must be one it offers.
    expect(await shopForGift(env.ctx.db, shop.id, c.productId)).toEqual({ id: shop.id, storeId: s.storeId, name: 'West Lake tea room', address: '18 Longjing Road, Hangzhou' });
    await expect(shopForGift(env.ctx.db, shop.id, a.productId)).rejects.toMatchObject({ status: 422, code: 'product_not_in_shop' });
    // Sent from the shop: what it offers is (offline channel); another product of the store is refused, its stock untouched.
    const sent = await sendFrom(shop.id, c.skuIds[0]);
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().gift).toMatchObject({ channel: 'offline', shopId: shop.id });
    expectProblem(await sendFrom(shop.id, a.skuIds[0]), 422, 'product_not_in_shop');
    expect(await stockOf(a.skuIds[0])).toBe(5);
  });

  it('only giftable products on sale are listed: not switched off, not delisted, not above the gift price cap', async () => {
    const s = await openStore(env);
    const cheap = await listedProduct(env, s, [{ price: 2000, stock: 3 }], 'Cheap');
    const mixed = await listedProduct(env, s, [{ price: 1_500_000, stock: 3 }, { price: 8800, stock: 3 }], 'Mixed');
    const dear = await listedProduct(env, s, [{ price: 1_000_001, stock: 3 }], 'Too dear for a gift');
    const off = await listedProduct(env, s, [{ price: 2000, stock: 3 }], 'Gifting off');
    const delisted = await listedProduct(env, s, [{ price: 2000, stock: 3 }], 'Delisted');
    expect((await call('PUT', `${s.url}/products/${off.productId}/gifting`, s.merchant.headers, { enabled: false })).statusCode).toBe(200);
    expect((await call('POST', `${s.url}/products/${delisted.productId}/delist`, s.merchant.headers)).statusCode).toBe(200);
    const shop = await newShop(s, { name: 'Counter', address: 'Somewhere 1' });
    const page = (await scan(shop.id)).json();
    expect(sorted(page.products.map((p: { id: string }) => p.id))).toEqual(sorted([cheap.productId, mixed.productId]));
    // The price shown is that of the cheapest SKU that may be a gift.
    expect(page.products.find((p: { id: string }) => p.id === mixed.productId).price).toBe(8800);
    expect(dear.productId).toBeTruthy();
  });

  it('the operator excludes a category: its products are no longer giftable anywhere below it, until it is lifted', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 2000, stock: 3 }], 'Silk dress');
    const shop = await newShop(s, { name: 'Counter', address: 'Somewhere 2' });
    expect(await scannedIds(shop.id)).toEqual([p.productId]);
    const apparel = await categoryId(env, 'apparel');
    const dresses = await categoryId(env, 'apparel.women.dresses');
    const exclude = (id: number, giftExcluded: boolean) => call('PATCH', `/api/operator/categories/${id}`, s.op.headers, { giftExcluded });

    const res = await exclude(apparel, true);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: apparel, giftExcluded: true });
    expect(await scannedIds(shop.id)).toEqual([]);
    const gifting = await call('GET', `/api/products/${p.productId}/gift-options`);
    expect(gifting.json()).toMatchObject({ giftable: false, reason: 'category_excluded' });
    // The operator's tree shows it on the category itself and, inherited, below it.
    const tree = (await call('GET', '/api/categories')).json().categories as { id: number; giftExcluded: boolean; giftExcludedEffective: boolean; children: { children: { id: number; giftExcluded: boolean; giftExcludedEffective: boolean }[] }[] }[];
    const top = tree.find((c) => c.id === apparel)!;
    expect(top).toMatchObject({ giftExcluded: true, giftExcludedEffective: true });
    expect(top.children.flatMap((c) => c.children).find((c) => c.id === dresses)).toMatchObject({ giftExcluded: false, giftExcludedEffective: true });
    // Audited as the other category changes are.
    const audit = (await call('GET', `/api/operator/audit?entityType=category&action=category.update`, s.op.headers)).json().items;
    expect(audit[0]).toMatchObject({ entityId: String(apparel), before: { giftExcluded: false }, after: { giftExcluded: true } });
    // Merchants may not change it.
    expectProblem(await call('PATCH', `/api/operator/categories/${apparel}`, s.merchant.headers, { giftExcluded: false }), 403, 'forbidden');

    expect((await exclude(apparel, false)).statusCode).toBe(200);
    expect(await scannedIds(shop.id)).toEqual([p.productId]);
    // Excluding the leaf alone works too.
    await exclude(dresses, true);
    expect(await scannedIds(shop.id)).toEqual([]);
    await exclude(dresses, false);
  });

  it('an archived shop is not found by its code, cannot be changed, and stays in the list', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s);
    const shop = await newShop(s, { name: 'Pop-up', address: 'Market square' });
    const archived = await call('DELETE', `${s.url}/gift-shops/${shop.id}`, s.merchant.headers);
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json().archivedAt).toEqual(expect.any(String));
    expectProblem(await scan(shop.id), 404, 'gift_shop_not_found');
    expectProblem(await scan(randomUUID()), 404, 'gift_shop_not_found');
    await expect(shopForGift(env.ctx.db, shop.id, p.productId)).rejects.toMatchObject({ status: 404, code: 'gift_shop_not_found' });
    expectProblem(await sendFrom(shop.id, p.skuIds[0]), 404, 'gift_shop_not_found');
    expectProblem(await call('PATCH', `${s.url}/gift-shops/${shop.id}`, s.merchant.headers, { name: 'Back again' }), 409, 'gift_shop_archived');
    // Archiving twice changes nothing.
    expect((await call('DELETE', `${s.url}/gift-shops/${shop.id}`, s.merchant.headers)).json().archivedAt).toBe(archived.json().archivedAt);
    const open = await newShop(s, { name: 'Main shop', address: 'High street 1' });
    const listed = (await call('GET', `${s.url}/gift-shops`, s.merchant.headers)).json() as Shop[];
    expect(listed.map((x) => [x.id, x.archivedAt === null])).toEqual([[open.id, true], [shop.id, false]]);
    const audit = (await call('GET', `${s.url}/audit?entityType=gift_shop`, s.merchant.headers)).json().items.map((a: { action: string }) => a.action);
    expect(audit).toEqual(['gift_shop.create', 'gift_shop.archive', 'gift_shop.create']);
  });

  it('per-shop counts and sales: paid gifts from the shop (less refunded units) and orders made there', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 2500, stock: 20 }]);
    const shop = await newShop(s, { name: 'Counter', address: 'Somewhere 3' });
    const other = await newShop(s, { name: 'Other counter', address: 'Somewhere 4' });
    const giver = await buyer(env);
    const now = env.clock.now();
    const gift = (state: string, units: number, returned: number, paid: boolean, shopId = shop.id) => env.ctx.db.execute(sql`
      insert into gifts (store_id, giver_id, giver_name, kind, product_id, sku_id, title, unit_price, currency, unit_quantity, units, units_returned,
        token_hash, state, shop_id, channel, paid_at, created_at, updated_at)
      values (${s.storeId}, ${giver.userId}, 'Giver', ${units > 1 ? 'first_come' : 'single'}, ${p.productId}, ${p.skuIds[0]}, 'Gift', 2500, 'CNY', 1, ${units}, ${returned},
        ${randomUUID()}, ${state}, ${shopId}, 'offline', ${paid ? now : null}, ${now}, ${now})`);
    await gift('waiting', 1, 0, true);
    await gift('claimed', 3, 0, true);
    await gift('refunded', 4, 3, true); // one of four units claimed, three refunded
    await gift('awaiting_payment', 2, 0, false); // not paid: not counted
    await gift('cancelled', 1, 0, false);
    await gift('waiting', 5, 0, true, other.id);
    const out = await checkoutOk(env, giver, [{ skuId: p.skuIds[0], quantity: 1 }]);
    await env.ctx.db.execute(sql`update orders set shop_id = ${shop.id} where id = ${out.orders[0].id}`);

    const listed = (await call('GET', `${s.url}/gift-shops`, s.merchant.headers)).json() as Shop[];
    expect(listed.find((x) => x.id === shop.id)!.stats).toEqual({ gifts: 3, orders: 1, sales: 2500 * (1 + 3 + 1), currency: 'CNY' });
    expect(listed.find((x) => x.id === other.id)!.stats).toEqual({ gifts: 1, orders: 0, sales: 2500 * 5, currency: 'CNY' });
  });

  it("roles and stores: buyers get 403, other merchants 404, another store's products or shops are not found", async () => {
    const a = await openStore(env);
    const b = await openStore(env);
    const pa = await listedProduct(env, a);
    const pb = await listedProduct(env, b);
    const shopA = await newShop(a, { name: 'A shop', address: 'A street' });
    const before = await rows(env.ctx.db, 'gift_shops');
    const customer = await signUp(env.app, 'buyer');
    expectProblem(await call('GET', `${a.url}/gift-shops`, customer.headers), 403, 'forbidden');
    expectProblem(await call('POST', `${a.url}/gift-shops`, customer.headers, { name: 'x', address: 'y' }), 403, 'forbidden');
    expectProblem(await call('GET', `${a.url}/gift-shops`), 401, 'unauthorized');
    expectProblem(await call('GET', `${a.url}/gift-shops`, b.merchant.headers), 404, 'store_not_found');
    expectProblem(await call('POST', `${a.url}/gift-shops`, b.merchant.headers, { name: 'x', address: 'y' }), 404, 'store_not_found');
    expectProblem(await call('DELETE', `${a.url}/gift-shops/${shopA.id}`, b.merchant.headers), 404, 'store_not_found');
    // Through their own store, A's shop and A's products are not found.
    expectProblem(await call('PATCH', `${b.url}/gift-shops/${shopA.id}`, b.merchant.headers, { name: 'Mine now' }), 404, 'gift_shop_not_found');
    expectProblem(await call('DELETE', `${b.url}/gift-shops/${shopA.id}`, b.merchant.headers), 404, 'gift_shop_not_found');
    expectProblem(await call('POST', `${b.url}/gift-shops`, b.merchant.headers, { name: 'B shop', address: 'B street', productIds: [pb.productId, pa.productId] }), 404, 'product_not_found');
    expectProblem(await call('PATCH', `${a.url}/gift-shops/${shopA.id}`, a.merchant.headers, { productIds: [pb.productId] }), 404, 'product_not_found');
    expectProblem(await call('POST', `${b.url}/gift-shops`, b.merchant.headers, { name: '', address: 'B street' }), 400, 'validation_failed');
    expect(await rows(env.ctx.db, 'gift_shops')).toEqual(before);
    // B's product is not offered by A's shop.
    await expect(shopForGift(env.ctx.db, shopA.id, pb.productId)).rejects.toMatchObject({ status: 422, code: 'product_not_in_shop' });
  });
});
