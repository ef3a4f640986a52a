// Broadcasts: a merchant writes a message (or an article: a title, a text and cards of its products) to its followers (all, or a segment by the followers list's filters). The
// platform allows a store TRIO_BROADCAST_MONTHLY_QUOTA broadcasts per calendar month (in TRIO_TIME_ZONE); writing one
// takes the store's broadcast lock, counts the month's broadcasts and refuses past the quota, so two written at once
// cannot both pass the last place. The audience is fixed in that transaction as one delivery row per follower (the
// key: each follower once); the scheduler writes them into the inboxes in batches (sweepBroadcasts), skipping the
// followers who muted the store's broadcasts or unfollowed since, and finishes the broadcast when none is left. A
// crash loses nothing: a delivery row is done in the transaction that writes its inbox message.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pgArray, queryRows, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid } from '../../kernel/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { periodOf } from '../analytics/periods.ts';
import { followersIn } from './follows.ts';
import { writeMessage } from './inbox.ts';
import type { BroadcastSegment } from './schema.ts';

export type BroadcastKind = 'broadcast' | 'article';
export type BroadcastInput = { kind?: BroadcastKind; title: string; body: string; productIds?: string[]; segment: BroadcastSegment };
export type BroadcastView = {
  id: string; kind: BroadcastKind; productIds: string[]; title: string; body: string; segment: BroadcastSegment; status: 'sending' | 'sent';
  audience: number; delivered: number; skipped: number; createdAt: string; finishedAt: string | null;
};
export type QuotaView = { month: string; quota: number; used: number; remaining: number };

type Row = Omit<BroadcastView, 'createdAt' | 'finishedAt' | 'audience' | 'delivered' | 'skipped'> & {
  audience: number | string; delivered: number | string; skipped: number | string; createdAt: Date | string; finishedAt: Date | string | null;
};
const view = (r: Row): BroadcastView => ({
  ...r, audience: Number(r.audience), delivered: Number(r.delivered), skipped: Number(r.skipped),
  createdAt: new Date(r.createdAt).toISOString(), finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
});
const columns = sql`id, kind, product_ids as "productIds", title, body, segment, status, audience, delivered, skipped, created_at as "createdAt", finished_at as "finishedAt"`;

