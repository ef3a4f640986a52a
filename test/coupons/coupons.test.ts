// Coupons through the API: the merchant's offers, buyers' claims and coupons, windows by moving the clock, the
// sign-up gift, and who may see what.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../src/kernel/outbox.ts';
import { MEMBER_JOINED } from '../../src/modules/membership/reads.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { expectProblem, scalar } from '../api/support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { claim, createCoupon, makeMember, offer } from './support.ts';

let env: TestEnv;
let store: Store;
beforeAll(async () => {
  env = await testEnv();
  store = await openStore(env);
});
afterAll(async () => { await env?.close(); });

const DAY = 86_400_000;
const sweep = () => runSweeps(sweeps(env.ctx), 200);
const get = (url: string, headers: Record<string, string> = {}) => env.app.inject({ method: 'GET', url, headers });

describe('the merchant creates coupon offers', () => {
  it('creates one of every kind; the list shows each with its claimed and used counts; each is audited', async () => {
    const now = env.clock.now();
    const { productId } = await listedProduct(env, store);
    const made = [
      await createCoupon(env.app, store.url, store.merchant, offer(now, { title: '8-fold', kind: 'percent', payBp: 8000, threshold: undefined, amount: undefined })),
      await createCoupon(env.app, store.url, store.merchant, offer(now, { title: 'Spend 100 get 10' })),
      await createCoupon(env.app, store.url, store.merchant, offer(now, { title: 'Flat 20', kind: 'flat', threshold: undefined, amount: 2000, audience: 'members', minLevel: 2 })),
      await createCoupon(env.app, store.url, store.merchant, offer(now, { title: 'Jacket 5 off', kind: 'direct', threshold: undefined, amount: 500, scope: 'product', productIds: [productId] })),
    ];
    expect(made.map((m) => m.state)).toEqual(['active', 'active', 'active', 'active']);
    const list = (await get(`${store.url}/coupons`, store.merchant.headers)).json();
    expect(list.items.filter((i: { id: string }) => made.some((m) => m.id === i.id)).map((i: { title: string; claimed: number; used: number; remaining: number }) => [i.title, i.claimed, i.used, i.remaining]).sort())
      .toEqual([['8-fold', 0, 0, 10], ['Flat 20', 0, 0, 10], ['Jacket 5 off', 0, 0, 10], ['Spend 100 get 10', 0, 0, 10]]);
    const one = (await get(`${store.url}/coupons/${made[3].id}`, store.merchant.headers)).json();
    expect(one).toMatchObject({ scope: 'product', productIds: [productId], kind: 'direct', amount: 500 });
    expect(await scalar(env.ctx.db, sql`select count(*) from audit_log where store_id = ${store.storeId} and action = 'coupon.created'`)).toBeGreaterThanOrEqual(4);
  });

  it('refuses an offer that breaks a rule, with the rule named, and writes nothing', async () => {
    const now = env.clock.now();
    const before = await scalar(env.ctx.db, sql`select count(*) from coupons where store_id = ${store.storeId}`);
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'flat', amount: 20001, threshold: undefined }, 'coupon_flat_too_large'],
      [{ threshold: 1000, amount: 1000 }, 'coupon_threshold_invalid'],
      [{ claimEndsAt: now.toISOString() }, 'coupon_windows_invalid'],
      [{ scope: 'product' }, 'coupon_products_required'],
      [{ scope: 'product', productIds: ['00000000-0000-4000-8000-000000000000'] }, 'coupon_products_invalid'],
      [{ audience: 'members' }, 'coupon_min_level_required'],
    ];
    for (const [over, code] of cases) {
      expectProblem(await env.app.inject({ method: 'POST', url: `${store.url}/coupons`, headers: store.merchant.headers, payload: offer(now, over) }), 422, code);
    }
    const pct = await env.app.inject({ method: 'POST', url: `${store.url}/coupons`, headers: store.merchant.headers, payload: offer(now, { kind: 'percent', payBp: 1500 }) });
    expect(pct.statusCode).toBe(400);
    expect(await scalar(env.ctx.db, sql`select count(*) from coupons where store_id = ${store.storeId}`)).toBe(before);
  });

  it("another store's merchant sees none of them and cannot void them; a buyer cannot reach the console", async () => {
    const c = await createCoupon(env.app, store.url, store.merchant, offer(env.clock.now()));
    const other = await openStore(env);
    const list = (await get(`${other.url}/coupons`, other.merchant.headers)).json();
    expect(list.items).toEqual([]);
    expectProblem(await get(`${other.url}/coupons/${c.id}`, other.merchant.headers), 404, 'coupon_not_found');
    expectProblem(await env.app.inject({ method: 'POST', url: `${other.url}/coupons/${c.id}/void`, headers: other.merchant.headers }), 404, 'coupon_not_found');
    // A store one is not a member of is not there for them.
    expect((await get(`${store.url}/coupons`, other.merchant.headers)).statusCode).toBe(404);
    const b = await buyer(env);
    expect((await get(`${store.url}/coupons`, b.headers)).statusCode).toBe(403);
  });
});

