// What gift tests share: sending a gift and paying it through the sandbox cashier, opening and claiming its link,
// and checks that a giver's answer holds no address and a recipient's no price.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestEnv } from '../helpers.ts';
import { address, call, pay, type Buyer } from '../orders/fixtures.ts';

type Headers = Record<string, string>;

/** Sends a gift (201 expected) and returns the answer. */
export async function sendOk(env: TestEnv, giver: Buyer, body: Record<string, unknown>) {
  const res = await call(env, 'POST', '/api/gifts', giver.headers, { message: 'Happy birthday!', ...body }, { 'idempotency-key': randomUUID() });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { gift: { id: string; state: string; sharePath: string | null }; paymentId: string; amount: number; currency: string };
}

/** Sends a gift, pays it through the sandbox cashier, and returns the gift as its giver sees it (with its link). */
export async function paidGift(env: TestEnv, giver: Buyer, body: Record<string, unknown>) {
  const sent = await sendOk(env, giver, body);
  await pay(env, giver, sent.paymentId);
  const gift = (await call(env, 'GET', `/api/gifts/${sent.gift.id}`, giver.headers)).json();
  expect(gift.state).toBe('waiting');
  return { ...sent, gift, token: (gift.sharePath as string).split('/').pop()! };
}

export const openLink = (env: TestEnv, token: string, who: { headers: Headers } | null = null, ip?: string) =>
  env.app.inject({ method: 'GET', url: `/api/gift-links/${token}`, headers: who?.headers ?? {}, ...(ip ? { remoteAddress: ip } : {}) });

export const claim = (env: TestEnv, token: string, who: { headers: Headers }, body: Record<string, unknown> = { address }, key: string = randomUUID()) =>
  call(env, 'POST', `/api/gift-links/${token}/claim`, who.headers, body, { 'idempotency-key': key });

const PRICE_KEYS = ['price', 'unitPrice', 'amount', 'total', 'itemsTotal', 'discount'];
const ADDRESS_KEYS = ['address', 'phone', 'region', 'line', 'postalCode'];

function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { out.add(k); keysOf(v, out); }
  return out;
}

/** A recipient's answer names no price anywhere. */
export function expectNoPrice(body: unknown) {
  const keys = [...keysOf(body)];
  expect(keys.filter((k) => PRICE_KEYS.includes(k))).toEqual([]);
}

/** A giver's answer holds no address (none of its keys, none of its values). */
export function expectNoAddress(body: unknown, a: { name: string; phone: string; line: string } = address) {
  expect([...keysOf(body)].filter((k) => ADDRESS_KEYS.includes(k))).toEqual([]);
  const text = JSON.stringify(body);
  for (const v of [a.phone, a.line]) expect(text).not.toContain(v);
}