/** The store's broadcasts this calendar month against the platform's quota. */
export async function quotaOf(ctx: Ctx, db: Db, storeId: string): Promise<QuotaView> {
  const month = periodOf(ctx.clock.now(), 'month', ctx.config.timeZone);
  const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from broadcasts
    where store_id = ${storeId} and created_at >= ${month.start} and created_at < ${month.end}`);
  const quota = Math.max(0, ctx.config.broadcastMonthlyQuota);
  const used = Number(row?.n ?? 0);
  return { month: month.label, quota, used, remaining: Math.max(0, quota - used) };
}

/** How many followers a segment has now (shown before sending). */
export async function audienceOf(ctx: Ctx, storeId: string, segment: BroadcastSegment): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(ctx.db, sql`select count(*) as n ${followersIn(storeId, segment, ctx.clock.now())}`);
  return Number(row?.n ?? 0);
}

/**
 * Writes a broadcast and its audience (one delivery row per follower in the segment), within the month's quota.
 * 409 broadcast_quota_reached past it; 422 broadcast_audience_empty when nobody would get it (no quota spent).
 */
export async function createBroadcast(ctx: Ctx, tx: Db, actor: Actor, storeId: string, input: BroadcastInput): Promise<BroadcastView> {
  // One writer of the store's broadcasts at a time: the count below sees every broadcast committed before it.
  await tx.execute(sql`select pg_advisory_xact_lock(7302, hashtext(${storeId}::text))`);
  const q = await quotaOf(ctx, tx, storeId);
  if (q.remaining <= 0) {
    throw new Conflict('broadcast_quota_reached', `This store has sent its ${q.quota} broadcasts for ${q.month}; the next month opens new ones.`, { ...q });
  }
  const kind = input.kind ?? 'broadcast';
  const productIds = kind === 'article' ? [...new Set(input.productIds ?? [])] : [];
  if (kind === 'article' && productIds.length) {
    // Cards of the store's own catalog only (their prices are read live when the article is read).
    const [own] = await queryRows<{ n: number | string }>(tx, sql`select count(*) as n from products where store_id = ${storeId} and id = any(${pgArray(productIds)}::uuid[])`);
    if (Number(own?.n ?? 0) !== productIds.length) throw new Invalid('article_product_not_found', 'An article shows products of this store only: choose among its products.');
  }
  const id = randomUUID();
  const now = ctx.clock.now();
  const segment = Object.fromEntries(Object.entries(input.segment).filter(([, v]) => v !== undefined && v !== null)) as BroadcastSegment;
  const [row] = await queryRows<{ n: number | string }>(tx, sql`
    with d as (insert into broadcast_deliveries (broadcast_id, store_id, buyer_id)
      select ${id}, f.store_id, f.buyer_id ${followersIn(storeId, segment, now)} returning 1)
    select count(*) as n from d`);
  const audience = Number(row?.n ?? 0);
  if (!audience) throw new Invalid('broadcast_audience_empty', 'No follower is in this segment: nobody would get the broadcast.');
  const [b] = await queryRows<Row>(tx, sql`
    insert into broadcasts (id, store_id, kind, product_ids, title, body, segment, status, audience, created_by, created_at)
    values (${id}, ${storeId}, ${kind}, ${pgArray(productIds)}::uuid[], ${input.title}, ${input.body}, ${JSON.stringify(segment)}::jsonb, 'sending', ${audience}, ${actor.kind === 'user' ? actor.userId : null}, ${now})
    returning ${columns}`);
  await recordAudit(tx, actor, { action: 'service.broadcast_sent', entityType: 'broadcast', entityId: id, storeId, after: { kind, title: input.title, productIds, segment, audience } }, now);
  return view(b);
}

export async function listBroadcasts(ctx: Ctx, storeId: string, limit: number): Promise<{ items: BroadcastView[]; quota: QuotaView }> {
  const [rows, quota] = await Promise.all([
    queryRows<Row>(ctx.db, sql`select ${columns} from broadcasts where store_id = ${storeId} order by created_at desc, id limit ${limit}`),
    quotaOf(ctx, ctx.db, storeId),
  ]);
  return { items: rows.map(view), quota };
}

/**
 * Scheduler: writes due broadcast deliveries into the inboxes, `limit` per transaction (rows taken with SKIP LOCKED:
 * any number of processes), then counts them on their broadcasts and finishes those with none left.
 */
export function sweepBroadcasts(ctx: Ctx, limit: number): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const rows = await queryRows<{ broadcastId: string; storeId: string; buyerId: string; kind: BroadcastKind; title: string; body: string; productIds: string[]; createdAt: Date | string; send: boolean }>(tx, sql`
      select d.broadcast_id as "broadcastId", d.store_id as "storeId", d.buyer_id as "buyerId", b.kind, b.title, b.body, b.product_ids as "productIds", b.created_at as "createdAt",
        (exists (select 1 from service_follows f where f.store_id = d.store_id and f.buyer_id = d.buyer_id and f.unfollowed_at is null)
          and not exists (select 1 from notice_mutes x where x.store_id = d.store_id and x.buyer_id = d.buyer_id and x.kind = 'broadcast')) as send
      from broadcast_deliveries d join broadcasts b on b.id = d.broadcast_id
      where d.done_at is null order by d.broadcast_id, d.buyer_id limit ${limit} for update of d skip locked`);
    if (!rows.length) return 0;
    const now = ctx.clock.now();
    const counts = new Map<string, { delivered: number; skipped: number }>();
    for (const r of rows) {
      const c = counts.get(r.broadcastId) ?? { delivered: 0, skipped: 0 };
      counts.set(r.broadcastId, c);
      if (!r.send) {
        c.skipped++;
        continue;
      }
      await writeMessage(tx, {
        storeId: r.storeId, buyerId: r.buyerId, kind: r.kind,
        payload: { title: r.title, text: r.body, broadcastId: r.broadcastId, ...(r.productIds?.length ? { productIds: r.productIds } : {}) },
        onceKey: `broadcast:${r.broadcastId}`, at: new Date(r.createdAt),
      });
      c.delivered++;
    }
    await tx.execute(sql`update broadcast_deliveries d set done_at = ${now}
      from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ b: r.broadcastId, u: r.buyerId })))}::jsonb) as x(b uuid, u uuid)
      where d.broadcast_id = x.b and d.buyer_id = x.u`);
    for (const [id, c] of counts) {
      // The counter update waits for another sweep's commit on this broadcast; the check after it then sees its rows.
      await tx.execute(sql`update broadcasts set delivered = delivered + ${c.delivered}, skipped = skipped + ${c.skipped} where id = ${id}`);
      await tx.execute(sql`update broadcasts set status = 'sent', finished_at = ${now} where id = ${id} and status = 'sending'
        and not exists (select 1 from broadcast_deliveries where broadcast_id = ${id} and done_at is null)`);
    }
    return rows.length;
  });
}
