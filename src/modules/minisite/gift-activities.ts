// Cooperation gifts (M6): a store's gift activity for a linked mini-site, and the gifts the mini-site's server sends
// from it. They run on the gifting engine (gifts/send.ts sendPoolGift, the same claim page, address rules and hidden
// price). Who pays: nobody — a cooperation gift is the store's free gift (source merchant, as the console's free
// gifts), taken from the activity's pool, which was taken from the SKUs' stock when the activity was made and goes
// back to them when it ends or is closed. An unclaimed gift that expires gives its units back to the pool (or to the
// SKU once the activity finished: gifts/lifecycle.ts).
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { pgArray, queryRows, together, type Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { buyerByEmail } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { moveStock, skuFacts } from '../catalog/index.ts';
import { sendPoolGift } from '../gifts/send.ts';
import { gifts } from '../gifts/schema.ts';
import { messageLength, MESSAGE_MAX } from '../gifts/rules.ts';
import { giftToken, sharePath } from '../gifts/tokens.ts';
import { lockActivityShared, takeFromPool } from './gift-activity-pool.ts';
import { activityMachine, OPEN_ACTIVITY_STATES, stateAt, type ActivityEvent } from './gift-activity-rules.ts';
import { giftActivities, giftActivityItems, miniSiteGiftRequests, type ActivityState, type ActivityTitle } from './gift-activity-schema.ts';
import { isLinked, type MiniSiteIdentity } from './reads.ts';

type ActivityRow = typeof giftActivities.$inferSelect;
type GiftRow = typeof gifts.$inferSelect;

export type ActivityInput = { miniSiteId: string; title: ActivityTitle; startsAt: string; endsAt: string; items: { skuId: string; pool: number }[] };

export type ActivityView = {
  id: string; storeId: string; storeName: string; miniSiteId: string; miniSiteName: string; title: ActivityTitle; state: ActivityState;
  startsAt: string; endsAt: string; createdAt: string; finishedAt: string | null;
  pool: number; remaining: number; giftsSent: number; giftsClaimed: number;
  items: { productId: string; skuId: string; title: string; attrs: Record<string, string>; price: number; currency: string; pool: number; remaining: number; returned: number }[];
};

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const notLinked = () => new Forbidden('This mini-site is not linked to the store (the link ended or never was): no cooperation gifts until it is linked again.', 'not_linked');
const notFound = (activityId: string) => new NotFound('gift_activity', { activityId });

/** Activities as the store and the mini-site see them (both see the same: no buyer's data is in them). */
async function views(db: Db, rows: ActivityRow[], now: Date): Promise<ActivityView[]> {
  if (!rows.length) return [];
  const ids = rows.map((a) => a.id);
  const [items, counts, names] = await together(db, [
    () => queryRows<ActivityView['items'][number] & { activityId: string; price: number | string }>(db, sql`
      select i.activity_id as "activityId", i.product_id as "productId", i.sku_id as "skuId", p.title, s.attrs, s.price, s.currency, i.pool, i.remaining, i.returned
      from gift_activity_items i join skus s on s.id = i.sku_id join products p on p.id = i.product_id
      where i.activity_id = any(${pgArray(ids)}::uuid[]) order by p.title, s.attrs_key, s.id`),
    () => queryRows<{ activityId: string; sent: number; claimed: number }>(db, sql`
      select activity_id as "activityId", count(*)::int as sent, count(*) filter (where state = 'claimed')::int as claimed
      from gifts where activity_id = any(${pgArray(ids)}::uuid[]) group by activity_id`),
    () => queryRows<{ id: string; name: string; kind: 'store' | 'site' }>(db, sql`
      select id, name, 'store' as kind from stores where id = any(${pgArray([...new Set(rows.map((a) => a.storeId))])}::uuid[])
      union all select id, name, 'site' from mini_sites where id = any(${pgArray([...new Set(rows.map((a) => a.miniSiteId))])}::uuid[])`),
  ]);
  const nameOf = (id: string) => names.find((n) => n.id === id)?.name ?? '';
  return rows.map((a) => {
    const mine = items.filter((i) => i.activityId === a.id).map(({ activityId: _, ...i }) => ({ ...i, price: Number(i.price) }));
    const c = counts.find((x) => x.activityId === a.id);
    return {
      id: a.id, storeId: a.storeId, storeName: nameOf(a.storeId), miniSiteId: a.miniSiteId, miniSiteName: nameOf(a.miniSiteId), title: a.title,
      state: stateAt(a.state, a.startsAt, a.endsAt, now), startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(), createdAt: a.createdAt.toISOString(),
      finishedAt: iso(a.finishedAt), pool: mine.reduce((s, i) => s + i.pool, 0), remaining: mine.reduce((s, i) => s + i.remaining, 0),
      giftsSent: c?.sent ?? 0, giftsClaimed: c?.claimed ?? 0, items: mine,
    };
  });
}

// ---------------------------------------------------------------- the store's side

export async function listActivities(ctx: Ctx, storeId: string): Promise<ActivityView[]> {
  const rows = await ctx.db.select().from(giftActivities).where(eq(giftActivities.storeId, storeId)).orderBy(desc(giftActivities.createdAt)).limit(200);
  return views(ctx.db, rows, ctx.clock.now());
}

export async function storeActivity(ctx: Ctx, storeId: string, activityId: string): Promise<ActivityView> {
  const [a] = await ctx.db.select().from(giftActivities).where(and(eq(giftActivities.id, activityId), eq(giftActivities.storeId, storeId)));
  if (!a) throw notFound(activityId);
  return (await views(ctx.db, [a], ctx.clock.now()))[0];
}

/** The merchant makes an activity for a linked mini-site: its pool is taken from the SKUs now (stock flows 'gift_activity'). */
export async function createActivity(ctx: Ctx, tx: Db, actor: Actor, storeId: string, input: ActivityInput): Promise<ActivityView> {
  const now = ctx.clock.now();
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (!(endsAt.getTime() > startsAt.getTime() && endsAt.getTime() > now.getTime())) {
    throw new Invalid('activity_window_invalid', 'An activity ends after it starts, and in the future.', { startsAt: input.startsAt, endsAt: input.endsAt });
  }
  if (!input.title.en && !input.title.zh && !input.title.vi) throw new Invalid('activity_title_required', 'Give the activity a title in at least one language.');
  const skuIds = input.items.map((i) => i.skuId);
  if (new Set(skuIds).size !== skuIds.length) throw new Invalid('activity_sku_duplicate', 'Each SKU appears once in an activity: give its whole pool on one line.');
  if (!(await isLinked(tx, input.miniSiteId, storeId))) throw notLinked();
  const facts = await skuFacts(tx, skuIds, 'mini_site');
  for (const skuId of skuIds) {
    const f = facts.get(skuId);
    if (!f || f.storeId !== storeId) throw new NotFound('sku', { skuId });
    if (!f.onSale) throw new Conflict('product_not_on_sale', 'This product is not on sale: list it before giving it away.', { skuId, productId: f.productId });
  }
  const state: ActivityState = startsAt.getTime() <= now.getTime() ? activityMachine.transition('scheduled', 'start') : 'scheduled';
  const [a] = await tx.insert(giftActivities).values({
    storeId, miniSiteId: input.miniSiteId, title: input.title, state, startsAt, endsAt, createdBy: actor.kind === 'user' ? actor.userId : null, createdAt: now, updatedAt: now,
  }).returning();
  await tx.insert(giftActivityItems).values(input.items.map((i) => ({
    activityId: a.id, storeId, productId: facts.get(i.skuId)!.productId, skuId: i.skuId, pool: i.pool, remaining: i.pool,
  })));
  // SKUs in id order, as every statement that locks several SKUs does (no deadlock with checkouts).
  for (const i of [...input.items].sort((x, y) => (x.skuId < y.skuId ? -1 : 1))) {
    await moveStock(tx, now, actor.kind === 'user' ? actor.userId : null, storeId, i.skuId, { op: 'subtract', quantity: i.pool, reason: 'gift_activity', note: `gift activity ${a.id}: pool taken` });
  }
  const [view] = await views(tx, [a], now);
  await recordAudit(tx, actor, { action: 'gift_activity.create', entityType: 'gift_activity', entityId: a.id, storeId, summary: titleIn(a.title, 'en'), before: null, after: { ...view } }, now);
  return view;
}

/** Ends or closes the activity (row locked by the caller): its remaining pool goes back to the SKUs. */
async function finish(tx: Db, now: Date, a: ActivityRow, event: Extract<ActivityEvent, 'end' | 'close'>, actorId: string | null) {
  const to = activityMachine.transition(a.state, event);
  await tx.update(giftActivities).set({ state: to, finishedAt: now, updatedAt: now }).where(eq(giftActivities.id, a.id));
  const back = await queryRows<{ skuId: string; units: number }>(tx, sql`
    update gift_activity_items i set returned = i.returned + old.remaining, remaining = 0
    from (select sku_id, remaining from gift_activity_items where activity_id = ${a.id} and remaining > 0 order by sku_id for update) old
    where i.activity_id = ${a.id} and i.sku_id = old.sku_id
    returning i.sku_id as "skuId", old.remaining as units`);
  for (const b of back.sort((x, y) => (x.skuId < y.skuId ? -1 : 1))) {
    await moveStock(tx, now, actorId, a.storeId, b.skuId, { op: 'add', quantity: Number(b.units), reason: 'gift_activity', note: `gift activity ${a.id} ${to}: pool given back` });
  }
  return to;
}

/** The merchant closes the activity before its end: no more gifts from it; its pool goes back to the SKUs. */
export async function closeActivity(ctx: Ctx, actor: Actor, storeId: string, activityId: string): Promise<ActivityView> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [a] = await tx.select().from(giftActivities).where(and(eq(giftActivities.id, activityId), eq(giftActivities.storeId, storeId))).for('update');
    if (!a) throw notFound(activityId);
    const [before] = await views(tx, [a], now);
    await finish(tx, now, a, 'close', actor.kind === 'user' ? actor.userId : null);
    const giftsEnded = await endWaitingGifts(tx, now, a.id);
    const [after] = await views(tx, [(await tx.select().from(giftActivities).where(eq(giftActivities.id, activityId)))[0]], now);
    await recordAudit(tx, actor, { action: 'gift_activity.close', entityType: 'gift_activity', entityId: a.id, storeId, summary: titleIn(a.title, 'en'), before: { ...before }, after: { ...after, giftsEnded } }, now);
    return after;
  });
}

