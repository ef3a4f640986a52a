// Everything that may go wrong with a gift answers a clear 4xx with a stable code, and changes nothing; guessing
// links is hopeless (256-bit tokens) and slowed down (too many misses from one address: 429).
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalar } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { address, buyer, call, listedProduct, openStore, type Buyer, type Store } from '../orders/fixtures.ts';
import { claim, openLink, paidGift } from './support.ts';

let env: TestEnv;
let s: Store;
beforeAll(async () => {
  env = await testEnv({ TRIO_GIFT_TOKEN_MISS_LIMIT: '5' });
  s = await openStore(env);
});
afterAll(async () => env?.close());

/** What a refused call must leave as it was. */
const state = async () => ({
  gifts: await scalar<string>(env.ctx.db, sql`select coalesce(string_agg(id || ':' || state || ':' || units_claimed, ',' order by id), '') from gifts`),
  claims: await scalar<number>(env.ctx.db, sql`select count(*)::int from gift_claims`),
  orders: await scalar<number>(env.ctx.db, sql`select count(*)::int from orders`),
  payments: await scalar<number>(env.ctx.db, sql`select count(*)::int from payments`),
  stock: await scalar<string>(env.ctx.db, sql`select string_agg(id || ':' || stock, ',' order by id) from skus`),
});

async function refused(res: Awaited<ReturnType<typeof call>>, status: number, code: string, before: Awaited<ReturnType<typeof state>>) {
  expect({ status: res.statusCode, code: res.json().code }, res.body).toEqual({ status, code });
  expect(await state()).toEqual(before);
}

describe('sending', () => {
  it('refuses a message over 100 characters, more than the stock, bad shapes, unknown cards and stickers', async () => {
    const p = await listedProduct(env, s, [{ price: 1000, stock: 3 }]);
    const giver = await buyer(env);
    const send = (body: Record<string, unknown>) => call(env, 'POST', '/api/gifts', giver.headers, { skuId: p.skuIds[0], kind: 'single', message: 'hi', ...body }, { 'idempotency-key': randomUUID() });
    const before = await state();
    await refused(await send({ message: '好'.repeat(101) }), 422, 'message_too_long', before);
    expect((await send({ message: '好'.repeat(100), quantity: 1 })).statusCode).toBe(201);
    const now = await state();
    await refused(await send({ quantity: 3 }), 409, 'stock_insufficient', now);
    await refused(await send({ kind: 'first_come', units: 5 }), 409, 'stock_insufficient', now);
    await refused(await send({ kind: 'first_come' }), 422, 'units_required', now);
    await refused(await send({ units: 2 }), 422, 'units_for_groups_only', now);
    await refused(await send({ kind: 'lottery', units: 2, joinDeadline: new Date(env.clock.now().getTime() + 48 * 3600_000).toISOString() }), 422, 'join_deadline_invalid', now);
    await refused(await send({ joinDeadline: new Date(env.clock.now().getTime() + 3600_000).toISOString() }), 422, 'join_deadline_for_lottery_only', now);
    await refused(await send({ cardId: 'no-such-card' }), 422, 'card_not_found', now);
    await refused(await send({ stickers: [{ stickerId: 'no-such', x: 0.1, y: 0.1 }] }), 422, 'sticker_not_found', now);
    await refused(await send({ skuId: randomUUID() }), 404, 'sku_not_found', now);
    await refused(await send({ kind: 'group' }), 400, 'validation_failed', now);
    await refused(await send({ quantity: 0 }), 400, 'validation_failed', now);
    await refused(await send({ channel: 'offline' }), 422, 'shop_required', now);
    // Only buyers send gifts.
    await refused(await call(env, 'POST', '/api/gifts', s.merchant.headers, { skuId: p.skuIds[0], kind: 'single', message: '' }), 403, 'forbidden', now);
  });
});

describe('claiming', () => {
  let p: Awaited<ReturnType<typeof listedProduct>>;
  let giver: Buyer;
  beforeAll(async () => {
    p = await listedProduct(env, s, [{ price: 3000, stock: 5 }, { price: 3000, stock: 0 }, { price: 3100, stock: 5 }]);
    giver = await buyer(env);
  });

  it('refuses the giver, a claim without address, a variant of another price or product or out of stock, and claiming twice', async () => {
    const other = await listedProduct(env, s, [{ price: 3000, stock: 5 }]);
    const { token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'first_come', units: 3 });
    const friend = await buyer(env);
    const before = await state();
    await refused(await claim(env, token, giver), 403, 'own_gift', before);
    await refused(await claim(env, token, friend, {}), 422, 'address_required', before);
    await refused(await claim(env, token, friend, { address, skuId: p.skuIds[2] }), 422, 'sku_price_differs', before);
    await refused(await claim(env, token, friend, { address, skuId: other.skuIds[0] }), 422, 'sku_not_in_product', before);
    await refused(await claim(env, token, friend, { address, skuId: p.skuIds[1] }), 409, 'stock_insufficient', before);
    await refused(await claim(env, token, friend, { addressId: randomUUID() }), 404, 'address_not_found', before);
    await refused(await claim(env, token, s.merchant), 403, 'forbidden', before);
    await refused(await call(env, 'POST', `/api/gift-links/${token}/join`, friend.headers), 409, 'not_a_lottery', before);
    // Once is fine; twice is refused, even with another key.
    expect((await claim(env, token, friend)).statusCode).toBe(201);
    const after = await state();
    await refused(await claim(env, token, friend), 409, 'gift_already_claimed', after);
    // The same key answers the same again instead.
    const key = randomUUID();
    const third = await buyer(env);
    const first = await claim(env, token, third, { address }, key);
    expect(first.statusCode).toBe(201);
    const again = await claim(env, token, third, { address }, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().orderId).toBe(first.json().orderId);
  });

  it('refuses a claimed gift, and an unknown or malformed link', async () => {
    const { token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'single' });
    expect((await claim(env, token, await buyer(env))).statusCode).toBe(201);
    const before = await state();
    await refused(await claim(env, token, await buyer(env)), 409, 'gift_all_claimed', before);
    const unknown = randomBytes(32).toString('base64url');
    await refused(await claim(env, unknown, await buyer(env)), 404, 'gift_not_found', before);
    expect((await openLink(env, 'not-a-token')).json().code).toBe('gift_not_found');
  });

  it('slows down whoever guesses links: after 5 misses from one address, 429 (even for a good link), others unaffected; after 10 minutes it opens again', async () => {
    const { token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'single' });
    const guesser = '203.0.113.7';
    for (let i = 0; i < 5; i++) expect((await openLink(env, randomBytes(32).toString('base64url'), null, guesser)).statusCode).toBe(404);
    const blocked = await openLink(env, randomBytes(32).toString('base64url'), null, guesser);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await openLink(env, token, null, guesser)).statusCode).toBe(429);
    expect((await openLink(env, token, null, '198.51.100.1')).statusCode).toBe(200);
    env.clock.advance(11 * 60_000);
    expect((await openLink(env, token, null, guesser)).statusCode).toBe(200);
  });
});
