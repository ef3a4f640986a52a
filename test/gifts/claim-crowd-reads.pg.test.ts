// A crowd claiming a group gift at the same moment shares the reads of the link it opened: the recent unknown-link
// misses of the address and the gift's row are read together for everyone who asked during one turn, so the
// database is asked a few statements, not two or three per person before anyone learns whether a unit is left.
// The statements are counted on the PostgreSQL driver's connections, so this file is PostgreSQL's.
import { onStatement } from '../sent-statements.ts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalar } from '../api/support.ts';
import { account, SLOW_TEST_MS, testEnv, type TestEnv } from '../helpers.ts';
import { buyer, checkoutOk, listedProduct, openStore, pay } from '../orders/fixtures.ts';
import { claim, paidGift } from './support.ts';
import { paidGmvOf } from '../../src/modules/merchants/index.ts';

let sent: string[] | null = null;
let stopWatching = () => {};

let env: TestEnv;
beforeAll(async () => {
  stopWatching = onStatement((q) => sent?.push(q.text ?? q.name ?? ''));
  env = await testEnv();
});
afterAll(async () => {
  stopWatching();
  await env?.close();
});

/** A paid first-come gift of `units` from a store that has sold before. */
async function groupGift(units: number) {
  const s = await openStore(env);
  const p = await listedProduct(env, s, [{ price: 800, stock: 10 }]);
  const earlier = await buyer(env);
  await pay(env, earlier, (await checkoutOk(env, earlier, [{ skuId: p.skuIds[0], quantity: 1 }])).paymentId);
  return paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units });
}

describe('a crowd opening a group gift to claim it', { timeout: SLOW_TEST_MS }, () => {
  it("reads the link's gift and the address's misses a few times for all of them, not once each", async () => {
    const { token, gift } = await groupGift(2);
    const people = await Promise.all(Array.from({ length: 30 }, () => account(env, 'buyer')));
    // Their sessions are known to the process already (as the link's page, opened first, leaves them).
    for (const who of people) expect((await env.app.inject({ method: 'GET', url: '/api/me', headers: who.headers })).statusCode).toBe(200);

    sent = [];
    const answers = await Promise.all(people.map((who) => claim(env, token, who)));
    const reads = sent.filter((q) => /from "gifts"|from "gift_token_misses"/.test(q));
    sent = null;

    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 201, ...Array(28).fill(409)]);
    expect(reads.length, reads.join('\n')).toBeLessThan(people.length);
    expect(await scalar<string>(env.ctx.db, sql`select state || ':' || units_claimed from gifts where id = ${gift.id}`)).toBe('claimed:2');
  });

  it("a winner goes to the gift's row with its one statement (no read of its claim or the card first), and its page is one read beside it", async () => {
    const { token, gift } = await groupGift(3);
    const who = await account(env, 'buyer');
    expect((await env.app.inject({ method: 'GET', url: `/api/gift-links/${token}`, headers: who.headers })).statusCode).toBe(200);

    sent = [];
    const answer = await claim(env, token, who);
    const queries = sent;
    sent = null;

    expect(answer.statusCode, answer.body).toBe(201);
    const all = queries.join('\n---\n');
    const statement = queries.findIndex((q) => q.includes('update gifts set units_claimed'));
    expect(statement, all).toBeGreaterThanOrEqual(0);
    const others = queries.filter((_, i) => i !== statement);
    // Besides the link's row, the address's misses and the rate limit: no read of this person's claim (the unique
    // index refuses a second one), and one read of the card's decoration: the page's, sent with the statement.
    expect(others.filter((q) => /gift_claims/.test(q)), all).toEqual([]);
    expect(others.filter((q) => /gift_decorations/.test(q)), all).toHaveLength(1);
    // Nothing after them: the gift's row as the statement left it is not read again.
    expect(queries.slice(statement + 1).length, all).toBeLessThanOrEqual(1);
    const page = answer.json() as { page: { unitsLeft: number; viewer: { claimed: boolean; orderId: string }; decoration: { card: { name: string } | null } } };
    expect(page.page).toMatchObject({ unitsLeft: 2, viewer: { claimed: true, orderId: (answer.json() as { orderId: string }).orderId } });
    // The order's card is named as the product's decoration names it (the default one here).
    expect(await scalar<string>(env.ctx.db, sql`select gift_card->>'cardName' from orders where gift_id = ${gift.id}`)).toBe(page.page.decoration.card?.name ?? null);
  });
  it("a store never paid before: its gift's first claims make the store's GMV slots and still go as statements, not as transactions holding the gift's row", async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 800, stock: 10 }]);
    const { token } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 3 });
    const slots = () => scalar<number>(env.ctx.db, sql`select count(*)::int from store_gmv_slots where store_id = ${s.storeId}`);
    // Paying a group gift makes its store's GMV slots (the store's first sale is coming as a crowd's claims)...
    expect(await slots()).toBeGreaterThan(0);
    // ...but a gift paid before that was so (its store without slots, holding nothing yet) is claimed too.
    await env.ctx.db.execute(sql`delete from store_gmv_slots where store_id = ${s.storeId} and paid = 0`);
    expect(await slots()).toBe(0);
    const people = await Promise.all(Array.from({ length: 3 }, () => account(env, 'buyer')));

    sent = [];
    const answers = await Promise.all(people.map((who) => claim(env, token, who)));
    const queries = sent;
    sent = null;

    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
    // No claim went the transaction's way (a transaction begun, the unit taken, then the order written round trip by round trip).
    expect(queries.filter((q) => /^\s*begin\b/i.test(q)), queries.join('\n---\n')).toEqual([]);
    expect(await slots()).toBeGreaterThan(0);
    // The store's paid GMV is exactly its claims' orders.
    const orders = await scalar<string>(env.ctx.db, sql`select coalesce(sum(total), 0)::text from orders where store_id = ${s.storeId} and paid_at is not null`);
    expect(await paidGmvOf(env.ctx.db, s.storeId)).toBe(Number(orders));
  });
});
