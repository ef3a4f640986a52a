// A store withdraws its settled balance: asked for (taken from the balance at once, never below zero, once per
// Idempotency-Key), approved at once within the auto limit or by the operator, paid out by WeChat Pay profit sharing
// (here the sandbox, through the real v3 client) and followed until final; a rejection or a failure gives it back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { buildApp } from '../../src/app.ts';
import { queryRows } from '../../src/db/client.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { providerFor } from '../../src/modules/payments/index.ts';
import { setSandboxReceiverAbnormal } from '../../src/modules/payments/sandbox/profit-sharing.ts';
import { sandboxProfitSharingOrders, sandboxProfitSharingReceivers } from '../../src/modules/payments/sandbox-profit-sharing-schema.ts';
import { WechatPayError } from '../../src/modules/payments/wechatpay/client.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { scalar } from '../api/support.ts';
import { call, openStore, pay } from '../orders/fixtures.ts';
import { available, detail, merchantId, settledSale, storeWithReceiver, sweepAll, withdraw, withdrawalsOf } from './withdrawals-support.ts';

const AUTO_LIMIT = 5000;
let env: TestEnv;
beforeAll(async () => {
  // A ratio raised to 100 % (as a service provider may have it): the ratio's own rules are in profit-sharing.test.ts.
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000', TRIO_WITHDRAWAL_AUTO_LIMIT: String(AUTO_LIMIT), TRIO_WITHDRAWAL_CHECK_SECONDS: '30', TRIO_PROFIT_SHARING_MAX_BP: '10000' });
});
afterAll(async () => env?.close());

/** Sweeps, and lets the time for asking the provider again pass, until the withdrawal is final. */
async function untilFinal(s: { url: string; merchant: { headers: Record<string, string> } }, id: string) {
  for (let i = 0; i < 10; i++) {
    await sweepAll(env);
    const w = await detail(env, s as never, id);
    if (['paid', 'failed', 'rejected'].includes(w.state)) return w;
    env.clock.advance(31_000);
  }
  throw new Error(`the withdrawal never became final: ${JSON.stringify(await detail(env, s as never, id))}`);
}

describe('receiver account', () => {
  it('is added at the provider as a profit-sharing receiver, its name encrypted with the platform key', async () => {
    const s = await openStore(env);
    const account = merchantId();
    expect((await call(env, 'PUT', `${s.url}/withdrawal-receiver`, s.merchant.headers, { type: 'MERCHANT_ID', account, name: null })).json().code).toBe('receiver_name_required');
    expect((await call(env, 'PUT', `${s.url}/withdrawal-receiver`, s.merchant.headers, { type: 'MERCHANT_ID', account: 'abc', name: 'X' })).json().code).toBe('receiver_account_invalid');
    const set = (await call(env, 'PUT', `${s.url}/withdrawal-receiver`, s.merchant.headers, { type: 'MERCHANT_ID', account, name: '杭州小店贸易有限公司' })).json();
    expect(set).toMatchObject({ type: 'MERCHANT_ID', account, state: 'pending' });
    await sweepAll(env);
    expect((await withdrawalsOf(env, s)).receiver).toMatchObject({ account, state: 'registered', lastError: null });
    const [added] = await env.ctx.db.select().from(sandboxProfitSharingReceivers).where(eq(sandboxProfitSharingReceivers.account, account));
    expect(added).toMatchObject({ type: 'MERCHANT_ID', name: '杭州小店贸易有限公司', relationType: 'STORE' });
  });

  it('a withdrawal needs one', async () => {
    const s = await openStore(env);
    expect((await withdraw(env, s, 100)).json().code).toBe('withdrawal_receiver_missing');
  });
});

