// Refunds through the sandbox: requested, swept (sent, PROCESSING), finished by the REFUND.SUCCESS notification;
// a payment paid after it was closed, or paid twice, is refunded automatically; failures are retried, then given up.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/kernel/context.ts';
import { closePayment, requestRefund, sandboxSettled, sweepPaymentAttempts, sweepRefunds } from '../../src/modules/payments/index.ts';
import { payments, refunds, sandboxRefunds, sandboxTransactions } from '../../src/modules/payments/schema.ts';
import { signUp, testEnv, type TestEnv } from '../helpers.ts';
import { deliver, listen, newPayment, paidNotification, prepay, prepayIdOf } from './support.ts';

let env: TestEnv;
let buyer: Awaited<ReturnType<typeof signUp>>;
const heard = listen();
beforeAll(async () => {
  env = await testEnv({ TRIO_REFUND_MAX_ATTEMPTS: '3', TRIO_REFUND_RETRY_SECONDS: '60' });
  buyer = await signUp(env.app, 'buyer');
});
afterAll(async () => { await env?.close(); });

const refundRow = async (id: string) => (await env.ctx.db.select().from(refunds).where(eq(refunds.id, id)))[0];
const paymentRow = async (id: string) => (await env.ctx.db.select().from(payments).where(eq(payments.id, id)))[0];

async function paidPayment(amount: number) {
  const paymentId = await newPayment(env, buyer.userId, amount);
  const { cashierUrl, outTradeNo } = await prepay(env.app, buyer, paymentId);
  const res = await env.app.inject({ method: 'POST', url: `/api/sandbox/cashier/${prepayIdOf(cashierUrl)}/pay` });
  expect(res.json()).toEqual({ tradeState: 'SUCCESS', notifyStatus: 204 });
  return { paymentId, outTradeNo };
}

