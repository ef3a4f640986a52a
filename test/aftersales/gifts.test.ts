// After-sales of gifts: only the recipient (the gift order's buyer) may ask; the money goes back to the giver's
// payment; the giver sees the claim's after-sales state but never an address; a store's free gift has nothing to
// send back and is finished at once. The recipient's views of its requests carry no money (amounts are null); the
// merchant's do.
import { storeWithReturns } from './support.ts';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments, refunds, sandboxRefunds } from '../../src/modules/payments/schema.ts';
import { expectProblem, scalar } from '../api/support.ts';
import { operator, testEnv, type TestEnv } from '../helpers.ts';
import { address, buyer, call, listedProduct, type Store } from '../orders/fixtures.ts';
import { claim, expectNoAddress, expectNoPrice, paidGift } from '../gifts/support.ts';
import { itemRow, orderRow, requestRow, sendRefunds } from './money-support.ts';

let env: TestEnv;
let s: Store;
beforeAll(async () => {
  env = await testEnv();
  s = await storeWithReturns(env);
});
afterAll(async () => env?.close());

/** Every money field of an answer is null (or absent), and the price is nowhere in it. */
const MONEY_KEYS = ['amount', 'agreedAmount', 'price', 'unitPrice', 'total', 'itemsTotal', 'discount', 'refundAmount', 'itemPaid', 'itemRefunded', 'refundedAmount'];
function expectNoMoney(body: unknown, ...figures: number[]) {
  const found: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
      if (MONEY_KEYS.includes(k) && x !== null) found.push(`${path}.${k}`);
      walk(x, `${path}.${k}`);
    } else if (typeof v === 'number' && figures.includes(v)) found.push(`${path}=${v}`);
  };
  walk(body, '$');
  expect(found).toEqual([]);
}

const askFor = (who: { headers: Record<string, string> }, orderId: string, body: Record<string, unknown>) =>
  call(env, 'POST', `/api/orders/${orderId}/after-sales`, who.headers, { type: 'refund', quantity: 1, reason: 'Arrived broken', ...body }, { 'idempotency-key': randomUUID() });

/** A single gift of one unit at this price, paid by a giver and claimed by a friend; the order as the merchant sees it. */
async function claimedGift(price: number) {
  const p = await listedProduct(env, s, [{ price, stock: 5 }]);
  const giver = await buyer(env);
  const friend = await buyer(env);
  const { gift, token, paymentId } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'single', message: 'For you' });
  const claimed = await claim(env, token, friend, { address });
  expect(claimed.statusCode, claimed.body).toBe(201);
  const { orderId } = claimed.json() as { orderId: string };
  const order = (await call(env, 'GET', `${s.url}/orders/${orderId}`, s.merchant.headers)).json();
  return { giver, friend, gift, paymentId, orderId, order };
}

