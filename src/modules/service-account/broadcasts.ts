// Broadcasts: a merchant writes a message (or an article: a title, a text and cards of its products) to its followers
// (all, or a segment by the followers list's filters), now or at a send time (scheduled: the scheduler starts it when
// due; it can be cancelled until then). Starting one fixes its audience as one delivery row per follower (the key:
// each follower once); the scheduler writes them into the inboxes in batches (sweepBroadcasts), skipping the
// followers who muted the store's broadcasts or unfollowed since, and those who already had
// TRIO_BROADCAST_MONTHLY_QUOTA broadcasts from the store in the broadcast's calendar month (in the store's time zone):
// counted as over quota and done, never kept waiting. The count is taken under the buyer's inbox lock (the one
// writeMessage takes), so two broadcasts delivered at once cannot both take a follower's last place. A crash loses
// nothing: a delivery row is done in the transaction that writes its inbox message.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { periodOf } from '../analytics/periods.ts';
import { followersIn } from './follows.ts';
import { writeMessage } from './inbox.ts';
import type { BroadcastSegment, BroadcastState } from './schema.ts';

export type BroadcastKind = 'broadcast' | 'article';
export type BroadcastInput = { kind?: BroadcastKind; title: string; body: string; productIds?: string[]; segment: BroadcastSegment; sendAt?: string | null };
export type BroadcastView = {
  id: string; kind: BroadcastKind; productIds: string[]; title: string; body: string; segment: BroadcastSegment; status: BroadcastState;
  audience: number; delivered: number; skipped: number; overQuota: number; sendAt: string | null; createdAt: string; finishedAt: string | null; cancelledAt: string | null;
};
export type QuotaView = { month: string; quota: number; used: number; remaining: number };

type Row = Omit<BroadcastView, 'createdAt' | 'finishedAt' | 'sendAt' | 'cancelledAt' | 'audience' | 'delivered' | 'skipped' | 'overQuota'> & {
  audience: number | string; delivered: number | string; skipped: number | string; overQuota: number | string;
  createdAt: Date | string; finishedAt: Date | string | null; sendAt: Date | string | null; cancelledAt: Date | string | null;
};
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const view = (r: Row): BroadcastView => ({
  ...r, audience: Number(r.audience), delivered: Number(r.delivered), skipped: Number(r.skipped), overQuota: Number(r.overQuota),
  createdAt: new Date(r.createdAt).toISOString(), finishedAt: iso(r.finishedAt), sendAt: iso(r.sendAt), cancelledAt: iso(r.cancelledAt),
});
const columns = sql`id, kind, product_ids as "productIds", title, body, segment, status, audience, delivered, skipped, over_quota as "overQuota",
  send_at as "sendAt", created_at as "createdAt", finished_at as "finishedAt", cancelled_at as "cancelledAt"`;

/** The zone a store's calendar months are counted in: its own, else the platform's. */
async function storeZone(ctx: Ctx, db: Db, storeId: string): Promise<string> {
  const [s] = await queryRows<{ tz: string | null }>(db, sql`select time_zone as tz from stores where id = ${storeId}`);
  return s?.tz ?? ctx.config.timeZone;
}

/**
 * The month's quota per follower, and the broadcasts the store started this month (in its time zone): a follower who
 * got every one of them has `remaining` left this month.
 */
