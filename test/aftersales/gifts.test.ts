// After-sales of gifts: only the recipient (the gift order's buyer) may ask; the money goes back to the giver's
// payment; the giver sees the claim's after-sales state but never an address; a store's free gift has nothing to
// send back and is finished at once.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments, refunds, sandboxRefunds } from '../../src/modules/payments/schema.ts';
import { scalar } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { address, buyer, call, listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { claim, expectNoAddress, paidGift } from '../gifts/support.ts';
import { itemRow, orderRow, requestRow, sendRefunds } from './money-support.ts';

let env: TestEnv;
let s: Store;
beforeAll(async () => {
  env = await testEnv();
  s = await openStore(env);
});
afterAll(async () => env?.close());

const askFor = (who: { headers: Record<string, string> }, orderId: string, body: Record<string, unknown>) =>
  call(env, 'POST', `/api/orders/${orderId}/after-sales`, who.headers, { type: 'refund', quantity: 1, reason: 'Arrived broken', ...body }, { 'idempotency-key': randomUUID() });

describe('a gift from one buyer to another', () => {
  it('only the recipient may ask; the refund goes to the giver\'s payment; the giver sees the state, never the address', async () => {
    const p = await listedProduct(env, s, [{ price: 6_800, stock: 5 }]);
    const giver = await buyer(env);
    const friend = await buyer(env);
    const { gift, token, paymentId } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'single', message: 'For you' });
    const claimed = await claim(env, token, friend, { address });
    expect(claimed.statusCode, claimed.body).toBe(201);
    const { orderId } = claimed.json();
    const order = (await call(env, 'GET', `${s.url}/orders/${orderId}`, s.merchant.headers)).json();
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
    let seen = (await call(env, 'GET', `/api/gifts/${gift.id}`, giver.headers)).json();
    expect(seen.claims).toEqual([expect.objectContaining({ state: 'claimed', orderState: 'awaiting_shipment', afterSale: { type: 'refund', state: 'merchant_processing' } })]);
    expectNoAddress(seen);

    // The merchant accepts: the money goes back to the giver's payment, on its own transaction.
    const ok = await call(env, 'POST', `${s.url}/after-sales/${id}/accept`, s.merchant.headers);
    expect(ok.statusCode, ok.body).toBe(200);
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
    // Both are told: the recipient who asked, and the giver whose payment got the money.
    const told = (topic: string, userId: string) => scalar<number>(env.ctx.db, sql`select count(*)::int from outbox where topic = ${topic} and payload->>'afterSaleId' = ${id} and payload->>'userId' = ${userId} and (payload->>'amount')::int = 6800`);
    expect(await told('message.aftersale_refunded', friend.userId)).toBe(1);
    expect(await told('message.aftersale_refunded_to_payer', giver.userId)).toBe(1);

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
    expect(asked.json()).toMatchObject({ amount: 0 });
    const ok = await call(env, 'POST', `${s.url}/after-sales/${asked.json().id}/accept`, s.merchant.headers);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'refunded', refundId: null });
    expect(ok.json().timeline.map((e: { event: string }) => e.event)).toEqual(['created', 'accept_refund', 'refund_succeeded']);
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from refunds where order_id = ${orderId}`)).toBe(0);
    expect(await itemRow(env, item.id)).toMatchObject({ refundedAmount: 0, refundState: 'full', state: 'closed' });
    expect((await orderRow(env, orderId)).state).toBe('closed_refunded');
  });
});
