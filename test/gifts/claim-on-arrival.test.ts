// A claimer a group gift cannot serve is answered as the request arrives: once the caller is known to be a signed-in
// buyer, before the body is read, validated or counted by the claim limit. The answer is the one the claim would get
// (409 gift_all_claimed); a caller who is not a signed-in buyer still gets 401/403, an address blocked for guessing
// links still gets 429 (the answer must not tell it the link exists), and an Idempotency-Key answered before is still
// replayed. "Before the body" is shown by a body that never comes: the answer cannot have waited for it.
import { randomBytes, randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scalar } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { address, buyer, listedProduct, openStore, type Buyer, type Store } from '../orders/fixtures.ts';
import { claim, openLink, paidGift } from './support.ts';

let env: TestEnv;
let s: Store;
beforeAll(async () => {
  env = await testEnv({ TRIO_GIFT_TOKEN_MISS_LIMIT: '3' });
  s = await openStore(env);
});
afterAll(async () => env?.close());

/** A claim whose body is announced (200 bytes of JSON) and never sent: only an answer that does not read it comes. */
const claimWithoutBody = (token: string, headers: Record<string, string>, ip?: string) => env.app.inject({
  method: 'POST', url: `/api/gift-links/${token}/claim`, payload: new PassThrough(),
  headers: { ...headers, 'content-type': 'application/json', 'content-length': '200', 'idempotency-key': randomUUID() }, ...(ip ? { remoteAddress: ip } : {}),
});

/** A group gift of two units, both claimed over HTTP (the process has opened its link: it knows no unit is left). */
async function goneGift() {
  const p = await listedProduct(env, s, [{ price: 600, stock: 5 }]);
  const { token } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 2 });
  const winners: { who: Buyer; key: string; orderId: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const who = await buyer(env);
    const key = randomUUID();
    const res = await claim(env, token, who, { address }, key);
    expect(res.statusCode, res.body).toBe(201);
    winners.push({ who, key, orderId: res.json().orderId });
  }
  return { token, winners };
}

const claimHits = (userId: string) => scalar<number>(env.ctx.db, sql`select coalesce(sum(hits), 0)::int from rate_limit_counters where key = ${`claim|user:${userId}`}`);

describe('a claim of a gift with no unit left', () => {
  it('is answered 409 gift_all_claimed before its body arrives, and not counted by the claim limit', async () => {
    const { token } = await goneGift();
    const late = await buyer(env);
    const res = await claimWithoutBody(token, late.headers);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'gift_all_claimed', instance: `/api/gift-links/${token}/claim` });
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await claimHits(late.userId)).toBe(0);
    // With its body, the same answer (from the same place).
    const whole = await claim(env, token, late);
    expect([whole.statusCode, whole.json().code]).toEqual([409, 'gift_all_claimed']);
  });

  it('still needs a signed-in buyer: signed out 401, a merchant 403, whatever the gift', async () => {
    const { token } = await goneGift();
    const signedOut = await claim(env, token, { headers: {} });
    expect([signedOut.statusCode, signedOut.json().code]).toEqual([401, 'unauthorized']);
    const expired = await claim(env, token, { headers: { authorization: `Bearer ${randomBytes(32).toString('base64url')}` } });
    expect([expired.statusCode, expired.json().code]).toEqual([401, 'invalid_credentials']);
    const merchant = await claim(env, token, { headers: s.merchant.headers });
    expect(merchant.statusCode).toBe(403);
  });

  it('from an address that guessed links is told 429, not that the link exists', async () => {
    const { token } = await goneGift();
    const guesser = '203.0.113.9';
    for (let i = 0; i < 3; i++) expect((await openLink(env, randomBytes(32).toString('base64url'), null, guesser)).statusCode).toBe(404);
    const res = await claimWithoutBody(token, (await buyer(env)).headers, guesser);
    expect([res.statusCode, res.json().code]).toEqual([429, 'too_many_attempts']);
  });

  it("sent again by a winner with the same Idempotency-Key gets the winner's answer again", async () => {
    const { token, winners } = await goneGift();
    const again = await claim(env, token, winners[0].who, { address }, winners[0].key);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().orderId).toBe(winners[0].orderId);
  });
});
