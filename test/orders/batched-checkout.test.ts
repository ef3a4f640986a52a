// Several plain checkouts of one SKU sent together go as one statement (batched-checkout.ts): each buyer gets the
// order and answer the single statement would give, the order of arrival decides who wins when the stock runs out,
// and a buyer whose checkout cannot go (a key used, a wrong total) is answered alone while the others get theirs.
// The batches are sent here directly, all in one turn of the event loop, so each is one statement.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { batchedCheckout, type PlainCheckout } from '../../src/modules/orders/batched-checkout.ts';
import { storedCheckout } from '../../src/modules/orders/checkout.ts';
import type { StatementRow } from '../../src/modules/orders/one-statement.ts';
import type { RequestKey } from '../../src/kernel/idempotency.ts';
import { scalar } from '../api/support.ts';
import { account, testEnv, type TestEnv } from '../helpers.ts';
import { address, call, listedProduct, openStore } from './fixtures.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(async () => env?.close());

type Buyer = Awaited<ReturnType<typeof account>>;
const buyers = (n: number) => Promise.all(Array.from({ length: n }, () => account(env, 'buyer')));

/** A buyer's plain checkout of one unit, as checkout() hands it to the batches. */
function plain(b: Buyer, skuId: string, over: Partial<PlainCheckout> = {}): PlainCheckout {
  const now = env.ctx.clock.now();
  return { skuId, quantity: 1, channel: 'store', address, buyerId: b.userId, note: null, expectedTotal: null, now, payDeadline: new Date(now.getTime() + 30 * 60_000), ...over };
}
const keyOf = (b: Buyer, key: string): RequestKey => ({ scope: `u:${b.userId}`, key, hash: `hash-${key}` });

/** Sends the checkouts together; a checkout the batch sent alone instead is recorded (and answered 'alone'). */
async function together(sent: { c: PlainCheckout; k?: RequestKey }[]) {
  const alone: number[] = [];
  const answers = await Promise.all(sent.map(({ c, k }, i) => batchedCheckout(env.ctx.db, c, k ?? null, async (): Promise<StatementRow> => {
    alone.push(i);
    return { answer: 'alone', bumped: 0 };
  })));
  return { answers, alone };
}

type Answer = { paymentId: string; amount: number; currency: string; payDeadline: string; orders: { id: string; storeId: string; total: number; items: { skuId: string; quantity: number }[] }[] };
const parsed = (r: StatementRow) => JSON.parse(r.answer!) as Answer;
const stockOf = (skuId: string) => scalar<number>(env.ctx.db, sql`select stock from skus where id = ${skuId}`);

