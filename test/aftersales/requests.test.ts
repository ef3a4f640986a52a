// A buyer asks for after-sales: every rule of the window and the item, each bad input a stable 4xx that changes
// nothing; photo evidence; the merchant accepts, rejects or proposes; lists, the merchant's queue by urgency, the
// order detail.
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, scalar } from '../api/support.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { multipart, PNG, testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, type Buyer, type Store } from '../orders/fixtures.ts';
import { ask, askOk, buyerDo, hours, merchantDo, ok, orderAt, storeWithReturns } from './support.ts';

let env: TestEnv;
let s: Store;
let other: Store;
let b: Buyer;
beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000', TRIO_AFTERSALES_MAX_PHOTOS: '2' });
  [s, other] = [await storeWithReturns(env), await storeWithReturns(env)];
  b = await buyer(env);
});
afterAll(async () => env?.close());

const count = (orderItemId: string) => scalar<number>(env.ctx.db, sql`select count(*)::int from after_sales where order_item_id = ${orderItemId}`);
const product = (price = 10000, stock = 20) => listedProduct(env, s, [{ price, stock }]);

describe('asking', () => {
  it('an unshipped item may be refunded at once: the whole paid share by default, the merchant due in 48 hours; a replayed key answers the same', async () => {
    const p = await product(3333);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 3 }], 'paid');
    const key = randomUUID();
    const first = await ask(env, b, o, { quantity: 2 }, key);
    expect(first.statusCode, first.body).toBe(201);
    const r = first.json();
    expect(r).toMatchObject({ state: 'merchant_processing', type: 'refund', quantity: 2, amount: 6666, agreedAmount: null, orderId: o.id, storeId: s.storeId });
    expect(new Date(r.dueAt).getTime() - env.clock.now().getTime()).toBe(48 * 3600_000);
    expect(r.timeline).toEqual([{ event: 'created', actorRole: 'buyer', fromState: null, toState: 'merchant_processing', detail: { type: 'refund', quantity: 2, amount: 6666 }, at: r.createdAt }]);
    expect(r.item).toMatchObject({ id: o.items[0].id, skuId: p.skuIds[0], quantity: 3 });
    const again = await ask(env, b, o, { quantity: 2 }, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(r.id);
    expect(await count(o.items[0].id)).toBe(1);
    // The order shows it to the buyer and the merchant.
    const detail = (await call(env, 'GET', `/api/orders/${o.id}`, b.headers)).json();
    expect(detail.afterSales).toEqual([{ id: r.id, orderItemId: o.items[0].id, type: 'refund', state: 'merchant_processing', amount: 6666, agreedAmount: null }]);
    expect((await call(env, 'GET', `${s.url}/orders/${o.id}`, s.merchant.headers)).json().afterSales).toHaveLength(1);
  });

  it('an unshipped item cannot be returned or exchanged', async () => {
    const p = await product();
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'paid');
    expectProblem(await ask(env, b, o, { type: 'return' }), 409, 'after_sale_type_not_allowed');
    expectProblem(await ask(env, b, o, { type: 'exchange', exchangeSkuId: p.skuIds[0] }), 409, 'after_sale_type_not_allowed');
    expect(await count(o.items[0].id)).toBe(0);
  });

  it('an unpaid order has nothing to ask back; another buyer cannot ask at all', async () => {
    const p = await product();
    const c = await call(env, 'POST', '/api/checkout', b.headers, { lines: [{ skuId: p.skuIds[0], quantity: 1 }], address: { name: 'Lin', phone: '+86 138 0000 0000', region: 'Shanghai', line: '1 Road' } });
    const o = c.json().orders[0];
    expectProblem(await ask(env, b, o), 409, 'order_item_not_paid');
    const paid = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'paid');
    expectProblem(await ask(env, await buyer(env), paid), 404, 'order_not_found');
    expectProblem(await ask(env, b, paid, { orderItemId: o.items[0].id }), 404, 'order_item_not_found');
  });

  it('refuses a second open request, a sixth request, more than was bought, more than was paid', async () => {
    const p = await product(1000);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 2 }], 'shipped');
    expectProblem(await ask(env, b, o, { quantity: 3 }), 422, 'quantity_exceeds_item');
    expectProblem(await ask(env, b, o, { quantity: 1, amount: 1001 }), 422, 'refund_exceeds_paid');
    expectProblem(await ask(env, b, o, { type: 'return', quantity: 2, amount: 2001 }), 422, 'refund_exceeds_paid');
    const first = await askOk(env, b, o, { type: 'return', quantity: 1, amount: 800 });
    expect(first.amount).toBe(800);
    expectProblem(await ask(env, b, o), 409, 'after_sale_open_exists');
    await ok(buyerDo(env, b, first.id, 'cancel'));
    for (let i = 0; i < 4; i++) await ok(buyerDo(env, b, (await askOk(env, b, o)).id, 'cancel'));
    expect(await count(o.items[0].id)).toBe(5);
    expectProblem(await ask(env, b, o), 409, 'after_sale_limit_reached');
    expect(await count(o.items[0].id)).toBe(5);
  });

  it('is open while shipped, then for 7 days after receipt, longer when the store says so', async () => {
    const p = await product();
    const shipped = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const received = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'received');
    hours(env, 7 * 24 - 1);
    const later = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'received');
    hours(env, 1);
    const closed = await ask(env, b, received, { type: 'return' });
    expectProblem(closed, 409, 'after_sale_window_closed');
    expect(closed.json().closedAt).toBeTruthy();
    await askOk(env, b, shipped, { type: 'return' });
    // The store lengthens its window (never below the platform's; only its own merchants may).
    const setDays = (days: number | null, who = s.merchant.headers) => call(env, 'PUT', `${s.url}/after-sales-window`, who, { days });
    expectProblem(await setDays(5), 422, 'after_sales_days_invalid');
    expectProblem(await setDays(20, other.merchant.headers), 404, 'store_not_found');
    expect((await setDays(20, b.headers)).statusCode).toBe(403);
    expect(await ok(setDays(15))).toMatchObject({ platformDays: 7, storeDays: 15, days: 15 });
    expect((await call(env, 'GET', `${s.url}/after-sales-window`, s.merchant.headers)).json()).toMatchObject({ days: 15 });
    try {
      await askOk(env, b, received, { type: 'exchange', exchangeSkuId: p.skuIds[0] });
      hours(env, 15 * 24);
      expectProblem(await ask(env, b, later), 409, 'after_sale_window_closed');
    } finally {
      expect(await ok(setDays(null))).toMatchObject({ storeDays: null, days: 7 });
    }
  });

  it('an exchange names an active SKU of the same product and asks no money back', async () => {
    const p = await listedProduct(env, s, [{ price: 5000, stock: 5 }, { price: 5000, stock: 5 }]);
    const q = await product();
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    expectProblem(await ask(env, b, o, { type: 'exchange' }), 422, 'exchange_sku_required');
    expectProblem(await ask(env, b, o, { type: 'exchange', exchangeSkuId: q.skuIds[0] }), 404, 'sku_not_found');
    const r = await askOk(env, b, o, { type: 'exchange', exchangeSkuId: p.skuIds[1], amount: 5000 });
    expect(r).toMatchObject({ type: 'exchange', amount: 0, exchangeSkuId: p.skuIds[1] });
  });

  it('checks what it is sent', async () => {
    const p = await product();
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'paid');
    expectProblem(await ask(env, b, o, { reason: '' }), 400, 'validation_failed');
    expectProblem(await ask(env, b, o, { reason: 'x'.repeat(201) }), 400, 'validation_failed');
    expectProblem(await ask(env, b, o, { detail: 'x'.repeat(1001) }), 400, 'validation_failed');
    expectProblem(await ask(env, b, o, { quantity: 0 }), 400, 'validation_failed');
    expectProblem(await ask(env, b, o, { type: 'swap' }), 400, 'validation_failed');
    expect(await count(o.items[0].id)).toBe(0);
  });
});

