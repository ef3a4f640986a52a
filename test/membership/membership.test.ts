// Membership as merchants and buyers meet it: the program set up, joining, points and growth earned on payment
// (once, whatever the replays), taken back on refunds in proportion, expiring oldest first as the clock moves, manual
// adjustments audited and never below zero, racing adjustments, and who may see what.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { deliverOutbox } from '../../src/kernel/outbox.ts';
import { sweepExpiredPoints } from '../../src/modules/membership/index.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, openStore, type Buyer, type Store } from '../orders/fixtures.ts';
import { askOk } from '../aftersales/support.ts';
import { accept, paidOrder, sendRefunds } from '../aftersales/money-support.ts';

let env: TestEnv;
let s: Store;
let other: Store;
let skuId: string;

const levels = [
  { level: 1, name: 'Member 会员', growthRequired: 0, priceBp: 10000 },
  { level: 2, name: 'Silver 白银', growthRequired: 150, priceBp: 9500 },
  { level: 3, name: 'Gold 黄金', growthRequired: 400, priceBp: 9000 },
];
const program = { enabled: true, growthPerUnit: 1, pointsPerUnit: 2, pointsPerMinor: 1, maxPointsShareBp: 5000, pointsValidDays: 30, signupCouponId: null, levels };
const DAY = 86_400_000;

beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: String(24 * 365) });
  [s, other] = [await openStore(env), await openStore(env)];
  ({ skuIds: [skuId] } = await listedProduct(env, s, [{ price: 10_000, stock: 100 }]));
  const res = await call(env, 'PUT', `${s.url}/membership`, s.merchant.headers, program);
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => env?.close());

