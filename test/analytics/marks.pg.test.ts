// Marking days for the rollups from several processes at once (PostgreSQL: two apps with their own pools stand in for
// two processes; on PGlite there is one connection, so nothing runs side by side). An outbox batch marks the days of
// its messages one after another in one transaction; two batches marking the same days in other orders must both
// commit, and a mark that comes while its day is being recomputed must bring the day back.
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/kernel/context.ts';
import { markDays, moveAllMarks, sweepRollups } from '../../src/modules/analytics/index.ts';
import { cluster, clusterEnv, holdTransaction, scalar, waitingOnLocks } from '../api/support.ts';
import { waitFor } from '../payments/support.ts';
import { openStore } from '../orders/fixtures.ts';

let c: Awaited<ReturnType<typeof cluster>>;
let stores: string[];
beforeAll(async () => {
  c = await cluster(2);
  const env = clusterEnv(c);
  stores = [(await openStore(env)).storeId, (await openStore(env)).storeId, (await openStore(env)).storeId];
});
afterAll(async () => c?.close());

const tz = () => c.ctx.config.timeZone;
const at = (storeId: string, iso: string): SQL => sql`select ${storeId}::uuid as store_id, ${iso}::timestamptz as at`;
const n = (q: SQL) => scalar<number>(c.ctx.db, q);
const marksOf = (storeId: string) => n(sql`select (select count(*) from analytics_marks where store_id = ${storeId}) + (select count(*) from analytics_dirty_days where store_id = ${storeId})`);

/** A promise and the function that keeps it. */
function signal() {
  let done!: () => void;
  const p = new Promise<void>((r) => (done = r));
  return { p, done };
}

describe('marking days for the rollups from two processes', () => {
  it('two deliveries marking the same stores\' days in opposite orders both commit, and every day is rolled up', async () => {
    const [a, b] = stores;
    const day = '2026-11-01T10:00:00Z';
    const aFirst = signal();
    const bFirst = signal();
    // Each transaction has marked one day and then marks the day the other one holds: an upsert of one row per day
    // waited on each other here (a deadlock, one of them rolled back).
    const one = inTransaction(c.ctxs[0], async (tx) => {
      await markDays(tx, c.clock.now(), tz(), at(a, day));
      aFirst.done();
      await bFirst.p;
      await markDays(tx, c.clock.now(), tz(), at(b, day));
    });
    const two = inTransaction(c.ctxs[1], async (tx) => {
      await aFirst.p;
      await markDays(tx, c.clock.now(), tz(), at(b, day));
      bFirst.done();
      await markDays(tx, c.clock.now(), tz(), at(a, day));
    });
    await Promise.all([one, two]);
    expect(await marksOf(a)).toBeGreaterThan(0);
    // Two sweeps at once move and recompute everything between them, and leave no mark.
    await Promise.all([sweepRollups(c.ctxs[0], 100), sweepRollups(c.ctxs[1], 100)]);
    await sweepRollups(c.ctx, 100);
    expect(await marksOf(a) + await marksOf(b)).toBe(0);
  });

  it('a mark moved while its day is being recomputed waits, and the day is marked again after the recompute', async () => {
    const s = stores[2];
    await inTransaction(c.ctx, (tx) => markDays(tx, c.clock.now(), tz(), at(s, '2026-11-02T10:00:00Z')));
    await moveAllMarks(c.ctx.db);
    const days = await n(sql`select count(*)::int from analytics_dirty_days where store_id = ${s}`);
    expect(days).toBeGreaterThan(0);
    // The recompute's transaction has taken and cleared the day's mark and has not committed yet.
    const release = await holdTransaction(c.ctx, sql`delete from analytics_dirty_days where store_id = ${s}`);
    let moved: Promise<number> | undefined;
    try {
      await inTransaction(c.ctxs[1], (tx) => markDays(tx, c.clock.now(), tz(), at(s, '2026-11-02T11:00:00Z')));
      expect(await n(sql`select count(*)::int from analytics_marks where store_id = ${s}`)).toBe(days);
      moved = moveAllMarks(c.ctxs[1].db);
      await waitFor(async () => (await waitingOnLocks(c.ctx.db)) >= 1);
    } finally {
      await release();
    }
    expect(await moved).toBe(days);
    expect(await n(sql`select count(*)::int from analytics_dirty_days where store_id = ${s}`)).toBe(days);
  });

  it('many deliveries and two movers at once: no mark is lost and none fails', async () => {
    expect(await n(sql`select count(*)::int from analytics_marks`)).toBe(0);
    // Noon UTC on six dates: six local dates in any zone.
    const noons = Array.from({ length: 6 }, (_, i) => `2026-10-${20 + i}T12:00:00Z`);
    const pairs = stores.flatMap((s) => noons.map((h) => [s, h] as const));
    const deliveries = Array.from({ length: 24 }, (_, k) => inTransaction(c.ctxs[k % 2], async (tx) => {
      // Each delivery marks every store's days, in an order of its own (a rotation, reversed every other one).
      const order = [...pairs.slice(k % pairs.length), ...pairs.slice(0, k % pairs.length)];
      for (const [s, h] of k % 2 ? order.reverse() : order) await markDays(tx, c.clock.now(), tz(), at(s, h));
    }));
    await Promise.all([...deliveries, moveAllMarks(c.ctxs[0].db), moveAllMarks(c.ctxs[1].db)]);
    await moveAllMarks(c.ctx.db);
    const zones = await n(sql`select count(*)::int from stores s cross join lateral (select distinct z from unnest(array[coalesce(s.time_zone, ${tz()}), ${tz()}]) as z) zz
      where s.id in (${sql.join(stores.map((id) => sql`${id}::uuid`), sql`, `)})`);
    expect(await n(sql`select count(*)::int from analytics_dirty_days where day between '2026-10-19' and '2026-10-26'`)).toBe(zones * noons.length);
    expect(await n(sql`select count(*)::int from analytics_marks`)).toBe(0);
  });
});
