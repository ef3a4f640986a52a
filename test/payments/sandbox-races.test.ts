// The sandbox over several processes (on PostgreSQL several apps, each with its own pool; on PGlite the same code
// serialised): a buyer paying while the merchant closes the same trade, many times at once, gets exactly one of
// them; a refund the sandbox left PROCESSING when its process went away is finished by another one.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/kernel/context.ts';
import { requestRefund, sweepRefunds } from '../../src/modules/payments/index.ts';
import { providerFor } from '../../src/modules/payments/provider.ts';
import { refunds, sandboxNotifications, sandboxRefunds, sandboxTransactions } from '../../src/modules/payments/schema.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { cluster } from '../api/support.ts';
import { signUp } from '../helpers.ts';
import { newPayment, prepay, prepayIdOf } from './support.ts';

let c: Awaited<ReturnType<typeof cluster>>;
beforeAll(async () => {
  c = await cluster(3, { TRIO_SANDBOX_REFUND_SECONDS: '60' });
});
afterAll(async () => c?.close());

const env = () => ({ ctx: c.ctx, clock: c.clock });

describe('the sandbox under concurrency', { timeout: 120_000 }, () => {
  it('pay and close of the same trade at once, 20 times over three processes: exactly one wins each, never SUCCESS after CLOSED', async () => {
    const buyer = await signUp(c.apps[0], 'buyer');
    const trades = [];
    for (let i = 0; i < 20; i++) trades.push(await prepay(c.app(i), buyer, await newPayment(env(), buyer.userId, 100 + i)));
    const providers = await Promise.all(c.ctxs.map((x) => providerFor(x)));
    const results = await Promise.all(trades.map(async (t, i) => {
      const [paid, closed] = await Promise.all([
        c.app(i).inject({ method: 'POST', url: `/api/sandbox/cashier/${prepayIdOf(t.cashierUrl)}/pay` }),
        providers[(i + 1) % providers.length].client.close(t.outTradeNo).then(() => 'closed', (err) => String(err.code)),
      ]);
      return { outTradeNo: t.outTradeNo, pay: paid.statusCode, payCode: paid.statusCode === 200 ? 'paid' : paid.json().code, close: closed };
    }));
    const rows = await c.ctx.db.select().from(sandboxTransactions).where(inArray(sandboxTransactions.outTradeNo, trades.map((t) => t.outTradeNo)));
    const notified = await c.ctx.db.select().from(sandboxNotifications).where(inArray(sandboxNotifications.outTradeNo, trades.map((t) => t.outTradeNo)));
    for (const r of results) {
      const state = rows.find((x) => x.outTradeNo === r.outTradeNo)!.tradeState;
      const sent = notified.filter((n) => n.outTradeNo === r.outTradeNo);
      if (r.pay === 200) {
        expect({ ...r, state, sent: sent.length }).toEqual({ ...r, close: 'ORDERPAID', state: 'SUCCESS', sent: 1 });
      } else {
        expect({ ...r, state, sent: sent.length }).toEqual({ ...r, pay: 409, payCode: 'sandbox_trade_not_open', close: 'closed', state: 'CLOSED', sent: 0 });
      }
    }
  });

  it('a refund left PROCESSING by a process that went away is finished by another', async () => {
    const buyer = await signUp(c.apps[1], 'buyer');
    const paymentId = await newPayment(env(), buyer.userId, 5_000);
    const t = await prepay(c.apps[1], buyer, paymentId);
    expect((await c.apps[1].inject({ method: 'POST', url: `/api/sandbox/cashier/${prepayIdOf(t.cashierUrl)}/pay` })).json().notifyStatus).toBe(204);
    const { id } = await inTransaction(c.ctxs[1], (tx) => requestRefund(tx, c.clock.now(), { paymentId, amount: 5_000, source: 'test' }));
    expect(await sweepRefunds(c.ctxs[1], 10)).toBe(1);
    const refund = async () => (await c.ctx.db.select().from(refunds).where(eq(refunds.id, id)))[0];
    const atSandbox = async () => (await c.ctx.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.outRefundNo, (await refund()).outRefundNo)))[0];
    expect(await refund()).toMatchObject({ state: 'processing' });
    expect(await atSandbox()).toMatchObject({ status: 'PROCESSING', dueAt: new Date(c.clock.now().getTime() + 60_000) });
    await c.apps[1].close(); // the process that made it goes away

    await runSweeps(sweeps(c.ctxs[2]), 200);
    expect((await atSandbox()).status).toBe('PROCESSING'); // not due yet
    c.clock.advance(60_000);
    await runSweeps(sweeps(c.ctxs[2]), 200);
    expect(await atSandbox()).toMatchObject({ status: 'SUCCESS', successTime: c.clock.now() });
    expect(await refund()).toMatchObject({ state: 'succeeded', succeededAt: c.clock.now() });
  });
});
