// Time passes (the test clock moves): a gift nobody claims in 24 h is refunded to the giver and its stock comes
// back, exactly once even with two sweeping processes; a group gift's unclaimed units are refunded in proportion;
// a free gift's stock comes back; a gift never paid is cancelled after the payment timeout.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { sandboxSettled } from '../../src/modules/payments/index.ts';
import { cluster, clusterEnv, scalar } from '../api/support.ts';
import type { TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { claim, paidGift, sendOk } from './support.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
let s: Store;
beforeAll(async () => {
  c = await cluster(2, { TRIO_SESSION_TTL_HOURS: '100000' });
  env = clusterEnv(c);
  s = await openStore(env);
});
afterAll(async () => c?.close());

const stockOf = (skuId: string) => scalar<number>(c.ctx.db, sql`select stock from skus where id = ${skuId}`);
const hours = (h: number) => c.clock.advance(h * 3600_000);
/** Both processes sweep at once, each with its own connections; then the sandbox finishes the refunds it was sent. */
async function sweepBoth() {
  await Promise.all(c.ctxs.map((x) => runSweeps(sweeps(x), 200)));
  // Either process may have sent a refund to the sandbox: wait for both.
  await Promise.all(c.apps.map((a) => sandboxSettled(a)));
  await Promise.all(c.ctxs.map((x) => runSweeps(sweeps(x), 200)));
}
const refundsOf = (paymentId: string) => c.ctx.db.execute(sql`select amount::int as amount, state, source from refunds where payment_id = ${paymentId}`).then((r) => (r as unknown as { rows: { amount: number; state: string; source: string }[] }).rows);

describe('a gift nobody claims', () => {
  it('is refunded to the giver after 24 h and its stock comes back, once, with two processes sweeping', async () => {
    const p = await listedProduct(env, s, [{ price: 8800, stock: 5 }]);
    const giver = await buyer(env);
    const { gift } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'single', quantity: 2 });
    expect(await stockOf(p.skuIds[0])).toBe(3);

    hours(23.9);
    await sweepBoth();
    expect((await call(env, 'GET', `/api/gifts/${gift.id}`, giver.headers)).json().state).toBe('waiting');

    hours(0.2);
    await sweepBoth();
    const after = (await call(env, 'GET', `/api/gifts/${gift.id}`, giver.headers)).json();
    expect(after).toMatchObject({ state: 'refunded', stateCode: 181, unitsReturned: 1, unitsClaimed: 0 });
    expect(await stockOf(p.skuIds[0])).toBe(5);
    expect(await refundsOf(gift.paymentId)).toEqual([{ amount: 17600, state: 'succeeded', source: 'gift' }]);
    expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from stock_flows where sku_id = ${p.skuIds[0]} and reason = 'gift_refund'`)).toBe(1);
    for (const topic of ['message.gift_expired', 'message.gift_refunded']) {
      expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from outbox where topic = ${topic} and payload->>'giftId' = ${gift.id} and payload->>'userId' = ${giver.userId}`)).toBe(1);
    }
    // Sweeping again changes nothing, and the link no longer gives anything.
    hours(48);
    await sweepBoth();
    expect(await refundsOf(gift.paymentId)).toHaveLength(1);
    expect(await stockOf(p.skuIds[0])).toBe(5);
    const late = await claim(env, after.sharePath.split('/').pop(), await buyer(env));
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'gift_not_waiting', state: 'refunded' });
  });

  it('cannot be claimed once its 24 h are over, even before a sweep ran', async () => {
    const p = await listedProduct(env, s, [{ price: 1000, stock: 5 }]);
    const { token } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'single' });
    hours(24.01);
    const late = await claim(env, token, await buyer(env));
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'gift_not_waiting', state: 'expired' });
    await sweepBoth();
  });

  it('of a group: the units nobody claimed are refunded in proportion, their stock returns', async () => {
    const p = await listedProduct(env, s, [{ price: 1500, stock: 10 }]);
    const giver = await buyer(env);
    const { gift, token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'first_come', units: 5 });
    expect(gift.amount).toBe(7500);
    for (let i = 0; i < 2; i++) expect((await claim(env, token, await buyer(env))).statusCode).toBe(201);
    expect(await stockOf(p.skuIds[0])).toBe(5);
    hours(25);
    await sweepBoth();
    const after = (await call(env, 'GET', `/api/gifts/${gift.id}`, giver.headers)).json();
    expect(after).toMatchObject({ state: 'refunded', unitsClaimed: 2, unitsReturned: 3 });
    expect(await refundsOf(gift.paymentId)).toEqual([{ amount: 4500, state: 'succeeded', source: 'gift' }]);
    expect(await stockOf(p.skuIds[0])).toBe(8);
  });

  it("of a store (free): expires and its stock comes back, with nothing to refund", async () => {
    const p = await listedProduct(env, s, [{ price: 1500, stock: 3 }]);
    const lucky = await buyer(env);
    const res = await call(env, 'POST', `${s.url}/free-gifts`, s.merchant.headers, { skuId: p.skuIds[0], quantity: 3, recipientEmail: lucky.email, message: '' });
    expect(res.statusCode, res.body).toBe(201);
    expect(await stockOf(p.skuIds[0])).toBe(0);
    hours(25);
    await sweepBoth();
    const list = (await call(env, 'GET', `${s.url}/gifts`, s.merchant.headers)).json();
    expect(list.items.find((g: { id: string }) => g.id === res.json().id)).toMatchObject({ state: 'expired', unitsReturned: 1 });
    expect(await stockOf(p.skuIds[0])).toBe(3);
  });
});

describe('a gift never paid', () => {
  it('is cancelled after the payment timeout: stock back, payment closed, once with two sweepers', async () => {
    const p = await listedProduct(env, s, [{ price: 2000, stock: 6 }]);
    const giver = await buyer(env);
    const sent = await sendOk(env, giver, { skuId: p.skuIds[0], kind: 'first_come', units: 4 });
    // The giver opened the cashier but did not pay.
    expect((await call(env, 'POST', `/api/payments/${sent.paymentId}/prepay`, giver.headers, { method: 'native' })).statusCode).toBe(200);
    expect(await stockOf(p.skuIds[0])).toBe(2);
    c.clock.advance(29 * 60_000);
    await sweepBoth();
    expect((await call(env, 'GET', `/api/gifts/${sent.gift.id}`, giver.headers)).json().state).toBe('awaiting_payment');
    c.clock.advance(2 * 60_000);
    await sweepBoth();
    const after = (await call(env, 'GET', `/api/gifts/${sent.gift.id}`, giver.headers)).json();
    expect(after).toMatchObject({ state: 'cancelled', stateCode: 250, sharePath: null });
    expect(await stockOf(p.skuIds[0])).toBe(6);
    expect((await call(env, 'GET', `/api/payments/${sent.paymentId}`, giver.headers)).json().state).toBe('closed');
    expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from stock_flows where sku_id = ${p.skuIds[0]} and reason = 'cancel'`)).toBe(1);
    // Paying now is refused.
    const pre = await call(env, 'POST', `/api/payments/${sent.paymentId}/prepay`, giver.headers, { method: 'native' }, { 'idempotency-key': randomUUID() });
    expect(pre.statusCode).toBe(409);
  });
});
