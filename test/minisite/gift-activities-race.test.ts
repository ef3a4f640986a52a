// The pool of a gift activity is exact under concurrency: N mini-site servers' requests at once, spread over two
// app processes with their own connections, against a pool of K < N give exactly K gifts and N - K refusals
// (stock_insufficient), never a negative pool. One guarded update takes from the pool (gift-activity-pool.ts).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster, clusterEnv, scalar } from '../api/support.ts';
import { account, type TestEnv } from '../helpers.ts';
import { testMiniSite } from '../fixtures/minisite.ts';
import { listedProduct, openStore } from '../orders/fixtures.ts';
import { activityOk, signed } from './gift-activity-support.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let env: TestEnv;
beforeAll(async () => {
  c = await cluster(2, { TRIO_SESSION_TTL_HOURS: '100000' });
  env = clusterEnv(c);
});
afterAll(async () => c?.close());

describe('an activity pool under concurrent gift creation', () => {
  it('gives exactly K gifts to N > K concurrent requests, over two processes', async () => {
    const s = await openStore(env);
    const owner = await account(env, 'merchant');
    const site = await testMiniSite(c.ctx.db, { ownerId: owner.userId, linkStoreId: s.storeId, now: c.clock.now() });
    const p = await listedProduct(env, s, [{ price: 1000, stock: 20 }]);
    const K = 5;
    const N = 24;
    const a = await activityOk(env, s, site.id, [{ skuId: p.skuIds[0], pool: K }]);
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => signed(c.apps[i % c.apps.length], c.clock, site, 'POST', '/api/mini-site/v1/gifts', {
      requestId: randomUUID(), activityId: a.id, skuId: p.skuIds[0], quantity: 1, message: `gift ${i}`,
    })));
    const codes = answers.map((r) => (r.statusCode === 201 ? 'created' : `${r.statusCode} ${r.json().code}`));
    expect(codes.filter((x) => x === 'created')).toHaveLength(K);
    expect(codes.filter((x) => x !== 'created')).toEqual(Array(N - K).fill('409 stock_insufficient'));
    expect(await scalar(c.ctx.db, sql`select count(*)::int from gifts where activity_id = ${a.id}`)).toBe(K);
    expect(await scalar(c.ctx.db, sql`select remaining from gift_activity_items where activity_id = ${a.id}`)).toBe(0);
    // The SKU gave the pool once, at creation, and nothing since.
    expect(await scalar(c.ctx.db, sql`select stock from skus where id = ${p.skuIds[0]}`)).toBe(20 - K);
  });
});
