// Cooperation gifts: a store makes a gift activity for a linked mini-site (its pool taken from the SKUs, given back
// when closed or ended); the mini-site's server sends gifts from it with signed requests, and a buyer claims one on
// the usual claim page with their own address: the order carries channel mini_site and the mini-site. Every refusal
// has its code; a request id answers the same gift twice; another mini-site sees and sends nothing of it.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { expectProblem, scalar } from '../api/support.ts';
import { account, testEnv, type TestEnv } from '../helpers.ts';
import { testMiniSite, type TestMiniSite } from '../fixtures/minisite.ts';
import { linksChanged } from '../../src/modules/minisite/link-cache.ts';
import { claim, openLink, paidGift } from '../gifts/support.ts';
import { address, buyer, call, listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { activityOk, signed } from './gift-activity-support.ts';

let env: TestEnv;
let s: Store;
let site: TestMiniSite;
beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: '100000' });
  s = await openStore(env);
  const owner = await account(env, 'merchant');
  site = await testMiniSite(env.ctx.db, { ownerId: owner.userId, linkStoreId: s.storeId, now: env.clock.now() });
});
afterAll(async () => { await env?.close(); });

const stockOf = (skuId: string) => scalar<number>(env.ctx.db, sql`select stock from skus where id = ${skuId}`);
const sweep = () => runSweeps(sweeps(env.ctx), 200);
const hours = (h: number) => env.clock.advance(h * 3600_000);
const send = (body: Record<string, unknown>, who: TestMiniSite = site) =>
  signed(env.app, env.clock, who, 'POST', '/api/mini-site/v1/gifts', { requestId: randomUUID(), quantity: 1, message: 'From the brand, with love', ...body });

