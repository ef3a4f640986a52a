// Broadcasts as a merchant and its followers meet them: the audience of a segment shown before sending, each follower
// getting the broadcast once in the inbox (however often the scheduler runs), muted and unfollowed followers skipped
// and counted, the platform's monthly quota per store at its edges (the month in the platform's time zone, quota 0)
// and under concurrent writers (on PostgreSQL: real connections racing for the last places), and who may do what.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { sweepBroadcasts } from '../../src/modules/service-account/index.ts';
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

describe('the monthly quota', () => {
  it('holds under concurrent broadcasts: of six sent at once, exactly the quota is written (racing connections on PostgreSQL)', async () => {
    const s = await openStore(env);
    await followers(s, 1);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => send(s, { title: `Flash ${i}`, body: 'Now' })));
    const codes = answers.map((r) => r.statusCode).sort();
    expect(codes).toEqual([...Array(QUOTA).fill(201), ...Array(6 - QUOTA).fill(409)]);
    const refused = answers.find((r) => r.statusCode === 409)!.json();
    expect(refused).toMatchObject({ code: 'broadcast_quota_reached', quota: QUOTA, used: QUOTA, remaining: 0, month: '2026-11' });
    const [row] = await queryRows<{ n: number | string }>(env.ctx.db, sql`select count(*) as n from broadcasts where store_id = ${s.storeId}`);
    expect(Number(row.n)).toBe(QUOTA);
  });

  it('is per calendar month in the platform’s time zone (Asia/Shanghai), and 0 allows none', async () => {
    const s = await openStore(env);
    const [f] = await followers(s, 1);
    // 23:59 on 30 November in Shanghai is 15:59 UTC: still November.
    env.clock.set(new Date('2026-11-30T15:59:00Z'));
    for (let i = 0; i < QUOTA; i++) expect((await send(s, { title: `Nov ${i}`, body: 'x' })).statusCode).toBe(201);
    expect((await send(s, { title: 'Nov late', body: 'x' })).json().code).toBe('broadcast_quota_reached');
    env.clock.set(new Date('2026-11-30T16:00:00Z')); // midnight, 1 December in Shanghai
    expect((await broadcasts(s)).quota).toEqual({ month: '2026-12', quota: QUOTA, used: 0, remaining: QUOTA });
    expect((await send(s, { title: 'Dec', body: 'x' })).statusCode).toBe(201);
    await deliverAll();
    expect((await broadcastsIn(f)).map((m: { title: string }) => m.title).sort()).toEqual(['Dec', 'Nov 0', 'Nov 1', 'Nov 2']);

    const config = env.ctx.config as { broadcastMonthlyQuota: number };
    config.broadcastMonthlyQuota = 0;
    try {
      const zero = await send(await openStoreWithFollower(), { title: 'None', body: 'x' });
      expect([zero.statusCode, zero.json().code, zero.json().quota]).toEqual([409, 'broadcast_quota_reached', 0]);
    } finally {
      config.broadcastMonthlyQuota = QUOTA;
    }
  });
});

async function openStoreWithFollower() {
  const s = await openStore(env);
  await followers(s, 1);
  return s;
}