/**
 * Closing early ends the activity's gifts nobody has fully claimed: their claim window closes now, and the gifts
 * module's expiry sweep ends them as it ends any gift past its window (claims refused from now on; the units nobody
 * claimed go back to the SKU, as the activity is closed; lottery wins not claimed lapse). Claims already made stay.
 * Gifts already past their window are the sweep's anyway (and may be locked by it: not touched here).
 */
async function endWaitingGifts(tx: Db, now: Date, activityId: string): Promise<number> {
  const rows = await queryRows<{ id: string }>(tx, sql`
    update gifts set expires_at = ${now}, updated_at = ${now}
    where activity_id = ${activityId} and state = 'waiting' and expires_at > ${now} returning id`);
  return rows.length;
}

/** The scheduler's sweep: activities whose start passed become active; those whose end passed end (pool back). */
export async function sweepGiftActivities(ctx: Ctx, limit: number): Promise<number> {
  const now = ctx.clock.now();
  const started = await queryRows<{ id: string }>(ctx.db, sql`
    update gift_activities set state = ${activityMachine.transition('scheduled', 'start')}, updated_at = ${now}
    where id in (select id from gift_activities where state = 'scheduled' and starts_at <= ${now} and ends_at > ${now} limit ${limit} for update skip locked)
    returning id`);
  const due = await queryRows<{ id: string }>(ctx.db, sql`
    select id from gift_activities where ${inArray(giftActivities.state, OPEN_ACTIVITY_STATES)} and ends_at <= ${now} order by ends_at limit ${limit}`);
  let ended = 0;
  for (const d of due) {
    ended += await inTransaction(ctx, async (tx) => {
      const [a] = await tx.select().from(giftActivities)
        .where(and(eq(giftActivities.id, d.id), inArray(giftActivities.state, OPEN_ACTIVITY_STATES), sql`${giftActivities.endsAt} <= ${now}`)).for('update', { skipLocked: true });
      if (!a) return 0;
      await finish(tx, now, a, 'end', null);
      await recordAudit(tx, 'system', { action: 'gift_activity.end', entityType: 'gift_activity', entityId: a.id, storeId: a.storeId, summary: titleIn(a.title, 'en'), before: null, after: null }, now);
      return 1;
    });
  }
  return started.length + ended;
}