describe('withdrawing', () => {
  it('within the auto limit: approved at once, paid by profit sharing end to end, the balance down by the amount', async () => {
    const s = await storeWithReceiver(env);
    const sale = await settledSale(env, s, 8000);
    expect(await available(env, s)).toBe(sale.net);
    const res = await withdraw(env, s, 4000);
    expect(res.statusCode, res.body).toBe(201);
    const w = res.json();
    expect(w).toMatchObject({ amount: 4000, state: 'approved', autoApproved: true, shares: [] });
    expect(await available(env, s)).toBe(sale.net - 4000);
    const ledger = (await call(env, 'GET', `${s.url}/balance`, s.merchant.headers)).json();
    expect(ledger.entries[0]).toMatchObject({ kind: 'withdrawal', withdrawalId: w.id, orderId: null, net: -4000 });
    expect(ledger.balance).toBe(sale.net - 4000);

    await sweepAll(env);
    const paying = await detail(env, s, w.id);
    expect(paying).toMatchObject({ state: 'paying', receiverAccount: s.account });
    expect(paying.shares).toEqual([expect.objectContaining({ orderId: sale.orderId, amount: 4000, state: 'processing' })]);
    const done = await untilFinal(s, w.id);
    expect(done).toMatchObject({ state: 'paid', paidAmount: 4000, failReason: null });
    expect(done.shares[0].state).toBe('succeeded');
    // WeChat Pay's side: one finished order sharing 4000 of the sale's transaction to the store's account.
    const [shared] = await env.ctx.db.select().from(sandboxProfitSharingOrders).where(eq(sandboxProfitSharingOrders.outOrderNo, done.shares[0].outOrderNo));
    expect(shared.state).toBe('FINISHED');
    expect(shared.receivers).toEqual([expect.objectContaining({ type: 'MERCHANT_ID', account: s.account, amount: 4000, result: 'SUCCESS' })]);
    expect(shared.unfreezeUnsplit).toBe(false);
    expect(await available(env, s)).toBe(sale.net - 4000);
  });

  it('above the limit: waits for the operator, who approves; split over the oldest settled orders first', async () => {
    const s = await storeWithReceiver(env);
    const first = await settledSale(env, s, 6000);
    const second = await settledSale(env, s, 5000);
    const amount = first.net + 1000;
    const w = (await withdraw(env, s, amount)).json();
    expect(w).toMatchObject({ state: 'requested', autoApproved: false });
    await sweepAll(env);
    expect((await detail(env, s, w.id)).state).toBe('requested');
    const pending = (await call(env, 'GET', '/api/operator/withdrawals', s.op.headers)).json();
    expect(pending.items.find((x: { id: string }) => x.id === w.id)).toMatchObject({ storeName: s.storeName, amount, state: 'requested' });
    expect((await call(env, 'GET', '/api/operator/withdrawals', s.merchant.headers)).statusCode).toBe(403);
    expect((await call(env, 'POST', `/api/operator/withdrawals/${w.id}/approve`, s.merchant.headers)).statusCode).toBe(403);
    const approved = await call(env, 'POST', `/api/operator/withdrawals/${w.id}/approve`, s.op.headers);
    expect(approved.json(), approved.body).toMatchObject({ state: 'approved' });
    expect((await call(env, 'POST', `/api/operator/withdrawals/${w.id}/approve`, s.op.headers)).json().code).toBe('withdrawal_transition_not_allowed');
    const done = await untilFinal(s, w.id);
    expect(done.state).toBe('paid');
    expect(done.shares.map((x: { orderId: string; amount: number }) => [x.orderId, x.amount])).toEqual([[first.orderId, first.net], [second.orderId, 1000]]);
    expect(await available(env, s)).toBe(second.net - 1000);
    // The next withdrawal takes what is left of the second order, not the first again.
    const rest = await untilFinal(s, (await withdraw(env, s, second.net - 1000)).json().id);
    expect(rest.shares.map((x: { orderId: string; amount: number }) => [x.orderId, x.amount])).toEqual([[second.orderId, second.net - 1000]]);
    expect(await available(env, s)).toBe(0);
  });

  it('rejected by the operator with a reason: the whole amount is back in the balance, once', async () => {
    const s = await storeWithReceiver(env);
    const sale = await settledSale(env, s, 9000);
    const w = (await withdraw(env, s, sale.net)).json();
    expect(await available(env, s)).toBe(0);
    expect((await call(env, 'POST', `/api/operator/withdrawals/${w.id}/reject`, s.op.headers, { reason: '' })).statusCode).toBe(400);
    const rejected = (await call(env, 'POST', `/api/operator/withdrawals/${w.id}/reject`, s.op.headers, { reason: 'Receiver name does not match the licence' })).json();
    expect(rejected).toMatchObject({ state: 'rejected', rejectReason: 'Receiver name does not match the licence' });
    expect((await call(env, 'POST', `/api/operator/withdrawals/${w.id}/reject`, s.op.headers, { reason: 'again' })).statusCode).toBe(409);
    expect(await available(env, s)).toBe(sale.net);
    const ledger = (await call(env, 'GET', `${s.url}/balance`, s.merchant.headers)).json();
    expect(ledger.entries.slice(0, 2).map((e: { kind: string; net: number }) => [e.kind, e.net])).toEqual([['withdrawal_returned', sale.net], ['withdrawal', -sale.net]]);
    await sweepAll(env);
    expect(await available(env, s)).toBe(sale.net);
  });

  it('when the provider closes the share (the receiver account is abnormal) the withdrawal fails and the money comes back', async () => {
    const s = await storeWithReceiver(env);
    const sale = await settledSale(env, s, 5000);
    await setSandboxReceiverAbnormal(env.ctx.db, s.account);
    const w = (await withdraw(env, s, 3000)).json();
    const done = await untilFinal(s, w.id);
    expect(done).toMatchObject({ state: 'failed', paidAmount: 0, failReason: 'ACCOUNT_ABNORMAL' });
    expect(done.shares[0]).toMatchObject({ state: 'closed', failReason: 'ACCOUNT_ABNORMAL' });
    expect(await available(env, s)).toBe(sale.net);
    // What the closed share held is shareable again: a later withdrawal takes the same order.
    await setSandboxReceiverAbnormal(env.ctx.db, s.account, false);
    const again = await untilFinal(s, (await withdraw(env, s, sale.net)).json().id);
    expect(again).toMatchObject({ state: 'paid', paidAmount: sale.net });
  });

  it('never below zero: more than the balance, nothing, or a negative amount is refused and nothing changes', async () => {
    const s = await storeWithReceiver(env);
    const sale = await settledSale(env, s, 3000);
    const over = await withdraw(env, s, sale.net + 1);
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ code: 'withdrawal_balance_insufficient', available: sale.net });
    expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
    for (const amount of [0, -5, 1.5]) expect((await withdraw(env, s, amount)).statusCode).toBe(400);
    expect(await available(env, s)).toBe(sale.net);
    expect((await withdrawalsOf(env, s)).total).toBe(0);
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from store_balance_ledger where store_id = ${s.storeId} and kind = 'withdrawal'`)).toBe(0);
  });

  it('is made once per Idempotency-Key: the same answer again, the balance taken once', async () => {
    const s = await storeWithReceiver(env);
    const sale = await settledSale(env, s, 4000);
    const first = await withdraw(env, s, 1000, 'withdraw-once-1');
    const again = await withdraw(env, s, 1000, 'withdraw-once-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect((await withdraw(env, s, 2000, 'withdraw-once-1')).statusCode).toBe(422);
    expect(await available(env, s)).toBe(sale.net - 1000);
  });

  it("a merchant sees only its own store's withdrawals and cannot withdraw from another's", async () => {
    const s = await storeWithReceiver(env);
    await settledSale(env, s, 2000);
    const other = await openStore(env);
    const w = (await withdraw(env, s, 500)).json();
    expect((await call(env, 'GET', `${other.url}/withdrawals/${w.id}`, other.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'GET', `${s.url}/withdrawals/${w.id}`, other.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'POST', `${s.url}/withdrawals`, other.merchant.headers, { amount: 1 })).statusCode).toBe(404);
  });
});

/** A transaction id (28 digits: read as text, not as a number). */
const transactionOf = async (query: ReturnType<typeof sql>) => (await queryRows<{ id: string }>(env.ctx.db, query))[0].id;

describe('the sandbox plays WeChat Pay strictly', () => {
  it('refuses a share above the unsplit amount, of a transaction not paid for profit sharing, or to a receiver never added; answers the same out_order_no the same', async () => {
    const s = await storeWithReceiver(env);
    const sale = await settledSale(env, s, 2000);
    const transactionId = await transactionOf(sql`select p.transaction_id as id from orders o join payments p on p.id = o.payment_id where o.id = ${sale.orderId}`);
    const { client } = await providerFor(env.ctx);
    const receiver = (amount: number, account = s.account) => [{ type: 'MERCHANT_ID' as const, account, amount, description: 'test' }];
    const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => (e instanceof WechatPayError ? e.code : String(e)));
    expect(await refusal(client.shareProfit({ transaction_id: transactionId, out_order_no: 'T-over', receivers: receiver(2001), unfreeze_unsplit: false }))).toBe('NOT_ENOUGH');
    expect(await refusal(client.shareProfit({ transaction_id: transactionId, out_order_no: 'T-stranger', receivers: receiver(10, merchantId()), unfreeze_unsplit: false }))).toBe('INVALID_REQUEST');
    const made = await client.shareProfit({ transaction_id: transactionId, out_order_no: 'T-same', receivers: receiver(1500), unfreeze_unsplit: false });
    expect(made.state).toBe('PROCESSING');
    expect((await client.shareProfit({ transaction_id: transactionId, out_order_no: 'T-same', receivers: receiver(1500), unfreeze_unsplit: false })).order_id).toBe(made.order_id);
    expect(await refusal(client.shareProfit({ transaction_id: transactionId, out_order_no: 'T-same', receivers: receiver(1400), unfreeze_unsplit: false }))).toBe('INVALID_REQUEST');
    expect(await refusal(client.shareProfit({ transaction_id: transactionId, out_order_no: 'T-rest', receivers: receiver(501), unfreeze_unsplit: false }))).toBe('NOT_ENOUGH');
    expect(await client.queryProfitSharing('T-none', transactionId)).toBeNull();
    // A deposit top-up is the platform's money: paid without settle_info.profit_sharing, it cannot be shared.
    const top = (await call(env, 'POST', `${s.url}/deposit/top-ups`, s.merchant.headers, { amount: 1000 })).json();
    await pay(env, s.merchant, top.paymentId);
    const depositTx = await transactionOf(sql`select transaction_id as id from payments where id = ${top.paymentId}`);
    expect(await refusal(client.shareProfit({ transaction_id: depositTx, out_order_no: 'T-deposit', receivers: receiver(10), unfreeze_unsplit: false }))).toBe('INVALID_REQUEST');
  });
});

describe('crash safety', () => {
  it('a withdrawal left paying by a process that stopped is finished by another: its state is only in rows', async () => {
    const s = await storeWithReceiver(env);
    const sale = await settledSale(env, s, 6000);
    const w = (await withdraw(env, s, 2500)).json();
    await sweepAll(env);
    expect((await detail(env, s, w.id)).state).toBe('paying');
    // Another process over the same database, with nothing in memory of this withdrawal.
    const other = await buildApp({ database: env.database, config: env.ctx.config, clock: env.clock, logger: false });
    await other.app.ready();
    try {
      for (let i = 0; i < 5; i++) {
        await runSweeps(sweeps(other.ctx), 200);
        env.clock.advance(31_000);
      }
    } finally {
      await other.app.close();
    }
    expect(await detail(env, s, w.id)).toMatchObject({ state: 'paid', paidAmount: 2500 });
    expect(await available(env, s)).toBe(sale.net - 2500);
  });
});