describe('photo evidence', () => {
  const photo = async () => sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } }).png().toBuffer();
  const upload = async (who: Buyer, data: Buffer, type = 'image/png') => {
    const m = multipart({}, { name: 'p.png', type, data });
    return env.app.inject({ method: 'POST', url: '/api/after-sales/photos', headers: { ...who.headers, ...m.headers }, payload: m.payload });
  };

  it('is checked by content, kept as WebP, seen by its buyer and the store it was sent to only', async () => {
    expectProblem(await upload(b, PNG), 415, 'image_type_not_allowed');
    expectProblem(await upload(b, Buffer.from('not an image'), 'image/jpeg'), 415, 'image_type_not_allowed');
    const up = await upload(b, await photo());
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    expect(up.json()).toMatchObject({ width: 40, height: 30 });
    const mine = await call(env, 'GET', `/api/after-sales/photos/${id}`, b.headers);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toContain('image/webp');
    expectProblem(await call(env, 'GET', `/api/after-sales/photos/${id}`, s.merchant.headers), 404, 'photo_not_found');

    const p = await product();
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'paid');
    const stranger = await buyer(env);
    const theirs = (await upload(stranger, await photo())).json().id;
    expectProblem(await ask(env, b, o, { photoIds: [theirs] }), 404, 'photo_not_found');
    const two = [(await upload(b, await photo())).json().id, (await upload(b, await photo())).json().id];
    expectProblem(await ask(env, b, o, { photoIds: [id, ...two] }), 422, 'too_many_photos');
    expect(await count(o.items[0].id)).toBe(0);
    const r = await askOk(env, b, o, { photoIds: [id] });
    expect(r.photoIds).toEqual([id]);
    expect(r).toEqual((await call(env, 'GET', `/api/after-sales/${r.id}`, b.headers)).json());
    expect((await call(env, 'GET', `/api/after-sales/photos/${id}`, s.merchant.headers)).statusCode).toBe(200);
    expectProblem(await call(env, 'GET', `/api/after-sales/photos/${id}`, other.merchant.headers), 404, 'photo_not_found');
    expectProblem(await call(env, 'GET', `/api/after-sales/photos/${id}`, stranger.headers), 404, 'photo_not_found');
  });

  it('is limited in size', async () => {
    // A second app over the same database whose limit is one byte below a real photo refuses it; the first, with the
    // default limit, takes it. (No 12 MB picture to draw, no second database to clone: the limit is a setting.)
    const data = await photo();
    const config = loadConfig({ ...process.env, TRIO_DATA_DIR: env.dataDir, LOG_LEVEL: 'silent', TRIO_AFTERSALES_PHOTO_MAX_BYTES: String(data.length - 1) });
    const { app: small } = await buildApp({ database: env.database, config, clock: env.clock, logger: false });
    try {
      const m = multipart({}, { name: 'p.png', type: 'image/png', data });
      const res = await small.inject({ method: 'POST', url: '/api/after-sales/photos', headers: { ...b.headers, ...m.headers }, payload: m.payload });
      expectProblem(res, 413, 'file_too_large');
      expect((await upload(b, data)).statusCode).toBe(201);
    } finally {
      await small.close();
    }
  });
});

