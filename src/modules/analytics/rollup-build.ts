// Building the rollups of many marked days at once (a history just generated, a restored dump): instead of one
// transaction per store's day (the scheduler's sweep), the marks are taken a window of days at a time and each window
// is rolled up set-based, one INSERT ... SELECT ... GROUP BY per rollup table over its raw rows, in one transaction
// that takes its marks with SKIP LOCKED (a sweep or another build working beside it takes the others) and clears them
// with the new rows. The SQL is the sweep's (rollup-sql.ts), so the rows are the ones the sweep would write. Marks
// this leaves (a zone the store no longer reports in, a mark locked by someone else) go to the sweep at the end.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { rollupsChanged } from './report-cache.ts';
import { deleteMarkedRollups, insertRollups } from './rollup-sql.ts';
import { moveAllMarks, sweepRollups } from './rollups.ts';

const DAY_MS = 86_400_000;
/** A local day starts at most 14 hours before, and ends at most 12 after, the UTC day of the same date: two days either side cover any zone. */
const ZONE_MARGIN_MS = 2 * DAY_MS;

/** Rolls up the marked days in [from, to) (dates), kept zones only, in one transaction. Returns the days rolled up. */
export async function rollUpWindow(ctx: Ctx, from: string, to: string): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    await tx.execute(sql`create temp table rollup_marks (store_id uuid not null, time_zone text not null, day date not null, primary key (store_id, time_zone, day)) on commit drop`);
    const taken = await queryRows<{ n: number }>(tx, sql`with t as (insert into rollup_marks
        select d.store_id, d.time_zone, d.day from analytics_dirty_days d join stores st on st.id = d.store_id
        where d.day >= ${from}::date and d.day < ${to}::date and d.time_zone in (coalesce(st.time_zone, ${ctx.config.timeZone}), ${ctx.config.timeZone})
        for update of d skip locked returning 1) select count(*)::int as n from t`);
    const n = taken[0].n;
    if (n) {
      await tx.execute(sql`analyze rollup_marks`);
      const marks = sql`select store_id, time_zone, day from rollup_marks`;
      await deleteMarkedRollups(tx, marks);
      await insertRollups(tx, { rows: marks, from: new Date(Date.parse(`${from}T00:00:00Z`) - ZONE_MARGIN_MS), to: new Date(Date.parse(`${to}T00:00:00Z`) + ZONE_MARGIN_MS) });
      await tx.execute(sql`delete from analytics_dirty_days d using rollup_marks m where d.store_id = m.store_id and d.time_zone = m.time_zone and d.day = m.day`);
      await rollupsChanged(tx);
    }
    return n;
  });
}

/**
 * Rolls up every marked day: windows of `windowDays` consecutive dates, `parallel` at once, then the sweep for what
 * is left. Returns the store-days rolled up.
 */
export async function buildMarkedRollups(ctx: Ctx, opts: { windowDays?: number; parallel?: number; onProgress?: (days: number) => void } = {}): Promise<number> {
  await moveAllMarks(ctx.db as Db);
  const [range] = await queryRows<{ first: string | null; last: string | null }>(ctx.db as Db, sql`select min(day)::text as first, max(day)::text as last from analytics_dirty_days`);
  let done = 0;
  if (range.first && range.last) {
    const step = (opts.windowDays ?? 31) * DAY_MS;
    const windows: [string, string][] = [];
    for (let t = Date.parse(`${range.first}T00:00:00Z`); t <= Date.parse(`${range.last}T00:00:00Z`); t += step) {
      windows.push([new Date(t).toISOString().slice(0, 10), new Date(t + step).toISOString().slice(0, 10)]);
    }
    const worker = async () => {
      for (let w = windows.shift(); w; w = windows.shift()) {
        const n = await rollUpWindow(ctx, w[0], w[1]); // (`done += await ...` would add to the total read before the wait)
        done += n;
        opts.onProgress?.(done);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.parallel ?? 1) }, worker));
  }
  for (let n = await sweepRollups(ctx, 200); n; n = await sweepRollups(ctx, 200)) {
    done += n;
    opts.onProgress?.(done);
  }
  return done;
}
