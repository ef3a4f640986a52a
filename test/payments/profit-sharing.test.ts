// WeChat Pay v3 profit sharing's limits and returns, as a store and the platform meet them: the largest ratio of a
// payment that may be shared (30 % by default) caps every withdrawal's shares of one transaction together, and the
// merchant sees what it may withdraw today; a refund of an order already shared to its store waits until the store's
// share is taken back (POST /v3/profitsharing/return-orders), all of it rows the sweeps finish in any order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { providerFor, sweepRefunds, sweepSandbox } from '../../src/modules/payments/index.ts';
import { refunds } from '../../src/modules/payments/schema.ts';
import { setSandboxReceiverAbnormal } from '../../src/modules/payments/sandbox/profit-sharing.ts';
import { sandboxProfitSharingReturns } from '../../src/modules/payments/sandbox-profit-sharing-schema.ts';
import { WechatPayError } from '../../src/modules/payments/wechatpay/client.ts';
import { sweepReturns } from '../../src/modules/withdrawals/index.ts';
import { profitSharingReturns } from '../../src/modules/withdrawals/schema.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { scalar } from '../api/support.ts';
import { askOk, orderAt } from '../aftersales/support.ts';
import { accept, requestRow } from '../aftersales/money-support.ts';
import { buyer, call, listedProduct, type Store } from '../orders/fixtures.ts';
import { available, detail, storeWithReceiver, sweepAll, withdraw, withdrawalsOf } from './withdrawals-support.ts';

let env: TestEnv;
beforeAll(async () => {
  // The default ratio (TRIO_PROFIT_SHARING_MAX_BP 3000: 30 %).
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000', TRIO_WITHDRAWAL_AUTO_LIMIT: '1000000', TRIO_WITHDRAWAL_CHECK_SECONDS: '30' });
});
afterAll(async () => env?.close());

async function untilFinal(s: Store, id: string) {
  for (let i = 0; i < 10; i++) {
    await sweepAll(env);
    const w = await detail(env, s, id);
    if (['paid', 'failed', 'rejected'].includes(w.state)) return w;
    env.clock.advance(31_000);
  }
  throw new Error(`the withdrawal never became final: ${JSON.stringify(await detail(env, s, id))}`);
}

/** A store (after-sales open 15 days, so a request may come after settlement) with one settled order of this price. */
async function settledOrder(price: number) {
  const s = await storeWithReceiver(env);
  const p = await listedProduct(env, s, [{ price, stock: 5 }]);
  const me = await buyer(env);
  const order = await orderAt(env, s, me, [{ skuId: p.skuIds[0], quantity: 1 }], 'received');
  // From now on the store gives 15 days of after-sales: the order settles after 7, requests are taken until 15.
  await env.ctx.db.execute(sql`update stores set after_sales_days = 15 where id = ${s.storeId}`);
  env.clock.advance(8 * 24 * 3600_000);
  await sweepAll(env);
  const [tx] = await queryRows<{ transactionId: string; total: number }>(env.ctx.db, sql`
    select p.transaction_id as "transactionId", a.amount::int as total from orders o join payments p on p.id = o.payment_id
    join payment_attempts a on a.out_trade_no = p.paid_out_trade_no where o.id = ${order.id} and o.settled_at is not null`);
  expect(tx, 'the order settled').toBeTruthy();
  return { s, me, order, ...tx, cap: Math.floor((tx.total * 3000) / 10_000) };
}

/** WeChat Pay's answer to a share above the ratio: 400 INVALID_REQUEST, 分账金额超出最大分账比例. */
const OVER_RATIO = /^INVALID_REQUEST: .*分账金额超出最大分账比例$/;
const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => (e instanceof WechatPayError ? `${e.code}: ${e.message}` : String(e)));

