// Coupons and points about to expire: the holder hears of each once, a set time before (moving the clock), if they
// follow the store and did not mute that kind; a coupon already used or points already spent are not announced.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sweepExpiryNotices } from '../../src/modules/service-account/index.ts';
import type { TestEnv } from '../helpers.ts';
import { buyer, call, type Buyer, type Store } from '../orders/fixtures.ts';
import { claim, createCoupon, offer } from '../coupons/support.ts';
import { DAY, followStore, noticesOf, ok, storeWithClock } from './support.ts';

let env: TestEnv;
let s: Store;
let now: Date;
storeWithClock((x) => ({ env, s, now } = x));

const sweep = () => sweepExpiryNotices(env.ctx, 100);
const notices = (b: Buyer, kind: string) => noticesOf(env, b, kind);

describe('expiry notices', () => {
  it('tell a follower of a coupon expiring within two days, once; not one who muted them', async () => {
    const [fan, muted] = [await buyer(env), await buyer(env)];
    for (const b of [fan, muted]) await ok(followStore(env, b, s));
    await ok(call(env, 'PUT', `/api/inbox/stores/${s.storeId}/mutes`, muted.headers, { kinds: ['coupon_expiring'] }));
    env.clock.set(new Date(now.getTime() - 2 * DAY));
    const c = await createCoupon(env.app, s.url, s.merchant, offer(env.clock.now(), { title: 'Tea 10 off', useDays: 3 }));
    for (const b of [fan, muted]) expect((await claim(env.app, b, c.id)).statusCode).toBe(201);
    await sweep();
    expect(await notices(fan, 'coupon_expiring')).toEqual([]); // three days left: not yet

    env.clock.set(now); // one day left
    await sweep();
    await sweep();
    const got = await notices(fan, 'coupon_expiring');
    expect(got).toHaveLength(1);
    expect(got[0].texts.en).toMatch(new RegExp(`^Your coupon Tea 10 off from ${s.storeName} expires on \\d{4}-\\d{2}-\\d{2}\\.$`));
    expect(await notices(muted, 'coupon_expiring')).toEqual([]);
  });

  it('tell a member of a lot of points expiring within a week, with how many points, once per lot', async () => {
    const b = await buyer(env);
    await ok(followStore(env, b, s));
    const lot = (remaining: number, inDays: number) => env.ctx.db.execute(sql`insert into point_lots (store_id, buyer_id, earned, remaining, expires_at, created_at)
      values (${s.storeId}, ${b.userId}, 200, ${remaining}, ${new Date(now.getTime() + inDays * DAY)}, ${now})`);
    await lot(120, 5); // due
    await lot(0, 5); // spent: nothing to lose
    await lot(80, 30); // later
    await sweep();
    await sweep();
    const got = await notices(b, 'points_expiring');
    expect(got.map((m: { texts: { en: string } }) => m.texts.en)).toEqual([`120 of your points at ${s.storeName} expire on ${new Date(now.getTime() + 5 * DAY).toISOString().slice(0, 10)}.`]);
  });
});
