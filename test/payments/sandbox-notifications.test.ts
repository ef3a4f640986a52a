// The sandbox is as strict as WeChat Pay: a notification not answered with a 2xx is sent again on WeChat Pay's
// published schedule until it is answered (then applied once) or the schedule ends; a trade a close got first
// cannot be paid, and a close of a paid trade is answered ORDERPAID.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxSettled } from '../../src/modules/payments/index.ts';
import { providerFor } from '../../src/modules/payments/provider.ts';
import { NOTIFY_RETRY_SECONDS } from '../../src/modules/payments/sandbox/notify.ts';
import { payments, sandboxNotifications, sandboxTransactions } from '../../src/modules/payments/schema.ts';
import { expectProblem } from '../api/support.ts';
import { signUp, testEnv, type TestEnv } from '../helpers.ts';
import { listen, newPayment, notifyEndpoint, prepay, prepayIdOf } from './support.ts';

let env: TestEnv;
let buyer: Awaited<ReturnType<typeof signUp>>;
const endpoint = notifyEndpoint();
const heard = listen();
beforeAll(async () => {
  env = await testEnv({}, { beforeReady: endpoint.install });
  buyer = await signUp(env.app, 'buyer');
});
afterAll(async () => { await env?.close(); });

const pay = (cashierUrl: string) => env.app.inject({ method: 'POST', url: `/api/sandbox/cashier/${prepayIdOf(cashierUrl)}/pay` });
const notificationsOf = (outTradeNo: string) => env.ctx.db.select().from(sandboxNotifications).where(eq(sandboxNotifications.outTradeNo, outTradeNo));
const stateOf = async (paymentId: string) => (await env.ctx.db.select().from(payments).where(eq(payments.id, paymentId)))[0].state;

describe('sandbox notifications', () => {
  it('a notification answered 500 is sent again 15 s later, then 15 s later, and applied once when answered', async () => {
    const paymentId = await newPayment(env, buyer.userId, 2_500);
    const { cashierUrl, outTradeNo } = await prepay(env.app, buyer, paymentId);
    endpoint.status = 500;
    expect((await pay(cashierUrl)).json()).toEqual({ tradeState: 'SUCCESS', notifyStatus: 500 });
    expect(await stateOf(paymentId)).toBe('awaiting');

    await sandboxSettled(env.app); // nothing is due before the next try
    expect(await notificationsOf(outTradeNo)).toMatchObject([{ state: 'pending', attempts: 1, lastStatus: 500 }]);
    env.clock.advance(14_999);
    await sandboxSettled(env.app);
    expect((await notificationsOf(outTradeNo))[0].attempts).toBe(1);
    env.clock.advance(1);
    await sandboxSettled(env.app);
    expect(await notificationsOf(outTradeNo)).toMatchObject([{ state: 'pending', attempts: 2, lastStatus: 500 }]);
    expect(await stateOf(paymentId)).toBe('awaiting');

    endpoint.status = 0;
    env.clock.advance(15_000);
    await sandboxSettled(env.app);
    const [n] = await notificationsOf(outTradeNo);
    expect(n).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 204, deliveredAt: env.clock.now() });
    expect(await stateOf(paymentId)).toBe('paid');
    expect(heard.succeeded.filter((e) => e.paymentId === paymentId)).toHaveLength(1);
    // Answered: never sent again.
    env.clock.advance(24 * 3600_000);
    await sandboxSettled(env.app);
    expect((await notificationsOf(outTradeNo))[0].attempts).toBe(3);
  });

  it('an endpoint that never answers gets the notification 16 times over 24 h 4 min, then no more', async () => {
    const paymentId = await newPayment(env, buyer.userId, 700);
    const { cashierUrl, outTradeNo } = await prepay(env.app, buyer, paymentId);
    endpoint.status = 503;
    const before = endpoint.refused;
    await pay(cashierUrl);
    const start = env.clock.now().getTime();
    const sentAt: number[] = [0];
    for (const wait of NOTIFY_RETRY_SECONDS) {
      env.clock.advance(wait * 1000);
      await sandboxSettled(env.app);
      sentAt.push((env.clock.now().getTime() - start) / 1000);
    }
    expect(endpoint.refused - before).toBe(16);
    expect(sentAt.at(-1)).toBe(24 * 3600 + 4 * 60);
    expect(await notificationsOf(outTradeNo)).toMatchObject([{ state: 'abandoned', attempts: 16, lastStatus: 503 }]);
    env.clock.advance(24 * 3600_000);
    await sandboxSettled(env.app);
    expect(endpoint.refused - before).toBe(16);
    endpoint.status = 0;
  });
});

describe('a trade is paid or closed, never both', () => {
  it('the cashier cannot pay a trade the merchant closed; no notification goes out', async () => {
    const paymentId = await newPayment(env, buyer.userId, 800);
    const { cashierUrl, outTradeNo } = await prepay(env.app, buyer, paymentId);
    const provider = await providerFor(env.ctx);
    await provider.client.close(outTradeNo);
    expectProblem(await pay(cashierUrl), 409, 'sandbox_trade_not_open');
    expect((await env.ctx.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.outTradeNo, outTradeNo)))[0].tradeState).toBe('CLOSED');
    expect(await notificationsOf(outTradeNo)).toHaveLength(0);
    await provider.client.close(outTradeNo); // closing again is fine
  });

  it('closing a paid trade is answered ORDERPAID, and the trade stays paid', async () => {
    const paymentId = await newPayment(env, buyer.userId, 900);
    const { cashierUrl, outTradeNo } = await prepay(env.app, buyer, paymentId);
    expect((await pay(cashierUrl)).json().tradeState).toBe('SUCCESS');
    const provider = await providerFor(env.ctx);
    await expect(provider.client.close(outTradeNo)).rejects.toMatchObject({ status: 400, code: 'ORDERPAID' });
    expect((await provider.client.queryByOutTradeNo(outTradeNo))?.trade_state).toBe('SUCCESS');
  });
});
