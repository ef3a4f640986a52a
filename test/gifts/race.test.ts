// Group gifts under concurrency: exactly N units are claimed, nobody gets two, stock never goes negative. On
// PostgreSQL the claims run on many real connections at once (three "processes" with their own pools); on PGlite
// the same code runs serialised. Assertions are on the final rows, never on timing.
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/kernel/context.ts';
import { claimGift, claimGiftAtOnce } from '../../src/modules/gifts/claim.ts';
import { cluster, clusterEnv, holdTransaction, scalar } from '../api/support.ts';
import { account, SLOW_TEST_MS, type TestEnv } from '../helpers.ts';
import { heldCoupon, member, memberStore } from '../orders/discount-support.ts';
import { address, buyer, listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { paidGift } from './support.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
let s: Store;
beforeAll(async () => {
  c = await cluster(3, { TRIO_LOGIN_MAX_FAILURES_PER_IP: '100000' });
  env = clusterEnv(c);
  s = await openStore(env);
});
afterAll(async () => c?.close());

// Accounts as registration writes them, without its scrypt hashes (registration is not what races here).
const buyers = (n: number) => Promise.all(Array.from({ length: n }, () => account(env, 'buyer')));

async function expectExactly(giftId: string, skuIds: string[], units: number) {
  expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from gift_claims where gift_id = ${giftId} and state = 'claimed'`)).toBe(units);
  expect(await scalar<number>(c.ctx.db, sql`select count(distinct claimant_id)::int from gift_claims where gift_id = ${giftId}`)).toBe(units);
  expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from orders where gift_id = ${giftId}`)).toBe(units);
  expect(await scalar<number>(c.ctx.db, sql`select count(distinct buyer_id)::int from orders where gift_id = ${giftId}`)).toBe(units);
  expect(await scalar<string>(c.ctx.db, sql`select state || ':' || units_claimed from gifts where id = ${giftId}`)).toBe(`claimed:${units}`);
  for (const id of skuIds) expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${id}`)).toBeGreaterThanOrEqual(0);
}

describe('first come, first served', { timeout: SLOW_TEST_MS }, () => {
  it('40 buyers claiming a 10-unit gift at once on many connections: exactly 10 claims, 10 different people', async () => {
    const p = await listedProduct(env, s, [{ price: 990, stock: 10 }, { price: 990, stock: 3 }]);
    const { gift } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 10 });
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(0);
    const people = await buyers(40);
    // Every third one switches to the other variant (3 in stock): stock moves, never below zero.
    const results = await Promise.allSettled(people.map((b, i) => inTransaction(c.ctxs[i % 3], (tx) =>
      claimGift(c.ctxs[i % 3], tx, { userId: b.userId, displayName: `claimant ${i}` }, gift.id, { address, ...(i % 3 === 0 ? { skuId: p.skuIds[1] } : {}) }))));
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(10);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []));
    expect(codes.every((x) => ['gift_all_claimed', 'stock_insufficient'].includes(x ?? '')), codes.join(',')).toBe(true);
    await expectExactly(gift.id, p.skuIds, 10);
    // Every unit's stock is accounted for: 10 taken at send, switches moved between the SKUs, none lost or made.
    expect(await scalar<number>(c.ctx.db, sql`select sum(stock)::int from skus where product_id = ${p.productId}`)).toBe(3);
  });

  it('over HTTP on three processes, with some buyers sending twice: exactly the units, nobody twice', async () => {
    const p = await listedProduct(env, s, [{ price: 500, stock: 20 }]);
    const { gift, token } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 8 });
    const people = (await buyers(15)).flatMap((b, i) => (i < 5 ? [b, b] : [b]));
    const answers = await Promise.all(people.map((b, i) => c.app(i).inject({
      method: 'POST', url: `/api/gift-links/${token}/claim`, headers: { ...b.headers, 'idempotency-key': `race-${i}` }, payload: { address },
    })));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((x) => x === 201)).toHaveLength(8);
    expect(answers.filter((r) => r.statusCode !== 201).every((r) => r.statusCode === 409 && ['gift_all_claimed', 'gift_already_claimed'].includes(r.json().code))).toBe(true);
    await expectExactly(gift.id, p.skuIds, 8);
    expect(await scalar<number>(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(12);
  });
});

describe('late claimers', { timeout: SLOW_TEST_MS }, () => {
  it("of a gift with no unit left are answered while a winner's transaction still holds the gift's row", async () => {
    const p = await listedProduct(env, s, [{ price: 700, stock: 5 }]);
    const { gift } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 2 });
    const [a, a2, b, d] = await buyers(4);
    const as = (x: { userId: string }, i: number) => ({ userId: x.userId, displayName: `claimant ${i}` });
    for (const [i, x] of [a, a2].entries()) expect((await claimGiftAtOnce(c.ctxs[i], as(x, i + 10), gift.id, { address }, null))?.status).toBe(201);
    // Told once by the database that nothing is left.
    await expect(claimGiftAtOnce(c.ctxs[1], as(b, 1), gift.id, { address }, null)).rejects.toMatchObject({ code: 'gift_all_claimed' });

    // A transaction holds the gift's row (on PGlite: the only connection) while the late claimers come.
    const release = await holdTransaction(c.ctx, sql`select 1 from gifts where id = ${gift.id} for update`);
    try {
      const late = await Promise.allSettled([0, 1, 2].flatMap((i) => [b, d].map((x, j) => claimGiftAtOnce(c.ctxs[i], as(x, j + 1), gift.id, { address }, null))));
      expect(late.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'claimed'))).toEqual(Array(6).fill('gift_all_claimed'));
    } finally {
      await release();
    }
    await expectExactly(gift.id, p.skuIds, 2);
  });
});

describe('a gift paid partly with member price, a coupon and points', { timeout: SLOW_TEST_MS }, () => {
  it('claimed by many at once on three processes (one statement or a transaction each): the units\' orders sum exactly to what was paid', async () => {
    const tea = await memberStore(env, s, 50, 1000, 900);
    const giver = await member(env, s, 333);
    const coupon = await heldCoupon(env, s, giver, { title: 'Spend 50 get 10 (race)', threshold: 5000, amount: 1000 });
    // 7 x 10.00; members 63.00; 10.00 off; 333 points: 49.67 paid, 20.33 off, which 7 units do not share evenly.
    const { gift, token, amount } = await paidGift(env, giver, { skuId: tea.skuId, kind: 'first_come', units: 7, discount: { storeCouponId: coupon.heldId, productCoupons: {}, points: 333 } });
    expect([amount, gift.discount]).toEqual([4967, 2033]);
    const people = await buyers(12);
    // A third claim in a transaction (claimGift), a third as one statement (never sent to the transaction: null),
    // a third over HTTP.
    const who = (b: { userId: string }, i: number) => ({ userId: b.userId, displayName: `claimant ${i}` });
    const results = await Promise.allSettled(people.map((b, i) => (i % 3 === 0
      ? inTransaction(c.ctxs[0], (tx) => claimGift(c.ctxs[0], tx, who(b, i), gift.id, { address }))
      : i % 3 === 1 ? claimGiftAtOnce(c.ctxs[1], who(b, i), gift.id, { address }, null).then((r) => expect(r?.status).toBe(201))
      : c.app(i).inject({ method: 'POST', url: `/api/gift-links/${token}/claim`, headers: { ...b.headers, 'idempotency-key': `discounted-${i}` }, payload: { address } })
        .then((r) => { if (r.statusCode !== 201) throw Object.assign(new Error(r.body), { code: r.json().code }); }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(7);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []))).toEqual(Array(5).fill('gift_all_claimed'));
    await expectExactly(gift.id, [tea.skuId], 7);
    const orders = await queryRows<{ itemsTotal: number; discount: number; total: number; itemDiscount: number }>(c.ctx.db, sql`
      select o.items_total::int as "itemsTotal", o.discount::int as discount, o.total::int as total, i.discount::int as "itemDiscount"
      from orders o join order_items i on i.order_id = o.id where o.gift_id = ${gift.id}`);
    expect(orders.reduce((t, o) => t + o.total, 0)).toBe(4967);
    expect(orders.reduce((t, o) => t + o.discount, 0)).toBe(2033);
    // Each unit takes 20.33 / 7 rounded down on the running total: 2.90 or 2.91; the item carries the order's.
    expect(orders.every((o) => o.itemsTotal === 1000 && [290, 291].includes(o.discount) && o.itemDiscount === o.discount && o.total === o.itemsTotal - o.discount)).toBe(true);
    // The paid messages and the store's paid GMV carry the same totals.
    expect(await scalar<number>(c.ctx.db, sql`select sum((payload->>'total')::int)::int from outbox where topic = 'order.paid' and payload->>'giftId' = ${gift.id}`)).toBe(4967);
  });
});
