// HTTP of the service account: following, the buyer's inbox (list, unread counts, read state, live stream, mutes,
// writing to a store), and the merchant's followers, notice templates and conversation queue. Who may call each
// route is in src/access.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, userOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { BadRequest, TooMany } from '../../kernel/errors.ts';
import { errors, idParam, limitQuery, named, uuidParam } from '../../kernel/http.ts';
import { follow, followOf, followedStores, listFollowers, unfollow } from './follows.ts';
import { inboxPage, markRead, unread } from './inbox.ts';
import { conversation, conversationQueue, reply, writeToStore } from './conversations.ts';
import { listTemplates, mutesOf, saveTemplate, setMutes } from './notices.ts';
import type { InboxLive } from './live.ts';
import { BROADCAST_STATES, FOLLOW_SOURCES, MESSAGE_KINDS, MUTE_KINDS, NOTICE_KINDS } from './schema.ts';
import { audienceOf, cancelBroadcast, createBroadcast, listBroadcasts } from './broadcasts.ts';
import { idempotent } from '../../kernel/idempotency.ts';
import { LANGS } from './rules.ts';
import { couponSendsOf, lapsedAudience, repeatPurchase, sendToLapsed } from './repurchase.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const storeParams = z.object({ storeId: uuidParam });
const texts = z.object({ en: z.string(), zh: z.string(), vi: z.string() });

