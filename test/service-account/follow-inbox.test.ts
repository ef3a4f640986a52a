// The service account as buyers and merchants meet it: following from the store page or after a purchase (the source
// recorded), the merchant's followers with filters and counts, notices of order events in the inbox of followers
// only (once per event however often delivered, muted kinds skipped, worded by the merchant per language), unread
// counts and read state, and who may see what.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, openStore, type Buyer, type Store } from '../orders/fixtures.ts';
import { paidOrder } from '../aftersales/money-support.ts';
import { deliver, followStore, inbox, ok, ship, staff } from './support.ts';

let env: TestEnv;
let s: Store;
let other: Store;
let skuId: string;

beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: String(24 * 365) });
  [s, other] = [await openStore(env), await openStore(env)];
  ({ skuIds: [skuId] } = await listedProduct(env, s, [{ price: 12_345, stock: 100 }]));
});
afterAll(() => env?.close());

const notices = async (b: Buyer) => (await inbox(env, b)).items.filter((m: { kind: string }) => m.kind === 'notice');

describe('following', () => {
  it('from the store page, once; unfollowing and following again after a purchase records the new source', async () => {
    const b = await buyer(env);
    expect(await ok(followStore(env, b, s))).toMatchObject({ storeId: s.storeId, storeName: s.storeName, following: true, source: 'store_page' });
    expect(await ok(followStore(env, b, s, { source: 'mini_site' }))).toMatchObject({ following: true, source: 'store_page' });
    expect((await ok(call(env, 'GET', '/api/follows', b.headers))).map((f: { storeId: string }) => f.storeId)).toEqual([s.storeId]);
    expect(await ok(call(env, 'DELETE', `/api/follows/${s.storeId}`, b.headers))).toMatchObject({ following: false, source: null });
    expect(await ok(call(env, 'GET', '/api/follows', b.headers))).toEqual([]);
    const o = await paidOrder(env, s, b, [{ skuId, quantity: 1 }]);
    expect(await ok(followStore(env, b, s, { source: 'after_purchase', orderId: o.id }))).toMatchObject({ following: true, source: 'after_purchase' });
  });

  it('after a purchase needs an order of the buyer at that store; a store that is not open is not found', async () => {
    const b = await buyer(env);
    const stranger = await buyer(env);
    const o = await paidOrder(env, s, b, [{ skuId, quantity: 1 }]);
    const none = await followStore(env, b, s, { source: 'after_purchase' });
    expect([none.statusCode, none.json().code]).toEqual([422, 'follow_order_required']);
    const theirs = await followStore(env, stranger, s, { source: 'after_purchase', orderId: o.id });
    expect([theirs.statusCode, theirs.json().code]).toEqual([422, 'follow_order_not_found']);
    const elsewhere = await followStore(env, b, other, { source: 'after_purchase', orderId: o.id });
    expect(elsewhere.json().code).toBe('follow_order_not_found');
    const notAGift = await followStore(env, b, s, { source: 'after_gift_claim', orderId: o.id });
    expect(notAGift.json().code).toBe('follow_order_not_found');
    const missing = await call(env, 'PUT', '/api/follows/00000000-0000-4000-8000-000000000000', b.headers, { source: 'store_page' });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'store_not_found']);
  });
});