describe('checkouts of one SKU sent together', () => {
  it('are one statement: at the stock boundary exactly the units left are sold, to the first buyers, never below zero', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 3 }]);
    const people = await buyers(5);
    const { answers, alone } = await together(people.map((b) => ({ c: plain(b, p.skuIds[0]) })));
    expect(alone).toEqual([]);
    expect(answers.slice(3).map((a) => a.answer)).toEqual(['refused', 'refused']);
    const won = answers.slice(0, 3).map(parsed);
    // Each winner's own payment and order, written by one statement (one transaction).
    const ids = `{${won.map((w) => w.orders[0].id).join(',')}}`;
    const written = await queryRows<{ buyer_id: string; tx: string }>(env.ctx.db, sql`select buyer_id, xmin::text as tx from orders where id = any(${ids}::uuid[])`);
    expect(written.map((o) => o.buyer_id).sort()).toEqual(people.slice(0, 3).map((b) => b.userId).sort());
    expect(new Set(written.map((o) => o.tx)).size).toBe(1);
    expect(new Set(won.map((w) => w.paymentId)).size).toBe(3);
    for (const [i, w] of won.entries()) {
      expect(await scalar<string>(env.ctx.db, sql`select payer_id from payments where id = ${w.paymentId}`)).toBe(people[i].userId);
      expect(w.orders[0].items).toMatchObject([{ skuId: p.skuIds[0], quantity: 1 }]);
    }
    expect(answers[0].left).toBe(0);
    expect(await stockOf(p.skuIds[0])).toBe(0);
    expect(await scalar<number>(env.ctx.db, sql`select coalesce(sum(quantity), 0)::int from order_items where sku_id = ${p.skuIds[0]}`)).toBe(3);
    // The stock flows as three checkouts one after the other would have written them.
    expect((await queryRows<{ stock_after: number }>(env.ctx.db, sql`select stock_after from stock_flows where sku_id = ${p.skuIds[0]} and reason = 'order' order by stock_after desc`)).map((r) => r.stock_after)).toEqual([2, 1, 0]);
    expect(await scalar<string>(env.ctx.db, sql`select live_state from products where id = ${p.productId}`)).toBe('sold_out');
    // The refused are told why as a single checkout is: sold out.
    const late = await call(env, 'POST', '/api/checkout', people[3].headers, { lines: [{ skuId: p.skuIds[0], quantity: 1 }], address });
    expect(late.json()).toMatchObject({ status: 409, code: 'stock_insufficient', stock: 0 });
  });

  it('answer what a single checkout answers, and the key keeps the payment id that answer is made again from', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 1250, stock: 10 }]);
    const [one, two, three] = await buyers(3);
    const single = await call(env, 'POST', '/api/checkout', one.headers, { lines: [{ skuId: p.skuIds[0], quantity: 2 }], address, note: 'hi' });
    expect(single.statusCode).toBe(201);
    const { answers, alone } = await together([{ c: plain(two, p.skuIds[0], { quantity: 2, note: 'hi' }), k: keyOf(two, 'b-1') }, { c: plain(three, p.skuIds[0], { quantity: 2, note: 'hi' }) }]);
    expect(alone).toEqual([]);
    const batched = parsed(answers[0]);
    // The same figures and fields; only ids, times and who differ.
    const shape = (a: Answer) => JSON.parse(JSON.stringify(a, (k, v) => (['id', 'paymentId', 'payDeadline', 'createdAt'].includes(k) ? '-' : v)));
    expect(shape(batched)).toEqual(shape(single.json()));
    const stored = await queryRows(env.ctx.db, sql`select status, response from idempotency_keys where scope = ${`u:${two.userId}`} and key = 'b-1'`);
    expect(stored[0]).toEqual({ status: 201, response: { paymentId: batched.paymentId } });
    expect(await storedCheckout(env.ctx.db, batched.paymentId)).toEqual(batched);
    // One 'created' in the timeline, told from the order row (the batch stores none, as the single statement).
    const view = await call(env, 'GET', `/api/orders/${batched.orders[0].id}`, two.headers);
    expect(view.json().events.filter((e: { event: string }) => e.event === 'created')).toHaveLength(1);
    const [o] = await queryRows(env.ctx.db, sql`select buyer_id, note, items_total::int, total::int, state, payment_id from orders where id = ${batched.orders[0].id}`);
    expect(o).toMatchObject({ buyer_id: two.userId, note: 'hi', items_total: 2500, total: batched.amount, state: 'awaiting_payment', payment_id: batched.paymentId });
    expect(await stockOf(p.skuIds[0])).toBe(4);
  });

  it("a buyer's retry inside a batch is replayed (nothing taken for it); the others get their orders", async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 5 }]);
    const [a, b, c] = await buyers(3);
    const first = await together([{ c: plain(a, p.skuIds[0]), k: keyOf(a, 'k-a') }, { c: plain(c, p.skuIds[0]) }]);
    expect(first.alone).toEqual([]);
    expect(await stockOf(p.skuIds[0])).toBe(3);
    const again = await together([{ c: plain(b, p.skuIds[0]), k: keyOf(b, 'k-b') }, { c: plain(a, p.skuIds[0]), k: keyOf(a, 'k-a') }, { c: plain(c, p.skuIds[0]) }]);
    expect(again.alone).toEqual([]);
    expect(again.answers[1].answer).toBeNull();
    expect(parsed(again.answers[0]).orders).toHaveLength(1);
    expect(parsed(again.answers[2]).orders).toHaveLength(1);
    expect(await stockOf(p.skuIds[0])).toBe(1);
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from orders where buyer_id = ${a.userId}`)).toBe(1);
  });

  it("a buyer whose checkout cannot go is answered alone ('refused', 'member'), writing nothing; the others get their orders", async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 5 }]);
    const [a, wrongTotal, c, member] = await buyers(4);
    await env.ctx.db.execute(sql`insert into members (store_id, buyer_id, source, joined_at, updated_at) values (${s.storeId}, ${member.userId}, 'store', now(), now())`);
    const fee = (await call(env, 'POST', '/api/checkout/quote', a.headers, { lines: [{ skuId: p.skuIds[0], quantity: 1 }], address })).json().total as number;
    const { answers, alone } = await together([
      { c: plain(a, p.skuIds[0], { expectedTotal: fee }) }, { c: plain(wrongTotal, p.skuIds[0], { expectedTotal: fee + 1 }), k: keyOf(wrongTotal, 'w') },
      { c: plain(c, p.skuIds[0]) }, { c: plain(member, p.skuIds[0]) },
    ]);
    expect(alone).toEqual([]);
    expect(answers.map((x) => x.answer?.startsWith('{') ? 'order' : x.answer)).toEqual(['order', 'refused', 'order', 'member']);
    expect(await stockOf(p.skuIds[0])).toBe(3);
    for (const who of [wrongTotal, member]) {
      expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from orders where buyer_id = ${who.userId}`)).toBe(0);
      expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from payments where payer_id = ${who.userId}`)).toBe(0);
    }
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from idempotency_keys where scope = ${`u:${wrongTotal.userId}`}`)).toBe(0);
    // Through HTTP the refused buyer is told why, as a single checkout is.
    const res = await call(env, 'POST', '/api/checkout', wrongTotal.headers, { lines: [{ skuId: p.skuIds[0], quantity: 1 }], address, expectedTotal: fee + 1 });
    expect(res.json()).toMatchObject({ status: 409, code: 'price_changed' });
  });

  it('checkouts of another quantity or region wait for their own batch; a key already under way waits and goes alone', async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 990, stock: 20 }]);
    const [a, b, c, d] = await buyers(4);
    const { answers, alone } = await together([
      { c: plain(a, p.skuIds[0]) }, { c: plain(b, p.skuIds[0], { quantity: 2 }) }, { c: plain(c, p.skuIds[0]) },
      { c: plain(d, p.skuIds[0], { address: { ...address, region: 'Beijing' } }), k: keyOf(d, 'd') }, { c: plain(d, p.skuIds[0], { address: { ...address, region: 'Beijing' } }), k: keyOf(d, 'd') },
    ]);
    // a and c together; b alone; d's first alone, its duplicate after it (alone).
    expect(alone.sort()).toEqual([1, 3, 4]);
    expect(answers.filter((x) => x.answer?.startsWith('{'))).toHaveLength(2);
    expect(await stockOf(p.skuIds[0])).toBe(18);
  });
});