const followSource = named(z.enum(FOLLOW_SOURCES).describe('store_page, after_purchase (names the order), after_gift_claim (names the gift order), mini_site'), 'FollowSource');
const noticeKind = named(z.enum(NOTICE_KINDS).describe('The event a notice tells of'), 'NoticeKind');
const muteKind = named(z.enum(MUTE_KINDS).describe('A kind of notice, or broadcast (the store’s broadcasts)'), 'MuteKind');
const messageKind = named(z.enum(MESSAGE_KINDS).describe('notice (an event), buyer_message (the buyer wrote), store_reply (the store answered), broadcast, article'), 'InboxMessageKind');
const followView = named(z.object({
  storeId: z.string(), storeName: z.string(), following: z.boolean(), source: followSource.nullable(), followedAt: z.string().nullable(),
}), 'Follow');
const messageView = named(z.object({
  id: z.number().describe('Grows with every message: the live stream’s event id'), storeId: z.string(), storeName: z.string(), kind: messageKind, noticeKind: noticeKind.nullable(),
  texts: texts.nullable().describe('notice: its text in each language'), text: z.string().nullable().describe('buyer_message, store_reply, broadcast: what was written'),
  title: z.string().nullable().describe('broadcast, article: its title'), broadcastId: z.string().nullable(),
  products: z.array(named(z.object({
    productId: z.string(), title: z.string().nullable(), imageId: z.string().nullable(), price: z.number().nullable().describe('Today’s lowest SKU price, minor units'), currency: z.string().nullable(),
    available: z.boolean().describe('Listed with stock now (false: show it as no longer on sale)'),
  }), 'ProductCard')).describe('article: its product cards, read from the catalog now'),
  orderId: z.string().nullable(), giftId: z.string().nullable(), afterSaleId: z.string().nullable(),
  productId: z.string().nullable(), skuId: z.string().nullable().describe('repurchase_reminder: the SKU to reorder (POST /api/orders/{orderId}/buy-again with skuIds, or buy now)'),
  quantity: z.number().nullable().describe('repurchase_reminder: how many were bought'), couponId: z.string().nullable(),
  fromBuyer: z.boolean(), read: z.boolean(), createdAt: z.string(),
}), 'InboxMessage');
const unreadView = named(z.object({ count: z.number(), byStore: z.array(z.object({ storeId: z.string(), count: z.number() })) }), 'InboxUnread');
const followerView = named(z.object({
  buyerId: z.string(), name: z.string(), source: followSource, followedAt: z.string(), level: z.number().nullable().describe('Member level; null: not a member'),
  cityTier: z.string().nullable(), lastPurchaseAt: z.string().nullable(), orders: z.number().describe('Paid orders at the store'),
}), 'Follower');
const templateView = named(z.object({
  kind: noticeKind, fields: z.array(z.string()).describe('What the text may name as {field}'),
  texts: z.object(Object.fromEntries(LANGS.map((l) => [l, z.object({ default: z.string(), custom: z.string().nullable() })])) as Record<(typeof LANGS)[number], z.ZodObject<{ default: z.ZodString; custom: z.ZodNullable<z.ZodString> }>>),
}), 'NoticeTemplate');
const conversationFacts = {
  buyerId: z.string(), name: z.string(), orderId: z.string().nullable(), lastText: z.string().nullable(), lastBuyerMessageAt: z.string(), lastReplyAt: z.string().nullable(),
  waiting: z.boolean().describe('The buyer’s last message is not answered yet'), replyOpen: z.boolean().describe('The store may still answer'), replyClosesAt: z.string().nullable(),
};
const conversationSummary = named(z.object(conversationFacts), 'ConversationSummary');
const conversationView = named(z.object({
  ...conversationFacts, windowHours: z.number().describe('TRIO_SERVICE_REPLY_WINDOW_HOURS'),
  messages: z.array(z.object({ id: z.number(), fromBuyer: z.boolean(), text: z.string(), orderId: z.string().nullable(), createdAt: z.string() })),
}), 'Conversation');
/** The follower filters: the followers list's and a broadcast's segment (none: all followers). */
const segmentFields = {
  source: followSource.optional(), minLevel: z.coerce.number().int().min(1).max(10).optional().describe('Members at or above this level'),
  cityTier: z.string().max(20).optional(), boughtWithinDays: z.coerce.number().int().min(1).max(3650).optional(),
  notBoughtForDays: z.coerce.number().int().min(1).max(3650).optional().describe('No paid order for this many days (or never)'),
};
const broadcastSegmentFields = {
  ...segmentFields, categoryId: z.coerce.number().int().positive().optional().describe('Followers who bought in this category'),
  shopId: uuidParam.optional().describe('Followers who bought through this offline shop’s code'),
};
const segment = named(z.object(broadcastSegmentFields).describe('Followers to send to: all, or those matching every filter given'), 'BroadcastSegment');
const broadcastView = named(z.object({
  id: z.string(), kind: z.enum(['broadcast', 'article']), productIds: z.array(z.string()), title: z.string(), body: z.string(), segment,
  status: z.enum(BROADCAST_STATES).describe('scheduled: waits for sendAt (may be cancelled); sending: being written into the inboxes in batches; sent; cancelled'),
  audience: z.number().describe('Followers in the segment when it started (scheduled: now)'), delivered: z.number(), skipped: z.number().describe('Muted the store’s broadcasts or unfollowed since'),
  overQuota: z.number().describe('Followers who had had TRIO_BROADCAST_MONTHLY_QUOTA broadcasts from the store that month: counted, not sent'),
  sendAt: z.string().nullable().describe('When it goes (went) out'), createdAt: z.string(), finishedAt: z.string().nullable(), cancelledAt: z.string().nullable(),
}), 'Broadcast');
const quotaView = named(z.object({
  month: z.string().describe('The calendar month (the store’s time zone, else TRIO_TIME_ZONE), e.g. 2026-12'), quota: z.number().describe('TRIO_BROADCAST_MONTHLY_QUOTA: broadcasts each follower may get from the store a month'),
  used: z.number().describe('Broadcasts the store started this month'), remaining: z.number().describe('What a follower who got all of them may still get this month'),
}), 'BroadcastQuota');
const rate = { buyers: z.number().describe('Buyers with a paid order'), repeatBuyers: z.number().describe('Of them, those with two or more paid orders'), rate: z.number().describe('repeatBuyers / buyers (0 when no buyer)') };
const repeatView = named(z.object({
  store: z.object(rate),
  products: z.array(z.object({ productId: z.string(), title: z.string(), repurchaseCycleDays: z.number().nullable(), ...rate })).describe('The 50 products with most repeat buyers'),
}), 'RepeatPurchase');
const lapsedQuery = {
  productId: uuidParam, days: z.coerce.number().int().min(1).max(3650).describe('No paid order of the product for this many days'),
};
const couponSendView = named(z.object({
  couponId: z.string(), couponTitle: z.string(), productId: z.string(), productTitle: z.string(), sent: z.number(), skipped: z.number().describe('None left, or the buyer held all they may'),
  pending: z.number(), at: z.string(),
}), 'LapsedCouponSend');
const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(255).optional().describe('Same key and body: the same answer again; same key, other body: 422 idempotency_key_reused') });
const writeBody = z.object({ text: z.string().trim().min(1).max(1000), orderId: uuidParam.nullish().describe('The order the message is about') });

