// What the request tests share (over HTTP): orders paid, shipped or received; asking with an Idempotency-Key; the
// buyer's and the merchant's actions; the sweeps.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import type { TestEnv } from '../helpers.ts';
import { call, checkoutOk, openStore, pay, type Buyer, type Store } from '../orders/fixtures.ts';

export type Order = { id: string; items: { id: string; skuId: string; quantity: number; amount: number; discount: number }[] };

/** An order of these lines, paid (awaiting shipment), shipped, or received by the buyer. */
export async function orderAt(env: TestEnv, s: Store, b: Buyer, lines: { skuId: string; quantity: number }[], stage: 'paid' | 'shipped' | 'received'): Promise<Order> {
  const c = await checkoutOk(env, b, lines);
  await pay(env, b, c.paymentId);
  const id = c.orders[0].id;
  if (stage !== 'paid') {
    const shipped = await call(env, 'POST', `${s.url}/orders/${id}/shipments`, s.merchant.headers, { carrier: 'sf', trackingNo: `SF${Date.now()}` });
    expect(shipped.statusCode, shipped.body).toBe(201);
  }
  if (stage === 'received') {
    const got = await call(env, 'POST', `/api/orders/${id}/confirm-receipt`, b.headers);
    expect(got.statusCode, got.body).toBe(200);
  }
  return (await call(env, 'GET', `${s.url}/orders/${id}`, s.merchant.headers)).json();
}

/** The buyer asks (a refund of one unit by default) under a fresh Idempotency-Key unless one is given. */
export const ask = (env: TestEnv, b: Buyer, o: Order, body: Record<string, unknown> = {}, key = randomUUID()) =>
  call(env, 'POST', `/api/orders/${o.id}/after-sales`, b.headers, { orderItemId: o.items[0].id, type: 'refund', quantity: 1, reason: 'Not as described', ...body }, { 'idempotency-key': key });

export async function askOk(env: TestEnv, b: Buyer, o: Order, body: Record<string, unknown> = {}) {
  const res = await ask(env, b, o, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; state: string; amount: number; dueAt: string | null; [k: string]: unknown };
}

export const buyerDo = (env: TestEnv, b: Buyer, id: string, action: string, body?: unknown) => call(env, 'POST', `/api/after-sales/${id}/${action}`, b.headers, body);
export const merchantDo = (env: TestEnv, s: Store, id: string, action: string, body?: unknown) => call(env, 'POST', `${s.url}/after-sales/${id}/${action}`, s.merchant.headers, body);

/** The action succeeds; the request as it is then. */
export async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { id: string; state: string; agreedAmount: number | null; dueAt: string | null; timeline: { event: string; fromState: string | null; toState: string | null; actorRole: string }[]; [k: string]: unknown };
}

export const sweep = (env: TestEnv) => runSweeps(sweeps(env.ctx), 200);
export const hours = (env: TestEnv, h: number) => env.clock.advance(h * 3600_000);

export const returnAddress = { name: 'Returns desk 退货部', phone: '+86 21 5555 0101', region: 'Shanghai, Minhang', line: '9 Warehouse Road, gate 3', postalCode: '201100' };

/** An open store with a default return address (returns and exchanges can be accepted). */
export async function storeWithReturns(env: TestEnv, codes?: string[]): Promise<Store> {
  const s = await openStore(env, codes);
  const res = await call(env, 'POST', `${s.url}/return-addresses`, s.merchant.headers, returnAddress);
  expect(res.statusCode, res.body).toBe(201);
  return s;
}
