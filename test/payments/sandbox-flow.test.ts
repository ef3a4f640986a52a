// The whole payment flow through the sandbox, offline: prepay, the cashier, the signed and encrypted notification
// through the real verification path, the success hook once; the payer-only rules of the HTTP API.
import { createVerify } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/kernel/context.ts';
import { changePaymentAmount, closePayment, sandboxSettled, sweepPaymentAttempts } from '../../src/modules/payments/index.ts';
import { paymentAttempts, paymentNotifications, payments, refunds, sandboxTransactions } from '../../src/modules/payments/schema.ts';
import { signUp, testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem } from '../api/support.ts';
import { deliver, listen, newPayment, paidNotification, prepay, prepayIdOf, sandboxKeys } from './support.ts';

let env: TestEnv;
let buyer: Awaited<ReturnType<typeof signUp>>;
const heard = listen();
beforeAll(async () => {
  env = await testEnv();
  buyer = await signUp(env.app, 'buyer');
});
afterAll(async () => { await env?.close(); });

const tradeOf = async (outTradeNo: string) => (await env.ctx.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.outTradeNo, outTradeNo)))[0];

describe('a payment through the sandbox', () => {
  it('prepay -> cashier -> signed notification -> paid, paymentSucceeded fired once', async () => {
    const paymentId = await newPayment(env, buyer.userId, 12_345);
    const view = await env.app.inject({ method: 'GET', url: `/api/payments/${paymentId}`, headers: buyer.headers });
    expect(view.json()).toMatchObject({ id: paymentId, state: 'awaiting', amount: 12_345, currency: 'CNY', paidAt: null, provider: 'sandbox', purpose: 'deposit' });

    const native = await prepay(env.app, buyer, paymentId, 'native');
    expect(native).toMatchObject({ paymentId, method: 'native', provider: 'sandbox', amount: 12_345, currency: 'CNY' });
    expect(native.outTradeNo).toMatch(/^[A-Za-z0-9_-]{6,32}$/);
    expect(native.codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    expect(native.cashierUrl).toMatch(/^\/sandbox\/cashier\/wx\w+$/);
    // The same method and amount again: the same attempt.
    expect((await prepay(env.app, buyer, paymentId, 'native')).outTradeNo).toBe(native.outTradeNo);

    // JSAPI: wx.requestPayment parameters signed with the merchant key.
    const jsapi = await prepay(env.app, buyer, paymentId, 'jsapi');
    expect(jsapi.outTradeNo).not.toBe(native.outTradeNo);
    const keys = await sandboxKeys(env);
    const j = jsapi.jsapi!;
    expect(j).toMatchObject({ appId: keys.appid, signType: 'RSA', package: `prepay_id=${prepayIdOf(jsapi.cashierUrl)}` });
    expect(createVerify('RSA-SHA256').update(`${j.appId}\n${j.timeStamp}\n${j.nonceStr}\n${j.package}\n`).verify(keys.merchantPublic, j.paySign, 'base64')).toBe(true);

    const prepayId = prepayIdOf(native.cashierUrl);
    const cashier = await env.app.inject({ method: 'GET', url: `/api/sandbox/cashier/${prepayId}` });
    // The page says what is paid (the payment's purpose, for the web to name in the payer's language).
    expect(cashier.json()).toMatchObject({ prepayId, outTradeNo: native.outTradeNo, mchid: keys.mchid, amount: 12_345, currency: 'CNY', tradeState: 'NOTPAY', purpose: 'deposit' });

    const paid = await env.app.inject({ method: 'POST', url: `/api/sandbox/cashier/${prepayId}/pay` });
    expect(paid.json()).toEqual({ tradeState: 'SUCCESS', notifyStatus: 204 });
    const after = (await env.app.inject({ method: 'GET', url: `/api/payments/${paymentId}`, headers: buyer.headers })).json();
    expect(after).toMatchObject({ state: 'paid', paidAt: env.clock.now().toISOString() });
    const events = heard.succeeded.filter((e) => e.paymentId === paymentId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ purpose: 'deposit', payerId: buyer.userId, storeId: null, amount: 12_345, currency: 'CNY' });
    expect(events[0].transactionId).toBe((await tradeOf(native.outTradeNo)).transactionId);

    // Paying again re-sends the notification (as WeChat Pay retries): taken as a duplicate, nothing fires.
    expect((await env.app.inject({ method: 'POST', url: `/api/sandbox/cashier/${prepayId}/pay` })).json()).toEqual({ tradeState: 'SUCCESS', notifyStatus: 204 });
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(1);
    const outcomes = await env.ctx.db.select({ outcome: paymentNotifications.outcome }).from(paymentNotifications).where(eq(paymentNotifications.outTradeNo, native.outTradeNo)).orderBy(paymentNotifications.id);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'duplicate']);

    // The other open attempt is closed, here and, by the reconciliation sweep, at the provider.
    const attempts = await env.ctx.db.select().from(paymentAttempts).where(eq(paymentAttempts.paymentId, paymentId));
    expect(Object.fromEntries(attempts.map((a) => [a.outTradeNo, a.state]))).toEqual({ [native.outTradeNo]: 'paid', [jsapi.outTradeNo]: 'closed' });
    expect((await tradeOf(jsapi.outTradeNo)).tradeState).toBe('NOTPAY');
    await sweepPaymentAttempts(env.ctx, 50);
    expect((await tradeOf(jsapi.outTradeNo)).tradeState).toBe('CLOSED');
    const final = await env.ctx.db.select().from(paymentAttempts).where(eq(paymentAttempts.paymentId, paymentId));
    expect(Object.fromEntries(final.map((a) => [a.outTradeNo, [a.providerFinal, a.providerState]]))).toEqual({
      [native.outTradeNo]: [true, 'SUCCESS'], [jsapi.outTradeNo]: [true, 'CLOSED'],
    });
    // A paid payment takes no new prepay.
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/payments/${paymentId}/prepay`, headers: buyer.headers, payload: { method: 'native' } }), 409, 'payment_already_paid');
  });

  it('the cashier can fail and cancel; a failed payment can still be paid', async () => {
    const paymentId = await newPayment(env, buyer.userId, 500);
    const { cashierUrl } = await prepay(env.app, buyer, paymentId);
    const id = prepayIdOf(cashierUrl);
    expect((await env.app.inject({ method: 'POST', url: `/api/sandbox/cashier/${id}/fail` })).json()).toEqual({ tradeState: 'PAYERROR' });
    expect((await env.app.inject({ method: 'POST', url: `/api/sandbox/cashier/${id}/cancel` })).json()).toEqual({ tradeState: 'NOTPAY' });
    const [p] = await env.ctx.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(p.state).toBe('awaiting');
    expect((await env.app.inject({ method: 'POST', url: `/api/sandbox/cashier/${id}/pay` })).json()).toEqual({ tradeState: 'SUCCESS', notifyStatus: 204 });
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/sandbox/cashier/${id}/fail` }), 409, 'sandbox_trade_not_open');
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/sandbox/cashier/wx-no-such-prepay' }), 404, 'prepay_not_found');
  });

  it('a lowered amount makes a new attempt; the old one is closed, and a success for it is refunded, not applied', async () => {
    const paymentId = await newPayment(env, buyer.userId, 10_000);
    const first = await prepay(env.app, buyer, paymentId);
    await inTransaction(env.ctx, (tx) => changePaymentAmount(tx, env.clock.now(), paymentId, 8_000));
    const second = await prepay(env.app, buyer, paymentId);
    expect(second.outTradeNo).not.toBe(first.outTradeNo);
    expect(second.amount).toBe(8_000);
    await sweepPaymentAttempts(env.ctx, 50);
    expect((await tradeOf(first.outTradeNo)).tradeState).toBe('CLOSED');
    // WeChat Pay took the old amount anyway (a race with the close): the payment does not move, the money goes back.
    const res = await deliver(env.app, await paidNotification(env, first.outTradeNo));
    expect(res.statusCode).toBe(204);
    const [p] = await env.ctx.db.select().from(payments).where(eq(payments.id, paymentId));
    expect(p).toMatchObject({ state: 'awaiting', amount: 8_000 });
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(0);
    expect(await env.ctx.db.select().from(refunds).where(eq(refunds.paymentId, paymentId))).toMatchObject([{ source: 'paid_stale_amount', outTradeNo: first.outTradeNo, amount: 10_000 }]);
    // An amount the attempt never asked for is refused loudly (400, WeChat Pay sends it again).
    const odd = await deliver(env.app, await paidNotification(env, second.outTradeNo, (t) => ({ ...t, amount: { ...t.amount, total: 7_999, payer_total: 7_999 } })));
    expect(odd.statusCode).toBe(400);
    expect(odd.json()).toMatchObject({ code: 'FAIL' });
    await env.ctx.db.update(sandboxTransactions).set({ tradeState: 'NOTPAY' }).where(eq(sandboxTransactions.outTradeNo, second.outTradeNo));
    // The new amount pays.
    expect((await env.app.inject({ method: 'POST', url: `/api/sandbox/cashier/${prepayIdOf(second.cashierUrl)}/pay` })).json().notifyStatus).toBe(204);
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId).map((e) => e.amount)).toEqual([8_000]);
  });

  it('"I have paid": refresh asks the provider and applies a success whose notification never came', async () => {
    const paymentId = await newPayment(env, buyer.userId, 2_000);
    const { outTradeNo } = await prepay(env.app, buyer, paymentId);
    await paidNotification(env, outTradeNo); // taken by WeChat Pay, the notification lost
    const res = await env.app.inject({ method: 'POST', url: `/api/payments/${paymentId}/refresh`, headers: buyer.headers });
    expect(res.json()).toMatchObject({ state: 'paid' });
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(1);
  });

  it('another user\'s payment is not found; closing is idempotent', async () => {
    const paymentId = await newPayment(env, buyer.userId, 700);
    const other = await signUp(env.app, 'buyer');
    for (const [method, url, payload] of [
      ['GET', `/api/payments/${paymentId}`, undefined], ['POST', `/api/payments/${paymentId}/prepay`, { method: 'native' }], ['POST', `/api/payments/${paymentId}/refresh`, undefined],
    ] as const) {
      expectProblem(await env.app.inject({ method, url, headers: other.headers, payload }), 404, 'payment_not_found');
    }
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/payments/${paymentId}` }), 401, 'unauthorized');
    expect(await inTransaction(env.ctx, (tx) => closePayment(tx, env.clock.now(), paymentId))).toBe('closed');
    expect(await inTransaction(env.ctx, (tx) => closePayment(tx, env.clock.now(), paymentId))).toBe('already_closed');
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/payments/${paymentId}/prepay`, headers: buyer.headers, payload: { method: 'native' } }), 409, 'payment_closed');
  });

  it('the sandbox refuses a request not signed with the merchant key (401 SIGN_ERROR, signed answer)', async () => {
    const res = await env.app.inject({ method: 'GET', url: `/sandbox/wechatpay/v3/pay/transactions/out-trade-no/abcdef123?mchid=1` });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'SIGN_ERROR' });
    expect(res.headers['wechatpay-signature']).toBeTruthy();
    const forged = await env.app.inject({
      method: 'GET', url: '/sandbox/wechatpay/v3/pay/transactions/out-trade-no/abcdef123?mchid=1',
      headers: { authorization: `WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="n",signature="AAAA",timestamp="${Math.floor(env.clock.now().getTime() / 1000)}",serial_no="X"` },
    });
    expect(forged.statusCode).toBe(401);
    await sandboxSettled(env.app);
    const [{ n }] = (await env.ctx.db.execute(sql`select count(*)::int as n from sandbox_transactions where out_trade_no = 'abcdef123'`) as unknown as { rows: { n: number }[] }).rows;
    expect(n).toBe(0);
  });
});

describe('a listener that fails', () => {
  it('rolls the success back and answers 500 {code:"FAIL"}, so WeChat Pay sends it again', async () => {
    const { paymentSucceeded } = await import('../../src/modules/payments/index.ts');
    const paymentId = await newPayment(env, buyer.userId, 3_333);
    let failing = true;
    paymentSucceeded.on(async (_tx, p) => {
      if (p.paymentId === paymentId && failing) throw new Error('listener down');
    });
    const { outTradeNo } = await prepay(env.app, buyer, paymentId);
    const n = await paidNotification(env, outTradeNo);
    const res = await deliver(env.app, n);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'FAIL', message: 'internal error, try again later' });
    expect((await env.ctx.db.select().from(payments).where(eq(payments.id, paymentId)))[0].state).toBe('awaiting');
    failing = false;
    expect((await deliver(env.app, n)).statusCode).toBe(204);
    expect((await env.ctx.db.select().from(payments).where(eq(payments.id, paymentId)))[0].state).toBe('paid');
  });
});