describe('a store\'s gift activity', () => {
  it('takes its pool from the SKUs, shows what remains, and gives it back when closed early (audited)', async () => {
    const p = await listedProduct(env, s, [{ price: 3000, stock: 10 }, { price: 3000, stock: 5 }]);
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 4 }, { skuId: p.skuIds[1], pool: 5 }]);
    expect(a).toMatchObject({ state: 'active', pool: 9, remaining: 9 });
    expect([await stockOf(p.skuIds[0]), await stockOf(p.skuIds[1])]).toEqual([6, 0]);
    expect(await scalar(env.ctx.db, sql`select count(*)::int from stock_flows where sku_id = ${p.skuIds[0]} and reason = 'gift_activity' and delta = -4`)).toBe(1);

    const sent = await send({ activityId: a.id, skuId: p.skuIds[0], quantity: 2 });
    expect(sent.statusCode, sent.body).toBe(201);
    const list = (await call(env, 'GET', `${s.url}/gift-activities`, s.merchant.headers)).json();
    expect(list.find((x: { id: string }) => x.id === a.id)).toMatchObject({ remaining: 7, giftsSent: 1, miniSiteName: site.name });

    const closed = await call(env, 'POST', `${s.url}/gift-activities/${a.id}/close`, s.merchant.headers);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', remaining: 0 });
    // What was not sent went back; the two units of the gift stay with the gift.
    expect([await stockOf(p.skuIds[0]), await stockOf(p.skuIds[1])]).toEqual([8, 5]);
    expectProblem(await call(env, 'POST', `${s.url}/gift-activities/${a.id}/close`, s.merchant.headers), 409, 'gift_activity_transition_not_allowed');
    expectProblem(await send({ activityId: a.id, skuId: p.skuIds[0] }), 409, 'activity_over');
    const audit = await scalar(env.ctx.db, sql`select count(*)::int from audit_log where entity_id = ${a.id} and action in ('gift_activity.create', 'gift_activity.close')`);
    expect(audit).toBe(2);
  });

  it('refuses an unlinked mini-site, a SKU twice, a bad window, a pool above the stock and a product off sale', async () => {
    const p = await listedProduct(env, s, [{ price: 3000, stock: 3 }]);
    const owner = await account(env, 'merchant');
    const stranger = await testMiniSite(env.ctx.db, { ownerId: owner.userId, now: env.clock.now() });
    const now = env.clock.now();
    const body = (over: Record<string, unknown>) => ({
      miniSiteId: site.id, title: { en: 'x' }, items: [{ skuId: p.skuIds[0], pool: 1 }], startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 3600_000).toISOString(), ...over,
    });
    const post = (over: Record<string, unknown>) => call(env, 'POST', `${s.url}/gift-activities`, s.merchant.headers, body(over));
    expectProblem(await post({ miniSiteId: stranger.id }), 403, 'not_linked');
    expectProblem(await post({ items: [{ skuId: p.skuIds[0], pool: 1 }, { skuId: p.skuIds[0], pool: 1 }] }), 422, 'activity_sku_duplicate');
    expectProblem(await post({ endsAt: now.toISOString() }), 422, 'activity_window_invalid');
    expectProblem(await post({ title: {} }), 422, 'activity_title_required');
    expectProblem(await post({ items: [{ skuId: p.skuIds[0], pool: 4 }] }), 409, 'stock_insufficient');
    await env.ctx.db.execute(sql`update skus set active = false where id = ${p.skuIds[0]}`);
    expectProblem(await post({}), 409, 'product_not_on_sale');
    await env.ctx.db.execute(sql`update skus set active = true where id = ${p.skuIds[0]}`);
    expect(await stockOf(p.skuIds[0])).toBe(3);
    // A buyer is no member of the store.
    const b = await buyer(env);
    expect((await call(env, 'GET', `${s.url}/gift-activities`, b.headers)).statusCode).toBe(403);
  });

  it('starts at its start time and ends at its end time: the pool goes back to the SKU then', async () => {
    const p = await listedProduct(env, s, [{ price: 2000, stock: 5 }]);
    const now = env.clock.now();
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 3 }], { startsAt: new Date(now.getTime() + 3600_000), endsAt: new Date(now.getTime() + 3 * 3600_000) });
    expect(a.state).toBe('scheduled');
    expectProblem(await send({ activityId: a.id, skuId: p.skuIds[0] }), 409, 'activity_over');
    hours(1.5);
    await sweep();
    expect(await scalar<string>(env.ctx.db, sql`select state from gift_activities where id = ${a.id}`)).toBe('active');
    expect((await send({ activityId: a.id, skuId: p.skuIds[0] })).statusCode).toBe(201);
    hours(2);
    // Over at its end time even before the sweep moves it.
    expectProblem(await send({ activityId: a.id, skuId: p.skuIds[0] }), 409, 'activity_over');
    await sweep();
    expect(await scalar<string>(env.ctx.db, sql`select state from gift_activities where id = ${a.id}`)).toBe('ended');
    expect(await stockOf(p.skuIds[0])).toBe(4);
  });
});

