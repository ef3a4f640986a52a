// Coupons and points spent by checkouts (and gift sends) racing over real connections (on PostgreSQL several apps with their own
// pools really race; PGlite serialises): one coupon in two tabs, the same points twice, the last coupons. Every test
// asserts on the final rows: nothing is spent twice, and a refused checkout wrote nothing.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster, scalar } from '../api/support.ts';
import type { TestEnv } from '../helpers.ts';
import { checkoutWith, heldCoupon, member, memberStore } from './discount-support.ts';
import { openStore, type Store } from './fixtures.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
let s: Store;
let tea: { productId: string; skuId: string };
beforeAll(async () => {
  c = await cluster(3);
  env = { app: c.apps[0], ctx: c.ctx, clock: c.clock } as unknown as TestEnv;
  s = await openStore(env);
  tea = await memberStore(env, s, 10_000);
});
afterAll(async () => { await c?.close(); });

const codes = (res: { statusCode: number; body: string }[]) => res.map((r) => (r.statusCode === 201 ? '201' : `${r.statusCode} ${JSON.parse(r.body).code}`));
const tally = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});
const line = [{ skuId: '', quantity: 1 }];
const lines = () => line.map((l) => ({ ...l, skuId: tea.skuId }));
const orderCount = (buyerId: string) => scalar(c.ctx.db, sql`select count(*) from orders where buyer_id = ${buyerId}`);

describe('one coupon in two tabs', () => {
  it('two checkouts at once with the same coupon: exactly one orders, the other is 409 coupon_unavailable and wrote nothing', async () => {
    for (let round = 0; round < 3; round++) {
      const b = await member(env, s);
      const { heldId } = await heldCoupon(env, s, b, { title: `Spend 50 get 10 #${round}`, threshold: 5000, amount: 1000 });
      const choice = [{ storeId: s.storeId, storeCouponId: heldId, productCoupons: {}, points: 0 }];
      const before = Number(await scalar(c.ctx.db, sql`select stock from skus where id = ${tea.skuId}`));
      const res = await Promise.all([checkoutWith({ app: c.app(round) }, b, lines(), choice), checkoutWith({ app: c.app(round + 1) }, b, lines(), choice)]);
      expect(tally(codes(res))).toEqual({ 201: 1, '409 coupon_unavailable': 1 });
      expect(await orderCount(b.userId)).toBe(1);
      expect(await scalar(c.ctx.db, sql`select state from held_coupons where id = ${heldId}`)).toBe('locked');
      expect(Number(await scalar(c.ctx.db, sql`select stock from skus where id = ${tea.skuId}`))).toBe(before - 1);
    }
  });
});

describe('the same points twice', () => {
  it('two checkouts at once each spending all 1,000 points: one orders, the other is 409 points_insufficient; the balance and the lots end at 0', async () => {
    for (let round = 0; round < 3; round++) {
      const b = await member(env, s, 1000);
      const choice = [{ storeId: s.storeId, storeCouponId: null, productCoupons: {}, points: 1000 }];
      const res = await Promise.all([checkoutWith({ app: c.app(round) }, b, lines(), choice), checkoutWith({ app: c.app(round + 1) }, b, lines(), choice)]);
      expect(tally(codes(res))).toEqual({ 201: 1, '409 points_insufficient': 1 });
      expect(await orderCount(b.userId)).toBe(1);
      expect(await scalar(c.ctx.db, sql`select points from members where store_id = ${s.storeId} and buyer_id = ${b.userId}`)).toBe(0);
      expect(await scalar(c.ctx.db, sql`select coalesce(sum(remaining), 0) from point_lots where store_id = ${s.storeId} and buyer_id = ${b.userId}`)).toBe(0);
      expect(await scalar(c.ctx.db, sql`select count(*) from member_events where buyer_id = ${b.userId} and kind = 'spent'`)).toBe(1);
    }
  });

  it('six checkouts at once spending 300 of 1,000 points from two lots: three order, the points taken oldest lot first, never below zero', async () => {
    const b = await member(env, s, 600);
    c.clock.advance(60_000);
    await c.apps[0].inject({ method: 'POST', url: `${s.url}/members/${b.userId}/adjustments`, headers: s.merchant.headers, payload: { points: 400, reason: 'second lot' } });
    const choice = [{ storeId: s.storeId, storeCouponId: null, productCoupons: {}, points: 300 }];
    const res = await Promise.all(Array.from({ length: 6 }, (_, i) => checkoutWith({ app: c.app(i) }, b, lines(), choice)));
    expect(tally(codes(res))).toEqual({ 201: 3, '409 points_insufficient': 3 });
    expect(await scalar(c.ctx.db, sql`select points from members where store_id = ${s.storeId} and buyer_id = ${b.userId}`)).toBe(100);
    const lots = await c.ctx.db.execute(sql`select remaining::int as r from point_lots where store_id = ${s.storeId} and buyer_id = ${b.userId} order by expires_at`);
    expect((lots as unknown as { rows: { r: number }[] }).rows.map((l) => l.r)).toEqual([0, 100]);
  });
});

