// A giver pays a gift as a buyer pays at checkout: member price, coupons and points priced by the same rule and
// taken by the same statements; the gift's units carry their share of the discount to the orders the recipients
// claim; the units nobody claims are refunded at their share of what was paid, with the points spent on them, and
// the coupons come back when nobody claimed anything (or the gift was never paid).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { sandboxSettled } from '../../src/modules/payments/index.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { scalar } from '../api/support.ts';
import type { TestEnv } from '../helpers.ts';
import { heldCoupon, member, memberStoreSuite, program } from '../orders/discount-support.ts';
import { buyer, call, pay, type Buyer, type Store } from '../orders/fixtures.ts';
import { claim, sendOk } from './support.ts';

const suite = memberStoreSuite(1000);
const { held, points, stock } = suite;
let env: TestEnv;
let s: Store;
let tea: { productId: string; skuId: string };
beforeAll(() => { ({ env, s, tea } = suite.m); });

const lots = (b: Buyer) => queryRows<{ remaining: number; expiresAt: string }>(env.ctx.db, sql`
  select remaining::int as remaining, expires_at::text as "expiresAt" from point_lots where store_id = ${s.storeId} and buyer_id = ${b.userId} order by expires_at`);
const refunds = (paymentId: string) => queryRows<{ amount: number }>(env.ctx.db, sql`select amount::int as amount from refunds where payment_id = ${paymentId}`);
async function sweep() {
  await runSweeps(sweeps(env.ctx), 200);
  await sandboxSettled(env.app);
  await runSweeps(sweeps(env.ctx), 200);
}
async function claimOk(token: string) {
  const res = await claim(env, token, await buyer(env));
  expect(res.statusCode, res.body).toBe(201);
  const order = await queryRows<{ itemsTotal: number; discount: number; total: number }>(env.ctx.db, sql`
    select items_total::int as "itemsTotal", discount::int as discount, total::int as total from orders where id = ${res.json().orderId}`);
  return order[0];
}
const tokenOf = async (giver: Buyer, giftId: string) => ((await call(env, 'GET', `/api/gifts/${giftId}`, giver.headers)).json().sharePath as string).split('/').pop()!;

