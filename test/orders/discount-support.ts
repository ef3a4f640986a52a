// What the checkout-discount tests share: a store with a member program and a member price, a member holding
// points, coupons claimed, and the cart priced and checked out with its choice.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { scalar } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { claim, createCoupon, offer } from '../coupons/support.ts';
import { address, buyer, call, listedProduct, openStore, type Buyer, type Store } from './fixtures.ts';

export const program = {
  enabled: true, growthPerUnit: 1, pointsPerUnit: 1, pointsPerMinor: 1, maxPointsShareBp: 5000, pointsValidDays: 30, signupCouponId: null,
  levels: [{ level: 1, name: 'Member 会员', growthRequired: 0, priceBp: 10000 }],
};

/** The store's program on, and a product at 100.00 whose SKU members buy at 90.00. */
export async function memberStore(env: TestEnv, s: Store, stock = 100, price = 10_000, memberPrice: number | null = 9_000) {
  const res = await call(env, 'PUT', `${s.url}/membership`, s.merchant.headers, program);
  expect(res.statusCode, res.body).toBe(200);
  const p = await listedProduct(env, s, [{ price, stock }], 'Tea 龙井');
  if (memberPrice !== null) {
    const mp = await call(env, 'PUT', `${s.url}/skus/${p.skuIds[0]}/member-price`, s.merchant.headers, { memberPrice });
    expect(mp.statusCode, mp.body).toBe(200);
  }
  return { productId: p.productId, skuId: p.skuIds[0] };
}

/**
 * A test file's store with its program and a member-priced tea (`stock` of it), made before the file's tests and
 * closed after them (`m` is filled once its beforeAll ran), and the readers the discount tests share: a held
 * coupon's state, a buyer's valid points in the store, the tea's stock.
 */
export function memberStoreSuite(stock: number) {
  const m = {} as { env: TestEnv; s: Store; tea: { productId: string; skuId: string } };
  beforeAll(async () => {
    m.env = await testEnv();
    m.s = await openStore(m.env);
    m.tea = await memberStore(m.env, m.s, stock);
  });
  afterAll(async () => { await m.env?.close(); });
  return {
    m,
    held: (heldId: string) => scalar<string>(m.env.ctx.db, sql`select state from held_coupons where id = ${heldId}`),
    points: async (b: Buyer) => (await call(m.env, 'GET', `/api/memberships/${m.s.storeId}`, b.headers)).json().points as number,
    stock: () => scalar<number>(m.env.ctx.db, sql`select stock::int from skus where id = ${m.tea.skuId}`),
  };
}

/** A new buyer who joined the store's program and was given `points` by the merchant. */
export async function member(env: TestEnv, s: Store, points = 0): Promise<Buyer> {
  const b = await buyer(env);
  const j = await call(env, 'POST', `/api/memberships/${s.storeId}/join`, b.headers, { source: 'store' });
  expect(j.statusCode, j.body).toBe(200);
  if (points) {
    const a = await call(env, 'POST', `${s.url}/members/${b.userId}/adjustments`, s.merchant.headers, { points, reason: 'welcome' });
    expect(a.statusCode, a.body).toBe(200);
  }
  return b;
}

/** An offer made by the merchant and claimed by the buyer: the held coupon's id. */
export async function heldCoupon(env: TestEnv, s: Store, b: Buyer, over: Record<string, unknown>) {
  const c = await createCoupon(env.app, s.url, s.merchant, offer(env.clock.now(), over));
  const res = await claim(env.app, b, c.id);
  expect(res.statusCode, res.body).toBe(201);
  return { couponId: c.id, heldId: res.json().id as string };
}

export type StoreChoice = { storeId: string; storeCouponId: string | null; productCoupons: Record<string, string>; points: number };
export type CartView = {
  total: number; discount: number; itemsTotal: number;
  stores: { storeId: string; discount: number; pricing: null | { choice: StoreChoice; best: StoreChoice; refused: null | { code: string }; totals: Record<string, number>; lines: Record<string, unknown>[] } }[];
};

export async function cartOf(env: TestEnv, b: Buyer, choices?: StoreChoice[]): Promise<CartView> {
  const res = choices ? await call(env, 'POST', '/api/cart/pricing', b.headers, { choices }) : await call(env, 'GET', '/api/cart', b.headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export const addToCart = async (env: TestEnv, b: Buyer, skuId: string, quantity: number) => {
  const res = await call(env, 'POST', '/api/cart/lines', b.headers, { skuId, quantity });
  expect(res.statusCode, res.body).toBe(200);
};

/** Checks out these lines with these discounts (raw answer). */
export const checkoutWith = (env: TestEnv | { app: TestEnv['app'] }, b: Buyer, lines: { skuId: string; quantity: number }[], discounts: StoreChoice[], expectedTotal?: number) =>
  (env.app as TestEnv['app']).inject({ method: 'POST', url: '/api/checkout', headers: b.headers, payload: { lines, address, discounts, ...(expectedTotal === undefined ? {} : { expectedTotal }) } });