describe('buyers claim coupons', () => {
  it('lists what may be claimed, claims one, sees it in "my coupons"; a second claim over the limit is 409', async () => {
    const c = await createCoupon(env.app, store.url, store.merchant, offer(env.clock.now(), { title: 'Claim me', totalQuantity: 2 }));
    const b = await buyer(env);
    const open = (await get(`/api/storefront/stores/${store.storeId}/coupons`, b.headers)).json();
    expect(open.items.find((i: { id: string }) => i.id === c.id)).toMatchObject({ remaining: 2, heldByMe: 0 });
    const res = await claim(env.app, b, c.id);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ state: 'unused', source: 'claimed', coupon: { id: c.id, claimed: 1 } });
    expect(new Date(res.json().validUntil).getTime() - new Date(res.json().validFrom).getTime()).toBe(7 * DAY);
    expectProblem(await claim(env.app, b, c.id), 409, 'coupon_limit_reached');
    const mine = (await get('/api/held-coupons?state=unused', b.headers)).json();
    expect(mine.items.map((h: { coupon: { id: string } }) => h.coupon.id)).toEqual([c.id]);
    expect((await get(`/api/storefront/stores/${store.storeId}/coupons`, b.headers)).json().items.find((i: { id: string }) => i.id === c.id)).toMatchObject({ remaining: 1, heldByMe: 1 });
    // The last one goes to another buyer; then it is sold out and no longer offered.
    expect((await claim(env.app, await buyer(env), c.id)).statusCode).toBe(201);
    expectProblem(await claim(env.app, await buyer(env), c.id), 409, 'coupon_sold_out');
    expect((await get(`/api/storefront/stores/${store.storeId}/coupons`)).json().items.some((i: { id: string }) => i.id === c.id)).toBe(false);
    expect((await get(`${store.url}/coupons/${c.id}`, store.merchant.headers)).json()).toMatchObject({ claimed: 2, remaining: 0 });
  });

  it('a retried claim with the same Idempotency-Key gets the same coupon, not a second one', async () => {
    const c = await createCoupon(env.app, store.url, store.merchant, offer(env.clock.now(), { perPersonLimit: 3 }));
    const b = await buyer(env);
    const first = await claim(env.app, b, c.id, 'claim-once-1');
    const again = await claim(env.app, b, c.id, 'claim-once-1');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(await scalar(env.ctx.db, sql`select count(*) from held_coupons where coupon_id = ${c.id}`)).toBe(1);
  });

  it('a member-only coupon: 403 for a non-member and below the level, claimed by a member of the level', async () => {
    const c = await createCoupon(env.app, store.url, store.merchant, offer(env.clock.now(), { audience: 'members', minLevel: 2 }));
    const b = await buyer(env);
    expectProblem(await claim(env.app, b, c.id), 403, 'coupon_members_only');
    await makeMember(env.ctx, store.storeId, b.userId, 1);
    expectProblem(await claim(env.app, b, c.id), 403, 'coupon_level_too_low');
    await makeMember(env.ctx, store.storeId, b.userId, 2);
    expect((await claim(env.app, b, c.id)).statusCode).toBe(201);
  });

  it('a sign-up gift cannot be claimed nor seen in the store', async () => {
    const c = await createCoupon(env.app, store.url, store.merchant, offer(env.clock.now(), { audience: 'signup_gift' }));
    expectProblem(await claim(env.app, await buyer(env), c.id), 404, 'coupon_not_found');
    expect((await get(`/api/storefront/stores/${store.storeId}/coupons`)).json().items.some((i: { id: string }) => i.id === c.id)).toBe(false);
  });

  it('a product coupon is offered on its product page, not on another product', async () => {
    const a = await listedProduct(env, store, undefined, 'Scarf');
    const other = await listedProduct(env, store, undefined, 'Hat');
    const c = await createCoupon(env.app, store.url, store.merchant, offer(env.clock.now(), { scope: 'product', productIds: [a.productId], kind: 'direct', threshold: undefined, amount: 300 }));
    const on = (p: string) => get(`/api/storefront/stores/${store.storeId}/coupons?productId=${p}`).then((r) => r.json().items.map((i: { id: string }) => i.id));
    expect(await on(a.productId)).toContain(c.id);
    expect(await on(other.productId)).not.toContain(c.id);
  });

  it('voiding an offer stops claims and voids the coupons held unused', async () => {
    const c = await createCoupon(env.app, store.url, store.merchant, offer(env.clock.now()));
    const b = await buyer(env);
    await claim(env.app, b, c.id);
    const v = await env.app.inject({ method: 'POST', url: `${store.url}/coupons/${c.id}/void`, headers: store.merchant.headers });
    expect(v.json()).toMatchObject({ state: 'voided', claimed: 1 });
    expectProblem(await claim(env.app, await buyer(env), c.id), 404, 'coupon_not_found');
    expect((await get('/api/held-coupons', b.headers)).json().items.find((h: { coupon: { id: string } }) => h.coupon.id === c.id)).toMatchObject({ state: 'voided' });
    expectProblem(await env.app.inject({ method: 'POST', url: `${store.url}/coupons/${c.id}/void`, headers: store.merchant.headers }), 409, 'coupon_transition_not_allowed');
    expect(await scalar(env.ctx.db, sql`select count(*) from audit_log where entity_id = ${c.id} and action = 'coupon.voided'`)).toBe(1);
  });
});

