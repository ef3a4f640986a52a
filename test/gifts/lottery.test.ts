// Lottery gifts: people join until the deadline, the winners are drawn once (by the sweep or the first look after
// the deadline), everyone sees the result, the recorded draw recomputes to the same winners, only winners claim,
// and what winners did not claim is refunded at expiry.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawWinners } from '../../src/modules/gifts/index.ts';
import { sandboxSettled } from '../../src/modules/payments/index.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { scalar } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { claim, expectNoPrice, openLink, paidGift } from './support.ts';

let env: TestEnv;
let s: Store;
beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  s = await openStore(env);
});
afterAll(async () => env?.close());

const at = (h: number) => new Date(env.clock.now().getTime() + h * 3600_000).toISOString();
const join = (token: string, who: { headers: Record<string, string> }) => call(env, 'POST', `/api/gift-links/${token}/join`, who.headers);

describe('a lottery gift', () => {
  it('draws its winners at the deadline, once, for everyone who joined to see; the draw is recomputable; winners claim, others cannot', async () => {
    const p = await listedProduct(env, s, [{ price: 1200, stock: 10 }]);
    const giver = await buyer(env);
    const { gift, token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'lottery', units: 3, joinDeadline: at(6) });
    const people = await Promise.all(Array.from({ length: 7 }, () => buyer(env)));
    for (const b of people) {
      const res = await join(token, b);
      expect(res.statusCode, res.body).toBe(200);
      expectNoPrice(res.json());
      expect(res.json()).toMatchObject({ joined: true, draw: null });
    }
    // Joining twice is joining once; the giver cannot join; claiming before the draw is refused.
    expect((await join(token, people[0])).json().entries).toBe(7);
    expect((await join(token, giver)).json().code).toBe('own_gift');
    expect((await claim(env, token, people[0])).json().code).toBe('lottery_not_drawn');

    env.clock.advance(6 * 3600_000 + 1000);
    expect((await join(token, await buyer(env))).json().code).toBe('lottery_closed');
    await runSweeps(sweeps(env.ctx), 200);
    await runSweeps(sweeps(env.ctx), 200);

    // Everyone who joined sees the same result; the signed-out see how many joined and won, not who.
    expect((await openLink(env, token)).json().draw).toMatchObject({ namesHidden: true, winnerCount: 3, participantCount: 7, winners: [], winnerNames: [] });
    const page = (await openLink(env, token, people[6])).json();
    expect(page.draw.winners).toHaveLength(3);
    expect(page.draw.winnerNames).toHaveLength(3);
    expect(page.draw.participants).toHaveLength(7);
    // Anyone can recompute it from the record.
    expect(drawWinners(page.draw.seed, page.draw.participants, 3)).toEqual(page.draw.winners);
    expect(page.draw.participants).toEqual([...page.draw.participants].sort());
    expect(await scalar<number>(env.ctx.db, sql`select count(*)::int from gift_claims where gift_id = ${gift.id} and state = 'won'`)).toBe(3);

    const winners = people.filter((b) => page.draw.winners.includes(b.userId));
    const losers = people.filter((b) => !page.draw.winners.includes(b.userId));
    expect((await openLink(env, token, winners[0])).json().viewer).toMatchObject({ won: true, canClaim: true });
    expect((await openLink(env, token, losers[0])).json().viewer).toMatchObject({ won: false, canClaim: false });
    const lost = await claim(env, token, losers[0]);
    expect(lost.statusCode).toBe(403);
    expect(lost.json().code).toBe('gift_not_for_you');
    for (const w of winners.slice(0, 2)) expect((await claim(env, token, w)).statusCode).toBe(201);
    expect((await claim(env, token, winners[0])).json().code).toBe('gift_already_claimed');
    const seen = (await call(env, 'GET', `/api/gifts/${gift.id}`, giver.headers)).json();
    expect(seen).toMatchObject({ state: 'waiting', unitsClaimed: 2, entries: 7 });
    expect(seen.claims.map((x: { state: string }) => x.state).sort()).toEqual(['claimed', 'claimed', 'won']);

    // The third winner never claims: at expiry that unit lapses and is refunded.
    env.clock.advance(24 * 3600_000);
    await runSweeps(sweeps(env.ctx), 200);
    await sandboxSettled(env.app);
    await runSweeps(sweeps(env.ctx), 200);
    const after = (await call(env, 'GET', `/api/gifts/${gift.id}`, giver.headers)).json();
    expect(after).toMatchObject({ state: 'refunded', unitsClaimed: 2, unitsReturned: 1 });
    expect(after.claims.map((x: { state: string }) => x.state).sort()).toEqual(['claimed', 'claimed', 'lapsed']);
    expect(await scalar<number>(env.ctx.db, sql`select sum(amount)::int from refunds where payment_id = ${gift.paymentId} and state = 'succeeded'`)).toBe(1200);
    expect((await claim(env, token, winners[2])).statusCode).toBe(409);
  });

  it('with fewer people than units: everyone wins; drawn at the first look after the deadline when no sweep ran', async () => {
    const p = await listedProduct(env, s, [{ price: 800, stock: 10 }]);
    const { token } = await paidGift(env, await buyer(env), { skuId: p.skuIds[0], kind: 'lottery', units: 5, joinDeadline: at(1) });
    const people = await Promise.all(Array.from({ length: 2 }, () => buyer(env)));
    for (const b of people) await join(token, b);
    env.clock.advance(3600_000 + 1);
    const page = (await openLink(env, token, people[0])).json();
    expect(page.draw.winners.sort()).toEqual(people.map((b) => b.userId).sort());
    expect(page.viewer).toMatchObject({ won: true, canClaim: true });
  });
});
