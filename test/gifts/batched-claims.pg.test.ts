// A crowd claiming a group gift: the winners who come together take their units in one statement (a batch), each
// still with an order, a claim and an answer of their own, exactly as if each had claimed alone. The statements are
// counted on the PostgreSQL driver's connections, and the races run on real connections, so this file is PostgreSQL's.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { paidGmvOf } from '../../src/modules/merchants/index.ts';
import { cluster, clusterEnv, scalar } from '../api/support.ts';
import { account, SLOW_TEST_MS, type TestEnv } from '../helpers.ts';
import { heldCoupon, member, memberStore } from '../orders/discount-support.ts';
import { address, buyer, checkoutOk, listedProduct, openStore, pay } from '../orders/fixtures.ts';
import { onStatement } from '../sent-statements.ts';
import { paidGift } from './support.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
/** Statements sent while a test listens, by name (prepared) or text. */
let sent: string[] | null = null;
let stopWatching = () => {};
beforeAll(async () => {
  stopWatching = onStatement((q) => sent?.push(q.name ?? q.text ?? ''));
  c = await cluster(3, { TRIO_LOGIN_MAX_FAILURES_PER_IP: '100000' });
  env = clusterEnv(c);
});
afterAll(async () => {
  stopWatching();
  await c?.close();
});

type Person = Awaited<ReturnType<typeof account>>;
const people = (n: number) => Promise.all(Array.from({ length: n }, () => account(env, 'buyer')));
/** Each person's own address (their name on it). */
const addressOf = (i: number) => ({ ...address, name: `Claimant ${i}`, line: `${i} Caoxi Road` });
const claimOn = (app: number, token: string, who: Person, i: number, key = randomUUID()) => c.app(app).inject({
  method: 'POST', url: `/api/gift-links/${token}/claim`, headers: { ...who.headers, 'idempotency-key': key }, payload: { address: addressOf(i) },
});
/** The crowd's browsers opened the link first (each process has read the gift: it knows how many units are left). */
const openOnEvery = async (token: string, who: Person) => {
  for (let i = 0; i < c.apps.length; i++) expect((await c.app(i).inject({ method: 'GET', url: `/api/gift-links/${token}`, headers: who.headers })).statusCode).toBe(200);
};
const batches = (qs: string[]) => qs.filter((q) => q.startsWith('trio_gift_claim_batch')).length;
const singles = (qs: string[]) => qs.filter((q) => /^trio_gift_claim(_key)?(_free)?$/.test(q)).length;

