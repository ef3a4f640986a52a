// Broadcasts as a merchant and its followers meet them: the audience of a segment shown before sending, each follower
// getting the broadcast once in the inbox (however often the scheduler runs), muted and unfollowed followers skipped
// and counted, the monthly quota per follower at its edges (the month in the store's time zone, re-follow, quota 0)
// and under concurrent deliveries (on PostgreSQL: real connections racing for the last places), scheduled sending and
// cancelling, the category and offline-shop segments, and who may do what.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { sweepBroadcasts, sweepScheduledBroadcasts } from '../../src/modules/service-account/index.ts';
import { paidOrder } from '../aftersales/money-support.ts';
import { testEnv, type TestEnv } from '../helpers.ts';
import { buyer, call, listedProduct, openStore, type Buyer, type Store } from '../orders/fixtures.ts';
import { followStore, inbox, ok } from './support.ts';

let env: TestEnv;
const QUOTA = 3;

beforeAll(async () => {
  env = await testEnv({ TRIO_SESSION_TTL_HOURS: String(24 * 365), TRIO_BROADCAST_MONTHLY_QUOTA: String(QUOTA) });
});
afterAll(() => env?.close());

const send = (s: Store, body: Record<string, unknown>, headers = s.merchant.headers) => call(env, 'POST', `${s.url}/broadcasts`, headers, body);
const broadcasts = (s: Store) => ok(call(env, 'GET', `${s.url}/broadcasts`, s.merchant.headers));
const broadcastsIn = async (b: Buyer) => (await inbox(env, b)).items.filter((m: { kind: string }) => m.kind === 'broadcast');
/** Runs the scheduler's broadcast sweep until nothing is due (small batches: several transactions). */
async function deliverAll() {
  while ((await sweepBroadcasts(env.ctx, 2)) > 0);
}

async function followers(s: Store, n: number, source = 'store_page') {
  const list: Buyer[] = [];
  for (let i = 0; i < n; i++) {
    const b = await buyer(env);
    await ok(followStore(env, b, s, { source }));
    list.push(b);
  }
  return list;
}

describe('a broadcast', () => {
  it('goes once into the inbox of every follower in the segment; muted and unfollowed ones are skipped and counted', async () => {
    const s = await openStore(env);
    const [a, b, muted, gone] = await followers(s, 4);
    const [fromSite] = await followers(s, 1, 'mini_site');
    const stranger = await buyer(env);
    await ok(call(env, 'PUT', `/api/inbox/stores/${s.storeId}/mutes`, muted.headers, { kinds: ['broadcast'] }));

    expect(await ok(call(env, 'GET', `${s.url}/broadcasts/audience`, s.merchant.headers))).toEqual({ audience: 5 });
    expect(await ok(call(env, 'GET', `${s.url}/broadcasts/audience?source=mini_site`, s.merchant.headers))).toEqual({ audience: 1 });

    const res = await send(s, { title: 'Winter sale', body: 'Down jackets at 30% off this weekend.', segment: { source: 'store_page' } });
    expect(res.statusCode, res.body).toBe(201);
    const sent = res.json();
    expect(sent).toMatchObject({ title: 'Winter sale', status: 'sending', audience: 4, delivered: 0, skipped: 0, segment: { source: 'store_page' } });
    await ok(call(env, 'DELETE', `/api/follows/${s.storeId}`, gone.headers));

    await deliverAll();
    await deliverAll(); // nothing is due twice
    for (const f of [a, b]) {
      const got = await broadcastsIn(f);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ storeId: s.storeId, title: 'Winter sale', text: 'Down jackets at 30% off this weekend.', broadcastId: sent.id, read: false });
    }
    for (const f of [muted, gone, fromSite, stranger]) expect(await broadcastsIn(f)).toEqual([]);
    expect((await ok(call(env, 'GET', '/api/inbox/unread', a.headers))).count).toBe(1);

    const list = await broadcasts(s);
    expect(list.items).toEqual([expect.objectContaining({ id: sent.id, status: 'sent', audience: 4, delivered: 2, skipped: 2, finishedAt: expect.any(String) })]);
    expect(list.quota).toEqual({ month: '2026-11', quota: QUOTA, used: 1, remaining: QUOTA - 1 });
    const audit = await ok(call(env, 'GET', `${s.url}/audit?action=service.broadcast_sent`, s.merchant.headers));
    expect(audit.items[0]).toMatchObject({ entityId: sent.id });
  });

  it('to nobody is refused without spending the quota; bad input is refused; a buyer or another store’s merchant may not send', async () => {
    const s = await openStore(env);
    const other = await openStore(env);
    const [f] = await followers(s, 1);
    const none = await send(s, { title: 'Hi', body: 'Hello', segment: { source: 'mini_site' } });
    expect([none.statusCode, none.json().code]).toEqual([422, 'broadcast_audience_empty']);
    expect((await broadcasts(s)).quota.used).toBe(0);
    expect((await send(s, { title: '', body: 'Hello' })).json().code).toBe('validation_failed');
    expect((await send(s, { title: 'Hi', body: 'Hello' }, f.headers)).statusCode).toBe(403);
    expect((await send(s, { title: 'Hi', body: 'Hello' }, other.merchant.headers)).statusCode).toBe(404); // not their store: not found
    expect((await call(env, 'GET', `${s.url}/broadcasts`, other.merchant.headers)).statusCode).toBe(404);
    expect(await broadcastsIn(f)).toEqual([]);
  });
});