/** Gift request ids older than their window (TRIO_MINISITE_GIFT_REQUEST_HOURS) are forgotten, a batch at a time. */
export async function forgetGiftRequests(ctx: Ctx, limit: number): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - ctx.config.miniSiteGiftRequestHours * 3600_000);
  const rows = await queryRows<{ one: number }>(ctx.db, sql`
    delete from mini_site_gift_requests where (mini_site_id, request_id) in (
      select mini_site_id, request_id from mini_site_gift_requests where created_at < ${before} limit ${limit} for update skip locked)
    returning 1 as one`);
  return rows.length;
}

// ---------------------------------------------------------------- the mini-site's server

async function siteActivity(tx: Db, site: MiniSiteIdentity, activityId: string): Promise<ActivityRow> {
  const [a] = await tx.select().from(giftActivities).where(and(eq(giftActivities.id, activityId), eq(giftActivities.miniSiteId, site.id)));
  if (!a) throw notFound(activityId);
  return a;
}

export async function siteActivities(ctx: Ctx, site: MiniSiteIdentity): Promise<ActivityView[]> {
  const rows = await ctx.db.select().from(giftActivities).where(eq(giftActivities.miniSiteId, site.id)).orderBy(desc(giftActivities.createdAt)).limit(200);
  return views(ctx.db, rows, ctx.clock.now());
}