describe('the mini-site\'s server', () => {
  it('lists its activities, sends a gift whose link a buyer claims with their own address: a free order of channel mini_site', async () => {
    const p = await listedProduct(env, s, [{ price: 4200, stock: 6 }]);
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 3 }]);
    const list = await signed(env.app, env.clock, site, 'GET', '/api/mini-site/v1/gift-activities');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().map((x: { id: string }) => x.id)).toContain(a.id);
    expect((await signed(env.app, env.clock, site, 'GET', `/api/mini-site/v1/gift-activities/${a.id}`)).json()).toMatchObject({ id: a.id, remaining: 3, storeId: s.storeId });

    const res = await send({ activityId: a.id, skuId: p.skuIds[0], quantity: 2, message: '生日快乐' });
    expect(res.statusCode, res.body).toBe(201);
    const gift = res.json();
    expect(gift).toMatchObject({ state: 'waiting', quantity: 2, recipientNamed: false, message: '生日快乐', sharePath: expect.stringMatching(/^\/g\//) });
    // The pool gave the units; the SKU's stock did not move again.
    expect(await stockOf(p.skuIds[0])).toBe(3);
    expect(await scalar(env.ctx.db, sql`select remaining from gift_activity_items where activity_id = ${a.id}`)).toBe(1);

    // The same claim page: no price shown, the buyer's own address.
    const token = gift.sharePath.split('/').pop();
    const page = (await openLink(env, token)).json();
    expect(page).toMatchObject({ giverName: site.name, message: '生日快乐', unitQuantity: 2 });
    const lucky = await buyer(env);
    expectProblem(await claim(env, token, lucky, {}), 422, 'address_required');
    const ok = await claim(env, token, lucky, { address });
    expect(ok.statusCode, ok.body).toBe(201);
    const order = (await call(env, 'GET', `${s.url}/orders/${ok.json().orderId}`, s.merchant.headers)).json();
    expect(order).toMatchObject({ channel: 'mini_site', total: 0, itemsTotal: 8400, discount: 8400 });
    expect(await scalar<string>(env.ctx.db, sql`select mini_site_id::text from orders where id = ${ok.json().orderId}`)).toBe(site.id);
    const other = await buyer(env);
    expectProblem(await claim(env, token, other, { address }), 409, 'gift_all_claimed');

    const orders = await signed(env.app, env.clock, site, 'GET', `/api/mini-site/v1/gifts?activityId=${a.id}`);
    expect(orders.json()).toMatchObject({ total: 1, items: [{ id: gift.id, state: 'claimed', claims: [{ orderId: ok.json().orderId, orderState: 'awaiting_shipment' }] }] });
    // The mini-site sees no address of the buyer.
    expect(orders.body).not.toContain(address.line);
    expect((await signed(env.app, env.clock, site, 'GET', `/api/mini-site/v1/gifts/${gift.id}`)).json()).toMatchObject({ id: gift.id, state: 'claimed' });
  });

  it('names the receiver: only that buyer may claim, and it can be named after sending while nobody claimed', async () => {
    const p = await listedProduct(env, s, [{ price: 1000, stock: 4 }]);
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 4 }]);
    const named = await buyer(env);
    const other = await buyer(env);
    const g1 = (await send({ activityId: a.id, skuId: p.skuIds[0], recipientEmail: named.email })).json();
    expect(g1).toMatchObject({ recipientNamed: true });
    const t1 = g1.sharePath.split('/').pop();
    expectProblem(await claim(env, t1, other, { address }), 403, 'gift_not_for_you');
    expect((await claim(env, t1, named, { address })).statusCode).toBe(201);
    expectProblem(await send({ activityId: a.id, skuId: p.skuIds[0], recipientEmail: 'nobody@test.trio' }), 404, 'buyer_not_found');

    const g2 = (await send({ activityId: a.id, skuId: p.skuIds[0] })).json();
    const set = await signed(env.app, env.clock, site, 'PUT', `/api/mini-site/v1/gifts/${g2.id}/receiver`, { recipientEmail: other.email, receiverName: 'Dear friend' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ recipientNamed: true, receiverName: 'Dear friend' });
    const t2 = g2.sharePath.split('/').pop();
    expectProblem(await claim(env, t2, named, { address }), 403, 'gift_not_for_you');
    expect((await claim(env, t2, other, { address })).statusCode).toBe(201);
    expectProblem(await signed(env.app, env.clock, site, 'PUT', `/api/mini-site/v1/gifts/${g2.id}/receiver`, { recipientEmail: named.email }), 409, 'gift_not_waiting');
  });

  it('answers the same gift for the same request id, never a second one; another body under it is refused', async () => {
    const p = await listedProduct(env, s, [{ price: 1000, stock: 5 }]);
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 5 }]);
    const body = { requestId: `order-${randomUUID()}`, activityId: a.id, skuId: p.skuIds[0], quantity: 1, message: 'hi' };
    const [r1, r2] = await Promise.all([0, 1].map(() => signed(env.app, env.clock, site, 'POST', '/api/mini-site/v1/gifts', body)));
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 201]);
    expect(r1.json().id).toBe(r2.json().id);
    const r3 = await signed(env.app, env.clock, site, 'POST', '/api/mini-site/v1/gifts', body);
    expect(r3.statusCode).toBe(200);
    expect(r3.json().id).toBe(r1.json().id);
    expectProblem(await signed(env.app, env.clock, site, 'POST', '/api/mini-site/v1/gifts', { ...body, quantity: 2 }), 422, 'idempotency_id_reused');
    expect(await scalar(env.ctx.db, sql`select count(*)::int from gifts where activity_id = ${a.id}`)).toBe(1);
    expect(await scalar(env.ctx.db, sql`select remaining from gift_activity_items where activity_id = ${a.id}`)).toBe(4);
  });

  it('refuses with a code each: not in the activity, not on sale, pool short, message too long, link ended', async () => {
    const p = await listedProduct(env, s, [{ price: 1000, stock: 5 }, { price: 1000, stock: 5 }]);
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 2 }]);
    expectProblem(await send({ activityId: a.id, skuId: p.skuIds[1] }), 422, 'product_not_in_activity');
    expectProblem(await send({ activityId: a.id, skuId: p.skuIds[0], quantity: 3 }), 409, 'stock_insufficient');
    expectProblem(await send({ activityId: a.id, skuId: p.skuIds[0], message: '好'.repeat(101) }), 422, 'message_too_long');
    expect((await send({ activityId: a.id, skuId: p.skuIds[0], message: '好'.repeat(100) })).statusCode).toBe(201);
    await env.ctx.db.execute(sql`update skus set active = false where id = ${p.skuIds[0]}`);
    expectProblem(await send({ activityId: a.id, skuId: p.skuIds[0] }), 409, 'product_not_on_sale');
    await env.ctx.db.execute(sql`update skus set active = true where id = ${p.skuIds[0]}`);
    expectProblem(await send({ activityId: randomUUID(), skuId: p.skuIds[0] }), 404, 'gift_activity_not_found');
    // Nothing refused took from the pool.
    expect(await scalar(env.ctx.db, sql`select remaining from gift_activity_items where activity_id = ${a.id}`)).toBe(1);

    const owner = await account(env, 'merchant');
    const ending = await testMiniSite(env.ctx.db, { ownerId: owner.userId, linkStoreId: s.storeId, now: env.clock.now() });
    const b = await activityOk(env, s, ending.id, [{ skuId: p.skuIds[1], pool: 1 }]);
    await env.ctx.db.execute(sql`update mini_site_links set state = 'unlinked' where mini_site_id = ${ending.id}`);
    expectProblem(await send({ activityId: b.id, skuId: p.skuIds[1] }, ending), 403, 'not_linked');
  });

  it('keeps each mini-site to its own: another one cannot read, list or send from this activity, nor read its gifts', async () => {
    const p = await listedProduct(env, s, [{ price: 1000, stock: 5 }]);
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 2 }]);
    const g = (await send({ activityId: a.id, skuId: p.skuIds[0] })).json();
    const owner = await account(env, 'merchant');
    // Linked to the same store, even.
    const other = await testMiniSite(env.ctx.db, { ownerId: owner.userId, linkStoreId: s.storeId, now: env.clock.now() });
    expectProblem(await signed(env.app, env.clock, other, 'GET', `/api/mini-site/v1/gift-activities/${a.id}`), 404, 'gift_activity_not_found');
    expect((await signed(env.app, env.clock, other, 'GET', '/api/mini-site/v1/gift-activities')).json()).toEqual([]);
    expectProblem(await send({ activityId: a.id, skuId: p.skuIds[0] }, other), 404, 'gift_activity_not_found');
    expectProblem(await signed(env.app, env.clock, other, 'GET', `/api/mini-site/v1/gifts/${g.id}`), 404, 'gift_not_found');
    expectProblem(await signed(env.app, env.clock, other, 'PUT', `/api/mini-site/v1/gifts/${g.id}/receiver`, { recipientEmail: 'x@test.trio' }), 404, 'gift_not_found');
    expect((await signed(env.app, env.clock, other, 'GET', '/api/mini-site/v1/gifts')).json()).toMatchObject({ total: 0, items: [] });
    // Without a signature: refused.
    expect((await call(env, 'GET', '/api/mini-site/v1/gift-activities', s.merchant.headers)).statusCode).toBe(401);
  });
});

