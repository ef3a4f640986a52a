// A buyer sends a gift and a friend receives it: send, pay through the sandbox, share the link, the friend opens it
// (no price), switches to another variant of the same price, enters an address and accepts; the merchant ships it
// with the printed card; the giver sees "claimed" and who, never the address. Also: which products may be gifts,
// merchants' free gifts, and gifts from an offline shop's QR code.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalar } from '../api/support.ts';
import { categoryId, testEnv, type TestEnv } from '../helpers.ts';
import { address, buyer, call, listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { claim, expectNoAddress, expectNoPrice, openLink, paidGift, sendOk } from './support.ts';

let env: TestEnv;
let s: Store;
beforeAll(async () => {
  env = await testEnv();
  s = await openStore(env);
});
afterAll(async () => env?.close());

const stockOf = (skuId: string) => scalar<number>(env.ctx.db, sql`select stock from skus where id = ${skuId}`);
const outbox = (topic: string, giftId: string) => scalar<number>(env.ctx.db, sql`select count(*)::int from outbox where topic = ${topic} and payload->>'giftId' = ${giftId}`);

describe('a gift from one buyer to another', () => {
  it('is sent, paid, opened without price, claimed as another variant of the same price, shipped with its card; the giver never sees the address', async () => {
    const p = await listedProduct(env, s, [{ price: 6800, stock: 5 }, { price: 6800, stock: 2 }, { price: 9900, stock: 5 }]);
    const giver = await buyer(env);
    const friend = await buyer(env);

    // The product may be a gift: every SKU under the cap.
    const options = (await call(env, 'GET', `/api/products/${p.productId}/gift-options`, {})).json();
    expect(options).toMatchObject({ giftable: true, reason: null, priceCap: 1_000_000 });
    expect(options.skus.map((k: { giftable: boolean }) => k.giftable)).toEqual([true, true, true]);
    const card = options.decoration.cards[0];
    const sticker = options.decoration.stickers[0];

    // Sent: stock taken at once, a payment to make, no link until paid.
    const sent = await sendOk(env, giver, { skuId: p.skuIds[0], kind: 'single', quantity: 1, message: '生日快乐 Lan!', receiverName: 'Lan', cardId: card.id, stickers: [{ stickerId: sticker.id, x: 0.2, y: 0.3 }] });
    expect(sent).toMatchObject({ amount: 6800, currency: 'CNY', gift: { state: 'awaiting_payment', sharePath: null } });
    expect(await stockOf(p.skuIds[0])).toBe(4);
    const payment = (await call(env, 'GET', `/api/payments/${sent.paymentId}`, giver.headers)).json();
    expect(payment).toMatchObject({ purpose: 'gift', amount: 6800, state: 'awaiting' });

    const { gift, token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'single', message: 'For you', cardId: card.id, stickers: [{ stickerId: sticker.id, x: 0.5, y: 0.25 }] });
    expect(gift).toMatchObject({ state: 'waiting', stateCode: 10, unitPrice: 6800, amount: 6800, cardId: card.id });
    expect(token).toHaveLength(43); // 256 bits
    // Only the token's hash is stored.
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from gifts where token_hash = ${token}`)).toBe(0);
    // The giver sees the same link again later.
    expect((await call(env, 'GET', '/api/gifts/sent', giver.headers)).json().items.find((g: { id: string }) => g.id === gift.id).sharePath).toBe(`/g/${token}`);

    // The friend opens it: decorated, the giver's name and message, the same-price variants only, no price anywhere.
    const page = await openLink(env, token, friend);
    expect(page.statusCode).toBe(200);
    const view = page.json();
    expectNoPrice(view);
    expect(view).toMatchObject({ state: 'waiting', giverName: expect.stringMatching(/^buyer/), message: 'For you', title: 'Down jacket 羽绒服', unitsLeft: 1 });
    expect(view.decoration.card.id).toBe(card.id);
    expect(view.skus.map((k: { id: string }) => k.id)).toEqual([p.skuIds[0], p.skuIds[1]]);
    expect(view.viewer).toEqual({ signedIn: true, isGiver: false, canClaim: true, claimed: false, won: false, orderId: null });
    // Signed out, it opens too (and says one must sign in to accept).
    expect((await openLink(env, token)).json().viewer).toMatchObject({ signedIn: false, canClaim: false });
    // The giver may not claim it.
    expect((await openLink(env, token, giver)).json().viewer).toMatchObject({ isGiver: true, canClaim: false });

    // Claimed as the other variant: the stock moves from one SKU to the other.
    const [before0, before1] = [await stockOf(p.skuIds[0]), await stockOf(p.skuIds[1])];
    const claimed = await claim(env, token, friend, { skuId: p.skuIds[1], address });
    expect(claimed.statusCode, claimed.body).toBe(201);
    expectNoPrice(claimed.json());
    const { orderId } = claimed.json();
    expect(claimed.json().page).toMatchObject({ state: 'claimed', stateCode: 20, attrs: { size: 'S1' }, viewer: { claimed: true, orderId } });
    expect(await stockOf(p.skuIds[0])).toBe(before0 + 1);
    expect(await stockOf(p.skuIds[1])).toBe(before1 - 1);
    expect(await outbox('message.gift_claimed', gift.id)).toBe(1);

    // The recipient's own order list does not show it (it has prices); "my gifts" does, without a price.
    const mine = (await call(env, 'GET', '/api/orders', friend.headers)).json();
    expect(mine.orders.map((o: { id: string }) => o.id)).not.toContain(orderId);
    expect((await call(env, 'GET', `/api/orders/${orderId}`, friend.headers)).statusCode).toBe(404);
    const received = (await call(env, 'GET', '/api/gifts/received', friend.headers)).json();
    expectNoPrice(received);
    expect(received.items).toEqual([expect.objectContaining({ giftId: gift.id, state: 'claimed', orderId, orderState: 'awaiting_shipment', attrs: { size: 'S1' } })]);

    // The merchant sees a paid order to the friend's address with the card to print, and ships it.
    const order = (await call(env, 'GET', `${s.url}/orders/${orderId}`, s.merchant.headers)).json();
    expect(order).toMatchObject({ state: 'awaiting_shipment', total: 6800, paymentId: gift.paymentId, address: { name: address.name, line: address.line } });
    expect(order.items).toEqual([expect.objectContaining({ skuId: p.skuIds[1], quantity: 1, unitPrice: 6800 })]);
    expect(order.gift).toEqual({ giftId: gift.id, card: { cardId: card.id, cardName: card.name, giverName: expect.stringMatching(/^buyer/), receiverName: expect.stringMatching(/^buyer/), message: 'For you', language: 'en',
      stickers: [{ stickerId: sticker.id, x: 0.5, y: 0.25 }] } });
    const shipped = await call(env, 'POST', `${s.url}/orders/${orderId}/shipments`, s.merchant.headers, { carrier: 'sf', trackingNo: 'SF001234567890' });
    expect(shipped.statusCode, shipped.body).toBe(201);
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from outbox where topic = 'message.gift_shipped' and payload->>'orderId' = ${orderId} and payload->>'userId' = ${friend.userId}`)).toBe(1);

    // The giver: claimed, by whom, the order's state; never the address.
    const seen = (await call(env, 'GET', `/api/gifts/${gift.id}`, giver.headers)).json();
    expect(seen).toMatchObject({ state: 'claimed', unitsClaimed: 1, claims: [{ claimantName: expect.stringMatching(/^buyer/), state: 'claimed', orderState: 'awaiting_receipt' }] });
    expectNoAddress(seen);
    expectNoAddress((await call(env, 'GET', '/api/gifts/sent', giver.headers)).json());
    // Nobody else sees the giver's gift.
    expect((await call(env, 'GET', `/api/gifts/${gift.id}`, friend.headers)).statusCode).toBe(404);

    // The friend sees it shipped and confirms receipt.
    const claimId = received.items[0].claimId;
    const done = await call(env, 'POST', `/api/gifts/received/${claimId}/confirm-receipt`, friend.headers);
    expect(done.statusCode, done.body).toBe(200);
    expectNoPrice(done.json());
    expect(done.json()).toMatchObject({ orderState: 'completed', shipments: [{ carrier: 'sf', trackingNo: 'SF001234567890' }] });
  });
});