export async function siteActivityView(ctx: Ctx, site: MiniSiteIdentity, activityId: string): Promise<ActivityView> {
  return (await views(ctx.db, [await siteActivity(ctx.db, site, activityId)], ctx.clock.now()))[0];
}

export type SiteGiftInput = {
  requestId: string; activityId: string; skuId: string; quantity: number; message: string; recipientEmail?: string; receiverName?: string;
};

export type SiteGiftView = {
  id: string; activityId: string; storeId: string; state: GiftRow['state']; productId: string; skuId: string; title: string; quantity: number;
  message: string; receiverName: string | null; recipientNamed: boolean; sharePath: string; createdAt: string; expiresAt: string | null;
  claims: { claimantName: string; claimedAt: string | null; orderId: string | null; orderState: string | null }[];
};

async function siteGiftViews(db: Db, rows: GiftRow[]): Promise<SiteGiftView[]> {
  if (!rows.length) return [];
  const claims = await queryRows<{ giftId: string; claimantName: string; claimedAt: Date | null; orderId: string | null; orderState: string | null }>(db, sql`
    select c.gift_id as "giftId", c.claimant_name as "claimantName", c.claimed_at as "claimedAt", c.order_id as "orderId", o.state as "orderState"
    from gift_claims c left join orders o on o.id = c.order_id where c.gift_id = any(${pgArray(rows.map((g) => g.id))}::uuid[]) order by c.created_at`);
  const tokens = await together(db, rows.map((g) => () => giftToken(db, g.id)));
  return rows.map((g, i) => ({
    id: g.id, activityId: g.activityId!, storeId: g.storeId, state: g.state, productId: g.productId, skuId: g.skuId, title: g.title, quantity: g.unitQuantity,
    message: g.message, receiverName: g.receiverName, recipientNamed: !!g.recipientId, sharePath: sharePath(tokens[i]),
    createdAt: g.createdAt.toISOString(), expiresAt: iso(g.expiresAt),
    claims: claims.filter((c) => c.giftId === g.id).map(({ giftId: _, ...c }) => ({ ...c, claimedAt: iso(c.claimedAt) })),
  }));
}

const bodyHash = (i: SiteGiftInput) => createHash('sha256').update(JSON.stringify([i.activityId, i.skuId, i.quantity, i.message, i.recipientEmail ?? null, i.receiverName ?? null])).digest('hex');

/**
 * The mini-site's server sends a gift from one of its activities. The same request id answers the same gift (200),
 * never a second one; the first answer is 201. Codes: activity_over, not_linked, product_not_in_activity,
 * product_not_on_sale, stock_insufficient (the pool), message_too_long, buyer_not_found (a named recipient).
 */