describe('a cooperation gift nobody claims', () => {
  it('gives its units back to the pool while the activity runs, and to the SKU once it ended', async () => {
    const p = await listedProduct(env, s, [{ price: 1000, stock: 6 }]);
    const now = env.clock.now();
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 4 }], { endsAt: new Date(now.getTime() + 30 * 3600_000) });
    expect((await send({ activityId: a.id, skuId: p.skuIds[0], quantity: 2 })).statusCode).toBe(201);
    const pool = () => scalar(env.ctx.db, sql`select remaining from gift_activity_items where activity_id = ${a.id}`);
    expect(await pool()).toBe(2);
    hours(25);
    await sweep();
    expect(await pool()).toBe(4);
    expect(await stockOf(p.skuIds[0])).toBe(2);
    // A gift sent now expires after the activity ended: its units go to the SKU.
    expect((await send({ activityId: a.id, skuId: p.skuIds[0], quantity: 3 })).statusCode).toBe(201);
    hours(6);
    await sweep();
    expect(await stockOf(p.skuIds[0])).toBe(3);
    hours(20);
    await sweep();
    expect(await stockOf(p.skuIds[0])).toBe(6);
    expect(await pool()).toBe(0);
  });
});

describe('closing an activity early', () => {
  it('ends its gifts nobody claimed: claims refused at once, their units back to the SKU when swept; claimed ones stay', async () => {
    const p = await listedProduct(env, s, [{ price: 1000, stock: 10 }]);
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 6 }]);
    const taken = (await send({ activityId: a.id, skuId: p.skuIds[0], quantity: 1 })).json();
    const open1 = (await send({ activityId: a.id, skuId: p.skuIds[0], quantity: 2 })).json();
    const open2 = (await send({ activityId: a.id, skuId: p.skuIds[0], quantity: 1 })).json();
    const lucky = await buyer(env);
    expect((await claim(env, taken.sharePath.split('/').pop(), lucky, { address })).statusCode).toBe(201);
    // Pool 6: 4 sent (1 claimed, 3 waiting), 2 left; the SKU holds 4.
    expect(await stockOf(p.skuIds[0])).toBe(4);

    const closed = await call(env, 'POST', `${s.url}/gift-activities/${a.id}/close`, s.merchant.headers);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await stockOf(p.skuIds[0])).toBe(6);
    // From now on nobody claims them, even before the sweep.
    const late = await buyer(env);
    expect((await claim(env, open1.sharePath.split('/').pop(), late, { address })).statusCode).toBe(409);
    const [entry] = (await env.ctx.db.execute(sql`select after from audit_log where entity_id = ${a.id} and action = 'gift_activity.close'`) as unknown as { rows: { after: { giftsEnded: number } }[] }).rows;
    expect(entry.after.giftsEnded).toBe(2);

    await sweep();
    const state = (id: string) => scalar<string>(env.ctx.db, sql`select state from gifts where id = ${id}`);
    expect([await state(open1.id), await state(open2.id), await state(taken.id)]).toEqual(['expired', 'expired', 'claimed']);
    // The three waiting units went back to the SKU (not to the closed pool), once.
    expect(await stockOf(p.skuIds[0])).toBe(9);
    await sweep();
    expect(await stockOf(p.skuIds[0])).toBe(9);
    expect(await scalar(env.ctx.db, sql`select remaining from gift_activity_items where activity_id = ${a.id}`)).toBe(0);
    const listed = await signed(env.app, env.clock, site, 'GET', `/api/mini-site/v1/gifts?activityId=${a.id}`);
    expect(listed.json().items.map((g: { state: string }) => g.state).sort()).toEqual(['claimed', 'expired', 'expired']);
  });
});

