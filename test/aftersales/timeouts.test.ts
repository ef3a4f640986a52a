// Every deadline, by moving the clock and running the scheduler's sweeps: a merchant silent for 48 hours accepts,
// a return not shipped in 7 days closes, a return not confirmed in 10 days is refunded anyway, a rejection not
// disputed in 7 days closes, an exchange not confirmed in 10 days completes (and one whose return is not confirmed
// received is refunded instead). Nothing moves a moment early.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalar } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, type Buyer, type Store } from '../orders/fixtures.ts';
import { askOk, buyerDo, hours, merchantDo, ok, orderAt, sweep, storeWithReturns } from './support.ts';

let env: TestEnv;
let s: Store;
let b: Buyer;
beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  s = await storeWithReturns(env);
  b = await buyer(env);
});
afterAll(async () => env?.close());

const view = async (id: string) => (await call(env, 'GET', `/api/after-sales/${id}`, b.headers)).json();
const parcel = { carrier: 'sf', trackingNo: 'SF000005500001' };

/** A request on a fresh shipped order of its own product (so the sweeps of other tests' requests do not matter). */
async function request(type: 'refund' | 'return' | 'exchange') {
  const p = await listedProduct(env, s, [{ price: 2000, stock: 5 }, { price: 2000, stock: 5 }]);
  const o = await orderAt(env, s, b, [{ skuId: p.skuIds[0], quantity: 1 }], 'shipped');
  const r = await askOk(env, b, o, { type, ...(type === 'exchange' ? { exchangeSkuId: p.skuIds[1] } : {}) });
  return { ...r, skuIds: p.skuIds };
}

/** Moves the clock to just before the deadline (nothing happens), then to it (the state's timeout fires). */
async function expire(id: string, h: number, before: string, after: string) {
  hours(env, h - 0.01);
  await sweep(env);
  expect((await view(id)).state).toBe(before);
  hours(env, 0.01);
  await sweep(env);
  const v = await view(id);
  expect(v.state).toBe(after);
  expect(v.timeline.at(-1)).toMatchObject({ actorRole: 'system', fromState: before });
  return v;
}

describe('deadlines', () => {
  it('the merchant silent for 48 hours: a refund goes out (and reaches the buyer)', async () => {
    const r = await request('refund');
    const v = await expire(r.id, 48, 'merchant_processing', 'refunding');
    expect(v.timeline.at(-1).event).toBe('merchant_timeout_refund');
    expect(v.refundId).toBeTruthy();
  });

  it('the merchant silent for 48 hours: a return waits for the parcel', async () => {
    const r = await request('return');
    const v = await expire(r.id, 48, 'merchant_processing', 'waiting_buyer_return');
    expect(v.dueAt).toBeTruthy();
  });

  it('the buyer does not ship the return within 7 days: closed', async () => {
    const r = await request('return');
    await ok(merchantDo(env, s, r.id, 'accept'));
    const v = await expire(r.id, 7 * 24, 'waiting_buyer_return', 'return_closed');
    expect(v.dueAt).toBeNull();
    expect(v.closedAt).toBeTruthy();
    // Closed, the item may be asked about again.
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from after_sales where order_item_id = ${v.orderItemId} and closed_at is null`)).toBe(0);
  });

  it('the merchant does not confirm receipt within 10 days: the refund goes out, no stock comes back', async () => {
    const r = await request('return');
    await ok(merchantDo(env, s, r.id, 'accept'));
    await ok(buyerDo(env, b, r.id, 'return-shipment', parcel));
    const stock = await scalar<number>(env.ctx.db, sql`select stock from skus where id = ${r.skuIds[0]}`);
    const v = await expire(r.id, 10 * 24, 'waiting_merchant_receipt', 'refunding');
    expect(v.timeline.at(-1).event).toBe('receipt_timeout');
    expect(await scalar<number>(env.ctx.db, sql`select stock from skus where id = ${r.skuIds[0]}`)).toBe(stock);
  });

  it('an exchange whose return the merchant does not confirm within 10 days is refunded instead, for the whole item', async () => {
    const r = await request('exchange');
    await ok(merchantDo(env, s, r.id, 'accept'));
    await ok(buyerDo(env, b, r.id, 'return-shipment', parcel));
    const v = await expire(r.id, 10 * 24, 'waiting_merchant_receipt', 'refunding');
    expect(v.timeline.at(-1).event).toBe('receipt_timeout');
    expect(v.agreedAmount).toBe(2000);
    expect(await scalar<number>(env.ctx.db, sql`select amount::int from refunds where id = ${v.refundId}`)).toBe(2000);
  });

  it('a rejection not disputed within 7 days: closed', async () => {
    const r = await request('refund');
    await ok(merchantDo(env, s, r.id, 'reject', { reason: 'Used' }));
    await expire(r.id, 7 * 24, 'merchant_rejected', 'closed');
  });

  it('a reshipped exchange not confirmed within 10 days: completed', async () => {
    const r = await request('exchange');
    await ok(merchantDo(env, s, r.id, 'accept'));
    await ok(buyerDo(env, b, r.id, 'return-shipment', parcel));
    await ok(merchantDo(env, s, r.id, 'reship', parcel));
    await expire(r.id, 10 * 24, 'exchange_reshipped', 'completed');
  });

  it('nothing waits on a proposal, a dispute or a refund: no deadline, the sweeps leave them', async () => {
    const a = await request('return');
    await ok(merchantDo(env, s, a.id, 'propose', { amount: 100, note: 'Keep it' }));
    const d = await request('refund');
    await ok(merchantDo(env, s, d.id, 'reject', { reason: 'No' }));
    await ok(buyerDo(env, b, d.id, 'dispute', { reason: 'Yes' }));
    hours(env, 60 * 24);
    await sweep(env);
    expect((await view(a.id)).state).toBe('waiting_buyer_confirm');
    expect((await view(d.id)).state).toBe('in_dispute');
  });

  it('a request already moved by its party is not moved again by a late sweep', async () => {
    const r = await request('return');
    hours(env, 49);
    await ok(merchantDo(env, s, r.id, 'reject', { reason: 'Late but no' }));
    await sweep(env);
    const v = await view(r.id);
    expect(v.state).toBe('merchant_rejected');
    expect(v.timeline).toHaveLength(2);
  });
});