describe('the followers list', () => {
  it('filters by source, member level and last purchase, with counts by source; only the store’s own staff see it', async () => {
    const store = await openStore(env);
    const { skuIds: [sku] } = await listedProduct(env, store, [{ price: 5_000, stock: 50 }]);
    await ok(call(env, 'PUT', `${store.url}/membership`, store.merchant.headers, {
      enabled: true, growthPerUnit: 1, pointsPerUnit: 1, pointsPerMinor: 1, maxPointsShareBp: 5000, pointsValidDays: 30, signupCouponId: null,
      levels: [{ level: 1, name: 'Member', growthRequired: 0, priceBp: 10000 }, { level: 2, name: 'Gold', growthRequired: 10, priceBp: 9500 }],
    }));
    const [page, bought, lapsed] = [await buyer(env), await buyer(env), await buyer(env)];
    await ok(followStore(env, page, store));
    // Newest follower first: a second apart, so the order does not rest on a tie.
    env.clock.advance(1000);
    const o1 = await paidOrder(env, store, bought, [{ skuId: sku, quantity: 1 }]);
    await ok(followStore(env, bought, store, { source: 'after_purchase', orderId: o1.id }));
    await ok(call(env, 'POST', `/api/memberships/${store.storeId}/join`, bought.headers, { source: 'after_purchase', orderId: o1.id }));
    await deliver(env);
    env.clock.advance(40 * 86_400_000);
    const o2 = await paidOrder(env, store, lapsed, [{ skuId: sku, quantity: 1 }]);
    await ok(followStore(env, lapsed, store, { source: 'after_purchase', orderId: o2.id }));
    env.clock.advance(40 * 86_400_000);

    const list = (q = '') => ok(call(env, 'GET', `${store.url}/followers${q}`, store.merchant.headers));
    const all = await list();
    expect(all.total).toBe(3);
    expect(all.bySource).toMatchObject({ store_page: 1, after_purchase: 2, after_gift_claim: 0 });
    expect(all.items.map((f: { buyerId: string }) => f.buyerId)).toEqual([lapsed.userId, bought.userId, page.userId]);
    expect(all.items.find((f: { buyerId: string }) => f.buyerId === bought.userId)).toMatchObject({ level: 2, orders: 1, source: 'after_purchase' });
    expect((await list('?source=store_page')).items.map((f: { buyerId: string }) => f.buyerId)).toEqual([page.userId]);
    expect((await list('?minLevel=2')).items.map((f: { buyerId: string }) => f.buyerId)).toEqual([bought.userId]);
    expect((await list('?boughtWithinDays=60')).items.map((f: { buyerId: string }) => f.buyerId)).toEqual([lapsed.userId]);
    const notFor = await list('?notBoughtForDays=60');
    expect(notFor.items.map((f: { buyerId: string }) => f.buyerId).sort()).toEqual([bought.userId, page.userId].sort());
    expect(notFor.total).toBe(2);

    expect((await call(env, 'GET', `${store.url}/followers`, s.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'GET', `${store.url}/followers`, page.headers)).statusCode).toBe(403);
    const reader = await staff(env, store, 'read_only');
    expect((await call(env, 'GET', `${store.url}/followers`, reader.headers)).statusCode).toBe(200);
  });
});

