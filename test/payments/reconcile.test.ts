// Payments that are never lost: a buyer who pays while the order is being cancelled, or pays a second prepay of a
// payment already paid, and whose notification never arrives (the endpoint down), gets the money back: the
// reconciliation sweep closes the attempt at the provider, is told ORDERPAID, asks, applies the success and refunds
// it, audited, the buyer told. A success nobody notified is found by the sweep alone.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/modules/audit/schema.ts';
import { sandboxSettled, sweepPaymentAttempts, sweepRefunds } from '../../src/modules/payments/index.ts';
import { paymentAttempts, payments, refunds, sandboxTransactions } from '../../src/modules/payments/schema.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { scalar } from '../api/support.ts';
import { testEnv, signUp, type TestEnv } from '../helpers.ts';
import { call, checkoutOk, listedProduct, openStore } from '../orders/fixtures.ts';
import { listen, newPayment, notifyEndpoint, prepay, prepayIdOf } from './support.ts';

let env: TestEnv;
const endpoint = notifyEndpoint();
const heard = listen();
beforeAll(async () => {
  env = await testEnv({ TRIO_PAYMENT_CHECK_SECONDS: '60' }, { beforeReady: endpoint.install });
});
afterAll(async () => { await env?.close(); });

const payAtCashier = (cashierUrl: string) => env.app.inject({ method: 'POST', url: `/api/sandbox/cashier/${prepayIdOf(cashierUrl)}/pay` });
const tradeState = async (outTradeNo: string) => (await env.ctx.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.outTradeNo, outTradeNo)))[0].tradeState;
const refundsOf = (paymentId: string) => env.ctx.db.select().from(refunds).where(eq(refunds.paymentId, paymentId));
const auditOf = (paymentId: string) => env.ctx.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'payment'), eq(auditLog.entityId, paymentId)));
const toldRefunded = (userId: string) => scalar<number>(env.ctx.db, sql`
  select count(*)::int from outbox where topic = 'message.payment_refunded' and payload->>'userId' = ${userId}`);