describe('a gift request id', () => {
  it('answers the same gift within its window; after it the record is swept and the id makes a new gift', async () => {
    const p = await listedProduct(env, s, [{ price: 1000, stock: 5 }]);
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 5 }], { endsAt: new Date(env.clock.now().getTime() + 30 * 86400_000) });
    const body = { requestId: `window-${randomUUID()}`, activityId: a.id, skuId: p.skuIds[0], quantity: 1, message: 'hi' };
    const first = await signed(env.app, env.clock, site, 'POST', '/api/mini-site/v1/gifts', body);
    expect(first.statusCode, first.body).toBe(201);
    const kept = () => scalar(env.ctx.db, sql`select count(*)::int from mini_site_gift_requests where request_id = ${body.requestId}`);
    hours(env.ctx.config.miniSiteGiftRequestHours - 1);
    await sweep();
    expect(await kept()).toBe(1);
    const again = await signed(env.app, env.clock, site, 'POST', '/api/mini-site/v1/gifts', body);
    expect([again.statusCode, again.json().id]).toEqual([200, first.json().id]);
    hours(2);
    await sweep();
    expect(await kept()).toBe(0);
    const later = await signed(env.app, env.clock, site, 'POST', '/api/mini-site/v1/gifts', body);
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json().id).not.toBe(first.json().id);
  });
});