describe('an article', () => {
  it('reaches followers with cards of the store’s products at today’s price, linking to each product; only its own products', async () => {
    const s = await openStore(env);
    const other = await openStore(env);
    const { productId, skuIds: [skuId] } = await listedProduct(env, s, [{ price: 12_345, stock: 5 }], 'Oolong tea 乌龙茶');
    const { productId: theirs } = await listedProduct(env, other, [{ price: 999, stock: 5 }]);
    const [f] = await followers(s, 1);
    const refused = await send(s, { kind: 'article', title: 'Tea', body: 'x', productIds: [theirs] });
    expect([refused.statusCode, refused.json().code]).toEqual([422, 'article_product_not_found']);

    const res = await send(s, { kind: 'article', title: 'Spring oolong', body: 'Picked this week in Anxi.', productIds: [productId] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'article', productIds: [productId] });
    await deliverAll();
    const card = { productId, title: 'Oolong tea 乌龙茶', currency: 'CNY', available: true };
    const [article] = (await inbox(env, f)).items;
    expect(article).toMatchObject({ kind: 'article', title: 'Spring oolong', text: 'Picked this week in Anxi.', products: [{ ...card, price: 12_345 }] });

    // The card shows the price of now, not of when the article was published.
    await ok(call(env, 'PUT', `${s.url}/skus/${skuId}/price`, s.merchant.headers, { price: 9_900 }));
    expect((await inbox(env, f)).items[0].products).toEqual([{ ...card, imageId: null, price: 9_900 }]);
  });
});

describe('the monthly quota per follower', () => {
  const titles = async (b: Buyer) => (await broadcastsIn(b)).map((m: { title: string }) => m.title).sort();

  it('holds under concurrent deliveries: of six broadcasts to one follower, exactly the quota arrives, the rest counted over quota', async () => {
    const s = await openStore(env);
    const [f] = await followers(s, 1);
    for (let i = 0; i < 6; i++) expect((await send(s, { title: `Flash ${i}`, body: 'Now' })).statusCode).toBe(201);
    // Sweeps in parallel, one row each (on PostgreSQL: racing connections for the follower's last places).
    while ((await Promise.all(Array.from({ length: 6 }, () => sweepBroadcasts(env.ctx, 1)))).some((n) => n > 0));
    expect(await broadcastsIn(f)).toHaveLength(QUOTA);
    const list = (await broadcasts(s)).items as { status: string; delivered: number; overQuota: number }[];
    expect(list.every((b) => b.status === 'sent')).toBe(true);
    expect([list.reduce((a, b) => a + b.delivered, 0), list.reduce((a, b) => a + b.overQuota, 0)]).toEqual([QUOTA, 6 - QUOTA]);
  });

  it('is per calendar month in the store’s time zone; re-following does not start it again; 0 lets none through', async () => {
    const s = await openStore(env);
    const [f] = await followers(s, 1);
    await env.ctx.db.execute(sql`update stores set time_zone = 'Asia/Ho_Chi_Minh' where id = ${s.storeId}`);
    // 23:30 on 30 November in Ho Chi Minh City (UTC+7) is 16:30 UTC: still November there, December in Shanghai.
    env.clock.set(new Date('2026-11-30T16:30:00Z'));
    for (let i = 0; i < QUOTA; i++) expect((await send(s, { title: `Nov ${i}`, body: 'x' })).statusCode).toBe(201);
    await deliverAll();
    await ok(call(env, 'DELETE', `/api/follows/${s.storeId}`, f.headers));
    await ok(followStore(env, f, s));
    expect((await send(s, { title: 'Nov late', body: 'x' })).statusCode).toBe(201);
    await deliverAll();
    expect((await broadcasts(s)).items.find((b: { title: string }) => b.title === 'Nov late')).toMatchObject({ status: 'sent', delivered: 0, overQuota: 1 });
    env.clock.set(new Date('2026-11-30T17:00:00Z')); // midnight, 1 December in Ho Chi Minh City
    expect((await broadcasts(s)).quota).toEqual({ month: '2026-12', quota: QUOTA, used: 0, remaining: QUOTA });
    expect((await send(s, { title: 'Dec', body: 'x' })).statusCode).toBe(201);
    await deliverAll();
    expect(await titles(f)).toEqual(['Dec', 'Nov 0', 'Nov 1', 'Nov 2']);

    const config = env.ctx.config as { broadcastMonthlyQuota: number };
    config.broadcastMonthlyQuota = 0;
    try {
      const z = await openStore(env);
      const [g] = await followers(z, 1);
      expect((await send(z, { title: 'None', body: 'x' })).statusCode).toBe(201);
      await deliverAll();
      expect((await broadcasts(z)).items[0]).toMatchObject({ status: 'sent', audience: 1, delivered: 0, overQuota: 1 });
      expect(await broadcastsIn(g)).toEqual([]);
    } finally {
      config.broadcastMonthlyQuota = QUOTA;
    }
  });
});

