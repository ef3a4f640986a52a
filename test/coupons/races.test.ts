// Claiming races over real connections: on PostgreSQL several apps with their own pools really race; PGlite
// serialises. Every test asserts on the final rows.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster, holdTransaction, scalar } from '../api/support.ts';
import { account, type TestEnv } from '../helpers.ts';
import { openStore, type Store } from '../orders/fixtures.ts';
import { claim, createCoupon, offer } from './support.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
let store: Store;
beforeAll(async () => {
  c = await cluster(3);
  env = { app: c.apps[0], ctx: c.ctx, clock: c.clock } as unknown as TestEnv;
  store = await openStore(env);
});
afterAll(async () => { await c?.close(); });

const race = <T>(n: number, fn: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
const buyers = (n: number) => Promise.all(Array.from({ length: n }, () => account(env, 'buyer')));
const codes = (res: { statusCode: number; body: string }[]) => res.map((r) => (r.statusCode === 201 ? '201' : `${r.statusCode} ${JSON.parse(r.body).code}`));
const tally = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});

describe('claiming the last coupons', () => {
  it('one coupon, two buyers at once: exactly one gets it, the other is told it is sold out', async () => {
    for (let round = 0; round < 3; round++) {
      const cp = await createCoupon(c.apps[0], store.url, store.merchant, offer(c.clock.now(), { totalQuantity: 1 }));
      const [a, b] = await buyers(2);
      const res = await Promise.all([claim(c.app(round), a, cp.id), claim(c.app(round + 1), b, cp.id)]);
      expect(tally(codes(res))).toEqual({ 201: 1, '409 coupon_sold_out': 1 });
      expect(await scalar(c.ctx.db, sql`select claimed from coupons where id = ${cp.id}`)).toBe(1);
      expect(await scalar(c.ctx.db, sql`select count(*) from held_coupons where coupon_id = ${cp.id}`)).toBe(1);
    }
  });

  it('20 coupons, 80 buyers claiming at once: exactly 20 claimed by 20 different people, the rest 409', async () => {
    const cp = await createCoupon(c.apps[0], store.url, store.merchant, offer(c.clock.now(), { totalQuantity: 20 }));
    const people = await buyers(80);
    const res = await race(80, (i) => claim(c.app(i), people[i], cp.id));
    expect(tally(codes(res))).toEqual({ 201: 20, '409 coupon_sold_out': 60 });
    expect(await scalar(c.ctx.db, sql`select claimed from coupons where id = ${cp.id}`)).toBe(20);
    expect(await scalar(c.ctx.db, sql`select count(distinct buyer_id) from held_coupons where coupon_id = ${cp.id}`)).toBe(20);
  });
});

describe('late claimers of a sold-out offer', () => {
  it("are answered while a winner's transaction still holds the offer's row; the winner's answer is the coupon it holds", async () => {
    const cp = await createCoupon(c.apps[0], store.url, store.merchant, offer(c.clock.now(), { totalQuantity: 1 }));
    const [a, b, d] = await buyers(3);
    const won = await claim(c.app(1), a, cp.id, 'a-claims');
    expect(won.statusCode, won.body).toBe(201);
    const held = await c.apps[0].inject({ method: 'GET', url: `/api/held-coupons/${won.json().id}`, headers: a.headers });
    expect(won.json()).toEqual(held.json());
    expect(won.json().coupon).toMatchObject({ claimed: 1, remaining: 0 });
    // Every process is told once by the database; the other buyer is signed in on every process (sessions are cached).
    for (let i = 0; i < 3; i++) expect(codes([await claim(c.app(i), b, cp.id)])).toEqual(['409 coupon_sold_out']);
    for (let i = 0; i < 3; i++) expect((await c.app(i).inject({ method: 'GET', url: '/api/held-coupons', headers: d.headers })).statusCode).toBe(200);

    // A transaction holds the offer's row (on PGlite: the only connection) while the late claimers come.
    const release = await holdTransaction(c.ctx, sql`select 1 from coupons where id = ${cp.id} for update`);
    try {
      const late = await Promise.all([0, 1, 2].flatMap((i) => [claim(c.app(i), b, cp.id), claim(c.app(i), d, cp.id)]));
      expect(tally(codes(late))).toEqual({ '409 coupon_sold_out': 6 });
    } finally {
      await release();
    }
    // The winner's retry is still its answer, not a refusal.
    const again = await claim(c.app(2), a, cp.id, 'a-claims');
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(won.json().id);
    expect(await scalar(c.ctx.db, sql`select count(*) from held_coupons where coupon_id = ${cp.id}`)).toBe(1);
  });
});

describe('the per-person limit under races', () => {
  it('one buyer claiming 10 times at once with a limit of 3 holds 3 at most, never more', async () => {
    const cp = await createCoupon(c.apps[0], store.url, store.merchant, offer(c.clock.now(), { totalQuantity: 100, perPersonLimit: 3 }));
    const [b] = await buyers(1);
    const res = await race(10, (i) => claim(c.app(i), b, cp.id));
    const t = tally(codes(res));
    expect(Object.keys(t).sort()).toEqual(['201', '409 coupon_limit_reached'].filter((k) => t[k]));
    const held = await scalar(c.ctx.db, sql`select count(*) from held_coupons where coupon_id = ${cp.id} and buyer_id = ${b.userId}`);
    expect(held).toBe(t['201']);
    expect(held).toBeGreaterThanOrEqual(1);
    expect(held).toBeLessThanOrEqual(3);
    // What was taken and what is held always agree.
    expect(await scalar(c.ctx.db, sql`select claimed from coupons where id = ${cp.id}`)).toBe(held);
    // Claimed one after another, the buyer reaches the limit exactly.
    for (let i = held; i < 3; i++) expect((await claim(c.apps[0], b, cp.id)).statusCode).toBe(201);
    expect((await claim(c.apps[0], b, cp.id)).statusCode).toBe(409);
    expect(await scalar(c.ctx.db, sql`select count(*) from held_coupons where coupon_id = ${cp.id} and buyer_id = ${b.userId}`)).toBe(3);
  });

  it('10 buyers each claiming 3 times at once, limit 1, 5 coupons: 5 claimed by 5 different people', async () => {
    const cp = await createCoupon(c.apps[0], store.url, store.merchant, offer(c.clock.now(), { totalQuantity: 5 }));
    const people = await buyers(10);
    const res = await race(30, (i) => claim(c.app(i), people[i % 10], cp.id));
    expect(tally(codes(res))['201']).toBe(5);
    expect(await scalar(c.ctx.db, sql`select claimed from coupons where id = ${cp.id}`)).toBe(5);
    expect(await scalar(c.ctx.db, sql`select count(distinct buyer_id) from held_coupons where coupon_id = ${cp.id}`)).toBe(5);
  });
});