export async function sendSiteGift(ctx: Ctx, site: MiniSiteIdentity, input: SiteGiftInput): Promise<{ status: 200 | 201; body: SiteGiftView }> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const hash = bodyHash(input);
    const a = await lockActivityShared(tx, input.activityId);
    if (!a || a.miniSiteId !== site.id) throw notFound(input.activityId);
    // The request id next: a second request with it waits here for the first one's commit, then answers its gift
    // (even after the activity is over); a failure below rolls the id back with everything else.
    const [fresh] = await queryRows<{ giftId: string }>(tx, sql`
      insert into mini_site_gift_requests (mini_site_id, request_id, store_id, gift_id, body_hash, created_at)
      values (${site.id}, ${input.requestId}, ${a.storeId}, gen_random_uuid(), ${hash}, ${now})
      on conflict do nothing returning gift_id as "giftId"`);
    if (!fresh) {
      const [seen] = await tx.select().from(miniSiteGiftRequests).where(and(eq(miniSiteGiftRequests.miniSiteId, site.id), eq(miniSiteGiftRequests.requestId, input.requestId)));
      if (seen.bodyHash !== hash) throw new Invalid('idempotency_id_reused', 'This request id was used for another gift: send a new id for a new gift.', { requestId: input.requestId });
      const [g] = await tx.select().from(gifts).where(eq(gifts.id, seen.giftId));
      return { status: 200 as const, body: (await siteGiftViews(tx, [g]))[0] };
    }
    if (!(await isLinked(tx, site.id, a.storeId))) throw notLinked();
    if (stateAt(a.state as ActivityState, new Date(a.startsAt), new Date(a.endsAt), now) !== 'active') {
      throw new Conflict('activity_over', 'This gift activity is not running: it has not started, has ended or was closed.', { state: a.state, startsAt: iso(a.startsAt), endsAt: iso(a.endsAt) });
    }
    const [item] = await tx.select().from(giftActivityItems).where(and(eq(giftActivityItems.activityId, input.activityId), eq(giftActivityItems.skuId, input.skuId)));
    if (!item) throw new Invalid('product_not_in_activity', 'This SKU is not one of the activity\'s products.', { skuId: input.skuId });
    const f = (await skuFacts(tx, [input.skuId], 'mini_site')).get(input.skuId);
    if (!f?.onSale) throw new Conflict('product_not_on_sale', 'This product is not on sale now.', { skuId: input.skuId });
    if (messageLength(input.message) > MESSAGE_MAX) throw new Invalid('message_too_long', `A gift message has at most ${MESSAGE_MAX} characters.`, { max: MESSAGE_MAX, length: messageLength(input.message) });
    const recipient = input.recipientEmail ? await buyerByEmail(tx, input.recipientEmail) : null;
    if (input.recipientEmail && !recipient) throw new NotFound('buyer', { recipientEmail: input.recipientEmail });
    // The pool: one guarded update, exact whatever the concurrency.
    if (!(await takeFromPool(tx, input.activityId, input.skuId, input.quantity))) {
      const [left] = await tx.select({ remaining: giftActivityItems.remaining }).from(giftActivityItems).where(and(eq(giftActivityItems.activityId, input.activityId), eq(giftActivityItems.skuId, input.skuId)));
      throw new Conflict('stock_insufficient', `Only ${left?.remaining ?? 0} left in the activity's pool for this SKU.`, { remaining: left?.remaining ?? 0 });
    }
    const g = await sendPoolGift(ctx, tx, {
      id: fresh.giftId, storeId: a.storeId, miniSiteId: site.id, activityId: input.activityId, giverId: site.id, giverName: site.name, skuId: input.skuId,
      quantity: input.quantity, message: input.message, recipientId: recipient?.id ?? null, receiverName: input.receiverName ?? recipient?.displayName ?? null,
    });
    return { status: 201 as const, body: (await siteGiftViews(tx, [g]))[0] };
  });
}

async function siteGift(tx: Db, site: MiniSiteIdentity, giftId: string): Promise<GiftRow> {
  const [g] = await tx.select().from(gifts).where(and(eq(gifts.id, giftId), eq(gifts.miniSiteId, site.id), sql`${gifts.activityId} is not null`));
  if (!g) throw new NotFound('gift', { giftId });
  return g;
}

