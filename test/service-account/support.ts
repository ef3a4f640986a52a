// What the service-account tests share: a store with a listed product, buyers who bought there, staff of a role,
// and the outbox delivered (the notices are written by its sweep).
import { expect } from 'vitest';
import { deliverOutbox } from '../../src/kernel/outbox.ts';
import { signUp, type TestEnv } from '../helpers.ts';
import { call, type Buyer, type Store } from '../orders/fixtures.ts';

export const deliver = (env: TestEnv) => deliverOutbox(env.ctx, 500);

export async function ok<T = any>(res: Promise<{ statusCode: number; body: string; json(): unknown }>): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as T;
}

export const followStore = (env: TestEnv, b: Buyer, s: Store, body: Record<string, unknown> = { source: 'store_page' }) =>
  call(env, 'PUT', `/api/follows/${s.storeId}`, b.headers, body);

export const inbox = (env: TestEnv, b: Buyer, query = '') => ok(call(env, 'GET', `/api/inbox${query}`, b.headers));

/** A merchant account that joined the store with this role. */
export async function staff(env: TestEnv, s: Store, role: string) {
  const member = await signUp(env.app, 'merchant');
  const inv = await call(env, 'POST', `${s.url}/invitations`, s.merchant.headers, { email: member.email, role });
  expect(inv.statusCode, inv.body).toBe(201);
  await ok(call(env, 'POST', `/api/merchant/invitations/${inv.json().id}/accept`, member.headers));
  return member;
}

export async function ship(env: TestEnv, s: Store, orderId: string, trackingNo = 'SF000000001001') {
  const res = await call(env, 'POST', `${s.url}/orders/${orderId}/shipments`, s.merchant.headers, { carrier: 'sf', trackingNo });
  expect(res.statusCode, res.body).toBe(201);
}
