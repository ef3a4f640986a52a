// Reports cached in one process are built again when another process changes a rollup: that process's transaction
// moves the rollups' version and NOTIFYs, and this one hears it (here the other process is a plain connection of its
// own, which recomputes the day and moves the version as the scheduler's sweep does, without touching this process).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Db } from '../../src/db/client.ts';
import { recomputeDay } from '../../src/modules/analytics/index.ts';
import { analyticsVersioned } from '../../src/modules/analytics/report-cache.ts';
import { runSweeps, sweeps } from '../../src/scheduler/index.ts';
import { reportFixture } from './report-cache-fixtures.ts';

let f: Awaited<ReturnType<typeof reportFixture>>;
let other: Database;
beforeAll(async () => {
  f = await reportFixture();
  other = await openDatabase({ databaseUrl: f.env.database.url!, poolSize: 1 });
});
afterAll(async () => {
  await other?.close();
  await f?.env.close();
});

describe('reports cached while another process changes the rollups', () => {
  it("shows another process's rollup change once its NOTIFY is heard, for the store and the platform", async () => {
    const { env, s, paidOrder, current } = f;
    const first = await paidOrder();
    await runSweeps(sweeps(env.ctx), 200);
    const storeUrl = `${s.url}/analytics?unit=day&date=2026-11-01`;
    const platformUrl = '/api/operator/analytics?unit=day&date=2026-11-01';
    expect(await current(s.merchant, storeUrl)).toMatchObject({ orders: 1, gmv: first.total });
    const platformBefore = await current(s.op, platformUrl);
    const second = await paidOrder();
    // The other process rolls the day up again and moves the version in the same transaction.
    await other.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      await recomputeDay(tx, s.storeId, env.ctx.config.timeZone, '2026-11-01');
      await tx.execute(sql`WITH v AS (${analyticsVersioned.bumpSql}) SELECT pg_notify(${analyticsVersioned.channel}, version::text) FROM v`);
    });
    await expect.poll(async () => (await current(s.merchant, storeUrl)).orders).toBe(2);
    expect(await current(s.merchant, storeUrl)).toMatchObject({ orders: 2, gmv: first.total + second.total });
    expect(await current(s.op, platformUrl)).toMatchObject({ orders: platformBefore.orders + 1, gmv: platformBefore.gmv + second.total });
  });
});