/** The mini-site names (or changes) the recipient while nobody claimed the gift: only that buyer may claim it then. */
export async function setSiteGiftReceiver(ctx: Ctx, site: MiniSiteIdentity, giftId: string, input: { recipientEmail: string; receiverName?: string }): Promise<SiteGiftView> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const g = await siteGift(tx, site, giftId);
    const recipient = await buyerByEmail(tx, input.recipientEmail);
    if (!recipient) throw new NotFound('buyer', { recipientEmail: input.recipientEmail });
    const [row] = await tx.update(gifts).set({ recipientId: recipient.id, receiverName: input.receiverName ?? recipient.displayName, updatedAt: now })
      .where(and(eq(gifts.id, g.id), eq(gifts.state, 'waiting'), eq(gifts.unitsClaimed, 0), sql`${gifts.expiresAt} > ${now}`)).returning();
    if (!row) throw new Conflict('gift_not_waiting', 'This gift was claimed or is over: its recipient can no longer change.', { state: g.state });
    await enqueue(tx, now, [{ storeId: g.storeId, topic: 'message.gift_received', payload: { userId: recipient.id, giftId: g.id, from: g.giverName } }]);
    return (await siteGiftViews(tx, [row]))[0];
  });
}

export async function siteGifts(ctx: Ctx, site: MiniSiteIdentity, q: { activityId?: string; limit: number; offset: number }) {
  const where = and(eq(gifts.miniSiteId, site.id), sql`${gifts.activityId} is not null`, q.activityId ? eq(gifts.activityId, q.activityId) : undefined);
  const [rows, [{ total }]] = await together(ctx.db, [
    () => ctx.db.select().from(gifts).where(where).orderBy(desc(gifts.createdAt), desc(gifts.id)).limit(q.limit).offset(q.offset),
    () => ctx.db.select({ total: sql<number>`count(*)::int` }).from(gifts).where(where),
  ]);
  return { items: await siteGiftViews(ctx.db, rows), total: Number(total) };
}

export async function siteGiftView(ctx: Ctx, site: MiniSiteIdentity, giftId: string): Promise<SiteGiftView> {
  return (await siteGiftViews(ctx.db, [await siteGift(ctx.db, site, giftId)]))[0];
}

// ---------------------------------------------------------------- the <store-gift> component's data

export type ActivityCard = {
  id: string; storeId: string; miniSiteId: string; title: string; titles: ActivityTitle; state: ActivityState; startsAt: string; endsAt: string; remaining: number;
  products: { productId: string; title: string; imageUrl: string | null; price: number; currency: string }[];
};

export const titleIn = (t: ActivityTitle, lang: string) => (t as Record<string, string | undefined>)[lang] || t.en || t.zh || t.vi || '';

/**
 * What a `<store-gift activity-id>` card shows: public (no buyer's data), the activity's products with their lowest
 * price among the activity's SKUs, the units left. The components' origin/token check wraps it (M6 components).
 */
export async function giftActivityCard(db: Db, now: Date, activityId: string, lang = 'en'): Promise<ActivityCard> {
  const [a] = await db.select().from(giftActivities).where(eq(giftActivities.id, activityId));
  if (!a) throw notFound(activityId);
  const products = await queryRows<{ productId: string; title: string; imageId: string | null; price: number | string; currency: string }>(db, sql`
    select i.product_id as "productId", p.title, p.image_ids->>0 as "imageId", min(s.price) as price, min(s.currency) as currency
    from gift_activity_items i join products p on p.id = i.product_id join skus s on s.id = i.sku_id
    where i.activity_id = ${activityId} group by i.product_id, p.title, p.image_ids order by p.title`);
  const [{ remaining }] = await queryRows<{ remaining: number }>(db, sql`select coalesce(sum(remaining), 0)::int as remaining from gift_activity_items where activity_id = ${activityId}`);
  return {
    id: a.id, storeId: a.storeId, miniSiteId: a.miniSiteId, title: titleIn(a.title, lang), titles: a.title, state: stateAt(a.state, a.startsAt, a.endsAt, now),
    startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(), remaining: Number(remaining),
    products: products.map((p) => ({
      productId: p.productId, title: p.title, imageUrl: p.imageId ? `/api/storefront/images/${p.imageId}/thumb` : null, price: Number(p.price), currency: p.currency,
    })),
  };
}