const card = async (b: Buyer, storeId = s.storeId) => {
  const res = await call(env, 'GET', `/api/memberships/${storeId}`, b.headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const join = (b: Buyer, body: Record<string, unknown> = { source: 'store' }, storeId = s.storeId) => call(env, 'POST', `/api/memberships/${storeId}/join`, b.headers, body);
const member = async (b: Buyer) => {
  const res = await call(env, 'GET', `${s.url}/members/${b.userId}`, s.merchant.headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const adjust = (b: Buyer, body: Record<string, unknown>) => call(env, 'POST', `${s.url}/members/${b.userId}/adjustments`, s.merchant.headers, body);
const deliver = () => deliverOutbox(env.ctx, 500);
async function newMember() {
  const b = await buyer(env);
  const res = await join(b);
  expect(res.statusCode, res.body).toBe(200);
  return b;
}

describe('the program', () => {
  it('is set up whole by the merchant, audited; bad levels and a coupon of nobody are refused', async () => {
    const got = (await call(env, 'GET', `${s.url}/membership`, s.merchant.headers)).json();
    expect(got).toMatchObject({ enabled: true, pointsPerUnit: 2, pointsValidDays: 30, levels });
    const gap = await call(env, 'PUT', `${s.url}/membership`, s.merchant.headers, { ...program, levels: [levels[0], levels[2]] });
    expect(gap.statusCode).toBe(422);
    expect(gap.json().code).toBe('member_levels_invalid');
    const falling = await call(env, 'PUT', `${s.url}/membership`, s.merchant.headers, { ...program, levels: [levels[0], { ...levels[1], growthRequired: 0 }] });
    expect(falling.json().code).toBe('member_levels_invalid');
    const coupon = await call(env, 'PUT', `${s.url}/membership`, s.merchant.headers, { ...program, signupCouponId: '00000000-0000-4000-8000-000000000000' });
    expect(coupon.statusCode).toBe(422);
    expect(coupon.json().code).toBe('signup_coupon_not_found');
    const audit = (await call(env, 'GET', `${s.url}/audit?action=membership.program_saved`, s.merchant.headers)).json();
    expect(audit.items.length).toBe(1);
    expect(audit.items[0].after).toMatchObject({ enabled: true, pointsPerUnit: 2 });
  });

  it('cannot be joined while it is off', async () => {
    const b = await buyer(env);
    const res = await join(b, { source: 'store' }, other.storeId);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('membership_disabled');
    expect((await call(env, 'GET', `/api/storefront/stores/${other.storeId}/membership`, {})).json()).toMatchObject({ enabled: false });
  });
});

describe('joining', () => {
  it('makes the buyer a level-1 member once, with the sign-up message in the outbox; the merchant sees them', async () => {
    const b = await buyer(env);
    const first = await join(b);
    expect(first.json()).toMatchObject({ joined: true, card: { level: 1, levelName: 'Member 会员', points: 0, growth: 0, nextLevel: { level: 2, missing: 150 } } });
    expect((await join(b)).json().joined).toBe(false);
    const msgs = await queryRows<{ payload: Record<string, unknown> }>(env.ctx.db, sql`select payload from outbox where topic = 'member.joined' and payload->>'buyerId' = ${b.userId}`);
    expect(msgs.map((m) => m.payload)).toEqual([{ storeId: s.storeId, buyerId: b.userId, source: 'store' }]);
    const list = (await call(env, 'GET', `${s.url}/members?q=${encodeURIComponent(b.email.slice(0, 12))}`, s.merchant.headers)).json();
    expect(list.items.map((m: { buyerId: string }) => m.buyerId)).toEqual([b.userId]);
    expect((await call(env, 'GET', `/api/memberships`, b.headers)).json()).toEqual([expect.objectContaining({ storeId: s.storeId, level: 1 })]);
  });

  it('from a mini-site needs one linked with the store', async () => {
    const b = await buyer(env);
    const res = await join(b, { source: 'mini_site', miniSiteId: '00000000-0000-4000-8000-000000000000' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('member_mini_site_not_linked');
  });

  it('after a purchase counts that paid order', async () => {
    const b = await buyer(env);
    const o = await paidOrder(env, s, b, [{ skuId, quantity: 1 }]);
    await deliver(); // not a member yet when it was paid: nothing
    const res = await join(b, { source: 'after_purchase', orderId: o.id });
    expect(res.json().card).toMatchObject({ points: 200, growth: 100 });
    await deliver();
    expect(await card(b)).toMatchObject({ points: 200, growth: 100 });
  });
});

describe('earning on payment', () => {
  it('an order paid before the buyer joined earns nothing, even when its message is delivered after they joined', async () => {
    const b = await buyer(env);
    await paidOrder(env, s, b, [{ skuId, quantity: 1 }]);
    env.clock.advance(60_000);
    // The outbox is behind (a busy machine): the buyer joins before the order's message is delivered.
    expect((await join(b)).statusCode).toBe(200);
    await deliver();
    const c = await card(b);
    expect(c).toMatchObject({ points: 0, growth: 0 });
    expect(c.events.map((e: { kind: string }) => e.kind)).not.toContain('earned');
  });

  it('gives growth and a lot of points once per order, even when the message is delivered twice; the level rises', async () => {
    const b = await newMember();
    const o = await paidOrder(env, s, b, [{ skuId, quantity: 2 }]);
    await deliver();
    expect(await card(b)).toMatchObject({ points: 400, growth: 200, level: 2, levelName: 'Silver 白银' });
    // The outbox delivers at least once: the same message again changes nothing.
    await env.ctx.db.execute(sql`update outbox set delivered_at = null where topic = 'order.paid' and payload->>'orderId' = ${o.id}`);
    await deliver();
    const c = await card(b);
    expect(c).toMatchObject({ points: 400, growth: 200, level: 2 });
    expect(c.events.filter((e: { kind: string }) => e.kind === 'earned')).toEqual([expect.objectContaining({ points: 400, growth: 200, orderId: o.id })]);
    expect(c.events.map((e: { kind: string }) => e.kind)).toContain('level_changed');
    expect(c.nearestExpiry).toEqual({ points: 400, expiresAt: new Date(env.clock.now().getTime() + 30 * DAY).toISOString() });
  });
});

describe('a refund', () => {
  it('takes back points and growth in proportion to what was refunded, once per refund; the level falls back', async () => {
    const b = await newMember();
    const o = await paidOrder(env, s, b, [{ skuId, quantity: 2 }]);
    await deliver();
    expect(await card(b)).toMatchObject({ points: 400, growth: 200, level: 2 });
    // A refund of one of the two units (half of what was paid).
    const req = await askOk(env, b, o, { quantity: 1, amount: 10_000 });
    await accept(env, s, req.id);
    await sendRefunds(env);
    await deliver();
    let c = await card(b);
    expect(c).toMatchObject({ points: 200, growth: 100, level: 1 });
    expect(c.events.find((e: { kind: string }) => e.kind === 'taken_back')).toMatchObject({ points: -200, growth: -100, shortfall: 0, orderId: o.id });
    await env.ctx.db.execute(sql`update outbox set delivered_at = null where topic = 'aftersales.refunded' and payload->>'afterSaleId' = ${req.id}`);
    await deliver();
    c = await card(b);
    expect(c).toMatchObject({ points: 200, growth: 100 });
    expect(c.events.filter((e: { kind: string }) => e.kind === 'taken_back').length).toBe(1);
  });

  it('takes back what is left when some points were spent, and says what could not be taken', async () => {
    const b = await newMember();
    const o = await paidOrder(env, s, b, [{ skuId, quantity: 1 }]);
    await deliver();
    expect((await adjust(b, { points: -150, reason: 'spent at the counter' })).statusCode).toBe(200);
    const req = await askOk(env, b, o, { quantity: 1 });
    await accept(env, s, req.id);
    await sendRefunds(env);
    await deliver();
    const c = await card(b);
    expect(c).toMatchObject({ points: 0, growth: 0 });
    expect(c.events.find((e: { kind: string }) => e.kind === 'taken_back')).toMatchObject({ points: -50, growth: -100, shortfall: 150 });
  });
});

describe('points expire', () => {
  it('oldest first as the clock moves, with an expired event per lot', async () => {
    const b = await newMember();
    expect((await adjust(b, { points: 100, reason: 'welcome' })).statusCode).toBe(200);
    env.clock.advance(10 * DAY);
    expect((await adjust(b, { points: 50, reason: 'birthday' })).statusCode).toBe(200);
    // Spending 120 empties the first lot (expiring first) and takes 20 of the second.
    expect((await adjust(b, { points: -120, reason: 'gift exchange' })).json().lots).toEqual([expect.objectContaining({ earned: 50, remaining: 30 })]);
    env.clock.advance(25 * DAY); // the first lot's day has passed; it held nothing
    await sweepExpiredPoints(env.ctx, 100);
    expect(await card(b)).toMatchObject({ points: 30 });
    env.clock.advance(6 * DAY); // the second lot's day has passed
    expect((await card(b)).points).toBe(0); // what the card shows at once
    await sweepExpiredPoints(env.ctx, 100);
    const m = await member(b);
    expect(m.points).toBe(0);
    expect(m.events.filter((e: { kind: string }) => e.kind === 'expired')).toEqual([expect.objectContaining({ points: -30 })]);
    expect(await sweepExpiredPoints(env.ctx, 100)).toBe(0);
  });
});

describe('manual adjustments', () => {
  it('are audited with their reason and refused below zero, changing nothing', async () => {
    const b = await newMember();
    const up = await adjust(b, { points: 80, growth: 160, reason: 'Compensation for a late parcel' });
    expect(up.json()).toMatchObject({ points: 80, growth: 160, level: 2 });
    const under = await adjust(b, { points: -81, reason: 'too much' });
    expect(under.statusCode).toBe(409);
    expect(under.json().code).toBe('member_points_insufficient');
    const growthUnder = await adjust(b, { points: -10, growth: -161, reason: 'too much' });
    expect(growthUnder.statusCode).toBe(409);
    expect(growthUnder.json().code).toBe('member_growth_insufficient');
    const down = await adjust(b, { growth: -20, reason: 'Order returned outside Trio' });
    expect(down.json()).toMatchObject({ points: 80, growth: 140, level: 1 });
    expect((await adjust(b, { reason: 'nothing' })).json().code).toBe('member_adjustment_empty');
    const audit = (await call(env, 'GET', `${s.url}/audit?action=membership.adjusted`, s.merchant.headers)).json();
    expect(audit.items.filter((a: { entityId: string }) => a.entityId === b.userId).map((a: { summary: string }) => a.summary)).toEqual(['Order returned outside Trio', 'Compensation for a late parcel']);
    const m = await member(b);
    expect(m.events.filter((e: { kind: string }) => e.kind === 'adjusted').map((e: { reason: string }) => e.reason)).toEqual(['Order returned outside Trio', 'Compensation for a late parcel']);
  });

  it('racing each other never take the points below zero', async () => {
    const b = await newMember();
    await adjust(b, { points: 100, reason: 'start' });
    const results = await Promise.all(Array.from({ length: 8 }, () => adjust(b, { points: -30, reason: 'race' })));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 200, 200, 409, 409, 409, 409, 409]);
    const m = await member(b);
    expect(m.points).toBe(10);
    const [lots] = await queryRows<{ sum: number | string }>(env.ctx.db, sql`select coalesce(sum(remaining), 0) as sum from point_lots where store_id = ${s.storeId} and buyer_id = ${b.userId}`);
    expect(Number(lots.sum)).toBe(10);
  });
});

describe('member prices', () => {
  it('are set per SKU with prices.write, at most the list price, audited', async () => {
    const url = `${s.url}/skus/${skuId}/member-price`;
    expect((await call(env, 'PUT', url, s.merchant.headers, { memberPrice: 10_001 })).json().code).toBe('member_price_above_price');
    expect((await call(env, 'PUT', url, s.merchant.headers, { memberPrice: 8_800 })).json()).toEqual({ skuId, price: 10_000, memberPrice: 8_800 });
    // A list price below it brings it down.
    expect((await call(env, 'PUT', `${s.url}/skus/${skuId}/price`, s.merchant.headers, { price: 8_000 })).statusCode).toBe(200);
    expect((await call(env, 'PUT', url, s.merchant.headers, { memberPrice: null })).json()).toEqual({ skuId, price: 8_000, memberPrice: null });
    const audit = (await call(env, 'GET', `${s.url}/audit?action=price.member_price`, s.merchant.headers)).json();
    expect(audit.items.map((a: { after: { memberPrice: number | null } }) => a.after.memberPrice)).toEqual([null, 8_800]);
    expect((await call(env, 'PUT', `${s.url}/skus/${skuId}/price`, s.merchant.headers, { price: 10_000 })).statusCode).toBe(200);
  });
});

describe('access', () => {
  it("a merchant sees only its own store's members; a buyer only their own card", async () => {
    const b = await newMember();
    // Another store's merchant is told the store is not there for them.
    expect((await call(env, 'GET', `${s.url}/members`, other.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'GET', `${s.url}/members/${b.userId}`, other.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'POST', `${s.url}/members/${b.userId}/adjustments`, other.merchant.headers, { points: 5, reason: 'x' })).statusCode).toBe(404);
    expect((await member(b)).points).toBe(0);
    expect((await call(env, 'GET', `${other.url}/members/${b.userId}`, other.merchant.headers)).statusCode).toBe(404);
    expect((await call(env, 'GET', `/api/memberships/${s.storeId}`, b.headers)).statusCode).toBe(200);
    const stranger = await buyer(env);
    expect((await call(env, 'GET', `/api/memberships/${s.storeId}`, stranger.headers)).json().code).toBe('member_not_found');
    expect((await call(env, 'GET', `/api/memberships/${s.storeId}`, s.merchant.headers)).statusCode).toBe(403);
    expect((await call(env, 'PUT', `${s.url}/membership`, b.headers, program)).statusCode).toBe(403);
  });
});