describe('the profit-sharing ratio', () => {
  it('caps what one payment gives over several withdrawals; the merchant sees what it may withdraw now, and more is refused', async () => {
    const { s, order, total, cap } = await settledOrder(10_000);
    const before = await withdrawalsOf(env, s);
    expect(before.available).toBeGreaterThan(cap);
    expect(before).toMatchObject({ withdrawableNow: cap, profitSharingMaxBp: 3000 });

    const first = await withdraw(env, s, 2000);
    expect(first.statusCode, first.body).toBe(201);
    // The first is not split yet: it still counts against what may be withdrawn.
    expect((await withdrawalsOf(env, s)).withdrawableNow).toBe(cap - 2000);
    const over = await withdraw(env, s, cap - 2000 + 1);
    expect(over.statusCode).toBe(409);
    expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(over.json()).toMatchObject({ code: 'withdrawal_above_withdrawable', withdrawable: cap - 2000 });
    expect(await available(env, s)).toBe(before.available - 2000);

    expect((await untilFinal(s, first.json().id)).state).toBe('paid');
    const second = await untilFinal(s, (await withdraw(env, s, cap - 2000)).json().id);
    expect(second).toMatchObject({ state: 'paid', paidAmount: cap - 2000 });
    expect(second.shares.map((x: { orderId: string }) => x.orderId)).toEqual([order.id]);
    // The balance is still there, but the payment has given all it may: nothing more can be withdrawn today.
    const after = await withdrawalsOf(env, s);
    expect(after).toMatchObject({ available: before.available - cap, withdrawableNow: 0 });
    expect((await withdraw(env, s, 1)).json()).toMatchObject({ code: 'withdrawal_above_withdrawable', withdrawable: 0 });
    expect(await scalar<number>(env.ctx.db, sql`select coalesce(sum(amount), 0)::int from withdrawal_shares where order_id = ${order.id} and state = 'succeeded'`)).toBe(cap);
    expect(cap).toBe(Math.floor(total * 0.3));
  });

  it('the sandbox refuses a share above the ratio as WeChat Pay does (INVALID_REQUEST 分账金额超出最大分账比例)', async () => {
    const { s, transactionId, cap } = await settledOrder(9_999);
    const { client } = await providerFor(env.ctx);
    const receivers = (amount: number) => [{ type: 'MERCHANT_ID' as const, account: s.account, amount, description: 'test' }];
    expect(await refusal(client.shareProfit({ transaction_id: transactionId, out_order_no: `C-${s.account}-1`, receivers: receivers(cap + 1), unfreeze_unsplit: false })))
      .toMatch(OVER_RATIO);
    expect((await client.shareProfit({ transaction_id: transactionId, out_order_no: `C-${s.account}-2`, receivers: receivers(cap - 1), unfreeze_unsplit: false })).state).toBe('PROCESSING');
    // Over every share of the transaction, not one request: one more unit than the rest is refused too.
    expect(await refusal(client.shareProfit({ transaction_id: transactionId, out_order_no: `C-${s.account}-3`, receivers: receivers(2), unfreeze_unsplit: false })))
      .toMatch(OVER_RATIO);
    expect((await client.shareProfit({ transaction_id: transactionId, out_order_no: `C-${s.account}-4`, receivers: receivers(1), unfreeze_unsplit: false })).state).toBe('PROCESSING');
  });
});

