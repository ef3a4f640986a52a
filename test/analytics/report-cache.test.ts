// A report is built once and answered from the process's cache for the same request (same store or the platform,
// same unit and periods) until a rollup changes: after a payment or a refund is rolled up, the next request shows the
// new figure; a paying buyer's edited profile is in the audience at once. (PGlite: this process is the only writer; report-cache.pg.test.ts has the change made by another one.)
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/kernel/context.ts';
import { bumpCatalog } from '../../src/modules/catalog/index.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { call } from '../orders/fixtures.ts';
import { reportFixture } from './report-cache-fixtures.ts';
import { accept, sendRefunds } from '../aftersales/money-support.ts';
import { askOk } from '../aftersales/support.ts';

let f: Awaited<ReturnType<typeof reportFixture>>;
beforeAll(async () => {
  f = await reportFixture();
});
afterAll(async () => f?.env.close());

const storeDay = () => `${f.s.url}/analytics?unit=day&date=2026-11-01`;
const platformDay = '/api/operator/analytics?unit=day&date=2026-11-01';
/** Rollup rows changed behind the cache's back (no version moved): only a report built again would show it. */
const tamper = () => f.env.ctx.db.execute(sql`update analytics_channel_days set views = views + 1000 where store_id = ${f.s.storeId}`);

describe('the report cache', () => {
  it('answers the same request again from the cache, and the new figure once a payment, then a refund, is rolled up', async () => {
    const { env, s, b, paidOrder, current } = f;
    const first = await paidOrder();
    await runSweeps(sweeps(env.ctx), 200);
    const before = await current(s.merchant, storeDay());
    const platformBefore = await current(s.op, platformDay);
    expect(before).toMatchObject({ orders: 1, gmv: first.total });
    await tamper();
    // The same request of the same role and range: the answer built before (the tampered views are not read).
    expect(await current(s.merchant, storeDay())).toEqual(before);
    expect(await current(s.op, platformDay)).toEqual(platformBefore);
    // Another range of the same store is another answer, built now.
    const res = await call(env, 'GET', `${s.url}/analytics?unit=month&date=2026-11-01`, s.merchant.headers);
    expect(res.json().current.views).toBeGreaterThanOrEqual(1000);

    const second = await paidOrder();
    await runSweeps(sweeps(env.ctx), 200);
    expect(await current(s.merchant, storeDay())).toMatchObject({ orders: 2, gmv: first.total + second.total, refunds: 0 });
    expect(await current(s.op, platformDay)).toMatchObject({ orders: platformBefore.orders + 1, gmv: platformBefore.gmv + second.total });

    const req = await askOk(env, b, { id: second.id, items: second.items } as never, { orderItemId: second.items[0].id, quantity: 1 });
    await accept(env, s, req.id);
    expect(await sendRefunds(env)).toBe(1);
    expect((await current(s.merchant, storeDay())).refunds).toBe(0);
    await runSweeps(sweeps(env.ctx), 200);
    expect(await current(s.merchant, storeDay())).toMatchObject({ orders: 2, refunds: 1, refundAmount: second.total });
  });

  it("shows a product's new title in the store's ranking once the catalog moves, though no rollup changed", async () => {
    const { env, s } = f;
    const ranking = async () => (await call(env, 'GET', storeDay(), s.merchant.headers)).json().products as { productId: string; title: string }[];
    const [top] = await ranking();
    expect(top).toBeDefined();
    // The title edited as the catalog edits it: in the transaction that moves the catalog's version.
    await inTransaction(env.ctx, async (tx) => {
      await tx.execute(sql`update products set title = 'Renamed tea' where id = ${top.productId}`);
      await bumpCatalog(tx, s.storeId);
    });
    expect((await ranking()).find((p) => p.productId === top.productId)?.title).toBe('Renamed tea');
  });

  it("shows a paying buyer's audience as their profile says now, once they edit it, though no rollup changed", async () => {
    const { env, s, b } = f;
    const audience = async () => (await call(env, 'GET', storeDay(), s.merchant.headers)).json().audience as { buyers: number; cityTier: Record<string, number>; gender: Record<string, number> };
    expect(await call(env, 'PATCH', '/api/me', b.headers, { cityTier: 'tier_3', gender: 'male' })).toMatchObject({ statusCode: 200 });
    expect(await audience()).toMatchObject({ buyers: 1, cityTier: { tier_3: 10_000 }, gender: { male: 10_000 } });
    // The buyer moves to a tier-1 city and clears their gender: the store's audience of that day follows.
    expect(await call(env, 'PATCH', '/api/me', b.headers, { cityTier: 'tier_1', gender: null })).toMatchObject({ statusCode: 200 });
    expect(await audience()).toMatchObject({ buyers: 1, cityTier: { tier_1: 10_000, tier_3: 0 }, gender: { male: 0, unknown: 10_000 } });
  });
});