describe('the activity limits are settings', () => {
  let small: TestEnv;
  beforeAll(async () => { small = await testEnv({ TRIO_GIFT_ACTIVITY_SKUS_MAX: '1', TRIO_GIFT_ACTIVITY_POOL_MAX: '3', TRIO_GIFT_ACTIVITY_GIFT_QUANTITY_MAX: '2' }); });
  afterAll(async () => { await small?.close(); });

  it('a store with lower limits refuses more SKUs, a bigger pool and a bigger gift than they allow', async () => {
    const st = await openStore(small);
    const owner = await account(small, 'merchant');
    const brand = await testMiniSite(small.ctx.db, { ownerId: owner.userId, linkStoreId: st.storeId, now: small.clock.now() });
    const p = await listedProduct(small, st, [{ price: 1000, stock: 9 }, { price: 1000, stock: 9 }]);
    const make = (items: { skuId: string; pool: number }[]) => call(small, 'POST', `${st.url}/gift-activities`, st.merchant.headers, {
      miniSiteId: brand.id, title: { en: 'Small' }, items, startsAt: small.clock.now().toISOString(), endsAt: new Date(small.clock.now().getTime() + 86400_000).toISOString(),
    });
    expectProblem(await make([{ skuId: p.skuIds[0], pool: 1 }, { skuId: p.skuIds[1], pool: 1 }]), 400, 'validation_failed');
    expectProblem(await make([{ skuId: p.skuIds[0], pool: 4 }]), 400, 'validation_failed');
    const ok = await make([{ skuId: p.skuIds[0], pool: 3 }]);
    expect(ok.statusCode, ok.body).toBe(201);
    const gift = (quantity: number) => signed(small.app, small.clock, brand, 'POST', '/api/mini-site/v1/gifts', { requestId: randomUUID(), activityId: ok.json().id, skuId: p.skuIds[0], quantity, message: '' });
    expectProblem(await gift(3), 400, 'validation_failed');
    expect((await gift(2)).statusCode).toBe(201);
  });
});