describe('a gift from one buyer to another', () => {
  it('only the recipient may ask; the refund goes to the giver\'s payment; the giver sees the state, never the address', async () => {
    const { giver, friend, gift, paymentId, orderId, order } = await claimedGift(6_800);
    expect(order).toMatchObject({ paymentId, total: 6_800 });
    const itemId = order.items[0].id;

    // The giver paid, but the order is the recipient's: the giver may not ask (not found), nor may anyone else.
    for (const who of [giver, await buyer(env)]) {
      const res = await askFor(who, orderId, { orderItemId: itemId });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('order_not_found');
    }
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from after_sales where order_id = ${orderId}`)).toBe(0);

    // The recipient asks; the giver sees the claim's after-sales state.
    const asked = await askFor(friend, orderId, { orderItemId: itemId });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json().id as string;
    expect(await requestRow(env, id)).toMatchObject({ buyerId: friend.userId, paymentId, amount: 6_800 });
    // The answer (made by the statement that wrote it) is the request as the recipient reads it: no money.
    expect(asked.json()).toMatchObject({ gift: true, moneyHidden: true, amount: null, timeline: [{ event: 'created', detail: { type: 'refund', quantity: 1 } }] });
    expect(asked.json()).toEqual((await call(env, 'GET', `/api/after-sales/${id}`, friend.headers)).json());
    let seen = (await call(env, 'GET', `/api/gifts/${gift.id}`, giver.headers)).json();
    expect(seen.claims).toEqual([expect.objectContaining({ state: 'claimed', orderState: 'awaiting_shipment', afterSale: { type: 'refund', state: 'merchant_processing' } })]);
    expectNoAddress(seen);

    // The merchant accepts: the money goes back to the giver's payment, on its own transaction.
    const ok = await call(env, 'POST', `${s.url}/after-sales/${id}/accept`, s.merchant.headers);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ gift: true, moneyHidden: false, amount: 6_800, state: 'refunding' });
    expect(ok.json()).toEqual((await call(env, 'GET', `${s.url}/after-sales/${id}`, s.merchant.headers)).json());
    await sendRefunds(env);
    const req = await requestRow(env, id);
    expect(req.state).toBe('refunded');
    const [refund] = await env.ctx.db.select().from(refunds).where(eq(refunds.id, req.refundId!));
    expect(refund).toMatchObject({ paymentId, amount: 6_800, state: 'succeeded', source: `aftersales:${id}` });
    const [payment] = await env.ctx.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(payment.payerId).toBe(giver.userId);
    const [sb] = await env.ctx.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.outRefundNo, refund.outRefundNo));
    expect(sb).toMatchObject({ status: 'SUCCESS', amount: 6_800, outTradeNo: payment.paidOutTradeNo });
    expect((await orderRow(env, orderId)).state).toBe('closed_refunded');
    // Both are told: the recipient who asked (not the amount: the gift's price is the giver's), and the giver whose
    // payment got the money.
    const told = (topic: string, userId: string, amount: string | null) => scalar<number>(env.ctx.db, sql`select count(*)::int from outbox where topic = ${topic} and payload->>'afterSaleId' = ${id} and payload->>'userId' = ${userId} and (payload->>'amount') is not distinct from ${amount}`);
    expect(await told('message.aftersale_refunded', friend.userId, null)).toBe(1);
    expect(await told('message.aftersale_refunded_to_payer', giver.userId, '6800')).toBe(1);

    // The giver's gift pages: refunded, no address anywhere.
    seen = (await call(env, 'GET', `/api/gifts/${gift.id}`, giver.headers)).json();
    expect(seen.claims).toEqual([expect.objectContaining({ orderState: 'closed_refunded', afterSale: { type: 'refund', state: 'refunded' } })]);
    expectNoAddress(seen);
    const sent = (await call(env, 'GET', '/api/gifts/sent', giver.headers)).json();
    expect(sent.items.find((g: { id: string }) => g.id === gift.id).claims[0].afterSale).toEqual({ type: 'refund', state: 'refunded' });
    expectNoAddress(sent);
    // The recipient follows its request (its own view).
    expect((await call(env, 'GET', `/api/after-sales/${id}`, friend.headers)).json()).toMatchObject({ state: 'refunded' });
    expect((await call(env, 'GET', `/api/after-sales/${id}`, giver.headers)).statusCode).toBe(404);
  });
});

describe("the recipient's screens", () => {
  it('received gifts name the order item and what may be asked; the recipient\'s requests carry no money, the merchant\'s do', async () => {
    const { friend, gift, paymentId, orderId, order } = await claimedGift(7_300);
    const itemId = order.items[0].id;

    // "My gifts": the claim names its order item, and (not shipped yet) a refund may be asked. No price.
    let received = (await call(env, 'GET', '/api/gifts/received', friend.headers)).json();
    let mine = received.items.find((x: { giftId: string }) => x.giftId === gift.id);
    expect(mine).toMatchObject({ orderId, orderItemId: itemId, afterSaleTypes: ['refund'], afterSale: null });
    expectNoPrice(received);

    // An amount cannot be chosen (a refused one would tell the price back): 422, nothing asked.
    const priced = await askFor(friend, orderId, { orderItemId: itemId, amount: 999_999 });
    expectProblem(priced, 422, 'gift_amount_not_chosen');
    expectNoMoney(priced.json(), 7_300);

    // The recipient asks without an amount: the whole share. Its answer, list and detail carry no money.
    const asked = await askFor(friend, orderId, { orderItemId: itemId });
    expect(asked.statusCode, asked.body).toBe(201);
    const id = asked.json().id as string;
    expect(asked.json()).toMatchObject({ gift: true, moneyHidden: true, amount: null, agreedAmount: null });
    expectNoMoney(asked.json(), 7_300);
    expect(await requestRow(env, id)).toMatchObject({ amount: 7_300, paymentId });

    // The merchant offers part: it sees the money; the recipient sees an offer without its amount.
    const offered = await call(env, 'POST', `${s.url}/after-sales/${id}/propose`, s.merchant.headers, { amount: 3_100, note: 'Half, the box was fine' });
    expect(offered.statusCode, offered.body).toBe(200);
    expect(offered.json()).toMatchObject({ gift: true, moneyHidden: false, amount: 7_300, proposal: { amount: 3_100 } });
    const detail = (await call(env, 'GET', `/api/after-sales/${id}`, friend.headers)).json();
    expect(detail).toMatchObject({ state: 'waiting_buyer_confirm', proposal: { amount: null, note: 'Half, the box was fine' } });
    expectNoMoney(detail, 7_300, 3_100);
    const list = (await call(env, 'GET', '/api/after-sales', friend.headers)).json();
    expect(list.afterSales.map((r: { id: string }) => r.id)).toContain(id);
    expectNoMoney(list.afterSales, 7_300, 3_100);
    const queue = (await call(env, 'GET', `${s.url}/after-sales`, s.merchant.headers)).json();
    expect(queue.afterSales.find((r: { id: string }) => r.id === id)).toMatchObject({ amount: 7_300, proposal: { amount: 3_100 } });
    const storeDetail = (await call(env, 'GET', `${s.url}/after-sales/${id}`, s.merchant.headers)).json();
    expect(storeDetail.timeline.find((e: { event: string }) => e.event === 'propose').detail).toMatchObject({ amount: 3_100 });

    // "My gifts" now follows the request; nothing more may be asked while it is open.
    received = (await call(env, 'GET', '/api/gifts/received', friend.headers)).json();
    mine = received.items.find((x: { giftId: string }) => x.giftId === gift.id);
    expect(mine).toMatchObject({ afterSaleTypes: [], afterSale: { id, type: 'refund', state: 'waiting_buyer_confirm' } });
    expectNoPrice(received);

    // The recipient accepts: the offered part goes to the giver's payment; the recipient's views still show none.
    const took = await call(env, 'POST', `/api/after-sales/${id}/accept-proposal`, friend.headers);
    expect(took.statusCode, took.body).toBe(200);
    expectNoMoney(took.json(), 7_300, 3_100);
    await sendRefunds(env);
    const req = await requestRow(env, id);
    expect(req).toMatchObject({ state: 'refunded', agreedAmount: 3_100 });
    const [refund] = await env.ctx.db.select().from(refunds).where(eq(refunds.id, req.refundId!));
    expect(refund).toMatchObject({ paymentId, amount: 3_100 });
    const done = (await call(env, 'GET', `/api/after-sales/${id}`, friend.headers)).json();
    expect(done.state).toBe('refunded');
    expect(done.timeline.map((e: { event: string }) => e.event)).toContain('refund_succeeded');
    expectNoMoney(done, 7_300, 3_100);
    // The operator sees the money.
    const op = await call(env, 'GET', `/api/operator/after-sales/${id}`, (await operator(env)).headers);
    expect(op.statusCode, op.body).toBe(200);
    expect(op.json()).toMatchObject({ gift: true, moneyHidden: false, amount: 7_300, agreedAmount: 3_100, refundAmount: 3_100 });
  });
});

describe("a store's free gift", () => {
  it('has nothing to send back: the request is refunded at once with no refund, and the order closes', async () => {
    const p = await listedProduct(env, s, [{ price: 4_500, stock: 4 }]);
    const lucky = await buyer(env);
    const res = await call(env, 'POST', `${s.url}/free-gifts`, { ...s.merchant.headers, 'idempotency-key': randomUUID() }, { skuId: p.skuIds[0], quantity: 2, recipientEmail: lucky.email, message: 'Thanks' });
    expect(res.statusCode, res.body).toBe(201);
    const received = (await call(env, 'GET', '/api/gifts/received', lucky.headers)).json();
    const token = received.items.find((x: { giftId: string }) => x.giftId === res.json().id).sharePath.split('/').pop();
    const claimed = await claim(env, token, lucky, { address });
    expect(claimed.statusCode, claimed.body).toBe(201);
    const { orderId } = claimed.json();
    const order = (await call(env, 'GET', `${s.url}/orders/${orderId}`, s.merchant.headers)).json();
    expect(order).toMatchObject({ paymentId: null, total: 0 });
    const item = order.items[0];

    const asked = await askFor(lucky, orderId, { orderItemId: item.id, quantity: item.quantity });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ moneyHidden: true, amount: null });
    expect(await requestRow(env, asked.json().id)).toMatchObject({ amount: 0 });
    const ok = await call(env, 'POST', `${s.url}/after-sales/${asked.json().id}/accept`, s.merchant.headers);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'refunded', refundId: null });
    expect(ok.json().timeline.map((e: { event: string }) => e.event)).toEqual(['created', 'accept_refund', 'refund_succeeded']);
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from refunds where order_id = ${orderId}`)).toBe(0);
    expect(await itemRow(env, item.id)).toMatchObject({ refundedAmount: 0, refundState: 'full', state: 'closed' });
    expect((await orderRow(env, orderId)).state).toBe('closed_refunded');
  });
});