describe('a success Trio was never told about', () => {
  it('paid while the order was being cancelled, the notification lost: refunded, audited, the buyer told', async () => {
    const store = await openStore(env);
    const product = await listedProduct(env, store, [{ price: 4_200, stock: 5 }]);
    const buyer = await signUp(env.app, 'buyer');
    const { paymentId, orders } = await checkoutOk(env, buyer, [{ skuId: product.skuIds[0], quantity: 1 }]);
    const { cashierUrl, outTradeNo } = await prepay(env.app, buyer, paymentId);

    // The buyer cancels in one tab while paying in another; the notification finds the endpoint down.
    expect((await call(env, 'POST', `/api/orders/${orders[0].id}/cancel`, buyer.headers, {})).statusCode).toBe(200);
    endpoint.status = 503;
    const paid = await payAtCashier(cashierUrl);
    endpoint.status = 0;
    expect(paid.json()).toEqual({ tradeState: 'SUCCESS', notifyStatus: 503 });
    expect((await env.ctx.db.select().from(payments).where(eq(payments.id, paymentId)))[0].state).toBe('closed');

    // The sweeps (any process): the attempt is closed at the provider, which answers ORDERPAID; the success is
    // applied to the closed payment and refunded in full; the refund goes out and comes back.
    await runSweeps(sweeps(env.ctx), 200);
    await sandboxSettled(env.app);
    await runSweeps(sweeps(env.ctx), 200);
    const [refund] = await refundsOf(paymentId);
    expect(refund).toMatchObject({ source: 'paid_after_close', outTradeNo, amount: 4_200, state: 'succeeded' });
    expect(await tradeState(outTradeNo)).toBe('REFUND');
    const [attempt] = await env.ctx.db.select().from(paymentAttempts).where(eq(paymentAttempts.outTradeNo, outTradeNo));
    expect(attempt).toMatchObject({ state: 'paid', providerFinal: true });
    expect(await auditOf(paymentId)).toMatchObject([{ action: 'payment.paid_after_close', actorRole: 'system', after: { refundId: refund.id, amount: 4_200, outTradeNo } }]);
    expect(await toldRefunded(buyer.userId)).toBe(1);
    // The order stays cancelled; nobody is told it was paid.
    expect((await call(env, 'GET', `/api/orders/${orders[0].id}`, buyer.headers)).json().state).toBe('cancelled');
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(0);

    // WeChat Pay's retry of the lost notification arrives later: nothing more happens.
    env.clock.advance(15_000);
    await sandboxSettled(env.app);
    await runSweeps(sweeps(env.ctx), 200);
    expect(await refundsOf(paymentId)).toHaveLength(1);
    expect(await toldRefunded(buyer.userId)).toBe(1);
  });

  it('a second prepay paid after the payment was paid, its notification lost: refunded once', async () => {
    const buyer = await signUp(env.app, 'buyer');
    const paymentId = await newPayment(env, buyer.userId, 1_500);
    const native = await prepay(env.app, buyer, paymentId, 'native');
    const jsapi = await prepay(env.app, buyer, paymentId, 'jsapi');
    expect((await payAtCashier(native.cashierUrl)).json()).toEqual({ tradeState: 'SUCCESS', notifyStatus: 204 });
    // The phone still shows the other prepay: paid too, the endpoint down.
    endpoint.status = 503;
    expect((await payAtCashier(jsapi.cashierUrl)).json()).toEqual({ tradeState: 'SUCCESS', notifyStatus: 503 });

    expect(await sweepPaymentAttempts(env.ctx, 200)).toBeGreaterThanOrEqual(1);
    expect(await refundsOf(paymentId)).toMatchObject([{ source: 'paid_twice', outTradeNo: jsapi.outTradeNo, amount: 1_500, state: 'pending' }]);
    // Asked again, and the notification's retries delivered: still one refund.
    endpoint.status = 0;
    await env.ctx.db.update(paymentAttempts).set({ providerFinal: false, nextCheckAt: env.clock.now() }).where(eq(paymentAttempts.outTradeNo, jsapi.outTradeNo));
    await sweepPaymentAttempts(env.ctx, 200);
    env.clock.advance(15_000);
    await sandboxSettled(env.app);
    await sweepRefunds(env.ctx, 200);
    await sandboxSettled(env.app);
    const list = await refundsOf(paymentId);
    expect(list).toMatchObject([{ source: 'paid_twice', state: 'succeeded' }]);
    expect((await env.ctx.db.select().from(payments).where(eq(payments.id, paymentId)))[0]).toMatchObject({ state: 'paid', paidOutTradeNo: native.outTradeNo });
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(1);
    expect((await auditOf(paymentId)).map((a) => a.action)).toEqual(['payment.paid_twice']);
    expect(await toldRefunded(buyer.userId)).toBe(1);
  });

  it('a payment whose notification never came is applied by the sweep, without anyone asking', async () => {
    const buyer = await signUp(env.app, 'buyer');
    const paymentId = await newPayment(env, buyer.userId, 990);
    const { cashierUrl, outTradeNo } = await prepay(env.app, buyer, paymentId);
    endpoint.status = 503;
    expect((await payAtCashier(cashierUrl)).json().notifyStatus).toBe(503);
    endpoint.status = 0;
    await sweepPaymentAttempts(env.ctx, 200); // not due yet: asked TRIO_PAYMENT_CHECK_SECONDS after the prepay
    expect((await env.ctx.db.select().from(payments).where(eq(payments.id, paymentId)))[0].state).toBe('awaiting');
    env.clock.advance(60_000);
    await sweepPaymentAttempts(env.ctx, 200);
    expect((await env.ctx.db.select().from(payments).where(eq(payments.id, paymentId)))[0].state).toBe('paid');
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(1);
    const [a] = await env.ctx.db.select().from(paymentAttempts).where(eq(paymentAttempts.outTradeNo, outTradeNo));
    expect(a).toMatchObject({ providerFinal: true, providerState: 'SUCCESS', checks: 1 });
  });

  it('an attempt nobody paid is asked with growing delays until the provider says it is closed (its time is up)', async () => {
    const buyer = await signUp(env.app, 'buyer');
    const paymentId = await newPayment(env, buyer.userId, 300); // expires in 30 minutes
    const { outTradeNo } = await prepay(env.app, buyer, paymentId);
    const row = async () => (await env.ctx.db.select().from(paymentAttempts).where(eq(paymentAttempts.outTradeNo, outTradeNo)))[0];
    const start = env.clock.now().getTime();
    expect((await row()).nextCheckAt.getTime() - start).toBe(60_000);
    const seen: number[] = [];
    for (let i = 0; i < 8 && !(await row()).providerFinal; i++) {
      env.clock.set(new Date((await row()).nextCheckAt.getTime()));
      await sweepPaymentAttempts(env.ctx, 200);
      seen.push((env.clock.now().getTime() - start) / 60_000);
    }
    // Asked at 1, 3, 7, 15 and 31 minutes: the last after the payment expired, when the provider says CLOSED.
    expect(seen).toEqual([1, 3, 7, 15, 31]);
    expect(await row()).toMatchObject({ state: 'open', providerFinal: true, providerState: 'CLOSED', checks: 5 });
    expect(await tradeState(outTradeNo)).toBe('CLOSED');
  });
});