describe('windows, by moving the clock', () => {
  it('a scheduled offer opens at its start and closes at its end; held coupons expire after their N days', async () => {
    const now = env.clock.now();
    const c = await createCoupon(env.app, store.url, store.merchant, offer(now, {
      claimStartsAt: new Date(now.getTime() + DAY).toISOString(), claimEndsAt: new Date(now.getTime() + 3 * DAY).toISOString(), useDays: 2,
    }));
    expect(c.state).toBe('scheduled');
    const b = await buyer(env);
    expectProblem(await claim(env.app, b, c.id), 409, 'coupon_not_claimable');
    env.clock.advance(DAY);
    await sweep();
    expect((await get(`${store.url}/coupons/${c.id}`, store.merchant.headers)).json().state).toBe('active');
    const held = (await claim(env.app, b, c.id)).json();
    expect(held.state).toBe('unused');
    env.clock.advance(2 * DAY);
    await sweep();
    expect((await get(`${store.url}/coupons/${c.id}`, store.merchant.headers)).json().state).toBe('expired');
    expectProblem(await claim(env.app, await buyer(env), c.id), 409, 'coupon_not_claimable');
    expect((await get(`/api/held-coupons/${held.id}`, b.headers)).json().state).toBe('expired');
  });
});

describe('the sign-up gift', () => {
  it('a new member gets the program\'s sign-up coupon once, even when the message is delivered twice', async () => {
    const gift = await createCoupon(env.app, store.url, store.merchant, offer(env.clock.now(), { audience: 'signup_gift', totalQuantity: 5 }));
    const b = await buyer(env);
    await makeMember(env.ctx, store.storeId, b.userId, 1, gift.id);
    const msg = { storeId: store.storeId, topic: MEMBER_JOINED, payload: { storeId: store.storeId, buyerId: b.userId, source: 'store' } };
    await enqueue(env.ctx.db, env.clock.now(), [msg, msg]);
    await sweep();
    const mine = (await get('/api/held-coupons', b.headers)).json().items.filter((h: { coupon: { id: string } }) => h.coupon.id === gift.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ source: 'signup', state: 'unused' });
    expect((await get(`${store.url}/coupons/${gift.id}`, store.merchant.headers)).json().claimed).toBe(1);
    await enqueue(env.ctx.db, env.clock.now(), [msg]);
    await sweep();
    expect(await scalar(env.ctx.db, sql`select count(*) from held_coupons where coupon_id = ${gift.id}`)).toBe(1);
    expect(await scalar(env.ctx.db, sql`select count(*) from outbox where topic = ${MEMBER_JOINED} and delivered_at is null`)).toBe(0);
  });

  it('is not given when the gift has no stock left', async () => {
    const gift = await createCoupon(env.app, store.url, store.merchant, offer(env.clock.now(), { audience: 'signup_gift', totalQuantity: 1 }));
    const [first, second] = [await buyer(env), await buyer(env)];
    for (const b of [first, second]) {
      await makeMember(env.ctx, store.storeId, b.userId, 1, gift.id);
      await env.ctx.db.execute(sql`update membership_programs set signup_coupon_id = ${gift.id} where store_id = ${store.storeId}`);
      await enqueue(env.ctx.db, env.clock.now(), [{ storeId: store.storeId, topic: MEMBER_JOINED, payload: { storeId: store.storeId, buyerId: b.userId, source: 'store' } }]);
      await sweep();
    }
    expect(await scalar(env.ctx.db, sql`select count(*) from held_coupons where coupon_id = ${gift.id}`)).toBe(1);
    expect(await scalar(env.ctx.db, sql`select buyer_id from held_coupons where coupon_id = ${gift.id}`)).toBe(first.userId);
  });
});
