// The money of after-sales: an accepted request's refund goes through the sandbox back to the payer; replayed and
// concurrent REFUND notifications change nothing twice; the item and the order follow (closed_refunded when every
// item is refunded); partial refunds; settlement waits for open requests and a refund after settlement is debited
// from the store's balance and the platform's commission; a failed refund is surfaced and sent again.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBasisPoints } from '../../src/kernel/money.ts';
import { sweepSettlements } from '../../src/modules/orders/index.ts';
import { sandboxKeysOf } from '../../src/modules/payments/sandbox/keys.ts';
import { buildNotification } from '../../src/modules/payments/sandbox/notify.ts';
import { refundResourceJson } from '../../src/modules/payments/sandbox/trades.ts';
import { payments, refunds, sandboxRefunds, sandboxTransactions } from '../../src/modules/payments/schema.ts';
import { scalar } from '../api/support.ts';
import { operator, signIn, testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, type Buyer, type Store } from '../orders/fixtures.ts';
import { deliver } from '../payments/support.ts';
import { accept, eventCount, itemRow, orderRow, outboxCount, paidOrder, refundRow, requestRow, sendRefunds } from './money-support.ts';
import { askOk, buyerDo, merchantDo, ok, storeWithReturns } from './support.ts';

let env: TestEnv;
let s: Store;
let other: Store;
let b: Buyer;
let op: Awaited<ReturnType<typeof operator>>;
beforeAll(async () => {
  env = await testEnv({ TRIO_REFUND_MAX_ATTEMPTS: '1' });
  [s, other] = [await storeWithReturns(env), await storeWithReturns(env)];
  b = await buyer(env);
  op = await operator(env);
});
afterAll(async () => env?.close());

/** The REFUND.SUCCESS notification WeChat Pay (the sandbox) sends for this refund, built again: a replay. */
async function refundNotification(outRefundNo: string) {
  const [r] = await env.ctx.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.outRefundNo, outRefundNo));
  const [t] = await env.ctx.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.outTradeNo, r.outTradeNo));
  const keys = await sandboxKeysOf(env.ctx.db);
  return buildNotification(keys, env.clock.now(), { type: 'REFUND.SUCCESS', summary: '退款成功', originalType: 'refund', resource: refundResourceJson({ ...r, status: 'SUCCESS', successTime: r.successTime ?? env.clock.now() }, t, keys) });
}

/** Sessions expire when the clock moves by days: everyone signs in again (headers changed in place). */
async function later(ms: number) {
  env.clock.advance(ms);
  for (const [who, password] of [[b, 'correct horse battery'], [s.merchant, 'correct horse battery'], [other.merchant, 'correct horse battery'], [op, 'operator password'], [s.op, 'operator password'], [other.op, 'operator password']] as const) {
    Object.assign(who.headers, (await signIn(env.app, (who as { email: string }).email, password)).headers);
  }
}

const receive = async (orderId: string) => {
  const res = await call(env, 'POST', `/api/orders/${orderId}/confirm-receipt`, b.headers);
  expect(res.statusCode, res.body).toBe(200);
};

