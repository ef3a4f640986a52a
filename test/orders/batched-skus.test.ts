// Coupon and points checkouts of one line priced at the same moment go as one statement (batched-skus.ts), across
// SKUs: each buyer gets the order, spend and answer the single priced statement gives; a buyer the batch cannot serve
// for sure is sent alone; something to spend gone meanwhile undoes the whole statement and every buyer goes alone.
// The batches are sent here directly, all in one turn of the event loop.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import type { RequestKey } from '../../src/kernel/idempotency.ts';
import { priceCheckout, storedCheckout } from '../../src/modules/orders/checkout.ts';
import { batchedAcrossSkus, skuBatchStatements, type LineCheckout } from '../../src/modules/orders/batched-skus.ts';
import type { StatementRow } from '../../src/modules/orders/one-statement.ts';
import { scalar } from '../api/support.ts';
import type { TestEnv } from '../helpers.ts';
import { checkoutWith, heldCoupon, member, memberStoreSuite } from './discount-support.ts';
import { address, buyer, call, listedProduct, type Buyer, type Store } from './fixtures.ts';

const suite = memberStoreSuite(100);
let env: TestEnv;
let s: Store;
let tea: { productId: string; skuId: string };
beforeAll(() => { ({ env, s, tea } = suite.m); });

type Choice = { coupon?: string; points?: number };
const choiceOf = (c: Choice) => [{ storeId: s.storeId, storeCouponId: c.coupon ?? null, productCoupons: {}, points: c.points ?? 0 }];

/** A member's checkout of `quantity` of the SKU with a coupon and points, priced as checkout() prices it. */
async function priced(b: Buyer, skuId: string, c: Choice, quantity = 1): Promise<LineCheckout> {
  const now = env.clock.now();
  const p = await priceCheckout(env.ctx.db, b.userId, now, 'store', [{ skuId, quantity }], choiceOf(c));
  if (!p) throw new Error('nothing priced');
  return { skuId, quantity, channel: 'store', address, buyerId: b.userId, note: null, expectedTotal: null, now, payDeadline: new Date(now.getTime() + 30 * 60_000), priced: p };
}

/** A buyer's plain checkout of one line (not priced yet), as checkout() hands it over. */
function plain(b: Buyer, skuId: string): LineCheckout {
  const now = env.clock.now();
  return { skuId, quantity: 1, channel: 'store', address, buyerId: b.userId, note: null, expectedTotal: null, now, payDeadline: new Date(now.getTime() + 30 * 60_000), priced: undefined };
}

/** Sends the checkouts together; a checkout sent alone instead is recorded (and answered 'alone'). */
async function together(sent: { c: LineCheckout; k?: RequestKey }[]) {
  const alone: number[] = [];
  const before = skuBatchStatements();
  const answers = await Promise.all(sent.map(({ c, k }, i) => batchedAcrossSkus(env.ctx.db, c, k ?? null, async (): Promise<StatementRow> => {
    alone.push(i);
    return { answer: 'alone', bumped: 0 };
  })));
  return { answers, alone: alone.sort(), statements: skuBatchStatements() - before };
}

type Answer = { paymentId: string; amount: number; orders: { id: string; discount: number; total: number; items: { skuId: string; discount: number }[] }[] };
const parsed = (r: StatementRow) => JSON.parse(r.answer!) as Answer;
const points = (b: Buyer) => scalar<number>(env.ctx.db, sql`select points::int from members where store_id = ${s.storeId} and buyer_id = ${b.userId}`);
const lotsLeft = (b: Buyer) => scalar<number>(env.ctx.db, sql`select coalesce(sum(remaining), 0)::int from point_lots where store_id = ${s.storeId} and buyer_id = ${b.userId}`);
const ordersOf = (b: Buyer) => scalar<number>(env.ctx.db, sql`select count(*)::int from orders where buyer_id = ${b.userId}`);
const stockOf = (skuId: string) => scalar<number>(env.ctx.db, sql`select stock::int from skus where id = ${skuId}`);

