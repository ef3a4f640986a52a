// What the service-account tests share: a store with a listed product, buyers who bought there, staff of a role,
// and the outbox delivered (the notices are written by its sweep).
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { deliverOutbox } from '../../src/kernel/outbox.ts';
import { signUp, testEnv, type TestEnv } from '../helpers.ts';
import { call, openStore, type Buyer, type Store } from '../orders/fixtures.ts';

export const DAY = 86_400_000;

/**
 * A test file's environment with one open store, and the time it started at: `set` receives them before the tests.
 * The clock goes back to that time after each test (sessions last a week: tests sign in at "now" and move the clock
 * into the past for what happened before).
 */
export function storeWithClock(set: (x: { env: TestEnv; s: Store; now: Date }) => void) {
  let env: TestEnv | undefined;
  let now: Date;
  beforeAll(async () => {
    env = await testEnv();
    now = env.clock.now();
    set({ env, s: await openStore(env), now });
  });
  afterAll(() => env?.close());
  afterEach(() => env?.clock.set(now));
}

export const deliver = (env: TestEnv) => deliverOutbox(env.ctx, 500);

export async function ok<T = any>(res: Promise<{ statusCode: number; body: string; json(): unknown }>): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as T;
}

export const followStore = (env: TestEnv, b: Buyer, s: Store, body: Record<string, unknown> = { source: 'store_page' }) =>
  call(env, 'PUT', `/api/follows/${s.storeId}`, b.headers, body);

export const inbox = (env: TestEnv, b: Buyer, query = '') => ok(call(env, 'GET', `/api/inbox${query}`, b.headers));

/** The buyer's notices of one kind, newest first. */
export const noticesOf = async (env: TestEnv, b: Buyer, kind: string) =>
  (await inbox(env, b)).items.filter((m: { noticeKind: string }) => m.noticeKind === kind);

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
