// What the withdrawal tests share: a store with a settled sale (bought, paid through the sandbox, received, past its
// after-sales window), its receiver account, and the sweeps.
import { expect } from 'vitest';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import type { TestEnv } from '../helpers.ts';
import { buyer, call, checkoutOk, listedProduct, openStore, pay, type Store } from '../orders/fixtures.ts';

export const sweepAll = (env: TestEnv) => runSweeps(sweeps(env.ctx), 200);

/** A merchant id as WeChat Pay gives them (10 digits), different each call. */
let seq = 0;
export const merchantId = () => `16${String(Date.now() % 1e6).padStart(6, '0')}${String(++seq % 100).padStart(2, '0')}`;

/** Sells one unit at this price and lets it settle; returns the order and what it credited the store. */
export async function settledSale(env: TestEnv, s: Store, price: number) {
  const p = await listedProduct(env, s, [{ price, stock: 5 }]);
  const me = await buyer(env);
  const out = await checkoutOk(env, me, [{ skuId: p.skuIds[0], quantity: 1 }]);
  await pay(env, me, out.paymentId);
  const o = out.orders[0];
  expect((await call(env, 'POST', `${s.url}/orders/${o.id}/shipments`, s.merchant.headers, { carrier: 'sf', trackingNo: `SF${Date.now()}` })).statusCode).toBe(201);
  expect((await call(env, 'POST', `/api/orders/${o.id}/confirm-receipt`, me.headers)).statusCode).toBe(200);
  env.clock.advance(8 * 24 * 3600_000);
  await sweepAll(env);
  const balance = (await call(env, 'GET', `${s.url}/balance`, s.merchant.headers)).json();
  const entry = balance.entries.find((e: { orderId: string | null }) => e.orderId === o.id);
  expect(entry?.kind).toBe('settlement');
  return { orderId: o.id, net: entry.net as number };
}

/** A store with a registered receiver account. */
export async function storeWithReceiver(env: TestEnv, categories?: string[]) {
  const s = await openStore(env, categories);
  const account = merchantId();
  const set = await call(env, 'PUT', `${s.url}/withdrawal-receiver`, s.merchant.headers, { type: 'MERCHANT_ID', account, name: `${s.storeName} Trading Co.` });
  expect(set.statusCode, set.body).toBe(200);
  await sweepAll(env);
  return { ...s, account };
}

export const withdrawalsOf = async (env: TestEnv, s: Store) => (await call(env, 'GET', `${s.url}/withdrawals`, s.merchant.headers)).json();
export const available = async (env: TestEnv, s: Store) => (await withdrawalsOf(env, s)).available as number;
export const withdraw = (env: TestEnv, s: Store, amount: number, key?: string) =>
  call(env, 'POST', `${s.url}/withdrawals`, s.merchant.headers, { amount }, key ? { 'idempotency-key': key } : {});
export const detail = async (env: TestEnv, s: Store, id: string) => (await call(env, 'GET', `${s.url}/withdrawals/${id}`, s.merchant.headers)).json();
