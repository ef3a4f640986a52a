// The late claimers of a group gift are answered without waiting for the winners' claims: while the claims under
// way in a process already take every unit left, the others are told at once, even when those claims are stuck
// behind a transaction holding the gift's row. PostgreSQL only (*.pg.test.ts): on PGlite the held transaction keeps
// the only connection.
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimGiftAtOnce } from '../../src/modules/gifts/claim.ts';
import { cluster, clusterEnv, holdTransaction, scalar, waitingOnLocks as locked } from '../api/support.ts';
import { account, SLOW_TEST_MS, WAIT, type TestEnv } from '../helpers.ts';
import { address, buyer, checkoutOk, listedProduct, openStore, pay } from '../orders/fixtures.ts';
import { paidGift } from './support.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
beforeAll(async () => {
  c = await cluster(2, { TRIO_LOGIN_MAX_FAILURES_PER_IP: '100000' });
  env = clusterEnv(c);
});
afterAll(async () => c?.close());

const waitingOnLocks = () => locked(c.ctx.db);

describe('a group gift claimed by a crowd', { timeout: SLOW_TEST_MS }, () => {
  it("claimers whose units are all in claims under way are answered while those claims wait for the gift's row; the claims then win", async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 800, stock: 6 }]);
    // The store has sold before: a claim adds to its paid GMV in the claim's own statement (a store's first paid GMV
    // is added by a transaction instead: merchants/paid-gmv.ts), so every claim below is answered by the statement.
    const earlier = await buyer(env);
    await pay(env, earlier, (await checkoutOk(env, earlier, [{ skuId: p.skuIds[0], quantity: 1 }])).paymentId);
    const { gift } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 3 });
    const people = await Promise.all(Array.from({ length: 6 }, () => account(env, 'buyer')));
    const claimBy = (i: number) => claimGiftAtOnce(c.ctxs[1], { userId: people[i].userId, displayName: `claimant ${i}` }, gift.id, { address }, null);
    // The first claim tells how many units are left (2).
    expect((await claimBy(0))?.status).toBe(201);

    // A transaction holds the gift's row; two claimers go for the last two units.
    const release = await holdTransaction(c.ctx, sql`select 1 from gifts where id = ${gift.id} for update`);
    let winners: ReturnType<typeof claimBy>[] = [];
    try {
      winners = [claimBy(1), claimBy(2)];
      // The two claims wait for the gift's row: together in one statement (they came together) or in two.
      await expect.poll(waitingOnLocks, WAIT).toBeGreaterThan(0);
      // Those who come now cannot win unless one of the two fails: answered while the row is still held.
      const late = await Promise.allSettled([claimBy(3), claimBy(4), claimBy(5)]);
      for (const r of late) expect(r.status === 'rejected' ? r.reason : r.value).toMatchObject({ code: 'gift_all_claimed', extra: { held: true } });
    } finally {
      await release();
    }
    expect((await Promise.all(winners)).map((a) => a?.status)).toEqual([201, 201]);
    expect(await scalar<string>(c.ctx.db, sql`select state || ':' || units_claimed from gifts where id = ${gift.id}`)).toBe('claimed:3');
    expect(await scalar<number>(c.ctx.db, sql`select count(distinct buyer_id)::int from orders where gift_id = ${gift.id}`)).toBe(3);
  });

  it("over HTTP, a claimer who cannot win is answered as its request arrives, before its body, while the winners' claims wait for the gift's row", async () => {
    const s = await openStore(env);
    const p = await listedProduct(env, s, [{ price: 900, stock: 6 }]);
    const earlier = await buyer(env);
    await pay(env, earlier, (await checkoutOk(env, earlier, [{ skuId: p.skuIds[0], quantity: 1 }])).paymentId);
    const { gift, token } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'first_come', units: 3 });
    const people = await Promise.all(Array.from({ length: 4 }, () => buyer(env)));
    const claimOver = (i: number) => c.app(1).inject({ method: 'POST', url: `/api/gift-links/${token}/claim`, headers: { ...people[i].headers, 'idempotency-key': randomUUID() }, payload: { address } });
    expect((await claimOver(0)).statusCode).toBe(201);

    const release = await holdTransaction(c.ctx, sql`select 1 from gifts where id = ${gift.id} for update`);
    let winners: ReturnType<typeof claimOver>[] = [];
    try {
      winners = [claimOver(1), claimOver(2)];
      // The two claims wait for the gift's row: together in one statement (they came together) or in two.
      await expect.poll(waitingOnLocks, WAIT).toBeGreaterThan(0);
      // Its body never comes: the answer did not wait for it, nor for the winners.
      const late = await c.app(1).inject({
        method: 'POST', url: `/api/gift-links/${token}/claim`, payload: new PassThrough(),
        headers: { ...people[3].headers, 'content-type': 'application/json', 'content-length': '200', 'idempotency-key': randomUUID() },
      });
      expect(late.statusCode, late.body).toBe(409);
      expect(late.json()).toMatchObject({ code: 'gift_all_claimed', held: true });
    } finally {
      await release();
    }
    expect((await Promise.all(winners)).map((r) => r.statusCode)).toEqual([201, 201]);
    expect(await scalar<string>(c.ctx.db, sql`select state || ':' || units_claimed from gifts where id = ${gift.id}`)).toBe('claimed:3');
  });
});