describe('a refund', () => {
  it('reaches the payer through the sandbox; the item closes and the order is closed_refunded; replays change nothing', async () => {
    const p = await listedProduct(env, s, [{ price: 10_000, stock: 10 }]);
    const order = await paidOrder(env, s, b, [{ skuId: p.skuIds[0], quantity: 2 }]);
    const item = order.items[0];
    const req = await askOk(env, b, order, { orderItemId: item.id, quantity: 2 });
    expect(req).toMatchObject({ state: 'merchant_processing', amount: 20_000 });
    expect((await requestRow(env, req.id)).paymentId).toBe(order.paymentId);

    const accepted = await accept(env, s, req.id);
    expect(accepted.state).toBe('refunding');
    const waiting = await requestRow(env, req.id);
    expect(waiting.refundId).toBeTruthy();
    const refund = await refundRow(env, waiting.refundId!);
    expect(refund).toMatchObject({ paymentId: order.paymentId, orderId: order.id, storeId: s.storeId, amount: 20_000, source: `aftersales:${req.id}`, state: 'pending' });
    // Nothing moves before the provider answers.
    expect(await itemRow(env, item.id)).toMatchObject({ refundedAmount: 0, refundState: 'none', state: 'awaiting_shipment' });

    expect(await sendRefunds(env)).toBe(1);
    // The money went back on the payment's own transaction.
    const [payment] = await env.ctx.db.select().from(payments).where(eq(payments.id, order.paymentId));
    const [sb] = await env.ctx.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.outRefundNo, refund.outRefundNo));
    expect(sb).toMatchObject({ status: 'SUCCESS', amount: 20_000, outTradeNo: payment.paidOutTradeNo });
    expect(await refundRow(env, refund.id)).toMatchObject({ state: 'succeeded' });

    expect(await requestRow(env, req.id)).toMatchObject({ state: 'refunded', closedAt: env.clock.now(), dueAt: null });
    expect(await itemRow(env, item.id)).toMatchObject({ refundedAmount: 20_000, refundState: 'full', state: 'closed' });
    expect((await orderRow(env, order.id)).state).toBe('closed_refunded');
    expect(await outboxCount(env, 'aftersales.refunded', req.id)).toBe(1);
    expect(await outboxCount(env, 'message.aftersale_refunded', req.id)).toBe(1);
    expect(await outboxCount(env, 'message.aftersale_refunded_to_payer', req.id)).toBe(0); // the buyer paid
    const seen = (await call(env, 'GET', `/api/orders/${order.id}`, b.headers)).json();
    expect(seen).toMatchObject({ state: 'closed_refunded', items: [{ refundState: 'full', state: 'closed', refundedAmount: 20_000 }] });
    expect(seen.events.map((e: { event: string }) => e.event)).toEqual(expect.arrayContaining(['refunded', 'closed_refunded']));
    expect(seen.events.find((e: { event: string }) => e.event === 'refunded').detail).toMatchObject({ afterSaleId: req.id, amount: 20_000, refundId: refund.id });

    // WeChat Pay sends the notification again, several times at once: taken (204), nothing changes twice.
    const n = await refundNotification(refund.outRefundNo);
    const answers = await Promise.all([deliver(env.app, n), deliver(env.app, n), deliver(env.app, await refundNotification(refund.outRefundNo))]);
    expect(answers.map((a) => a.statusCode)).toEqual([204, 204, 204]);
    expect(await eventCount(env, 'after_sale_events', 'after_sale_id', req.id, 'refund_succeeded')).toBe(1);
    expect(await eventCount(env, 'order_events', 'order_id', order.id, 'refunded')).toBe(1);
    expect(await eventCount(env, 'order_events', 'order_id', order.id, 'closed_refunded')).toBe(1);
    expect((await itemRow(env, item.id)).refundedAmount).toBe(20_000);
    expect(await outboxCount(env, 'aftersales.refunded', req.id)).toBe(1);
    expect(await outboxCount(env, 'message.aftersale_refunded', req.id)).toBe(1);
  });

  it('notified several times at once while the sandbox itself finishes it: applied exactly once', async () => {
    const p = await listedProduct(env, s, [{ price: 3_300, stock: 10 }]);
    const order = await paidOrder(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }]);
    const req = await askOk(env, b, order, { orderItemId: order.items[0].id });
    await accept(env, s, req.id);
    const { refundId } = await requestRow(env, req.id);
    const { outRefundNo } = await refundRow(env, refundId!);
    const { sweepRefunds, sandboxSettled } = await import('../../src/modules/payments/index.ts');
    expect(await sweepRefunds(env.ctx, 100)).toBe(1);
    // The sandbox's own REFUND.SUCCESS is on its way; three more race it.
    const n = await refundNotification(outRefundNo);
    const answers = await Promise.all([deliver(env.app, n), deliver(env.app, n), deliver(env.app, n)]);
    await sandboxSettled(env.app);
    expect(answers.map((a) => a.statusCode)).toEqual([204, 204, 204]);
    expect(await requestRow(env, req.id)).toMatchObject({ state: 'refunded' });
    expect(await eventCount(env, 'after_sale_events', 'after_sale_id', req.id, 'refund_succeeded')).toBe(1);
    expect(await eventCount(env, 'order_events', 'order_id', order.id, 'refunded')).toBe(1);
    expect(await itemRow(env, order.items[0].id)).toMatchObject({ refundedAmount: 3_300, refundState: 'full' });
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from payment_notifications where outcome = 'applied' and event_type = 'REFUND.SUCCESS' and out_trade_no = ${(await refundRow(env, refundId!)).outTradeNo}`)).toBe(1);
  });

  it('in part: the item is partly refunded and stays, the order stays open; the last units take the rest', async () => {
    const p = await listedProduct(env, s, [{ price: 10_000, stock: 10 }, { price: 5_000, stock: 10 }]);
    const order = await paidOrder(env, s, b, [{ skuId: p.skuIds[0], quantity: 3 }, { skuId: p.skuIds[1], quantity: 1 }]);
    const a = order.items.find((i) => i.skuId === p.skuIds[0])!;
    const c = order.items.find((i) => i.skuId === p.skuIds[1])!;

    // One unit of three, in full.
    const r1 = await askOk(env, b, order, { orderItemId: a.id, quantity: 1 });
    await accept(env, s, r1.id);
    await sendRefunds(env);
    expect(await itemRow(env, a.id)).toMatchObject({ refundedAmount: 10_000, refundState: 'partial', state: 'awaiting_shipment' });
    expect((await orderRow(env, order.id)).state).toBe('awaiting_shipment');

    // Two more units: the merchant proposes less, the buyer accepts it.
    const r2 = await askOk(env, b, order, { orderItemId: a.id, quantity: 2 });
    expect(r2.amount).toBe(20_000);
    await ok(merchantDo(env, s, r2.id, 'propose', { amount: 15_000, note: 'Half of one unit back: it was worn' }));
    await ok(buyerDo(env, b, r2.id, 'accept-proposal'));
    expect(await requestRow(env, r2.id)).toMatchObject({ state: 'refunding', agreedAmount: 15_000 });
    expect((await refundRow(env, (await requestRow(env, r2.id)).refundId!)).amount).toBe(15_000);
    await sendRefunds(env);
    expect(await requestRow(env, r2.id)).toMatchObject({ state: 'refunded' });
    expect(await itemRow(env, a.id)).toMatchObject({ refundedAmount: 25_000, refundState: 'partial', state: 'awaiting_shipment' });
    expect((await orderRow(env, order.id)).state).toBe('awaiting_shipment');

    // The other item in full: the order is not closed (item a is only partly refunded).
    const r3 = await askOk(env, b, order, { orderItemId: c.id });
    await accept(env, s, r3.id);
    await sendRefunds(env);
    expect(await itemRow(env, c.id)).toMatchObject({ refundedAmount: 5_000, refundState: 'full', state: 'closed' });
    expect((await orderRow(env, order.id)).state).toBe('awaiting_shipment');
    // What the payment gave back: the three refunds, no more.
    expect(await scalar<number>(env.ctx.db, sql`select sum(amount)::int from refunds where payment_id = ${order.paymentId} and state = 'succeeded'`)).toBe(30_000);
  });
});

describe('an order partly shipped', () => {
  it('whose items still to ship are refunded is all shipped and awaits receipt', async () => {
    const p = await listedProduct(env, s, [{ price: 2_000, stock: 10 }, { price: 3_000, stock: 10 }]);
    const order = await paidOrder(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }, { skuId: p.skuIds[1], quantity: 1 }]);
    const [a, c] = [order.items.find((i) => i.skuId === p.skuIds[0])!, order.items.find((i) => i.skuId === p.skuIds[1])!];
    const shipped = await call(env, 'POST', `${s.url}/orders/${order.id}/shipments`, s.merchant.headers, { carrier: 'sf', trackingNo: 'SF000000700001', itemIds: [a.id] });
    expect(shipped.statusCode, shipped.body).toBe(201);
    expect((await orderRow(env, order.id)).state).toBe('partly_shipped');
    const req = await askOk(env, b, order, { orderItemId: c.id });
    await accept(env, s, req.id);
    await sendRefunds(env);
    const o = await orderRow(env, order.id);
    expect(o).toMatchObject({ state: 'awaiting_receipt', shippedAt: env.clock.now() });
    expect(o.receiveDeadline!.getTime()).toBe(env.clock.now().getTime() + env.ctx.config.autoReceiptDays * 24 * 3600_000);
    expect(await itemRow(env, c.id)).toMatchObject({ state: 'closed', refundState: 'full' });
    // The buyer confirms receipt of what came.
    await receive(order.id);
    expect((await orderRow(env, order.id)).state).toBe('completed');
  });
});

describe('settlement', () => {
  it('waits while a request is open, then settles what was not refunded', async () => {
    const p = await listedProduct(env, s, [{ price: 8_000, stock: 10 }]);
    const order = await paidOrder(env, s, b, [{ skuId: p.skuIds[0], quantity: 2 }], 'received');
    const req = await askOk(env, b, order, { orderItemId: order.items[0].id, quantity: 1, type: 'return' });
    await later(8 * 24 * 3600_000); // past the 7-day window; the request is still with the merchant
    await sweepSettlements(env.ctx, 100);
    expect((await orderRow(env, order.id)).settledAt).toBeNull();
    // The merchant answers at last: a return, shipped back, received; the refund goes.
    await accept(env, s, req.id);
    await ok(buyerDo(env, b, req.id, 'return-shipment', { carrier: 'sf', trackingNo: 'SF000000900001' }));
    await ok(merchantDo(env, s, req.id, 'confirm-receipt'));
    await sweepSettlements(env.ctx, 100);
    expect((await orderRow(env, order.id)).settledAt).toBeNull(); // still refunding
    await sendRefunds(env);
    expect(await requestRow(env, req.id)).toMatchObject({ state: 'refunded' });
    await sweepSettlements(env.ctx, 100);
    const settled = await orderRow(env, order.id);
    expect(settled.settledAt).not.toBeNull();
    const item = await itemRow(env, order.items[0].id);
    const entries = await env.ctx.db.execute(sql`select kind, gross::int as gross, commission::int as commission, net::int as net, refund_id from store_balance_ledger where order_id = ${order.id}`);
    const rows = (entries as unknown as { rows: { kind: string; gross: number; commission: number; net: number; refund_id: string | null }[] }).rows;
    const commission = applyBasisPoints(8_000, item.commissionBp);
    // Only the settlement, of the unit kept: no refund entry (the refund came before it).
    expect(rows).toEqual([{ kind: 'settlement', gross: 8_000, commission, net: 8_000 - commission, refund_id: null }]);
  });

  it('already settled: a refund is debited from the store balance and the platform gives its commission back', async () => {
    const p = await listedProduct(env, s, [{ price: 12_345, stock: 10 }]);
    const order = await paidOrder(env, s, b, [{ skuId: p.skuIds[0], quantity: 2 }], 'received');
    // The store gives 15 days of after-sales from now on: the order settles after 7, requests are taken until 15.
    await env.ctx.db.execute(sql`update stores set after_sales_days = 15 where id = ${s.storeId}`);
    await later(8 * 24 * 3600_000);
    await sweepSettlements(env.ctx, 100);
    expect((await orderRow(env, order.id)).settledAt).not.toBeNull();
    const item = await itemRow(env, order.items[0].id);
    const settledCommission = applyBasisPoints(24_690, item.commissionBp);
    const balanceOf = async () => (await call(env, 'GET', `${s.url}/balance`, s.merchant.headers)).json();
    const ledgerOf = async () => (await call(env, 'GET', '/api/operator/ledger', op.headers)).json();
    const [balance0, ledger0] = [await balanceOf(), await ledgerOf()];

    const req = await askOk(env, b, order, { orderItemId: item.id, quantity: 1 });
    expect(req.amount).toBe(12_345);
    await accept(env, s, req.id);
    await sendRefunds(env);
    expect(await requestRow(env, req.id)).toMatchObject({ state: 'refunded' });

    const share = settledCommission - applyBasisPoints(24_690 - 12_345, item.commissionBp);
    const net = 12_345 - share;
    const balance1 = await balanceOf();
    expect(balance1.balance).toBe(balance0.balance - net);
    expect(balance1.entries[0]).toMatchObject({ orderId: order.id, kind: 'refund', gross: -12_345, commission: -share, net: -net });
    const ledger1 = await ledgerOf();
    expect(ledger1.commissionTotal).toBe(ledger0.commissionTotal - share);
    expect(ledger1.grossTotal).toBe(ledger0.grossTotal - 12_345);
    expect(ledger1.settledOrders).toBe(ledger0.settledOrders); // a refund entry is not a settled order
    expect(ledger1.entries[0]).toMatchObject({ orderId: order.id, kind: 'refund', commission: -share });

    // The rest of the item later: the commissions given back add up to what the settlement took.
    const req2 = await askOk(env, b, order, { orderItemId: item.id, quantity: 1 });
    await accept(env, s, req2.id);
    await sendRefunds(env);
    const [{ gross, commission }] = (await env.ctx.db.execute(sql`select sum(gross)::int as gross, sum(commission)::int as commission from store_balance_ledger where order_id = ${order.id}`) as unknown as { rows: { gross: number; commission: number }[] }).rows;
    expect({ gross, commission }).toEqual({ gross: 0, commission: 0 });
    expect((await orderRow(env, order.id)).state).toBe('closed_refunded');
    // One entry per refund, whatever the replays.
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from store_balance_ledger where order_id = ${order.id} and kind = 'refund'`)).toBe(2);
    await env.ctx.db.execute(sql`update stores set after_sales_days = null where id = ${s.storeId}`);
  });
});