describe('refunds', () => {
  it('a partial refund goes through the sandbox and fires refundSucceeded once', async () => {
    const { paymentId, outTradeNo } = await paidPayment(10_000);
    const orderId = crypto.randomUUID();
    const { id } = await inTransaction(env.ctx, (tx) => requestRefund(tx, env.clock.now(), { paymentId, orderId, amount: 4_000, reason: 'Out of stock', source: 'test' }));
    expect(await refundRow(id)).toMatchObject({ state: 'pending', outTradeNo, amount: 4_000, currency: 'CNY', attempts: 0 });
    // More than is left is refused.
    await expect(inTransaction(env.ctx, (tx) => requestRefund(tx, env.clock.now(), { paymentId, amount: 6_001, source: 'test' }))).rejects.toMatchObject({ code: 'refund_exceeds_payment' });

    expect(await sweepRefunds(env.ctx, 10)).toBe(1);
    await sandboxSettled(env.app); // the sandbox finishes the refund and notifies
    const done = await refundRow(id);
    expect(done).toMatchObject({ state: 'succeeded', attempts: 1, succeededAt: env.clock.now() });
    expect(done.providerRefundId).toMatch(/^50\d+$/);
    const [sb] = await env.ctx.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.outRefundNo, done.outRefundNo));
    expect(sb).toMatchObject({ status: 'SUCCESS', amount: 4_000, outTradeNo });
    expect(heard.refunded.filter((r) => r.refundId === id)).toEqual([{ refundId: id, paymentId, storeId: null, orderId, amount: 4_000, source: 'test' }]);
    // Nothing is due any more, and a second sweep changes nothing.
    env.clock.advance(3600_000);
    expect(await sweepRefunds(env.ctx, 10)).toBe(0);
    expect(heard.refunded.filter((r) => r.refundId === id)).toHaveLength(1);
    // The rest can still be refunded.
    await inTransaction(env.ctx, (tx) => requestRefund(tx, env.clock.now(), { paymentId, amount: 6_000, source: 'test' }));
  });

  it('a success for a closed payment marks it paid and refunds it in full, without paymentSucceeded', async () => {
    const paymentId = await newPayment(env, buyer.userId, 7_700);
    const { outTradeNo } = await prepay(env.app, buyer, paymentId);
    expect(await inTransaction(env.ctx, (tx) => closePayment(tx, env.clock.now(), paymentId))).toBe('closed');
    await sweepPaymentAttempts(env.ctx, 50);
    expect((await env.ctx.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.outTradeNo, outTradeNo)))[0].tradeState).toBe('CLOSED');
    // The buyer had paid just before the close reached WeChat Pay: its notification arrives now.
    expect((await deliver(env.app, await paidNotification(env, outTradeNo))).statusCode).toBe(204);
    expect(await paymentRow(paymentId)).toMatchObject({ state: 'paid', paidOutTradeNo: outTradeNo });
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(0);
    const [r] = await env.ctx.db.select().from(refunds).where(eq(refunds.paymentId, paymentId));
    expect(r).toMatchObject({ source: 'paid_after_close', amount: 7_700, outTradeNo, state: 'pending' });
    // Replays do not refund twice.
    expect((await deliver(env.app, await paidNotification(env, outTradeNo))).statusCode).toBe(204);
    expect(await env.ctx.db.select().from(refunds).where(eq(refunds.paymentId, paymentId))).toHaveLength(1);

    await sweepRefunds(env.ctx, 10);
    await sandboxSettled(env.app);
    expect((await refundRow(r.id)).state).toBe('succeeded');
    expect(heard.refunded.filter((e) => e.refundId === r.id)).toMatchObject([{ paymentId, amount: 7_700, source: 'paid_after_close' }]);
  });

  it('a payment paid twice (two attempts) refunds the second transaction', async () => {
    const paymentId = await newPayment(env, buyer.userId, 1_234);
    const native = await prepay(env.app, buyer, paymentId, 'native');
    const jsapi = await prepay(env.app, buyer, paymentId, 'jsapi');
    const n1 = await paidNotification(env, native.outTradeNo);
    const n2 = await paidNotification(env, jsapi.outTradeNo);
    expect((await deliver(env.app, n1)).statusCode).toBe(204);
    expect((await deliver(env.app, n2)).statusCode).toBe(204);
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(1);
    expect(await paymentRow(paymentId)).toMatchObject({ state: 'paid', paidOutTradeNo: native.outTradeNo });
    const list = await env.ctx.db.select().from(refunds).where(eq(refunds.paymentId, paymentId));
    expect(list).toMatchObject([{ source: 'paid_twice', outTradeNo: jsapi.outTradeNo, amount: 1_234 }]);
    expect(await sweepRefunds(env.ctx, 10)).toBe(1);
    await sandboxSettled(env.app);
    expect((await refundRow(list[0].id)).state).toBe('succeeded');
    const [sb] = await env.ctx.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.outRefundNo, list[0].outRefundNo));
    expect(sb).toMatchObject({ status: 'SUCCESS', outTradeNo: jsapi.outTradeNo });
  });

  it('a refund the provider refuses is retried with a growing delay, then fails for good (refundFailed)', async () => {
    const { paymentId, outTradeNo } = await paidPayment(900);
    const { id } = await inTransaction(env.ctx, (tx) => requestRefund(tx, env.clock.now(), { paymentId, amount: 900, source: 'test' }));
    // WeChat Pay no longer takes refunds for this transaction (here: the sandbox forgets it was paid).
    await env.ctx.db.update(sandboxTransactions).set({ tradeState: 'CLOSED' }).where(eq(sandboxTransactions.outTradeNo, outTradeNo));
    const start = env.clock.now().getTime();
    expect(await sweepRefunds(env.ctx, 10)).toBe(1);
    let r = await refundRow(id);
    expect(r).toMatchObject({ state: 'pending', attempts: 1 });
    expect(r.lastError).toMatch(/INVALID_REQUEST/);
    expect(r.nextAttemptAt.getTime() - start).toBe(60_000);
    expect(await sweepRefunds(env.ctx, 10)).toBe(0); // not due yet
    env.clock.advance(60_000);
    expect(await sweepRefunds(env.ctx, 10)).toBe(1);
    r = await refundRow(id);
    expect(r.nextAttemptAt.getTime() - env.clock.now().getTime()).toBe(120_000);
    env.clock.advance(120_000);
    expect(await sweepRefunds(env.ctx, 10)).toBe(1);
    expect(await refundRow(id)).toMatchObject({ state: 'failed', attempts: 3 });
    expect(heard.refundFailed.filter((e) => e.refundId === id)).toMatchObject([{ paymentId, amount: 900, source: 'test' }]);
    env.clock.advance(3600_000);
    expect(await sweepRefunds(env.ctx, 10)).toBe(0);
  });
});
