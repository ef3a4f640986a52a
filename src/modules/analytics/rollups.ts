// Keeping the daily rollups (schema.ts) exact and live. What changes a day marks it dirty, in the transaction that
// commits the change or in the outbox delivery that follows it: a paid order (the outbox's 'order.paid': its paid day
// and the day it was placed), an unpaid order cancelled ('order.cancelled': the day it was placed), a refund paid back
// (refundSucceeded, in the refund's transaction), a batch of product events (the view recorder's flush).
// A mark is appended to analytics_marks, which locks nothing: a batch of outbox messages marks many days one after
// another in its transaction, and two batches (two processes) upserting the same days in different orders deadlocked.
// The scheduler's 'analytics_rollups' sweep, right after the outbox in each tick, first moves the marks into
// analytics_dirty_days (one row per store's day: one statement, in key order, so two movers take rows in the same
// order), then takes dirty days with SKIP LOCKED and recomputes each one whole from the raw rows (rollup-sql.ts) in
// one transaction, then clears its mark. So the lag is one tick after the outbox delivers, a crash loses nothing (a
// mark stays until the rows are written), and recomputing a day any number of times gives the same rows. A mark moved
// while its day is being recomputed waits on that day's row (ON CONFLICT DO UPDATE locks it; DO NOTHING would not
// wait) and is written again after the clear, so the day is recomputed again with what it brought. Each day's
// transaction moves the rollups' version (report-cache.ts): the reports cached in every process are built again
// (answered stale meanwhile, within TRIO_ANALYTICS_STALE_MS). Many days at once (a generated history) are rolled up
// set-based (rollup-build.ts).
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { subscribe, type OutboxMessage } from '../../kernel/outbox.ts';
import { refundSucceeded, type RefundOutcome } from '../payments/hooks.ts';
import { periodOfDate } from './periods.ts';
import { rollupsChanged } from './report-cache.ts';
import { deleteRollups, insertRollups } from './rollup-sql.ts';

/** The zones a store's rows are kept in: its own and the platform's (one when they are the same). */
function zonesSql(platformZone: string) {
  return sql`(select distinct z from unnest(array[coalesce(st.time_zone, ${platformZone}), ${platformZone}]::text[]) as z)`;
}

/** The distinct local days (in the store's zone and the platform's) of the instants `rows` gives as (store_id, at). */
function daysSql(platformZone: string, rows: SQL) {
  return sql`select distinct x.store_id, zone.z as time_zone, (x.at at time zone zone.z)::date as day
    from (${rows}) as x join stores st on st.id = x.store_id cross join lateral ${zonesSql(platformZone)} as zone`;
}

/** Appends marks of the local days of the instants `rows` gives as (store_id, at): takes no lock, waits for nothing. */
function markSql(now: Date, platformZone: string, rows: SQL) {
  return sql`insert into analytics_marks (store_id, time_zone, day, marked_at) select d.*, ${now}::timestamptz from (${daysSql(platformZone, rows)}) as d`;
}

/** Writes days straight into analytics_dirty_days in key order (one statement, so it takes its rows in the movers' order). */
function dirtySql(marks: SQL) {
  return sql`insert into analytics_dirty_days (store_id, time_zone, day, marked_at) select * from (${marks}) as m order by 1, 2, 3
    on conflict (store_id, time_zone, day) do update set marked_at = least(analytics_dirty_days.marked_at, excluded.marked_at)`;
}

/**
 * Moves up to `limit` marks into analytics_dirty_days, one row per day with its first mark's time. Marks another mover
 * holds are skipped. Returns the marks moved.
 */
export async function moveMarks(db: Db, limit: number): Promise<number> {
  const [r] = await queryRows<{ n: number }>(db, sql`with moved as (
      delete from analytics_marks where ctid = any(array(select ctid from analytics_marks limit ${limit} for update skip locked))
      returning store_id, time_zone, day, marked_at),
    dirty as (${dirtySql(sql`select store_id, time_zone, day, min(marked_at) from moved group by 1, 2, 3`)})
    select count(*)::int as n from moved`);
  return r.n;
}