describe('the last coupons', () => {
  it('a buyer holding 3 coupons, 9 checkouts at once each using one of them: exactly 3 order, each coupon locked by one order', async () => {
    const b = await member(env, s);
    const held: string[] = [];
    for (let i = 0; i < 3; i++) held.push((await heldCoupon(env, s, b, { title: `Last ${i}`, threshold: 5000, amount: 1000 })).heldId);
    const res = await Promise.all(Array.from({ length: 9 }, (_, i) =>
      checkoutWith({ app: c.app(i) }, b, lines(), [{ storeId: s.storeId, storeCouponId: held[i % 3], productCoupons: {}, points: 0 }])));
    expect(tally(codes(res))).toEqual({ 201: 3, '409 coupon_unavailable': 6 });
    const rows = await c.ctx.db.execute(sql`select count(distinct order_id)::int as orders, count(*)::int as n from held_coupons where id = any(${`{${held.join(',')}}`}::uuid[]) and state = 'locked'`);
    expect((rows as unknown as { rows: { orders: number; n: number }[] }).rows[0]).toEqual({ orders: 3, n: 3 });
    expect(await orderCount(b.userId)).toBe(3);
  });
});

describe('one coupon in two gift sends', () => {
  it('two gifts sent at once with the same coupon and all the points: exactly one is sent, the other is 409 and took no stock', async () => {
    for (let round = 0; round < 3; round++) {
      const b = await member(env, s, 500);
      const { heldId } = await heldCoupon(env, s, b, { title: `Gift spend 50 get 10 #${round}`, threshold: 5000, amount: 1000 });
      const before = Number(await scalar(c.ctx.db, sql`select stock from skus where id = ${tea.skuId}`));
      const send = (i: number) => c.app(round + i).inject({
        method: 'POST', url: '/api/gifts', headers: { ...b.headers, 'idempotency-key': randomUUID() },
        payload: { skuId: tea.skuId, kind: 'single', message: 'For you', discount: { storeCouponId: heldId, productCoupons: {}, points: 500 } },
      });
      const res = await Promise.all([send(0), send(1)]);
      const answers = codes(res);
      expect(answers.filter((x) => x === '201')).toHaveLength(1);
      expect(answers.filter((x) => x === '409 coupon_unavailable' || x === '409 points_insufficient')).toHaveLength(1);
      const gifts = await c.ctx.db.execute(sql`select id, discount::int as discount from gifts where giver_id = ${b.userId}`);
      const rows = (gifts as unknown as { rows: { id: string; discount: number }[] }).rows;
      expect(rows).toHaveLength(1);
      expect(await scalar(c.ctx.db, sql`select gift_id from held_coupons where id = ${heldId} and state = 'locked'`)).toBe(rows[0].id);
      expect(await scalar(c.ctx.db, sql`select points from members where store_id = ${s.storeId} and buyer_id = ${b.userId}`)).toBe(0);
      expect(Number(await scalar(c.ctx.db, sql`select stock from skus where id = ${tea.skuId}`))).toBe(before - 1);
    }
  });
});
