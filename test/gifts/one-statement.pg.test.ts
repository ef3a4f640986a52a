// Sending a gift is one statement for a giver who is no member of the store, like checkout: the stock, the payment,
// the gift and the Idempotency-Key's answer in one round trip to the database. A member of the store who chose no
// coupon gets the member price in the same request (the statement found the membership and took nothing; the gift
// was priced and sent again). The statements are counted on the PostgreSQL driver's connections, for one request
// only (an async context around it), so this file is PostgreSQL's.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { onStatement } from '../sent-statements.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalar } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { member, memberStore } from '../orders/discount-support.ts';
import { buyer, call, type Buyer, type Store, openStore } from '../orders/fixtures.ts';

const statements = new AsyncLocalStorage<string[]>();
let stopWatching = () => {};

let env: TestEnv;
let s: Store;
let tea: { productId: string; skuId: string };
beforeAll(async () => {
  // Every query a pg client sends is written down in the list of the request it belongs to (none outside one).
  stopWatching = onStatement((q) => statements.getStore()?.push(q.name ?? q.text ?? ''));
  env = await testEnv();
  s = await openStore(env);
  tea = await memberStore(env, s, 50);
});
afterAll(async () => {
  stopWatching();
  await env?.close();
});

/** Sends a gift of the tea and answers the response with the statements it sent. */
async function send(giver: Buyer, body: Record<string, unknown> = {}) {
  const seen: string[] = [];
  // inject answers a lazy chain: it must start inside the context (awaited in it).
  const res = await statements.run(seen, async () => await call(env, 'POST', '/api/gifts', giver.headers, { skuId: tea.skuId, kind: 'single', message: 'For you', ...body }, { 'idempotency-key': randomUUID() }));
  expect(res.statusCode, res.body).toBe(201);
  return { body: res.json(), seen };
}
const stock = () => scalar<number>(env.ctx.db, sql`select stock::int from skus where id = ${tea.skuId}`);

describe('sending a gift', () => {
  it("is one statement for a giver who is no member: stock, payment, gift and the key's answer", async () => {
    // A first gift of this process reads its gift-link secret once, and the giver's session is cached after it.
    const giver = await buyer(env);
    await send(giver);
    const before = await stock();
    const { body, seen } = await send(giver, { quantity: 2 });
    expect(seen, seen.join('\n')).toHaveLength(1);
    expect(body).toMatchObject({ amount: 20000, gift: { state: 'awaiting_payment', unitPrice: 10000, amount: 20000, discount: 0, unitQuantity: 2 } });
    expect(await stock()).toBe(before - 2);
    expect(await scalar<string>(env.ctx.db, sql`select p.purpose || ' ' || p.amount || ' ' || g.state from gifts g join payments p on p.id = g.payment_id where g.id = ${body.gift.id}`))
      .toBe('gift 20000 awaiting_payment');
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from idempotency_keys where response->'gift'->>'id' = ${body.gift.id} and status = 201`)).toBe(1);
  });

  it('gives a member of the store who chose no coupon the member price, in the same request, taking the stock once', async () => {
    const giver = await member(env, s);
    await send(giver);
    const before = await stock();
    const { body, seen } = await send(giver, { quantity: 2 });
    // 2 x 100.00 at the member price of 90.00.
    expect(body).toMatchObject({ amount: 18000, gift: { unitPrice: 10000, amount: 18000, discount: 2000, pointsSpent: 0 } });
    expect(await stock()).toBe(before - 2);
    expect(await scalar<number>(env.ctx.db, sql`select amount::int from payments where id = ${body.paymentId}`)).toBe(18000);
    // The plain statement (which found the membership), the pricing reads, the priced statement: no transaction.
    expect(seen.filter((q) => /^\s*(begin|commit)/i.test(q)), seen.join('\n')).toEqual([]);
    expect(seen.filter((q) => q.startsWith('trio_gift_send'))).toEqual(['trio_gift_send_key', 'trio_gift_send_key_priced']);
  });
});