describe('a scheduled broadcast', () => {
  it('goes out when its time comes, and one cancelled before then never does', async () => {
    const s = await openStore(env);
    const [f] = await followers(s, 1);
    const at = new Date(env.clock.now().getTime() + 3_600_000).toISOString();
    const later = await send(s, { title: 'Tomorrow’s sale', body: 'x', sendAt: at });
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json()).toMatchObject({ status: 'scheduled', sendAt: at, audience: 1 });
    const dropped = (await send(s, { title: 'Changed my mind', body: 'x', sendAt: at })).json();
    const cancelled = await ok(call(env, 'POST', `${s.url}/broadcasts/${dropped.id}/cancel`, s.merchant.headers));
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
    const again = await call(env, 'POST', `${s.url}/broadcasts/${dropped.id}/cancel`, s.merchant.headers);
    expect([again.statusCode, again.json().code]).toEqual([409, 'broadcast_not_cancellable']);

    expect(await sweepScheduledBroadcasts(env.ctx, 10)).toBe(0);
    await deliverAll();
    expect(await broadcastsIn(f)).toEqual([]);
    env.clock.advance(3_600_000);
    expect(await sweepScheduledBroadcasts(env.ctx, 10)).toBe(1);
    await deliverAll();
    expect((await broadcastsIn(f)).map((m: { title: string }) => m.title)).toEqual(['Tomorrow’s sale']);
    const started = await call(env, 'POST', `${s.url}/broadcasts/${later.json().id}/cancel`, s.merchant.headers);
    expect([started.statusCode, started.json().code]).toEqual([409, 'broadcast_not_cancellable']);
    expect((await call(env, 'POST', `${s.url}/broadcasts/${later.json().id}/cancel`, f.headers)).statusCode).toBe(403);
  });
});

describe('segments', () => {
  it('reach the buyers of a category and the buyers from an offline shop', async () => {
    const s = await openStore(env);
    const [bought, other, none] = await followers(s, 3);
    const { skuIds: [sku] } = await listedProduct(env, s, [{ price: 1_000, stock: 10 }]);
    const a = await paidOrder(env, s, bought, [{ skuId: sku, quantity: 1 }]);
    await paidOrder(env, s, other, [{ skuId: sku, quantity: 1 }]);
    const [item] = await queryRows<{ categoryId: number }>(env.ctx.db, sql`select category_id as "categoryId" from order_items where order_id = ${a.id}`);
    const shopId = '00000000-0000-4000-8000-0000000000a1';
    await env.ctx.db.execute(sql`update orders set shop_id = ${shopId} where id = ${a.id}`); // bought through the shop's code
    const audience = async (q: string) => (await ok(call(env, 'GET', `${s.url}/broadcasts/audience?${q}`, s.merchant.headers))).audience;
    expect(await audience(`categoryId=${item.categoryId}`)).toBe(2);
    expect(await audience(`categoryId=${item.categoryId + 100000}`)).toBe(0);
    expect(await audience(`shopId=${shopId}`)).toBe(1);
    expect((await send(s, { title: 'Shop news', body: 'x', segment: { shopId } })).statusCode).toBe(201);
    await deliverAll();
    expect(await broadcastsIn(bought)).toHaveLength(1);
    for (const b of [other, none]) expect(await broadcastsIn(b)).toEqual([]);
  });
});