describe('priced checkouts sent together', () => {
  it('are one statement across SKUs: each buyer its order, coupon locked, points taken, and the answer a single checkout gives', async () => {
    const other = await listedProduct(env, s, [{ price: 8_000, stock: 10 }], 'Cups 茶杯');
    const people = await Promise.all([member(env, s, 500), member(env, s, 300), member(env, s, 0)]);
    const held = await Promise.all(people.map((b, i) => heldCoupon(env, s, b, { title: `Batch ${i}`, threshold: 5000, amount: 1000 })));
    const sent = [
      { c: await priced(people[0], tea.skuId, { coupon: held[0].heldId, points: 200 }), k: { scope: `u:${people[0].userId}`, key: 'bp-1', hash: 'h1' } },
      { c: await priced(people[1], other.skuIds[0], { coupon: held[1].heldId, points: 300 }) },
      { c: await priced(people[2], tea.skuId, { coupon: held[2].heldId }, 2) },
    ];
    const teaBefore = await stockOf(tea.skuId);
    const { answers, alone, statements } = await together(sent);
    expect(alone).toEqual([]);
    expect(statements).toBe(1);
    const won = answers.map(parsed);
    // One transaction wrote every buyer's order.
    const ids = `{${won.map((w) => w.orders[0].id).join(',')}}`;
    const rows = await queryRows<{ buyer_id: string; tx: string; discount: number }>(env.ctx.db, sql`select buyer_id, xmin::text as tx, discount::int from orders where id = any(${ids}::uuid[])`);
    expect(new Set(rows.map((o) => o.tx)).size).toBe(1);
    expect(rows.map((o) => o.buyer_id).sort()).toEqual(people.map((b) => b.userId).sort());
    for (const [i, w] of won.entries()) {
      const l = sent[i].c.priced!.lines[0];
      expect(w.orders[0].discount).toBe(l.listAmount - l.paid);
      expect(w.orders[0].items).toMatchObject([{ skuId: sent[i].c.skuId, discount: l.listAmount - l.paid }]);
      expect(await scalar(env.ctx.db, sql`select order_id from held_coupons where id = ${held[i].heldId} and state = 'locked'`)).toBe(w.orders[0].id);
      expect(await storedCheckout(env.ctx.db, w.paymentId)).toEqual(w);
    }
    expect(await Promise.all(people.map(points))).toEqual([300, 0, 0]);
    expect(await Promise.all(people.map(lotsLeft))).toEqual([300, 0, 0]);
    expect(await scalar(env.ctx.db, sql`select count(*)::int from member_events where order_id = any(${ids}::uuid[]) and kind = 'spent'`)).toBe(2);
    expect(await scalar(env.ctx.db, sql`select sum(points)::int from point_spends where order_id = any(${ids}::uuid[])`)).toBe(500);
    expect(await stockOf(tea.skuId)).toBe(teaBefore - 3);
    expect(await stockOf(other.skuIds[0])).toBe(9);
    expect(await scalar(env.ctx.db, sql`select response from idempotency_keys where scope = ${`u:${people[0].userId}`} and key = 'bp-1'`)).toEqual({ paymentId: won[0].paymentId });
    // A single checkout of the same choice answers the same figures and fields (only ids, times and who differ).
    const b = await member(env, s, 500);
    const h = await heldCoupon(env, s, b, { title: 'Single', threshold: 5000, amount: 1000 });
    const single = await checkoutWith(env, b, [{ skuId: tea.skuId, quantity: 1 }], choiceOf({ coupon: h.heldId, points: 200 }));
    expect(single.statusCode, single.body).toBe(201);
    const shape = (a: unknown) => JSON.parse(JSON.stringify(a, (k, v) => (['id', 'paymentId', 'payDeadline', 'createdAt'].includes(k) ? '-' : v)));
    expect(shape(won[0])).toEqual(shape(single.json()));
  });

  it('a coupon used meanwhile undoes the statement: every buyer is sent alone and nothing is spent twice', async () => {
    const people = await Promise.all([member(env, s, 100), member(env, s, 100)]);
    const held = await Promise.all(people.map((b, i) => heldCoupon(env, s, b, { title: `Gone ${i}`, threshold: 5000, amount: 1000 })));
    const sent = await Promise.all(people.map((b, i) => priced(b, tea.skuId, { coupon: held[i].heldId, points: 100 })));
    // The second buyer's coupon is taken by another order after it was priced.
    await env.ctx.db.execute(sql`update held_coupons set state = 'locked' where id = ${held[1].heldId}`);
    const stock = await stockOf(tea.skuId);
    const { alone } = await together(sent.map((c) => ({ c })));
    expect(alone).toEqual([0, 1]);
    expect(await Promise.all(people.map(ordersOf))).toEqual([0, 0]);
    expect(await Promise.all(people.map(points))).toEqual([100, 100]);
    expect(await scalar(env.ctx.db, sql`select state from held_coupons where id = ${held[0].heldId}`)).toBe('unused');
    expect(await stockOf(tea.skuId)).toBe(stock);
  });

  it('stock runs out inside the batch: the first buyers win, the others are sent alone (the single statement decides)', async () => {
    const p = await listedProduct(env, s, [{ price: 9_000, stock: 2 }], 'Last pots 茶壶');
    const people = await Promise.all([member(env, s, 100), member(env, s, 100), member(env, s, 100)]);
    const sent = await Promise.all(people.map((b) => priced(b, p.skuIds[0], { points: 100 })));
    const { answers, alone } = await together(sent.map((c) => ({ c })));
    expect(alone).toEqual([2]);
    expect(answers.slice(0, 2).map((a) => parsed(a).orders)).toHaveLength(2);
    expect(await stockOf(p.skuIds[0])).toBe(0);
    expect(await Promise.all(people.map(points))).toEqual([0, 0, 100]);
    const flows = await queryRows<{ stock_after: number }>(env.ctx.db, sql`select stock_after from stock_flows where sku_id = ${p.skuIds[0]} and reason = 'order' order by stock_after desc`);
    expect(flows.map((f) => f.stock_after)).toEqual([1, 0]);
  });

  it("a buyer's retry is replayed (answer null, nothing taken again) and a price moved since pricing goes alone", async () => {
    const people = await Promise.all([member(env, s, 100), member(env, s, 100)]);
    const k: RequestKey = { scope: `u:${people[0].userId}`, key: 'retry-1', hash: 'h' };
    const first = await together([{ c: await priced(people[0], tea.skuId, { points: 100 }), k }, { c: await priced(people[1], tea.skuId, { points: 50 }) }]);
    expect(first.alone).toEqual([]);
    const again = await priced(people[0], tea.skuId, { points: 0 });
    const moved = await priced(people[1], tea.skuId, { points: 50 });
    await env.ctx.db.execute(sql`update skus set price = price + 100 where id = ${tea.skuId}`);
    const second = await together([{ c: again, k }, { c: moved }]);
    await env.ctx.db.execute(sql`update skus set price = price - 100 where id = ${tea.skuId}`);
    expect(second.alone).toEqual([1]);
    expect(second.answers[0].answer).toBeNull();
    expect(await Promise.all(people.map(ordersOf))).toEqual([1, 1]);
    expect(await Promise.all(people.map(points))).toEqual([0, 50]);
  });

  it("plain checkouts of other SKUs go in it too: each its order at the list price; a member of the store is answered 'member' and nothing is taken", async () => {
    const cups = await listedProduct(env, s, [{ price: 8_000, stock: 10 }], 'Plain cups 茶杯');
    const pots = await listedProduct(env, s, [{ price: 12_000, stock: 10 }], 'Plain pots 茶壶');
    const [one, two] = await Promise.all([buyer(env), buyer(env)]);
    const m = await member(env, s, 100);
    const { answers, alone, statements } = await together([{ c: plain(one, cups.skuIds[0]) }, { c: plain(m, cups.skuIds[0]) }, { c: plain(two, pots.skuIds[0]) }]);
    expect(alone).toEqual([]);
    expect(statements).toBe(1);
    expect(answers[1].answer).toBe('member');
    const won = [parsed(answers[0]), parsed(answers[2])];
    const rows = await queryRows<{ tx: string }>(env.ctx.db, sql`select xmin::text as tx from orders where id = any(${`{${won.map((w) => w.orders[0].id).join(',')}}`}::uuid[])`);
    expect(rows.length).toBe(2);
    expect(new Set(rows.map((o) => o.tx)).size).toBe(1);
    expect(await Promise.all([one, m, two].map(ordersOf))).toEqual([1, 0, 1]);
    expect(await stockOf(cups.skuIds[0])).toBe(9);
    expect(await stockOf(pots.skuIds[0])).toBe(9);
    for (const w of won) expect(await storedCheckout(env.ctx.db, w.paymentId)).toEqual(w);
    // As a single plain checkout answers.
    const three = await buyer(env);
    const single = await call(env, 'POST', '/api/checkout', three.headers, { lines: [{ skuId: pots.skuIds[0], quantity: 1 }], address });
    expect(single.statusCode, single.body).toBe(201);
    const shape = (a: unknown) => JSON.parse(JSON.stringify(a, (k, v) => (['id', 'paymentId', 'payDeadline', 'createdAt'].includes(k) ? '-' : v)));
    expect(shape(won[1])).toEqual(shape(single.json()));
  });
});
