// Tables of the service account (M7): who follows a store and from where, the buyer's inbox (every message a store
// sends or a buyer writes, one row each, with a monotonically increasing id that live streams resume from), the
// merchant's wording of event notices per language, the kinds of notices a buyer muted, and conversations awaiting
// the store's answer. Store-owned rows (store_id).
import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Where a buyer started following a store. */
export const FOLLOW_SOURCES = ['store_page', 'after_purchase', 'after_gift_claim', 'mini_site'] as const;
export type FollowSource = (typeof FOLLOW_SOURCES)[number];

/** A buyer following a store's service account; unfollowing keeps the row (unfollowed_at set) and its source. */
export const serviceFollows = pgTable(
  'service_follows',
  {
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    source: text('source', { enum: FOLLOW_SOURCES }).notNull(),
    /** The order the buyer followed after (after_purchase, after_gift_claim). */
    orderId: uuid('order_id'),
    followedAt: timestamp('followed_at', { withTimezone: true }).notNull(),
    /** null while following. */
    unfollowedAt: timestamp('unfollowed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.buyerId] }),
    index('service_follows_buyer_idx').on(t.buyerId).where(sql`${t.unfollowedAt} is null`),
    index('service_follows_store_idx').on(t.storeId, t.followedAt.desc()).where(sql`${t.unfollowedAt} is null`),
  ],
);

/**
 * What an inbox message is: a notice of an event, a buyer's message to the store, the store's reply; broadcasts and
 * articles come next (their payload says what they carry).
 */
export const MESSAGE_KINDS = ['notice', 'buyer_message', 'store_reply', 'broadcast', 'article'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** The events a store sends notices of; a buyer may mute each kind per store. */
export const NOTICE_KINDS = [
  'order_paid', 'order_shipped', 'order_delivered', 'gift_received', 'gift_claimed', 'gift_refunded', 'aftersale_changed',
  'repurchase_reminder', 'coupon_sent', 'coupon_expiring', 'points_expiring',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * One message in a buyer's inbox, from or to one store. The id grows with every message and, for one buyer, ids
 * commit in order (writers of one buyer's messages take a per-buyer lock first): a live stream resumes after the
 * last id it got (Last-Event-ID). `once_key` makes one event give one message per follower, however often it is
 * delivered.
 */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    kind: text('kind', { enum: MESSAGE_KINDS }).notNull(),
    /** notice: which kind of event (a NoticeKind). */
    noticeKind: text('notice_kind', { enum: NOTICE_KINDS }),
    /** What the message carries: texts per language (`texts`), links (orderId, giftId, afterSaleId), the author (staffId). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    onceKey: text('once_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** When the buyer read it (their own messages are read when written). */
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('inbox_messages_once_idx').on(t.storeId, t.buyerId, t.onceKey),
    index('inbox_messages_buyer_idx').on(t.buyerId, t.id),
    index('inbox_messages_unread_idx').on(t.buyerId).where(sql`${t.readAt} is null`),
    index('inbox_messages_thread_idx').on(t.storeId, t.buyerId, t.id),
  ],
);

/** A store's wording of one kind of notice in one language (no row: the default text). */
export const noticeTemplates = pgTable(
  'notice_templates',
  {
    storeId: uuid('store_id').notNull(),
    kind: text('kind', { enum: NOTICE_KINDS }).notNull(),
    lang: text('lang', { enum: ['en', 'zh', 'vi'] }).notNull(),
    text: text('text').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.kind, t.lang] }), check('notice_templates_text_check', sql`length(${t.text}) between 1 and 500`)],
);

/** What a buyer may mute per store: each kind of notice, and the store's broadcasts. */
export const MUTE_KINDS = [...NOTICE_KINDS, 'broadcast'] as const;
export type MuteKind = (typeof MUTE_KINDS)[number];

/** A kind of notice (or the broadcasts) a buyer does not want from a store. */
export const noticeMutes = pgTable(
  'notice_mutes',
  {
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    kind: text('kind', { enum: MUTE_KINDS }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.buyerId, t.kind] })],
);

/** A buyer's conversation with a store: when the buyer last wrote (the reply window runs from it) and last answered. */
export const serviceConversations = pgTable(
  'service_conversations',
  {
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    lastBuyerMessageAt: timestamp('last_buyer_message_at', { withTimezone: true }).notNull(),
    lastReplyAt: timestamp('last_reply_at', { withTimezone: true }),
    /** The order the buyer last wrote about, if any. */
    orderId: uuid('order_id'),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.buyerId] }),
    index('service_conversations_queue_idx').on(t.storeId, t.lastBuyerMessageAt.desc()),
  ],
);