describe('notices', () => {
  it('a follower gets "paid" and "shipped" once each, however often delivered; a buyer who does not follow gets none', async () => {
    const fan = await buyer(env);
    const stranger = await buyer(env);
    await ok(followStore(env, fan, s));
    const o = await paidOrder(env, s, fan, [{ skuId, quantity: 1 }]);
    const o2 = await paidOrder(env, s, stranger, [{ skuId, quantity: 1 }]);
    await ship(env, s, o.id);
    await ship(env, s, o2.id, 'SF000000001002');
    await deliver(env);
    await env.ctx.db.execute(sql`update outbox set delivered_at = null where payload->>'orderId' = ${o.id}`);
    await deliver(env);
    const got = await notices(fan);
    expect(got.map((m: { noticeKind: string }) => m.noticeKind)).toEqual(['order_shipped', 'order_paid']);
    const ref = o.id.slice(0, 8).toUpperCase();
    expect(got[1].texts).toEqual({
      en: `Thank you! ${s.storeName} received your payment of CN¥123.45 for order ${ref}.`,
      zh: `感谢您的购买！${s.storeName}已收到订单 ${ref} 的付款 ¥123.45。`,
      vi: `Cảm ơn bạn! ${s.storeName} đã nhận thanh toán 123,45\u00a0CN¥ cho đơn hàng ${ref}.`,
    });
    expect(got[0].texts.zh).toContain('顺丰速运，运单号 SF000000001001');
    expect(got[0]).toMatchObject({ storeId: s.storeId, storeName: s.storeName, orderId: o.id, read: false, fromBuyer: false });
    expect(await notices(stranger)).toEqual([]);
  });

  it('follow the merchant’s wording per language; a field a notice does not have is refused', async () => {
    const bad = await call(env, 'PUT', `${s.url}/notice-templates/order_shipped`, s.merchant.headers, { en: 'On its way with {courier}' });
    expect([bad.statusCode, bad.json().code]).toEqual([422, 'notice_template_invalid']);
    const saved = await ok(call(env, 'PUT', `${s.url}/notice-templates/order_shipped`, s.merchant.headers, { vi: 'Hàng của bạn đã lên đường ({trackingNo})!' }));
    expect(saved.texts.vi).toMatchObject({ custom: 'Hàng của bạn đã lên đường ({trackingNo})!' });
    expect(saved.texts.en.custom).toBeNull();
    const b = await buyer(env);
    await ok(followStore(env, b, s));
    const o = await paidOrder(env, s, b, [{ skuId, quantity: 1 }]);
    await ship(env, s, o.id, 'SF000000009999');
    await deliver(env);
    const [shipped] = await notices(b);
    expect(shipped.texts.vi).toBe('Hàng của bạn đã lên đường (SF000000009999)!');
    expect(shipped.texts.en).toContain('tracking number SF000000009999');
    await ok(call(env, 'PUT', `${s.url}/notice-templates/order_shipped`, s.merchant.headers, { vi: null }));
    const audit = (await call(env, 'GET', `${s.url}/audit?action=service.notice_template_saved`, s.merchant.headers)).json();
    expect(audit.items.length).toBe(2);
    const cs = await staff(env, s, 'customer_service');
    expect((await call(env, 'PUT', `${s.url}/notice-templates/order_shipped`, cs.headers, { en: 'x' })).statusCode).toBe(403);
  });

  it('a muted kind is not sent; the others still are', async () => {
    const b = await buyer(env);
    await ok(followStore(env, b, s));
    expect(await ok(call(env, 'PUT', `/api/inbox/stores/${s.storeId}/mutes`, b.headers, { kinds: ['order_paid'] }))).toEqual({ kinds: ['order_paid'] });
    const o = await paidOrder(env, s, b, [{ skuId, quantity: 1 }]);
    await ship(env, s, o.id);
    await deliver(env);
    expect((await notices(b)).map((m: { noticeKind: string }) => m.noticeKind)).toEqual(['order_shipped']);
  });
});

describe('the inbox', () => {
  it('counts unread messages per store and in all; reading one, a store’s, or all of them', async () => {
    const b = await buyer(env);
    const { skuIds: [otherSku] } = await listedProduct(env, other, [{ price: 900, stock: 10 }]);
    await ok(followStore(env, b, s));
    await ok(followStore(env, b, other));
    await paidOrder(env, s, b, [{ skuId, quantity: 1 }]);
    const o = await paidOrder(env, other, b, [{ skuId: otherSku, quantity: 1 }]);
    await ship(env, other, o.id);
    await deliver(env);
    const all = await inbox(env, b);
    expect(all.items.map((m: { storeId: string }) => m.storeId)).toEqual([other.storeId, other.storeId, s.storeId]);
    expect(all.unread.count).toBe(3);
    expect(all.unread.byStore).toEqual(expect.arrayContaining([{ storeId: s.storeId, count: 1 }, { storeId: other.storeId, count: 2 }]));
    expect((await inbox(env, b, `?storeId=${s.storeId}`)).items.length).toBe(1);
    expect((await inbox(env, b, `?before=${all.items[0].id}&limit=1`)).items.map((m: { id: number }) => m.id)).toEqual([all.items[1].id]);
    expect((await ok(call(env, 'POST', '/api/inbox/read', b.headers, { id: all.items[0].id }))).count).toBe(2);
    expect((await ok(call(env, 'POST', '/api/inbox/read', b.headers, { storeId: s.storeId }))).byStore).toEqual([{ storeId: other.storeId, count: 1 }]);
    expect(await ok(call(env, 'POST', '/api/inbox/read', b.headers, {}))).toEqual({ count: 0, byStore: [] });
    // Another buyer's messages are not theirs to read.
    const nosy = await buyer(env);
    expect((await inbox(env, nosy)).items).toEqual([]);
    expect((await call(env, 'GET', '/api/inbox', s.merchant.headers)).statusCode).toBe(403);
  });
});