describe('a gift paid with member price, a coupon and points', () => {
  it('costs what checkout would charge; paying uses the coupon; the recipient\'s order carries the discount', async () => {
    const giver = await member(env, s, 2000);
    const c = await heldCoupon(env, s, giver, { title: 'Spend 50 get 10', threshold: 5000, amount: 1000 });
    const before = await stock();
    // 2 x 100.00; members 180.00; 10.00 off: 170.00; 2,000 points pay 20.00: 150.00.
    const sent = await sendOk(env, giver, { skuId: tea.skuId, kind: 'single', quantity: 2, discount: { storeCouponId: c.heldId, productCoupons: {}, points: 2000 } });
    expect(sent).toMatchObject({ amount: 15000, gift: { amount: 15000, discount: 5000, pointsSpent: 2000, unitPrice: 10000 } });
    expect(await scalar(env.ctx.db, sql`select amount::int from payments where id = ${sent.paymentId}`)).toBe(15000);
    expect([await held(c.heldId), await points(giver), await stock()]).toEqual(['locked', 0, before - 2]);

    await pay(env, giver, sent.paymentId);
    expect(await held(c.heldId)).toBe('used');
    expect(await claimOk(await tokenOf(giver, sent.gift.id))).toEqual({ itemsTotal: 20000, discount: 5000, total: 15000 });
  });

  it('of a group: each claimed unit\'s order takes its share of the discount; the units nobody claimed are refunded at theirs, with their points back in their lot', async () => {
    const giver = await member(env, s, 2000);
    const [lot] = await lots(giver);
    const c = await heldCoupon(env, s, giver, { title: 'Spend 50 get 10 (group)', threshold: 5000, amount: 1000 });
    // 3 x 100.00; members 270.00; 10.00 off: 260.00; 900 points: 251.00 paid, 49.00 off.
    const sent = await sendOk(env, giver, { skuId: tea.skuId, kind: 'first_come', units: 3, discount: { storeCouponId: c.heldId, productCoupons: {}, points: 900 } });
    expect(sent).toMatchObject({ amount: 25100, gift: { discount: 4900, pointsSpent: 900 } });
    await pay(env, giver, sent.paymentId);
    // The first unit: 49.00 / 3 rounded down on the running total = 16.33 off.
    expect(await claimOk(await tokenOf(giver, sent.gift.id))).toEqual({ itemsTotal: 10000, discount: 1633, total: 8367 });

    env.clock.advance((env.ctx.config.giftClaimHours + 1) * 3600_000);
    await sweep();
    // The other two units: 200.00 less the rest of the discount (32.67) = 167.33; the orders and the refund add up to what was paid.
    expect(await refunds(sent.paymentId)).toEqual([{ amount: 16733 }]);
    expect(8367 + 16733).toBe(25100);
    // 600 of the 900 points come back, into the lot they were taken from (its expiry unchanged); the coupon stays used.
    expect(await points(giver)).toBe(1700);
    expect(await lots(giver)).toEqual([{ remaining: 1700, expiresAt: lot.expiresAt }]);
    expect(await held(c.heldId)).toBe('used');
  });

  it('gives the coupon and every point back when nobody claimed it, or when it was never paid', async () => {
    for (const how of ['unclaimed', 'unpaid'] as const) {
      const giver = await member(env, s, 1000);
      const c = await heldCoupon(env, s, giver, { title: `Spend 50 get 10 (${how})`, threshold: 5000, amount: 1000 });
      const sent = await sendOk(env, giver, { skuId: tea.skuId, kind: 'single', discount: { storeCouponId: c.heldId, productCoupons: {}, points: 1000 } });
      expect(sent.amount).toBe(7000);
      if (how === 'unclaimed') {
        await pay(env, giver, sent.paymentId);
        env.clock.advance((env.ctx.config.giftClaimHours + 1) * 3600_000);
      } else env.clock.advance(env.ctx.config.paymentTimeoutMinutes * 60_000 + 1000);
      await sweep();
      expect((await call(env, 'GET', `/api/gifts/${sent.gift.id}`, giver.headers)).json().state).toBe(how === 'unclaimed' ? 'refunded' : 'cancelled');
      if (how === 'unclaimed') expect(await refunds(sent.paymentId)).toEqual([{ amount: 7000 }]);
      expect([await held(c.heldId), await points(giver)]).toEqual(['unused', 1000]);
    }
  });

  it('paid whole by a coupon: nothing to pay, the gift is at once waiting for its recipient', async () => {
    const giver = await member(env, s);
    const c = await heldCoupon(env, s, giver, { title: 'Tea on us', scope: 'product', productIds: [tea.productId], kind: 'direct', amount: 9000, threshold: undefined });
    const sent = await sendOk(env, giver, { skuId: tea.skuId, kind: 'single', discount: { storeCouponId: null, productCoupons: { [tea.skuId]: c.heldId }, points: 0 } });
    expect(sent).toMatchObject({ paymentId: null, amount: 0, gift: { state: 'waiting', discount: 10000 } });
    // Its link at once, as the giver's own view of it shows.
    expect(sent.gift).toEqual((await call(env, 'GET', `/api/gifts/${sent.gift.id}`, giver.headers)).json());
    expect(await held(c.heldId)).toBe('used');
    expect(await claimOk(await tokenOf(giver, sent.gift.id))).toEqual({ itemsTotal: 10000, discount: 10000, total: 0 });
  });

  it('paid whole by a coupon and points and claimed by nobody: refunded when its claim window ends, the coupon and the points back', async () => {
    // Points may pay all that is left after the coupon while this test runs (the store's program, set back after).
    const share = async (maxPointsShareBp: number) => expect((await call(env, 'PUT', `${s.url}/membership`, s.merchant.headers, { ...program, maxPointsShareBp })).statusCode).toBe(200);
    await share(10_000);
    onTestFinished(() => share(program.maxPointsShareBp));
    const giver = await member(env, s, 1000);
    const c = await heldCoupon(env, s, giver, { title: 'Tea 80 off', scope: 'product', productIds: [tea.productId], kind: 'direct', amount: 8000, threshold: undefined });
    // 100.00; members 90.00; 80.00 off: 10.00; 1,000 points pay the 10.00.
    const sent = await sendOk(env, giver, { skuId: tea.skuId, kind: 'single', discount: { storeCouponId: null, productCoupons: { [tea.skuId]: c.heldId }, points: 1000 } });
    expect(sent).toMatchObject({ paymentId: null, amount: 0, gift: { state: 'waiting', discount: 10000, pointsSpent: 1000 } });
    const before = await stock();
    const state = async () => (await call(env, 'GET', `/api/gifts/${sent.gift.id}`, giver.headers)).json().state as string;

    env.clock.advance(env.ctx.config.giftClaimHours * 3600_000 - 60_000);
    await sweep();
    expect([await state(), await held(c.heldId), await points(giver)]).toEqual(['waiting', 'used', 0]);
    env.clock.advance(2 * 60_000);
    await sweep();
    expect([await state(), await held(c.heldId), await points(giver), await stock()]).toEqual(['refunded', 'unused', 1000, before + 1]);
    expect(await scalar(env.ctx.db, sql`select refunded_at is not null and units_returned = 1 from gifts where id = ${sent.gift.id}`)).toBe(true);
  });

  it('is priced before sending as the cart prices a store order: the best choice, or the giver\'s own, at what sending then charges', async () => {
    const giver = await member(env, s, 2000);
    const c = await heldCoupon(env, s, giver, { title: 'Spend 50 get 10 (priced)', threshold: 5000, amount: 1000 });
    const price = async (body: Record<string, unknown>) => {
      const res = await call(env, 'POST', '/api/gifts/pricing', giver.headers, { skuId: tea.skuId, ...body });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    // 3 x 100.00; members 270.00; 10.00 off: 260.00; 2,000 points (at most half): 240.00.
    const best = await price({ quantity: 3 });
    expect(best).toMatchObject({ listAmount: 30000, total: 24000, pricing: { choice: { storeCouponId: c.heldId, points: 2000 }, totals: { memberDiscount: 3000, storeCoupon: 1000, points: 2000 } } });
    // The giver's own choice: no coupon, 500 points: 265.00.
    const mine = { storeCouponId: null, productCoupons: {}, points: 500 };
    const own = await price({ quantity: 3, choice: mine });
    expect(own).toMatchObject({ total: 26500, pricing: { refused: null, choice: mine } });
    const sent = await sendOk(env, giver, { skuId: tea.skuId, kind: 'first_come', units: 3, discount: mine });
    expect(sent.amount).toBe(own.total);
    // A choice that can no longer be used (the 500 points are spent): refused, the best choice priced instead.
    const gone = await price({ quantity: 3, choice: { storeCouponId: null, productCoupons: {}, points: 2000 } });
    expect(gone).toMatchObject({ pricing: { refused: { code: 'points_insufficient' } }, total: 24500 });
    // No member of the store, no coupon: list prices, nothing to pick.
    const stranger = await call(env, 'POST', '/api/gifts/pricing', (await buyer(env)).headers, { skuId: tea.skuId, quantity: 2 });
    expect(stranger.json()).toMatchObject({ listAmount: 20000, total: 20000, pricing: null });
  });

  it('refuses a coupon already spent (409 coupon_unavailable) and points not held, taking nothing', async () => {
    const giver = await member(env, s, 100);
    const c = await heldCoupon(env, s, giver, { title: 'Spend 50 get 10 (once)', threshold: 5000, amount: 1000 });
    await sendOk(env, giver, { skuId: tea.skuId, kind: 'single', discount: { storeCouponId: c.heldId, productCoupons: {}, points: 0 } });
    const before = await stock();
    const again = await call(env, 'POST', '/api/gifts', giver.headers, { message: 'Again', skuId: tea.skuId, kind: 'single', discount: { storeCouponId: c.heldId, productCoupons: {}, points: 0 } }, { 'idempotency-key': randomUUID() });
    expect([again.statusCode, again.json().code]).toEqual([409, 'coupon_unavailable']);
    const over = await call(env, 'POST', '/api/gifts', giver.headers, { message: 'Over', skuId: tea.skuId, kind: 'single', discount: { storeCouponId: null, productCoupons: {}, points: 200 } }, { 'idempotency-key': randomUUID() });
    expect([over.statusCode, over.json().code]).toEqual([409, 'points_insufficient']);
    expect([await stock(), await points(giver)]).toEqual([before, 100]);
  });

  it('costs a member who chose no coupon or points the member price, and anyone else the list price', async () => {
    const before = await stock();
    // 3 x 100.00 at the member price of 90.00.
    const mine = await sendOk(env, await member(env, s), { skuId: tea.skuId, kind: 'first_come', units: 3 });
    expect(mine).toMatchObject({ amount: 27000, gift: { unitPrice: 10000, amount: 27000, discount: 3000, pointsSpent: 0 } });
    expect(await scalar(env.ctx.db, sql`select amount::int from payments where id = ${mine.paymentId}`)).toBe(27000);
    const theirs = await sendOk(env, await buyer(env), { skuId: tea.skuId, kind: 'single', quantity: 2 });
    expect(theirs).toMatchObject({ amount: 20000, gift: { amount: 20000, discount: 0 } });
    expect(await stock()).toBe(before - 5);
  });
});