/** Who a broadcast goes to: the follower filters of the merchant's followers list (none: all followers). */
export type BroadcastSegment = {
  source?: FollowSource; minLevel?: number; cityTier?: string; boughtWithinDays?: number; notBoughtForDays?: number;
  /** Followers who bought in this category (a paid order with an item of it). */
  categoryId?: number;
  /** Followers who bought through this offline shop's scan-to-gift code. */
  shopId?: string;
};

/** A broadcast's states: scheduled (waits for send_at; may be cancelled) -> sending -> sent. */
export const BROADCAST_STATES = ['scheduled', 'sending', 'sent', 'cancelled'] as const;
export type BroadcastState = (typeof BROADCAST_STATES)[number];

/**
 * A message a store sends to its followers (all or a segment). Counted against the platform's monthly quota per
 * store when written; its audience is fixed then as one delivery row per follower, written by the scheduler in
 * batches (sending → sent).
 */
export const broadcasts = pgTable(
  'broadcasts',
  {
    id: uuid('id').primaryKey(),
    storeId: uuid('store_id').notNull(),
    /** broadcast: a message; article: a title, a text and cards of the store's products (their live prices when read). */
    kind: text('kind', { enum: ['broadcast', 'article'] }).notNull().default('broadcast'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** article: the products shown as cards, in order (the store's own). */
    productIds: uuid('product_ids').array().notNull().default(sql`'{}'::uuid[]`),
    segment: jsonb('segment').$type<BroadcastSegment>().notNull(),
    status: text('status', { enum: BROADCAST_STATES }).notNull(),
    /** When it goes out (scheduled: the sweep starts it then; otherwise when written). */
    sendAt: timestamp('send_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** Followers in the segment when it was written (one delivery row each). */
    audience: integer('audience').notNull(),
    /** Delivered into an inbox / skipped (muted broadcasts, or unfollowed since). */
    delivered: integer('delivered').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    /** Followers who had their month's broadcasts already (TRIO_BROADCAST_MONTHLY_QUOTA): counted, not sent. */
    overQuota: integer('over_quota').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('broadcasts_store_idx').on(t.storeId, t.createdAt.desc()),
    index('broadcasts_due_idx').on(t.sendAt).where(sql`${t.status} = 'scheduled'`),
    check('broadcasts_title_check', sql`length(${t.title}) between 1 and 120`),
    check('broadcasts_body_check', sql`length(${t.body}) between 1 and 2000`),
  ],
);

/** One follower a broadcast goes to: at most once (the key), written to the inbox by the scheduler (done_at). */
export const broadcastDeliveries = pgTable(
  'broadcast_deliveries',
  {
    broadcastId: uuid('broadcast_id').notNull(),
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.broadcastId, t.buyerId] }),
    index('broadcast_deliveries_due_idx').on(t.broadcastId).where(sql`${t.doneAt} is null`),
  ],
);

/**
 * A reminder to buy an item again, written when its order is delivered (the outbox's order.completed, in that
 * delivery's transaction) if the product has a repurchase cycle; the scheduler sends it when due (done_at), once per
 * order item (the key).
 */
export const repurchaseReminders = pgTable(
  'repurchase_reminders',
  {
    orderItemId: uuid('order_item_id').primaryKey(),
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    orderId: uuid('order_id').notNull(),
    productId: uuid('product_id').notNull(),
    skuId: uuid('sku_id').notNull(),
    quantity: integer('quantity').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** sent: into the inbox; skipped: not following, muted, or the item was refunded. */
    outcome: text('outcome', { enum: ['sent', 'skipped'] }),
  },
  (t) => [index('repurchase_reminders_due_idx').on(t.dueAt).where(sql`${t.doneAt} is null`), index('repurchase_reminders_store_idx').on(t.storeId)],
);

/**
 * A coupon a store sends to a lapsed buyer of a product: one row per coupon and buyer (the key: each buyer at most
 * once per coupon), written for the whole audience at once; the scheduler gives each its coupon (guarded like a claim)
 * and a notice, then marks it sent or skipped (the coupon ran out, or the buyer holds all they may).
 */
export const couponSends = pgTable(
  'coupon_sends',
  {
    couponId: uuid('coupon_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    storeId: uuid('store_id').notNull(),
    productId: uuid('product_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    outcome: text('outcome', { enum: ['sent', 'skipped'] }),
    heldCouponId: uuid('held_coupon_id'),
  },
  (t) => [primaryKey({ columns: [t.couponId, t.buyerId] }), index('coupon_sends_due_idx').on(t.createdAt).where(sql`${t.doneAt} is null`), index('coupon_sends_store_idx').on(t.storeId, t.createdAt.desc())],
);

/** An expiry notice already written (a held coupon, a points lot): once each. */
export const expiryNotices = pgTable(
  'expiry_notices',
  {
    kind: text('kind', { enum: ['coupon', 'points'] }).notNull(),
    refId: uuid('ref_id').notNull(),
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.refId] })],
);