/** Marks the local days (in the store's zone and the platform's) of the instants `rows` gives as (store_id, at). */
export async function markDays(tx: Db, now: Date, platformZone: string, rows: SQL) {
  await tx.execute(markSql(now, platformZone, rows));
}

/** The paid order's day is dirty, and the day it was placed (the funnel's orders). */
export async function markPaidOrder(tx: Db, now: Date, platformZone: string, orderId: string) {
  await tx.execute(markSql(now, platformZone, sql`select store_id, paid_at as at from orders where id = ${orderId} and paid_at is not null
    union select store_id, created_at from orders where id = ${orderId}`));
}

/** A cancelled unpaid order: the day it was placed is dirty (it counts in the funnel's placed orders). */
export async function markCancelledOrder(tx: Db, now: Date, platformZone: string, orderId: string) {
  await tx.execute(markSql(now, platformZone, sql`select store_id, created_at as at from orders where id = ${orderId} and state = 'cancelled'`));
}

/** The day a refund of an order succeeded is dirty. */
export async function markRefund(tx: Db, now: Date, platformZone: string, refundId: string) {
  await tx.execute(markSql(now, platformZone, sql`select store_id, succeeded_at as at from refunds
    where id = ${refundId} and state = 'succeeded' and store_id is not null and order_id is not null`));
}

/** The days of a batch of product events (views, clicks, exposures, add-to-carts) are dirty (one statement per batch). */
export async function markViews(db: Db, now: Date, platformZone: string, views: readonly { storeId: string; at: Date }[]) {
  if (!views.length) return;
  const rows = JSON.stringify(views.map((v) => ({ store_id: v.storeId, at: v.at.toISOString() })));
  await db.execute(markSql(now, platformZone, sql`select * from jsonb_to_recordset(${rows}::jsonb) as v(store_id uuid, at timestamptz)`));
}

/**
 * Marks every day that has anything to roll up (paid orders, succeeded refunds, views), optionally only from
 * `since`: to build the rollups of data written before them (history generated, a restored dump). Returns the marks.
 */
export async function markAllDays(ctx: Ctx, since?: Date, storeId?: string): Promise<number> {
  const from = since ?? new Date(0);
  const mine = storeId ? sql` and store_id = ${storeId}` : sql``;
  const rows = sql`select store_id, paid_at as at from orders where paid_at >= ${from}${mine}
    union select store_id, created_at from orders where (paid_at is not null or state = 'cancelled') and created_at >= ${from}${mine}
    union select store_id, succeeded_at from refunds where state = 'succeeded' and store_id is not null and order_id is not null and succeeded_at >= ${from}${mine}
    union select store_id, at from product_views where at >= ${from}${mine}`;
  const days = sql`select d.*, ${ctx.clock.now()}::timestamptz from (${daysSql(ctx.config.timeZone, rows)}) as d`;
  const res = await queryRows<{ n: number }>(ctx.db, sql`with m as (${dirtySql(days)} returning 1) select count(*)::int as n from m`);
  return Number(res[0].n);
}

/**
 * Orders paid before the rollups existed (a database from before them, restored or upgraded): when there is no rollup
 * row and no mark yet but paid orders, every day is marked once, and the scheduler builds the rollups. Called at start;
 * two processes starting at once mark the same days, which changes nothing.
 */
export async function backfillRollups(ctx: Ctx): Promise<number> {
  const [r] = await queryRows<{ built: boolean; paid: boolean }>(ctx.db, sql`select
    exists (select 1 from analytics_channel_days) or exists (select 1 from analytics_dirty_days) or exists (select 1 from analytics_marks) as built, exists (select 1 from orders where paid_at is not null) as paid`);
  if (r.built || !r.paid) return 0;
  return markAllDays(ctx);
}

/** Marks moved by one statement (a burst of 10,000 paid orders writes up to 40,000). */
const MOVE_BATCH = 10_000;

