// Member prices reach a buyer who chose no coupon and no points: checkout finds the membership itself (the plain
// statement takes nothing for a member of one of the order's stores and the order is priced), while a buyer who is
// no member of the order's stores pays list prices in one statement.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalar } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { member, memberStore, program } from './discount-support.ts';
import { address, buyer, call, openStore, type Store } from './fixtures.ts';

let env: TestEnv;
let s: Store;
let other: Store;
let tea: { productId: string; skuId: string };
let plain: { productId: string; skuId: string };
beforeAll(async () => {
  env = await testEnv();
  s = await openStore(env);
  tea = await memberStore(env, s, 100);
  other = await openStore(env);
  // A program whose level gives nothing and no member price: its members pay list prices.
  plain = await memberStore(env, other, 100, 5000, null);
});
afterAll(async () => { await env?.close(); });

const order = (b: { headers: Record<string, string> }, skuId: string, key: string, quantity = 2) =>
  call(env, 'POST', '/api/checkout', b.headers, { lines: [{ skuId, quantity }], address }, { 'idempotency-key': key });

describe('checkout without a chosen discount', () => {
  it('gives a member the member price and keeps the breakdown; a retry answers the same order', async () => {
    const b = await member(env, s, 500);
    const res = await order(b, tea.skuId, 'member-1');
    expect(res.statusCode, res.body).toBe(201);
    // 2 x 100.00 at 90.00 for members; no points spent (none were chosen).
    expect(res.json()).toMatchObject({ amount: 18000, orders: [{ itemsTotal: 20000, discount: 2000, total: 18000 }] });
    const detail = (await call(env, 'GET', `/api/orders/${res.json().orders[0].id}`, b.headers)).json();
    expect(detail.items[0].priced).toMatchObject({ memberUnitPrice: 9000, memberDiscount: 2000, pointsSpent: 0 });
    const again = await order(b, tea.skuId, 'member-1');
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().paymentId).toBe(res.json().paymentId);
    expect(await scalar(env.ctx.db, sql`select count(*)::int from orders where buyer_id = ${b.userId}`)).toBe(1);
  });

  it('gives a buyer who is a member of another store only the list price here', async () => {
    const b = await member(env, other);
    const res = await order(b, tea.skuId, 'elsewhere-1', 1);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ amount: 10000, orders: [{ itemsTotal: 10000, discount: 0, total: 10000 }] });
  });

  it('gives a member of a program with nothing off the list price, once', async () => {
    expect(program.levels[0].priceBp).toBe(10000);
    const b = await member(env, other);
    const res = await order(b, plain.skuId, 'plain-1', 3);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ amount: 15000, orders: [{ itemsTotal: 15000, discount: 0, total: 15000 }] });
    expect(await scalar(env.ctx.db, sql`select 100 - stock from skus where id = ${plain.skuId}`)).toBe(3);
  });

  it('gives a buyer who is no member the list price', async () => {
    const b = await buyer(env);
    const res = await order(b, tea.skuId, 'nobody-1', 1);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ amount: 10000, orders: [{ discount: 0, total: 10000 }] });
  });
});