describe('a buyer gifting through a component', () => {
  it('carries the mini-site (?via=app id) to the gift and to the order when claimed; an unlinked one is refused', async () => {
    const p = await listedProduct(env, s, [{ price: 2500, stock: 3 }]);
    const giver = await buyer(env);
    const { gift, token } = await paidGift(env, giver, { skuId: p.skuIds[0], kind: 'single', via: site.appId });
    expect(gift.channel).toBe('mini_site');
    const lucky = await buyer(env);
    const ok = await claim(env, token, lucky, { address });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await scalar<string>(env.ctx.db, sql`select channel || ' ' || mini_site_id::text from orders where id = ${ok.json().orderId}`)).toBe(`mini_site ${site.id}`);
    const owner = await account(env, 'merchant');
    const loose = await testMiniSite(env.ctx.db, { ownerId: owner.userId, now: env.clock.now() });
    const refused = await call(env, 'POST', '/api/gifts', giver.headers, { skuId: p.skuIds[0], kind: 'single', message: '', via: loose.appId }, { 'idempotency-key': randomUUID() });
    expectProblem(refused, 403, 'not_linked');
  });
});

describe('the <store-gift> card', () => {
  it('reads the activity, its products with price and image, and the units left, in the language asked', async () => {
    const p = await listedProduct(env, s, [{ price: 1800, stock: 5 }, { price: 1500, stock: 5 }]);
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 2 }, { skuId: p.skuIds[1], pool: 3 }]);
    const origin = 'https://brand.example';
    const tok = await env.app.inject({ method: 'POST', url: '/api/components/token', headers: { origin, 'content-type': 'application/json' }, payload: JSON.stringify({ appId: site.appId }) });
    const token = encodeURIComponent(tok.json().token);
    const res = await env.app.inject({ method: 'GET', url: `/api/components/gift-activities/${a.id}?lang=zh&token=${token}`, headers: { origin } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: a.id, storeId: s.storeId, title: '春日礼物', remaining: 5, state: 'active', products: [{ productId: p.productId, price: 1500, currency: expect.any(String) }] });
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/components/gift-activities/${randomUUID()}?token=${token}`, headers: { origin } }), 404, 'gift_activity_not_found');
  });
});

describe('the <store-gift> card', () => {
  const card = (activityId: string, token: string | undefined, origin: string) =>
    env.app.inject({ method: 'GET', url: `/api/components/gift-activities/${activityId}${token ? `?token=${encodeURIComponent(token)}` : ''}`, headers: { origin } });
  const tokenFor = async (appId: string, origin: string) => {
    const res = await env.app.inject({ method: 'POST', url: '/api/components/token', headers: { origin, 'content-type': 'application/json' }, payload: JSON.stringify({ appId }) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().token as string;
  };

  it('shows only on a site of the activity\'s own mini-site while it is linked with the store, whatever the script claims', async () => {
    const p = await listedProduct(env, s, [{ price: 2500, stock: 6 }]);
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: 2 }]);
    const origin = 'https://brand.example';
    const token = await tokenFor(site.appId, origin);
    const ok = await card(a.id, token, origin);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ id: a.id, storeId: s.storeId, remaining: 2 });
    // No token, or the token shown from another origin: refused.
    expect((await card(a.id, undefined, origin)).statusCode).toBe(400);
    expectProblem(await card(a.id, token, 'https://evil.example'), 403, 'not_linked');
    // Another mini-site linked with the same store has its own token: not for this activity.
    const owner = await account(env, 'merchant');
    const other = await testMiniSite(env.ctx.db, { ownerId: owner.userId, linkStoreId: s.storeId, allowedOrigins: ['https://other.example'], now: env.clock.now() });
    expectProblem(await card(a.id, await tokenFor(other.appId, 'https://other.example'), 'https://other.example'), 403, 'not_linked');
    // The link ends: the activity's own mini-site no longer shows it.
    // (Written straight to the table, so the change is announced as the link moves do: links.ts.)
    await env.ctx.db.execute(sql`update mini_site_links set state = 'unlinked' where mini_site_id = ${site.id} and store_id = ${s.storeId}`);
    await linksChanged(env.ctx.db);
    expectProblem(await card(a.id, token, origin), 403, 'not_linked');
    await env.ctx.db.execute(sql`update mini_site_links set state = 'linked' where mini_site_id = ${site.id} and store_id = ${s.storeId} and state = 'unlinked'`);
    await linksChanged(env.ctx.db);
  });
});