describe('the merchant answers', () => {
  it('asking and a refund accepted at once are answered with the request as it reads right after (made by their statements, not read again)', async () => {
    const p = await product(2500);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 2 }], 'paid');
    const asked = await ask(env, b, o, { quantity: 1, detail: 'The box was open' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.headers['content-type']).toBe('application/json; charset=utf-8');
    const id = asked.json().id as string;
    expect(asked.json()).toMatchObject({ state: 'merchant_processing', amount: 2500, detail: 'The box was open', gift: false, actions: ['cancel'], waitingFor: 'merchant' });
    expect(asked.json()).toEqual((await call(env, 'GET', `/api/after-sales/${id}`, b.headers)).json());

    const accepted = await merchantDo(env, s, id, 'accept');
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.headers['content-type']).toBe('application/json; charset=utf-8');
    const a = accepted.json();
    expect(a).toMatchObject({ state: 'refunding', dueAt: null, closedAt: null, refundId: expect.any(String), updatedAt: env.clock.now().toISOString() });
    expect(a.timeline.map((e: { event: string }) => e.event)).toEqual(['created', 'accept_refund']);
    expect(a).toEqual((await call(env, 'GET', `${s.url}/after-sales/${id}`, s.merchant.headers)).json());
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from refunds where id = ${a.refundId} and source = ${`aftersales:${id}`}`)).toBe(1);
  });

  it('rejects with a reason; the buyer may dispute within the window', async () => {
    const p = await product();
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const r = await askOk(env, b, o);
    expectProblem(await merchantDo(env, s, r.id, 'reject', {}), 400, 'validation_failed');
    const rejected = await ok(merchantDo(env, s, r.id, 'reject', { reason: 'Worn and washed' }));
    expect(rejected).toMatchObject({ state: 'merchant_rejected', rejectReason: 'Worn and washed' });
    expect(new Date(rejected.dueAt!).getTime() - env.clock.now().getTime()).toBe(7 * 24 * 3600_000);
    const disputed = await ok(buyerDo(env, b, r.id, 'dispute', { reason: 'It was never worn' }));
    expect(disputed).toMatchObject({ state: 'in_dispute', disputeReason: 'It was never worn', dueAt: null });
    expect(disputed.timeline.map((e) => e.toState)).toEqual(['merchant_processing', 'merchant_rejected', 'in_dispute']);

    const late = await askOk(env, b, await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped'));
    await ok(merchantDo(env, s, late.id, 'reject', { reason: 'No' }));
    hours(env, 7 * 24);
    expectProblem(await buyerDo(env, b, late.id, 'dispute', { reason: 'Too late?' }), 409, 'after_sale_dispute_window_closed');
  });

  it('proposes other terms; the buyer declines (back to the merchant) or accepts them (the proposal is what is refunded)', async () => {
    const p = await product(1000);
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const r = await askOk(env, b, o, { type: 'return' });
    expectProblem(await merchantDo(env, s, r.id, 'propose', { amount: 1001, note: 'x' }), 422, 'refund_exceeds_paid');
    expect((await ok(merchantDo(env, s, r.id, 'propose', { amount: 400, note: 'Keep it, 40% back' }))).state).toBe('waiting_buyer_confirm');
    const declined = await ok(buyerDo(env, b, r.id, 'decline-proposal'));
    expect(declined.state).toBe('merchant_processing');
    expect(new Date(declined.dueAt!).getTime() - env.clock.now().getTime()).toBe(48 * 3600_000);
    await ok(merchantDo(env, s, r.id, 'propose', { amount: 600, note: 'Send it back, 60%' }));
    const accepted = await ok(buyerDo(env, b, r.id, 'accept-proposal'));
    expect(accepted).toMatchObject({ state: 'waiting_buyer_return', agreedAmount: 600, proposal: { amount: 600, note: 'Send it back, 60%' } });
  });

  it('acting on another store\'s request is 404, in a state that does not allow it 409; nothing changes', async () => {
    const p = await product();
    const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const r = await askOk(env, b, o, { type: 'return' });
    expectProblem(await merchantDo(env, other, r.id, 'accept'), 404, 'after_sale_not_found');
    expectProblem(await call(env, 'GET', `${other.url}/after-sales/${r.id}`, other.merchant.headers), 404, 'after_sale_not_found');
    expectProblem(await call(env, 'GET', `${s.url}/after-sales/${r.id}`, other.merchant.headers), 404, 'store_not_found');
    expectProblem(await buyerDo(env, await buyer(env), r.id, 'cancel'), 404, 'after_sale_not_found');
    expectProblem(await buyerDo(env, b, r.id, 'accept-proposal'), 409, 'after_sale_transition_not_allowed');
    expectProblem(await buyerDo(env, b, r.id, 'return-shipment', { carrier: 'sf', trackingNo: 'SF000000012345' }), 409, 'after_sale_transition_not_allowed');
    expectProblem(await merchantDo(env, s, r.id, 'confirm-receipt'), 409, 'after_sale_transition_not_allowed');
    await ok(buyerDo(env, b, r.id, 'cancel'));
    const res = await merchantDo(env, s, r.id, 'accept');
    expectProblem(res, 409, 'after_sale_transition_not_allowed');
    const after = (await call(env, 'GET', `/api/after-sales/${r.id}`, b.headers)).json();
    expect(after.state).toBe('user_cancelled');
    expect(after.closedAt).toBeTruthy();
    expect(after.timeline).toHaveLength(2);
  });
});

describe('lists', () => {
  it("the buyer's newest first; the merchant's queue by urgency, those waiting for nobody last; by state and words", async () => {
    const shop = await storeWithReturns(env);
    const p = await listedProduct(env, shop, [{ price: 2000, stock: 10 }], 'Silk scarf 丝巾');
    const me = await buyer(env);
    const o1 = await orderAt(env, shop, me, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const o2 = await orderAt(env, shop, me, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const o3 = await orderAt(env, shop, me, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
    const a = await askOk(env, me, o1, { type: 'return' });
    hours(env, 1);
    const c = await askOk(env, me, o2, { type: 'return', reason: 'Wrong colour' });
    hours(env, 1);
    const d = await askOk(env, me, o3, { type: 'return' });
    await ok(merchantDo(env, shop, a.id, 'propose', { amount: 100, note: 'A little back?' })); // waits for the buyer, no deadline
    await ok(merchantDo(env, shop, d.id, 'accept')); // the buyer has 7 days to ship: less urgent than c's 48 hours

    const mine = (await call(env, 'GET', '/api/after-sales', me.headers)).json();
    expect(mine.afterSales.map((r: { id: string }) => r.id)).toEqual([d.id, c.id, a.id]);
    expect(mine.afterSales[0].item).toMatchObject({ title: 'Silk scarf 丝巾' });
    const queue = (await call(env, 'GET', `${shop.url}/after-sales`, shop.merchant.headers)).json();
    expect(queue.total).toBe(3);
    expect(queue.afterSales.map((r: { id: string }) => r.id)).toEqual([c.id, d.id, a.id]);
    const byState = (await call(env, 'GET', `${shop.url}/after-sales?state=waiting_buyer_confirm`, shop.merchant.headers)).json();
    expect(byState.afterSales.map((r: { id: string }) => r.id)).toEqual([a.id]);
    const byWords = (await call(env, 'GET', `${shop.url}/after-sales?q=${encodeURIComponent('wrong COLOUR')}`, shop.merchant.headers)).json();
    expect(byWords.afterSales.map((r: { id: string }) => r.id)).toEqual([c.id]);
    const byOrder = (await call(env, 'GET', `${shop.url}/after-sales?q=${o3.id.slice(0, 8)}`, shop.merchant.headers)).json();
    expect(byOrder.afterSales.map((r: { id: string }) => r.id)).toEqual([d.id]);
    // The short number the pages show: hex digits without dashes, upper case, maybe after '#'.
    const short = encodeURIComponent(`#${d.id.replace(/-/g, '').slice(0, 10).toUpperCase()}`);
    expect((await call(env, 'GET', `${shop.url}/after-sales?q=${short}`, shop.merchant.headers)).json().afterSales.map((r: { id: string }) => r.id)).toEqual([d.id]);
    const detail = (await call(env, 'GET', `${shop.url}/after-sales/${a.id}`, shop.merchant.headers)).json();
    expect(detail.timeline.map((e: { event: string }) => e.event)).toEqual(['created', 'propose']);
    expect((await call(env, 'GET', `${s.url}/after-sales`, s.merchant.headers)).json().afterSales.every((r: { storeId: string }) => r.storeId === s.storeId)).toBe(true);
  });
});