export async function quotaOf(ctx: Ctx, db: Db, storeId: string): Promise<QuotaView> {
  const month = periodOf(ctx.clock.now(), 'month', await storeZone(ctx, db, storeId));
  const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from broadcasts
    where store_id = ${storeId} and status in ('sending', 'sent') and coalesce(send_at, created_at) >= ${month.start} and coalesce(send_at, created_at) < ${month.end}`);
  const quota = Math.max(0, ctx.config.broadcastMonthlyQuota);
  const used = Number(row?.n ?? 0);
  return { month: month.label, quota, used, remaining: Math.max(0, quota - used) };
}

/** How many followers a segment has now (shown before sending). */
export async function audienceOf(ctx: Ctx, storeId: string, segment: BroadcastSegment): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(ctx.db, sql`select count(*) as n ${followersIn(storeId, segment, ctx.clock.now())}`);
  return Number(row?.n ?? 0);
}

/** SQL: the delivery rows of a broadcast starting now (the followers in its segment); answers how many. */
async function fixAudience(tx: Db, id: string, storeId: string, segment: BroadcastSegment, now: Date): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(tx, sql`
    with d as (insert into broadcast_deliveries (broadcast_id, store_id, buyer_id)
      select ${id}, f.store_id, f.buyer_id ${followersIn(storeId, segment, now)} on conflict do nothing returning 1)
    select count(*) as n from d`);
  return Number(row?.n ?? 0);
}

/**
 * Writes a broadcast: sent now (its audience fixed as one delivery row per follower in the segment), or scheduled for
 * `sendAt` (its audience is fixed when it starts). 422 broadcast_audience_empty when nobody would get it now;
 * article_product_not_found for a card of another store's product.
 */
export async function createBroadcast(ctx: Ctx, tx: Db, actor: Actor, storeId: string, input: BroadcastInput): Promise<BroadcastView> {
  const kind = input.kind ?? 'broadcast';
  const productIds = kind === 'article' ? [...new Set(input.productIds ?? [])] : [];
  if (kind === 'article' && productIds.length) {
    // Cards of the store's own catalog only (their prices are read live when the article is read).
    const [own] = await queryRows<{ n: number | string }>(tx, sql`select count(*) as n from products where store_id = ${storeId} and id = any(${pgArray(productIds)}::uuid[])`);
    if (Number(own?.n ?? 0) !== productIds.length) throw new Invalid('article_product_not_found', 'An article shows products of this store only: choose among its products.');
  }
  const id = randomUUID();
  const now = ctx.clock.now();
  const sendAt = input.sendAt ? new Date(input.sendAt) : null;
  const scheduled = !!sendAt && sendAt.getTime() > now.getTime();
  const segment = Object.fromEntries(Object.entries(input.segment).filter(([, v]) => v !== undefined && v !== null)) as BroadcastSegment;
  const audience = scheduled ? await audienceOf({ ...ctx, db: tx }, storeId, segment) : await fixAudience(tx, id, storeId, segment, now);
  if (!audience) throw new Invalid('broadcast_audience_empty', 'No follower is in this segment: nobody would get the broadcast.');
  const [b] = await queryRows<Row>(tx, sql`
    insert into broadcasts (id, store_id, kind, product_ids, title, body, segment, status, send_at, audience, created_by, created_at)
    values (${id}, ${storeId}, ${kind}, ${pgArray(productIds)}::uuid[], ${input.title}, ${input.body}, ${JSON.stringify(segment)}::jsonb, ${scheduled ? 'scheduled' : 'sending'},
      ${scheduled ? sendAt : now}, ${audience}, ${actor.kind === 'user' ? actor.userId : null}, ${now})
    returning ${columns}`);
  await recordAudit(tx, actor, { action: 'service.broadcast_sent', entityType: 'broadcast', entityId: id, storeId, after: { kind, title: input.title, productIds, segment, audience, sendAt: scheduled ? sendAt!.toISOString() : null } }, now);
  return view(b);
}

/** Cancels a scheduled broadcast before it starts. 409 broadcast_not_cancellable once it started (or was cancelled). Audited. */
export async function cancelBroadcast(ctx: Ctx, actor: Actor, storeId: string, id: string): Promise<BroadcastView> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [b] = await queryRows<Row>(tx, sql`update broadcasts set status = 'cancelled', cancelled_at = ${now}
      where id = ${id} and store_id = ${storeId} and status = 'scheduled' returning ${columns}`);
    if (!b) {
      const [other] = await queryRows<{ status: BroadcastState }>(tx, sql`select status from broadcasts where id = ${id} and store_id = ${storeId}`);
      if (!other) throw new NotFound('broadcast');
      throw new Conflict('broadcast_not_cancellable', 'This broadcast has started: only a scheduled one can be cancelled.', { broadcastStatus: other.status });
    }
    await recordAudit(tx, actor, { action: 'service.broadcast_cancelled', entityType: 'broadcast', entityId: id, storeId, before: { status: 'scheduled' }, after: { status: 'cancelled' } }, now);
    return view(b);
  });
}

/**
 * Scheduler: scheduled broadcasts whose send time came start (their audience fixed now, as when sent at once), one
 * per transaction, rows taken with SKIP LOCKED. A segment nobody is in any more finishes it at once.
 */
export async function sweepScheduledBroadcasts(ctx: Ctx, limit: number): Promise<number> {
  let n = 0;
  for (; n < limit; n++) {
    const started = await inTransaction(ctx, async (tx) => {
      const now = ctx.clock.now();
      const [b] = await queryRows<{ id: string; storeId: string; segment: BroadcastSegment }>(tx, sql`
        select id, store_id as "storeId", segment from broadcasts where status = 'scheduled' and send_at <= ${now}
        order by send_at limit 1 for update skip locked`);
      if (!b) return false;
      const audience = await fixAudience(tx, b.id, b.storeId, b.segment, now);
      await tx.execute(sql`update broadcasts set status = ${audience ? 'sending' : 'sent'}, audience = ${audience}, finished_at = ${audience ? null : now} where id = ${b.id}`);
      return true;
    });
    if (!started) break;
  }
  return n;
}

export async function listBroadcasts(ctx: Ctx, storeId: string, limit: number): Promise<{ items: BroadcastView[]; quota: QuotaView }> {
  const [rows, quota] = await Promise.all([
    queryRows<Row>(ctx.db, sql`select ${columns} from broadcasts where store_id = ${storeId} order by created_at desc, id limit ${limit}`),
    quotaOf(ctx, ctx.db, storeId),
  ]);
  return { items: rows.map(view), quota };
}

type Due = { broadcastId: string; storeId: string; buyerId: string; kind: BroadcastKind; title: string; body: string; productIds: string[]; at: Date | string; send: boolean };

/**
 * Scheduler: writes due broadcast deliveries into the inboxes, `limit` per transaction (rows taken with SKIP LOCKED:
 * any number of processes), then counts them on their broadcasts and finishes those with none left.
 */
export function sweepBroadcasts(ctx: Ctx, limit: number): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const rows = await queryRows<Due>(tx, sql`
      select d.broadcast_id as "broadcastId", d.store_id as "storeId", d.buyer_id as "buyerId", b.kind, b.title, b.body, b.product_ids as "productIds",
        coalesce(b.send_at, b.created_at) as at,
        (exists (select 1 from service_follows f where f.store_id = d.store_id and f.buyer_id = d.buyer_id and f.unfollowed_at is null)
          and not exists (select 1 from notice_mutes x where x.store_id = d.store_id and x.buyer_id = d.buyer_id and x.kind = 'broadcast')) as send
      from broadcast_deliveries d join broadcasts b on b.id = d.broadcast_id
      where d.done_at is null order by d.broadcast_id, d.buyer_id limit ${limit} for update of d skip locked`);
    if (!rows.length) return 0;
    const now = ctx.clock.now();
    const received = await receivedThisMonth(ctx, tx, rows.filter((r) => r.send));
    const quota = Math.max(0, ctx.config.broadcastMonthlyQuota);
    const counts = new Map<string, { delivered: number; skipped: number; overQuota: number }>();
    for (const r of rows) {
      const c = counts.get(r.broadcastId) ?? { delivered: 0, skipped: 0, overQuota: 0 };
      counts.set(r.broadcastId, c);
      if (!r.send) {
        c.skipped++;
        continue;
      }
      const key = received.keyOf(r);
      if ((received.counts.get(key) ?? 0) >= quota) {
        c.overQuota++;
        continue;
      }
      const id = await writeMessage(tx, {
        storeId: r.storeId, buyerId: r.buyerId, kind: r.kind,
        payload: { title: r.title, text: r.body, broadcastId: r.broadcastId, ...(r.productIds?.length ? { productIds: r.productIds } : {}) },
        onceKey: `broadcast:${r.broadcastId}`, at: new Date(r.at),
      });
      // Another broadcast to the same follower in this batch sees this one.
      if (id !== null) received.counts.set(key, (received.counts.get(key) ?? 0) + 1);
      c.delivered++;
    }
    await tx.execute(sql`update broadcast_deliveries d set done_at = ${now}
      from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ b: r.broadcastId, u: r.buyerId })))}::jsonb) as x(b uuid, u uuid)
      where d.broadcast_id = x.b and d.buyer_id = x.u`);
    for (const [id, c] of counts) {
      // The counter update waits for another sweep's commit on this broadcast; the check after it then sees its rows.
      await tx.execute(sql`update broadcasts set delivered = delivered + ${c.delivered}, skipped = skipped + ${c.skipped}, over_quota = over_quota + ${c.overQuota} where id = ${id}`);
      await tx.execute(sql`update broadcasts set status = 'sent', finished_at = ${now} where id = ${id} and status = 'sending'
        and not exists (select 1 from broadcast_deliveries where broadcast_id = ${id} and done_at is null)`);
    }
    return rows.length;
  });
}

/**
 * How many broadcasts (and articles) each follower got from the store in the calendar month of each broadcast (the
 * store's time zone), keyed store:buyer:month (keyOf a row). Takes the buyers' inbox locks first (in a fixed order),
 * so the counts stay true until this transaction commits its own messages.
 */
async function receivedThisMonth(ctx: Ctx, tx: Db, rows: Due[]) {
  const counts = new Map<string, number>();
  const months = new Map<string, string>();
  const keyOf = (r: Due) => `${r.storeId}:${r.buyerId}:${months.get(r.broadcastId)}`;
  if (!rows.length) return { counts, keyOf };
  const buyers = [...new Set(rows.map((r) => r.buyerId))].sort();
  await tx.execute(sql`select pg_advisory_xact_lock(7301, hashtext(b::text)) from unnest(${pgArray(buyers)}::uuid[]) as b order by hashtext(b::text), b`);
  const byBroadcast = new Map<string, Due[]>();
  for (const r of rows) byBroadcast.set(r.broadcastId, [...(byBroadcast.get(r.broadcastId) ?? []), r]);
  const zones = new Map<string, string>();
  for (const [broadcastId, list] of byBroadcast) {
    const storeId = list[0].storeId;
    if (!zones.has(storeId)) zones.set(storeId, await storeZone(ctx, tx, storeId));
    const month = periodOf(new Date(list[0].at), 'month', zones.get(storeId)!);
    months.set(broadcastId, month.label);
    const counted = await queryRows<{ buyerId: string; n: number | string }>(tx, sql`
      select buyer_id as "buyerId", count(*) as n from inbox_messages
      where store_id = ${storeId} and buyer_id = any(${pgArray(list.map((r) => r.buyerId))}::uuid[]) and kind in ('broadcast', 'article')
        and created_at >= ${month.start} and created_at < ${month.end}
      group by buyer_id`);
    for (const c of counted) counts.set(`${storeId}:${c.buyerId}:${month.label}`, Number(c.n));
  }
  return { counts, keyOf };
}