export function serviceAccountRoutes(app: FastifyInstance, ctx: Ctx, deps: { live: InboxLive }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['service account'];
  const S = '/api/merchant/stores/:storeId';

  // Following
  r.get('/api/follows', { schema: { tags, summary: 'The stores the buyer follows', response: { 200: z.array(z.object({ storeId: z.string(), storeName: z.string(), source: followSource, followedAt: z.string() })), ...E } } },
    async (req) => followedStores(ctx.db, userOf(req).userId));
  r.get('/api/follows/:storeId', { schema: { tags, summary: 'Whether the buyer follows the store', params: storeParams, response: { 200: followView, ...E } } },
    async (req) => followOf(ctx.db, userOf(req).userId, req.params.storeId));
  r.put('/api/follows/:storeId', {
    schema: {
      tags, summary: 'Follow the store’s service account (again); the source is recorded. Following twice changes nothing',
      description: '422 follow_order_required, follow_order_not_found (after a purchase or gift claim: the order must be the buyer’s at this store).',
      params: storeParams, body: z.object({ source: followSource, orderId: uuidParam.nullish() }), response: { 200: followView, ...EW },
    },
  }, async (req) => follow(ctx, userOf(req).userId, req.params.storeId, req.body));
  r.delete('/api/follows/:storeId', { schema: { tags, summary: 'Unfollow the store: no more notices from it', params: storeParams, response: { 200: followView, ...E } } },
    async (req) => unfollow(ctx, userOf(req).userId, req.params.storeId));

  // The inbox
  r.get('/api/inbox', {
    schema: {
      tags, summary: 'The buyer’s messages across stores (or one store’s), newest first, and the unread counts',
      querystring: z.object({ storeId: uuidParam.optional(), before: idParam.optional().describe('Messages with a smaller id (the next page)'), limit: limitQuery }),
      response: { 200: z.object({ items: z.array(messageView), unread: unreadView }), ...E },
    },
  }, async (req) => {
    const buyerId = userOf(req).userId;
    const [items, counts] = await Promise.all([inboxPage(ctx.db, buyerId, req.query), unread(ctx.db, buyerId)]);
    return { items, unread: counts };
  });
  r.get('/api/inbox/unread', { schema: { tags, summary: 'Unread messages, in all and per store (the header’s count)', response: { 200: unreadView, ...E } } },
    async (req) => unread(ctx.db, userOf(req).userId));
  r.post('/api/inbox/read', {
    schema: {
      tags, summary: 'Mark messages read: one (id), a store’s (storeId), or all up to an id (upTo); nothing given: all',
      body: z.object({ id: z.number().int().positive().optional(), storeId: uuidParam.optional(), upTo: z.number().int().positive().optional() }), response: { 200: unreadView, ...E },
    },
  }, async (req) => markRead(ctx.db, userOf(req).userId, ctx.clock.now(), req.body));
  r.get('/api/inbox/live', {
    schema: {
      tags, summary: 'New messages as Server-Sent Events while the inbox is open: event `message` (id: the message id), then `unread` with the counts',
      description: 'Resumes after the Last-Event-ID header (or `after`): what came meanwhile is sent first, whichever server process answers. Needs Accept: text/event-stream (400 event_stream_expected). 429 when this process has too many open streams (poll GET /api/inbox then).',
      headers: z.object({ 'last-event-id': z.string().regex(/^\d{1,15}$/).optional() }),
      querystring: z.object({ after: z.coerce.number().int().min(0).optional().describe('The last message id the client has') }),
      produces: ['text/event-stream'], response: { 200: z.string().describe('text/event-stream'), ...errors(400, 401, 403, 429) },
    },
  }, async (req, reply) => {
    const buyerId = userOf(req).userId;
    // A stream only for who asks for one (EventSource does): any other GET would hang on an answer that never ends.
    if (!(req.headers.accept ?? '').includes('text/event-stream')) throw new BadRequest('event_stream_expected', 'Ask for the live inbox with Accept: text/event-stream (or read GET /api/inbox).');
    const header = req.headers['last-event-id'];
    const after = header !== undefined ? Number(header) : (req.query.after ?? null);
    if (after !== null && !Number.isSafeInteger(after)) throw new BadRequest('validation_failed', 'Last-Event-ID must be a message id.');
    if (deps.live.full) throw new TooMany('Too many live inboxes are open here: read GET /api/inbox every few seconds instead.', 30, 'too_many_requests');
    // A new stream (no id) starts at the newest message: it sends what comes from now on.
    const start = after ?? ((await inboxPage(ctx.db, buyerId, { limit: 1 }))[0]?.id ?? 0);
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', connection: 'keep-alive',
    });
    await deps.live.add(reply.raw, buyerId, start);
  });
  r.post('/api/inbox/stores/:storeId/messages', {
    schema: {
      tags, summary: 'Write to the store (from the inbox or about an order); its staff answer within the reply window',
      description: '422 conversation_order_not_found.', params: storeParams, body: writeBody, response: { 200: messageView, ...EW },
    },
  }, async (req) => writeToStore(ctx, userOf(req).userId, req.params.storeId, req.body));
  r.get('/api/inbox/stores/:storeId/mutes', { schema: { tags, summary: 'The kinds of notices (and broadcasts) the buyer muted at the store', params: storeParams, response: { 200: z.object({ kinds: z.array(muteKind) }), ...E } } },
    async (req) => ({ kinds: await mutesOf(ctx.db, userOf(req).userId, req.params.storeId) }));
  r.put('/api/inbox/stores/:storeId/mutes', {
    schema: { tags, summary: 'Mute kinds of the store’s notices, or its broadcasts (the whole list)', params: storeParams, body: z.object({ kinds: z.array(muteKind).max(MUTE_KINDS.length) }), response: { 200: z.object({ kinds: z.array(muteKind) }), ...E } },
  }, async (req) => ({ kinds: await setMutes(ctx, userOf(req).userId, req.params.storeId, req.body.kinds) }));

  // The merchant's side
  r.get(`${S}/followers`, {
    schema: {
      tags, summary: 'The store’s followers, newest first, with member level and last purchase; the total and counts by source for the filter',
      params: storeParams,
      querystring: z.object({ ...segmentFields, limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }),
      response: { 200: z.object({ items: z.array(followerView), total: z.number(), bySource: z.record(z.string(), z.number()) }), ...E },
    },
  }, async (req) => listFollowers(ctx, req.params.storeId, req.query));
  r.get(`${S}/broadcasts`, {
    schema: { tags, summary: 'The store’s broadcasts, newest first, with their delivery progress, and this month’s quota', params: storeParams, querystring: z.object({ limit: limitQuery }),
      response: { 200: z.object({ items: z.array(broadcastView), quota: quotaView }), ...E } },
  }, async (req) => listBroadcasts(ctx, req.params.storeId, req.query.limit));
  r.get(`${S}/broadcasts/audience`, {
    schema: { tags, summary: 'How many followers a segment has now (shown before sending)', params: storeParams, querystring: z.object(broadcastSegmentFields), response: { 200: z.object({ audience: z.number() }), ...E } },
  }, async (req) => ({ audience: await audienceOf(ctx, req.params.storeId, req.query) }));
  r.post(`${S}/broadcasts`, {
    schema: {
      tags, summary: 'Send a broadcast to the followers in a segment, now or at sendAt: delivered into their inboxes in the background, each follower at most TRIO_BROADCAST_MONTHLY_QUOTA a month (those over it are counted and skipped). Audited',
      description: 'An article (kind article) carries cards of the store’s products, shown with their prices when read. 422 broadcast_audience_empty (no follower in the segment), article_product_not_found (not a product of this store).',
      params: storeParams, headers: idempotencyHeader,
      body: z.object({
        kind: z.enum(['broadcast', 'article']).default('broadcast'), title: z.string().trim().min(1).max(120), body: z.string().trim().min(1).max(2000),
        productIds: z.array(uuidParam).max(10).optional().describe('article: the products shown as cards, in order'), segment: z.object(broadcastSegmentFields).strict().default({}),
        sendAt: z.iso.datetime({ offset: true }).nullish().describe('When to send it (later than now: scheduled, cancellable until then); none: now'),
      }),
      response: { 201: broadcastView, ...EW },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: await createBroadcast(ctx, tx, actorOf(req), req.params.storeId, req.body) })));
  r.post(`${S}/broadcasts/:broadcastId/cancel`, {
    schema: {
      tags, summary: 'Cancel a scheduled broadcast before it starts. Audited', description: '409 broadcast_not_cancellable (it started, or was cancelled).',
      params: z.object({ storeId: uuidParam, broadcastId: uuidParam }), response: { 200: broadcastView, ...EW },
    },
  }, async (req) => cancelBroadcast(ctx, actorOf(req), req.params.storeId, req.params.broadcastId));
  r.get(`${S}/repeat-purchase`, {
    schema: { tags, summary: 'The repeat-purchase rate of the store and of its products (paid orders, refunded ones and gifts left out)', params: storeParams,
      querystring: z.object({ days: z.coerce.number().int().min(1).max(3650).optional().describe('Only orders paid in the last days') }), response: { 200: repeatView, ...E } },
  }, async (req) => repeatPurchase(ctx, req.params.storeId, req.query.days));
  r.get(`${S}/lapsed-buyers`, {
    schema: { tags, summary: 'How many buyers of a product have not bought it again for N days, and how many of them have not had the coupon yet', params: storeParams,
      querystring: z.object({ ...lapsedQuery, couponId: uuidParam.optional() }), response: { 200: z.object({ lapsed: z.number(), audience: z.number().describe('Lapsed buyers the coupon would go to') }), ...E } },
  }, async (req) => lapsedAudience(ctx, req.params.storeId, req.query));
  r.get(`${S}/lapsed-buyers/coupons`, {
    schema: { tags, summary: 'The coupons sent to lapsed buyers, per coupon and product, with their progress', params: storeParams, response: { 200: z.array(couponSendView), ...E } },
  }, async (req) => couponSendsOf(ctx.db, req.params.storeId));
  r.post(`${S}/lapsed-buyers/coupons`, {
    schema: {
      tags, summary: 'Send a coupon to the lapsed buyers of a product: each buyer at most once per coupon, given in the background. Audited',
      description: '422 coupon_not_sendable (not an active offer of this store, or the sign-up gift), lapsed_audience_empty (nobody left to send it to).',
      params: storeParams, body: z.object({ ...lapsedQuery, days: z.number().int().min(1).max(3650), couponId: uuidParam }), response: { 201: z.object({ queued: z.number() }), ...EW },
    },
  }, async (req, reply) => reply.status(201).send(await sendToLapsed(ctx, actorOf(req), req.params.storeId, req.body)));
  r.get(`${S}/notice-templates`, { schema: { tags, summary: 'How the store words each notice per language (its text, or the default)', params: storeParams, response: { 200: z.array(templateView), ...E } } },
    async (req) => listTemplates(ctx.db, req.params.storeId));
  r.put(`${S}/notice-templates/:kind`, {
    schema: {
      tags, summary: 'Word a notice per language (null: the default again). Audited',
      description: '422 notice_template_invalid (a {field} the notice does not have).',
      params: z.object({ storeId: uuidParam, kind: noticeKind }),
      body: z.object(Object.fromEntries(LANGS.map((l) => [l, z.string().trim().min(1).max(500).nullable().optional()])) as Record<(typeof LANGS)[number], z.ZodOptional<z.ZodNullable<z.ZodString>>>),
      response: { 200: templateView, ...EW },
    },
  }, async (req) => saveTemplate(ctx, actorOf(req), req.params.storeId, req.params.kind, req.body));
  r.get(`${S}/conversations`, {
    schema: {
      tags, summary: 'The conversation queue: waiting for an answer first (longest wait first), then the others',
      params: storeParams, querystring: z.object({ waiting: z.enum(['true', 'false']).optional().describe('true: only those waiting'), limit: limitQuery }),
      response: { 200: z.array(conversationSummary), ...E },
    },
  }, async (req) => conversationQueue(ctx, req.params.storeId, { waitingOnly: req.query.waiting === 'true', limit: req.query.limit }));
  r.get(`${S}/conversations/:buyerId`, {
    schema: { tags, summary: 'One conversation and whether the store may still answer', params: z.object({ storeId: uuidParam, buyerId: uuidParam }), response: { 200: conversationView, ...E } },
  }, async (req) => conversation(ctx, req.params.storeId, req.params.buyerId));
  r.post(`${S}/conversations/:buyerId/replies`, {
    schema: {
      tags, summary: 'Answer the buyer (within the reply window since their last message)',
      description: '409 reply_window_closed (the window passed: the buyer can write again).',
      params: z.object({ storeId: uuidParam, buyerId: uuidParam }), body: z.object({ text: z.string().trim().min(1).max(1000) }), response: { 200: conversationView, ...EW },
    },
  }, async (req) => {
    const u = userOf(req);
    return reply(ctx, { userId: u.userId, displayName: u.displayName }, req.params.storeId, req.params.buyerId, req.body.text);
  });
}