describe('sending a gift again with the same Idempotency-Key', () => {
  it('answers the same gift and payment again, taking the stock once; another body with that key is refused', async () => {
    const p = await listedProduct(env, s, [{ price: 4200, stock: 5 }]);
    const giver = await buyer(env);
    const body = { skuId: p.skuIds[0], kind: 'first_come', units: 2, message: 'Share it', receiverName: 'Team', cardId: 'classic', stickers: [{ stickerId: 'star', x: 0.1, y: 0.9 }], cardLanguage: 'vi' };
    const key = randomUUID();
    const first = await call(env, 'POST', '/api/gifts', giver.headers, body, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    const again = await call(env, 'POST', '/api/gifts', giver.headers, body, { 'idempotency-key': key });
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(again.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ amount: 8400, gift: { kind: 'first_come', units: 2, unitsClaimed: 0, state: 'awaiting_payment', sharePath: null, claims: [] } });
    // The answer shows the gift as the giver's own view of it does.
    expect(first.json().gift).toEqual((await call(env, 'GET', `/api/gifts/${first.json().gift.id}`, giver.headers)).json());
    expect(await stockOf(p.skuIds[0])).toBe(3);
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from gifts where giver_id = ${giver.userId}`)).toBe(1);
    const other = await call(env, 'POST', '/api/gifts', giver.headers, { ...body, units: 3 }, { 'idempotency-key': key });
    expect([other.statusCode, other.json().code]).toEqual([422, 'idempotency_key_reused']);
    expect(await stockOf(p.skuIds[0])).toBe(3);
  });
});

describe('which products may be gifts', () => {
  it('not those of an excluded category (or below one), above the price cap, switched off by the merchant, or not on sale', async () => {
    const men = await openStore(env, ['apparel.men.shirts']);
    const shirt = await listedProduct(env, men, [{ price: 3000, stock: 5 }]);
    const dear = await listedProduct(env, s, [{ price: 1_000_001, stock: 5 }, { price: 5000, stock: 5 }]);
    const dearest = await listedProduct(env, s, [{ price: 2_000_000, stock: 5 }]);
    const off = await listedProduct(env, s, [{ price: 5000, stock: 5 }]);
    const giver = await buyer(env);
    const reasonOf = async (productId: string) => (await call(env, 'GET', `/api/products/${productId}/gift-options`, {})).json();
    const refused = async (skuId: string, reason: string) => {
      const stock = await stockOf(skuId);
      const res = await call(env, 'POST', '/api/gifts', giver.headers, { skuId, kind: 'single', message: 'hi' });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'product_not_giftable', reason });
      expect(await stockOf(skuId)).toBe(stock);
    };

    // The operator excludes "men" (level 2): its shirts (level 3) can no longer be gifts.
    await env.ctx.db.execute(sql`update categories set gift_excluded = true where id = ${await categoryId(env, 'apparel.men')}`);
    expect(await reasonOf(shirt.productId)).toMatchObject({ giftable: false, reason: 'category_excluded' });
    await refused(shirt.skuIds[0], 'category_excluded');

    // One SKU above the cap: the product is giftable, that SKU is not.
    const d = await reasonOf(dear.productId);
    expect(d).toMatchObject({ giftable: true });
    expect(d.skus.map((k: { price: number; giftable: boolean }) => [k.price, k.giftable])).toEqual([[1_000_001, false], [5000, true]]);
    await refused(dear.skuIds[0], 'price_above_cap');
    expect(await reasonOf(dearest.productId)).toMatchObject({ giftable: false, reason: 'price_above_cap' });

    await env.ctx.db.execute(sql`update products set gifting_enabled = false where id = ${off.productId}`);
    expect(await reasonOf(off.productId)).toMatchObject({ giftable: false, reason: 'gifting_off' });
    await refused(off.skuIds[0], 'gifting_off');

    await env.ctx.db.execute(sql`update products set live_state = 'delisted_by_merchant' where id = ${off.productId}`);
    await env.ctx.db.execute(sql`update products set gifting_enabled = true where id = ${off.productId}`);
    await refused(off.skuIds[0], 'not_on_sale');
  });
});

describe("a store's free gift", () => {
  it('costs nothing, needs no payment, and only the buyer it is for may claim it', async () => {
    const p = await listedProduct(env, s, [{ price: 4500, stock: 4 }]);
    const lucky = await buyer(env);
    const other = await buyer(env);
    const res = await call(env, 'POST', `${s.url}/free-gifts`, { ...s.merchant.headers, 'idempotency-key': 'free-1' }, { skuId: p.skuIds[0], quantity: 2, recipientEmail: lucky.email, message: 'Thank you for following us' });
    expect(res.statusCode, res.body).toBe(201);
    const gift = res.json();
    expect(gift).toMatchObject({ state: 'waiting', source: 'merchant', paymentId: null, unitQuantity: 2, sharePath: null });
    expect(await stockOf(p.skuIds[0])).toBe(2);
    // An unknown buyer, or another store's SKU: refused.
    expect((await call(env, 'POST', `${s.url}/free-gifts`, s.merchant.headers, { skuId: p.skuIds[0], quantity: 1, recipientEmail: 'nobody@test.trio', message: '' })).json().code).toBe('buyer_not_found');

    // The buyer finds it among its gifts, with the link to accept it.
    const received = (await call(env, 'GET', '/api/gifts/received', lucky.headers)).json();
    expectNoPrice(received);
    const item = received.items.find((x: { giftId: string }) => x.giftId === gift.id);
    expect(item).toMatchObject({ state: 'unclaimed', giverName: expect.stringMatching(/^Store/) });
    const token = item.sharePath.split('/').pop();
    const forOther = await claim(env, token, other);
    expect(forOther.statusCode).toBe(403);
    expect(forOther.json().code).toBe('gift_not_for_you');
    const ok = await claim(env, token, lucky);
    expect(ok.statusCode, ok.body).toBe(201);
    const order = (await call(env, 'GET', `${s.url}/orders/${ok.json().orderId}`, s.merchant.headers)).json();
    expect(order).toMatchObject({ state: 'awaiting_shipment', itemsTotal: 9000, discount: 9000, total: 0, paymentId: null });
    const list = (await call(env, 'GET', `${s.url}/gifts`, s.merchant.headers)).json();
    expect(list.items.find((g: { id: string }) => g.id === gift.id)).toMatchObject({ state: 'claimed', claims: [{ state: 'claimed' }] });
  });
});

describe('a gift from an offline shop', () => {
  it('carries the offline channel and the shop, which the merchant sees on the order', async () => {
    const p = await listedProduct(env, s, [{ price: 2500, stock: 5 }]);
    const shop = await call(env, 'POST', `${s.url}/gift-shops`, s.merchant.headers, { name: 'Counter at Jing\'an', address: '1 Nanjing West Road' });
    expect(shop.statusCode, shop.body).toBe(201);
    const giver = await buyer(env);
    const { gift, token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'single', shopId: shop.json().id });
    expect(gift).toMatchObject({ channel: 'offline', shopId: shop.json().id });
    const ok = await claim(env, token, await buyer(env));
    const order = (await call(env, 'GET', `${s.url}/orders/${ok.json().orderId}`, s.merchant.headers)).json();
    expect(order).toMatchObject({ channel: 'offline', shopId: shop.json().id, shopName: 'Counter at Jing\'an' });
  });
});