/** Moves every mark written so far into analytics_dirty_days, a batch at a time. Returns the marks moved. */
export async function moveAllMarks(db: Db): Promise<number> {
  let moved = 0;
  let n: number;
  do {
    n = await moveMarks(db, MOVE_BATCH);
    moved += n;
  } while (n === MOVE_BATCH);
  return moved;
}

/** Recomputes one store's day in one zone from the raw rows: its rows are deleted and written again. */
export async function recomputeDay(tx: Db, storeId: string, timeZone: string, day: string) {
  const p = periodOfDate(day, 'day', timeZone);
  if (!p) throw new Error(`analytics: ${day} is not a date`);
  await deleteRollups(tx, storeId, timeZone, day);
  await insertRollups(tx, { rows: sql`select ${storeId}::uuid as store_id, ${timeZone}::text as time_zone, ${day}::date as day`, from: p.start, to: p.end, storeId });
}

/**
 * The scheduler's sweep: moves the marks written since the last one, then recomputes up to `limit` dirty days, oldest mark first, each in its own transaction that takes the mark with
 * SKIP LOCKED (another process recomputing it moves on) and clears it with the new rows.
 */
export async function sweepRollups(ctx: Ctx, limit: number, lane?: { k: number; of: number }): Promise<number> {
  await moveAllMarks(ctx.db);
  // Sweeps side by side (a big backfill) each take their own lane of the marks.
  const mine = lane && lane.of > 1 ? sql`where mod(abs(hashtext(store_id::text || day::text)), ${lane.of}) = ${lane.k}` : sql``;
  const due = await queryRows<{ storeId: string; timeZone: string; day: string }>(ctx.db, sql`
    select store_id as "storeId", time_zone as "timeZone", day::text as day from analytics_dirty_days ${mine} order by marked_at limit ${limit}`);
  let done = 0;
  for (const d of due) {
    const did = await inTransaction(ctx, async (tx) => {
      const [mark] = await queryRows<{ one: number }>(tx, sql`select 1 as one from analytics_dirty_days
        where store_id = ${d.storeId} and time_zone = ${d.timeZone} and day = ${d.day}::date for update skip locked`);
      if (!mark) return false;
      // A mark in a zone the store no longer reports in (its zone changed since): its rows go, nothing is rebuilt.
      const [zone] = await queryRows<{ kept: boolean }>(tx, sql`select ${d.timeZone}::text in (coalesce(time_zone, ${ctx.config.timeZone}), ${ctx.config.timeZone}) as kept
        from stores where id = ${d.storeId}`);
      if (zone?.kept) await recomputeDay(tx, d.storeId, d.timeZone, d.day);
      else await deleteRollups(tx, d.storeId, d.timeZone, d.day);
      await tx.execute(sql`delete from analytics_dirty_days where store_id = ${d.storeId} and time_zone = ${d.timeZone} and day = ${d.day}::date`);
      await rollupsChanged(tx);
      return true;
    });
    if (did) done++;
  }
  return done;
}

let hookCtx: Ctx | null = null;
const onPaid = (msg: OutboxMessage, tx: Db) => markPaidOrder(tx, hookCtx!.clock.now(), hookCtx!.config.timeZone, String(msg.payload.orderId));
const onCancelled = (msg: OutboxMessage, tx: Db) => markCancelledOrder(tx, hookCtx!.clock.now(), hookCtx!.config.timeZone, String(msg.payload.orderId));
const onRefunded = (tx: Db, r: RefundOutcome) => (hookCtx && r.orderId && r.storeId ? markRefund(tx, hookCtx.clock.now(), hookCtx.config.timeZone, r.refundId) : Promise.resolve());
let refundsFollowed = false;

/** Wires the marks to the outbox and the refunds (app.ts; the latest app's clock and settings). */
export function followForAnalytics(ctx: Ctx) {
  hookCtx = ctx;
  subscribe('order.paid', onPaid);
  subscribe('order.cancelled', onCancelled);
  if (!refundsFollowed) {
    refundSucceeded.on(onRefunded);
    refundsFollowed = true;
  }
}