describe('a refund of an order already shared to its store', () => {
  /** A settled order, 2000 of its payment withdrawn (paid by profit sharing), then fully refunded after a request the merchant accepts. */
  async function sharedThenRefunded() {
    const o = await settledOrder(10_000);
    const w = await untilFinal(o.s, (await withdraw(env, o.s, 2000)).json().id);
    expect(w.state).toBe('paid');
    const balance0 = (await call(env, 'GET', `${o.s.url}/balance`, o.s.merchant.headers)).json().balance as number;
    const req = await askOk(env, o.me, o.order, { orderItemId: o.order.items[0].id, quantity: 1 });
    await accept(env, o.s, req.id);
    const refundId = (await requestRow(env, req.id)).refundId!;
    return { ...o, w, req, refundId, balance0 };
  }
  const refund = async (id: string) => (await env.ctx.db.select().from(refunds).where(eq(refunds.id, id)))[0];
  const returnsOf = (refundId: string) => env.ctx.db.select().from(profitSharingReturns).where(eq(profitSharingReturns.refundId, refundId)).orderBy(profitSharingReturns.createdAt);

  it('first takes the store\'s share back, then refunds; each step a row, the sweeps run in any order and twice', async () => {
    const { s, order, req, refundId, balance0, w } = await sharedThenRefunded();
    // Asked for together with the refund, which waits for it.
    expect(await refund(refundId)).toMatchObject({ state: 'pending', heldFor: 'profit_sharing_return' });
    const [ret] = await returnsOf(refundId);
    expect(ret).toMatchObject({ state: 'pending', amount: 2000, outOrderNo: w.shares[0].outOrderNo, returnAccount: s.account, storeId: s.storeId, orderId: order.id });

    // The refunds sweep first (as if the process stopped before the returns sweep): the refund is not sent.
    await sweepRefunds(env.ctx, 100);
    expect(await refund(refundId)).toMatchObject({ state: 'pending', attempts: 0 });
    // The return is sent; sweeping again at once finds it leased (no second call).
    expect(await sweepReturns(env.ctx, 100)).toBeGreaterThan(0);
    await sweepReturns(env.ctx, 100);
    expect((await returnsOf(refundId))[0]).toMatchObject({ state: 'processing' });
    await sweepRefunds(env.ctx, 100);
    expect((await refund(refundId)).state).toBe('pending');
    // WeChat Pay finishes it; the next question learns it, credits the store and releases the refund.
    await sweepSandbox(env.ctx, 100);
    env.clock.advance(31_000);
    await sweepReturns(env.ctx, 100);
    await sweepReturns(env.ctx, 100);
    expect((await returnsOf(refundId))[0]).toMatchObject({ state: 'succeeded' });
    expect(await refund(refundId)).toMatchObject({ state: 'pending', heldFor: null });
    const [atWechat] = await env.ctx.db.select().from(sandboxProfitSharingReturns).where(eq(sandboxProfitSharingReturns.outReturnNo, ret.outReturnNo));
    expect(atWechat).toMatchObject({ result: 'SUCCESS', amount: 2000, returnMchid: s.account, outOrderNo: ret.outOrderNo });

    // Now the refund goes, and succeeds.
    for (let i = 0; i < 3; i++) {
      await sweepRefunds(env.ctx, 100);
      await sweepSandbox(env.ctx, 100);
      env.clock.advance(61_000);
    }
    expect((await refund(refundId)).state).toBe('succeeded');
    expect((await requestRow(env, req.id)).state).toBe('refunded');
    // The store's ledger: the share taken back (once), then the refund debited.
    const ledger = (await call(env, 'GET', `${s.url}/balance`, s.merchant.headers)).json();
    const mine = ledger.entries.filter((e: { orderId: string | null }) => e.orderId === order.id).map((e: { kind: string; net: number }) => [e.kind, e.net]);
    expect(mine.filter(([k]: [string]) => k === 'profit_sharing_return')).toEqual([['profit_sharing_return', 2000]]);
    const refundEntry = mine.find(([k]: [string]) => k === 'refund');
    expect(ledger.balance).toBe(balance0 + 2000 + refundEntry[1]);
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from sandbox_profit_sharing_returns where out_order_no = ${ret.outOrderNo}`)).toBe(1);
  });

  it('the sandbox refuses the refund while the share is out, and answers the same out_return_no the same', async () => {
    const { refundId, transactionId, total, w, s } = await sharedThenRefunded();
    const { client } = await providerFor(env.ctx);
    const r = await refund(refundId);
    expect(await refusal(client.refund({ out_trade_no: r.outTradeNo, out_refund_no: `probe${r.outRefundNo.slice(0, 20)}`, amount: { refund: total, total, currency: 'CNY' } })))
      .toMatch(/^NOT_ENOUGH/);
    const [ret] = await returnsOf(refundId);
    await sweepReturns(env.ctx, 100);
    const again = await client.returnProfit({ out_order_no: ret.outOrderNo, out_return_no: ret.outReturnNo, return_mchid: s.account, amount: 2000, description: 'Refund to the buyer' });
    expect(again).toMatchObject({ out_return_no: ret.outReturnNo, amount: 2000, return_mchid: s.account });
    expect(await refusal(client.returnProfit({ out_order_no: ret.outOrderNo, out_return_no: ret.outReturnNo, return_mchid: s.account, amount: 1999, description: 'x' }))).toMatch(/^INVALID_REQUEST/);
    // Never more than the share paid.
    expect(await refusal(client.returnProfit({ out_order_no: w.shares[0].outOrderNo, out_return_no: 'R-more', return_mchid: s.account, amount: 1, description: 'x' }))).toMatch(/^INVALID_REQUEST/);
    expect(transactionId).toBeTruthy();
  });

  it('when the return fails for good the refund waits; the operator sees it and sends it again', async () => {
    const o = await settledOrder(8_000);
    expect((await untilFinal(o.s, (await withdraw(env, o.s, 1500)).json().id)).state).toBe('paid');
    await setSandboxReceiverAbnormal(env.ctx.db, o.s.account);
    const req = await askOk(env, o.me, o.order, { orderItemId: o.order.items[0].id, quantity: 1 });
    await accept(env, o.s, req.id);
    const refundId = (await requestRow(env, req.id)).refundId!;
    for (let i = 0; i < 4; i++) {
      await sweepAll(env);
      env.clock.advance(31_000);
    }
    const [failed] = await returnsOf(refundId);
    expect(failed).toMatchObject({ state: 'failed', failReason: 'ACCOUNT_ABNORMAL' });
    expect(await refund(refundId)).toMatchObject({ state: 'pending', heldFor: 'profit_sharing_return', attempts: 0 });
    expect((await requestRow(env, req.id)).state).toBe('refunding');

    const list = (await call(env, 'GET', '/api/operator/profit-sharing-returns?limit=100', o.s.op.headers)).json();
    expect(list.items.find((x: { outReturnNo: string }) => x.outReturnNo === failed.outReturnNo)).toMatchObject({ storeName: o.s.storeName, amount: 1500, failReason: 'ACCOUNT_ABNORMAL', refundId });
    expect((await call(env, 'GET', '/api/operator/profit-sharing-returns', o.s.merchant.headers)).statusCode).toBe(403);
    const retryUrl = `/api/operator/profit-sharing-returns/${failed.outReturnNo}/retry`;
    expect((await call(env, 'POST', retryUrl, o.s.merchant.headers)).statusCode).toBe(403);

    await setSandboxReceiverAbnormal(env.ctx.db, o.s.account, false);
    const retried = await call(env, 'POST', retryUrl, o.s.op.headers);
    expect(retried.statusCode, retried.body).toBe(201);
    expect((await call(env, 'POST', retryUrl, o.s.op.headers)).json().code).toBe('profit_sharing_return_not_failed');
    const audit = (await call(env, 'GET', '/api/operator/audit?action=profit_sharing_return.retried', o.s.op.headers)).json();
    expect(audit.items.find((x: { entityId: string }) => x.entityId === o.order.id)).toMatchObject({ before: { outReturnNo: failed.outReturnNo } });
    for (let i = 0; i < 6 && (await refund(refundId)).state !== 'succeeded'; i++) {
      await sweepAll(env);
      env.clock.advance(61_000);
    }
    expect(await refund(refundId)).toMatchObject({ state: 'succeeded', heldFor: null });
    expect((await requestRow(env, req.id)).state).toBe('refunded');
    expect((await call(env, 'GET', '/api/operator/profit-sharing-returns?limit=100', o.s.op.headers)).json().items.some((x: { orderId: string }) => x.orderId === o.order.id)).toBe(false);
  });
});