async function expectExactly(giftId: string, units: number, state = 'claimed') {
  expect(await scalar<string>(c.ctx.db, sql`select state || ':' || units_claimed from gifts where id = ${giftId}`)).toBe(`${state}:${units}`);
  expect(await scalar<number>(c.ctx.db, sql`select count(distinct claimant_id)::int from gift_claims where gift_id = ${giftId} and state = 'claimed'`)).toBe(units);
  expect(await scalar<number>(c.ctx.db, sql`select count(distinct buyer_id)::int from orders where gift_id = ${giftId}`)).toBe(units);
  expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from orders where gift_id = ${giftId}`)).toBe(units);
}

describe('a crowd claiming a group gift at once', { timeout: SLOW_TEST_MS }, () => {
  it("gets exactly its units, several winners per statement; each winner one order to its own address with its share of the giver's discount, the shares summing exactly to the discount; the store's paid GMV is the orders' totals", async () => {
    const s = await openStore(env);
    const tea = await memberStore(env, s, 50, 1000, 900);
    const giver = await member(env, s, 333);
    const coupon = await heldCoupon(env, s, giver, { title: 'Spend 50 get 10 (batch)', threshold: 5000, amount: 1000 });
    // 12 x 10.00; members 108.00; 10.00 off; 333 points: 94.67 paid, 25.33 off, which 12 units do not share evenly.
    const { gift, token, amount } = await paidGift(env, giver, { skuId: tea.skuId, kind: 'first_come', units: 12, discount: { storeCouponId: coupon.heldId, productCoupons: {}, points: 333 } });
    expect([amount, gift.discount]).toEqual([9467, 2533]);
    const crowd = await people(30);
    await openOnEvery(token, crowd[0]);

    sent = [];
    const answers = await Promise.all(crowd.map((who, i) => claimOn(i % 3, token, who, i)));
    const qs = sent;
    sent = null;

    const won = answers.flatMap((a, i) => (a.statusCode === 201 ? [i] : []));
    expect(won).toHaveLength(12);
    expect(answers.filter((a) => a.statusCode !== 201).every((a) => a.statusCode === 409 && a.json().code === 'gift_all_claimed')).toBe(true);
    // Fewer statements took units than there are winners: several winners went in one.
    expect(batches(qs), qs.filter((q) => q.startsWith('trio_gift')).join('\n')).toBeGreaterThan(0);
    expect(batches(qs) + singles(qs)).toBeLessThan(12);
    await expectExactly(gift.id, 12);

    const orders = await queryRows<{ id: string; buyerId: string; name: string; line: string; discount: number; total: number; itemDiscount: number }>(c.ctx.db, sql`
      select o.id, o.buyer_id as "buyerId", o.address->>'name' as name, o.address->>'line' as line, o.discount::int as discount, o.total::int as total, i.discount::int as "itemDiscount"
      from orders o join order_items i on i.order_id = o.id where o.gift_id = ${gift.id}`);
    // Each winner's answer names its own order, delivered to its own address, and its page says it claimed it.
    for (const i of won) {
      const body = answers[i].json() as { orderId: string; page: { viewer: { claimed: boolean; orderId: string } } };
      const o = orders.find((x) => x.id === body.orderId)!;
      expect(o).toMatchObject({ buyerId: crowd[i].userId, name: `Claimant ${i}`, line: `${i} Caoxi Road` });
      expect(body.page.viewer).toMatchObject({ claimed: true, orderId: body.orderId });
    }
    // 25.33 / 12 rounded down on the running total: 2.11 or 2.12 each, summing exactly to the discount.
    expect(orders.every((o) => [211, 212].includes(o.discount) && o.itemDiscount === o.discount && o.total === 1000 - o.discount)).toBe(true);
    expect(orders.reduce((t, o) => t + o.discount, 0)).toBe(2533);
    expect(orders.reduce((t, o) => t + o.total, 0)).toBe(9467);
    // Every unit's number once: the giver's messages count 1 to 12.
    expect(await scalar<string>(c.ctx.db, sql`select string_agg(payload->>'unitsClaimed', ',' order by (payload->>'unitsClaimed')::int) from outbox
      where topic = 'message.gift_claimed' and payload->>'giftId' = ${gift.id}`)).toBe(Array.from({ length: 12 }, (_, i) => i + 1).join(','));
    expect(await scalar<number>(c.ctx.db, sql`select sum((payload->>'total')::int)::int from outbox where topic = 'order.paid' and payload->>'giftId' = ${gift.id}`)).toBe(9467);
    expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from order_events e join orders o on o.id = e.order_id where o.gift_id = ${gift.id}`)).toBe(24);
    const paid = await scalar<string>(c.ctx.db, sql`select coalesce(sum(total), 0)::text from orders where store_id = ${s.storeId} and paid_at is not null`);
    expect(await paidGmvOf(c.ctx.db, s.storeId)).toBe(Number(paid));
  });

  it('a person whose key was answered before, claiming again in a batch with others, gets the stored answer; the others their units', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 600, stock: 10 }]);
    const { gift, token } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 5 });
    const crowd = await people(4);
    await openOnEvery(token, crowd[0]);
    const key = randomUUID();
    const first = await claimOn(0, token, crowd[0], 0, key);
    expect(first.statusCode, first.body).toBe(201);

    // The same request again (a retry), together with three others on the same process (4 units left: the gate
    // lets all four go).
    sent = [];
    const answers = await Promise.all(crowd.map((who, i) => claimOn(0, token, who, i, i === 0 ? key : undefined)));
    const qs = sent;
    sent = null;

    expect(answers[0].statusCode, answers[0].body).toBe(201);
    expect(answers[0].headers['idempotent-replayed']).toBe('true');
    expect(answers[0].json().orderId).toBe(first.json().orderId);
    expect(answers.slice(1).map((a) => a.statusCode)).toEqual([201, 201, 201]);
    expect(batches(qs)).toBeGreaterThan(0);
    await expectExactly(gift.id, 4, 'waiting');
  });

  it('a person who claimed already, claiming again in a batch under a new key, is told so and costs the others of the batch nothing', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 700, stock: 10 }]);
    const { gift, token } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 6 });
    const crowd = await people(5);
    await openOnEvery(token, crowd[0]);
    expect((await claimOn(0, token, crowd[0], 0)).statusCode).toBe(201);

    sent = [];
    const answers = await Promise.all(crowd.map((who, i) => claimOn(0, token, who, i)));
    const qs = sent;
    sent = null;

    expect(answers[0].statusCode).toBe(409);
    expect(answers[0].json().code).toBe('gift_already_claimed');
    expect(answers.slice(1).map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
    expect(batches(qs)).toBeGreaterThan(0);
    await expectExactly(gift.id, 5, 'waiting');
  });

  it("a store's first sale is a crowd's batch: its GMV slots are made and the batch goes again as one statement", async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 500, stock: 10 }]);
    const { gift, token } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 4 });
    // A gift paid before its payment made the store's GMV slots: the store has none.
    await c.ctx.db.execute(sql`delete from store_gmv_slots where store_id = ${s.storeId} and paid = 0`);
    expect(await scalar<number>(c.ctx.db, sql`select count(*)::int from store_gmv_slots where store_id = ${s.storeId}`)).toBe(0);
    const crowd = await people(4);
    await openOnEvery(token, crowd[0]);

    sent = [];
    const answers = await Promise.all(crowd.map((who, i) => claimOn(0, token, who, i)));
    const qs = sent;
    sent = null;

    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
    expect(qs.filter((q) => /^\s*begin\b/i.test(q))).toEqual([]);
    expect(batches(qs)).toBeGreaterThan(0);
    await expectExactly(gift.id, 4);
    expect(await paidGmvOf(c.ctx.db, s.storeId)).toBe(4 * 500);
  });

  it('on three processes, with buyers sending twice and a store that sold before: exactly the units, nobody twice', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 900, stock: 40 }]);
    const earlier = await buyer(env);
    await pay(env, earlier, (await checkoutOk(env, earlier, [{ skuId: p.skuIds[0], quantity: 1 }])).paymentId);
    const { gift, token } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 20 });
    const crowd = await people(50);
    await openOnEvery(token, crowd[0]);
    // The first ten send twice, on two processes, with two keys.
    const sends = [...crowd.map((who, i) => [i % 3, who, i] as const), ...crowd.slice(0, 10).map((who, i) => [(i + 1) % 3, who, i] as const)];

    sent = [];
    const answers = await Promise.all(sends.map(([app, who, i]) => claimOn(app, token, who, i)));
    const qs = sent;
    sent = null;

    expect(answers.filter((a) => a.statusCode !== 201).every((a) => a.statusCode === 409 && ['gift_all_claimed', 'gift_already_claimed'].includes(a.json().code))).toBe(true);
    expect(batches(qs)).toBeGreaterThan(0);
    // A process counts a person's second claim as one that may win until it is answered: those it told to try again
    // in a moment (held) while a unit was still to be had do so, and take what is left.
    const won = new Set(sends.flatMap(([, who], i) => (answers[i].statusCode === 201 ? [who.userId] : [])));
    const again = [...new Map(sends.flatMap(([app, who, i], j) => (answers[j].json().held && !won.has(who.userId) ? [[who.userId, [app, who, i] as const]] : []))).values()];
    const retried = await Promise.all(again.map(([app, who, i]) => claimOn(app, token, who, i)));
    expect(won.size + retried.filter((a) => a.statusCode === 201).length).toBe(20);
    await expectExactly(gift.id, 20);
    const paid = await scalar<string>(c.ctx.db, sql`select coalesce(sum(total), 0)::text from orders where store_id = ${s.storeId} and paid_at is not null`);
    expect(await paidGmvOf(c.ctx.db, s.storeId)).toBe(Number(paid));
  });
});