describe('a failed refund', () => {
  it('is surfaced as refund_failed and sent again by the merchant (or the operator); others may not', async () => {
    const p = await listedProduct(env, s, [{ price: 4_200, stock: 10 }]);
    const order = await paidOrder(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }]);
    const req = await askOk(env, b, order, { orderItemId: order.items[0].id });
    await accept(env, s, req.id);
    const first = (await requestRow(env, req.id)).refundId!;
    const { outTradeNo } = await refundRow(env, first);
    // WeChat Pay refuses it (here: the sandbox forgets the trade was paid); one attempt is all this test allows.
    await env.ctx.db.update(sandboxTransactions).set({ tradeState: 'CLOSED' }).where(eq(sandboxTransactions.outTradeNo, outTradeNo!));
    await sendRefunds(env);
    expect(await refundRow(env, first)).toMatchObject({ state: 'failed' });
    expect(await requestRow(env, req.id)).toMatchObject({ state: 'refund_failed', refundId: first });
    expect(await outboxCount(env, 'aftersales.refund_failed', req.id)).toBe(1);
    expect(await itemRow(env, order.items[0].id)).toMatchObject({ refundedAmount: 0, refundState: 'none' });
    // The operator's desk lists it.
    const desk = (await call(env, 'GET', '/api/operator/after-sales?state=refund_failed', op.headers)).json();
    expect(desk.items.map((x: { id: string }) => x.id)).toContain(req.id);

    // Another store, or the buyer: not theirs.
    const stranger = await call(env, 'POST', `${other.url}/after-sales/${req.id}/retry-refund`, other.merchant.headers);
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json().code).toBe('after_sale_not_found');
    expect((await call(env, 'POST', `${s.url}/after-sales/${req.id}/retry-refund`, b.headers)).statusCode).toBe(403);

    await env.ctx.db.update(sandboxTransactions).set({ tradeState: 'SUCCESS' }).where(eq(sandboxTransactions.outTradeNo, outTradeNo!));
    const retried = await call(env, 'POST', `${s.url}/after-sales/${req.id}/retry-refund`, s.merchant.headers);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ id: req.id, state: 'refunding', amount: 4_200 });
    expect(retried.json().refundId).not.toBe(first);
    // Sending it again while it is on its way: not allowed.
    const twice = await call(env, 'POST', `/api/operator/after-sales/${req.id}/retry-refund`, op.headers);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('after_sale_transition_not_allowed');

    await sendRefunds(env);
    expect(await requestRow(env, req.id)).toMatchObject({ state: 'refunded', refundId: retried.json().refundId });
    expect(await itemRow(env, order.items[0].id)).toMatchObject({ refundedAmount: 4_200, refundState: 'full', state: 'closed' });
    expect((await orderRow(env, order.id)).state).toBe('closed_refunded');
    expect(await env.ctx.db.select({ state: refunds.state }).from(refunds).where(eq(refunds.paymentId, order.paymentId))).toEqual(expect.arrayContaining([{ state: 'failed' }, { state: 'succeeded' }]));
  });

  it('the operator sends it again too', async () => {
    const p = await listedProduct(env, s, [{ price: 1_500, stock: 10 }]);
    const order = await paidOrder(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }]);
    const req = await askOk(env, b, order, { orderItemId: order.items[0].id });
    await accept(env, s, req.id);
    const { outTradeNo } = await refundRow(env, (await requestRow(env, req.id)).refundId!);
    await env.ctx.db.update(sandboxTransactions).set({ tradeState: 'CLOSED' }).where(eq(sandboxTransactions.outTradeNo, outTradeNo!));
    await sendRefunds(env);
    expect((await requestRow(env, req.id)).state).toBe('refund_failed');
    await env.ctx.db.update(sandboxTransactions).set({ tradeState: 'SUCCESS' }).where(eq(sandboxTransactions.outTradeNo, outTradeNo!));
    const res = await call(env, 'POST', `/api/operator/after-sales/${req.id}/retry-refund`, op.headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'refunding', refundAmount: 1_500, timeline: expect.arrayContaining([expect.objectContaining({ event: 'retry_refund', actorRole: 'operator' })]) });
    await sendRefunds(env);
    expect((await requestRow(env, req.id)).state).toBe('refunded');
  });
});
