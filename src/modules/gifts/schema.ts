// Tables of the gifts module: gifts (single and group), their claims and lottery entries, merchants' gift
// decorations per product, offline shops (scan-to-gift QR codes), and misses of gift tokens (rate limit).
import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, integer, jsonb, bigint, index, uniqueIndex, primaryKey, check } from 'drizzle-orm/pg-core';
import { CHANNELS } from '../catalog/schema.ts';

/** `awaiting_payment` precedes the spec's states: a gift exists from its checkout on, paid or not. */
export const GIFT_STATES = ['awaiting_payment', 'waiting', 'claimed', 'expired', 'refunded', 'cancelled'] as const;
export type GiftState = (typeof GIFT_STATES)[number];
/** The numeric codes of WeChat Store's gift states, shown beside the names in the API. */
export const GIFT_STATE_CODES: Record<GiftState, number> = { awaiting_payment: 0, waiting: 10, claimed: 20, expired: 180, refunded: 181, cancelled: 250 };
/** single: one recipient takes every unit; first_come: one unit per person until none is left; lottery: drawn winners. */
export const GIFT_KINDS = ['single', 'first_come', 'lottery'] as const;
export type GiftKind = (typeof GIFT_KINDS)[number];
/** buyer: paid by a buyer; merchant: a store's free gift (no payment, the store bears the cost). */
export const GIFT_SOURCES = ['buyer', 'merchant'] as const;
export const CLAIM_STATES = ['won', 'claimed', 'lapsed'] as const;
/** The languages a greeting card is printed in (those of the web app). */
export const CARD_LANGUAGES = ['en', 'zh', 'vi'] as const;
export type CardLanguage = (typeof CARD_LANGUAGES)[number];

/** A sticker the giver placed on the card: which one of the product's decoration, where (0..1 of the card's size). */
export type PlacedSticker = { stickerId: string; x: number; y: number };
/** What the merchant prints and ships with the gift. */
export type GiftCard = {
  cardId: string | null; cardName: string | null; giverName: string; receiverName: string | null; message: string; stickers?: PlacedSticker[];
  /** The language the giver chose for the card (absent on cards of orders claimed before it was recorded). */
  language?: CardLanguage | null;
};
/** The record of a lottery draw: anyone can recompute the winners from it (see rules.ts drawWinners). */
export type LotteryDraw = { seed: string; algorithm: string; participants: string[]; winners: string[]; drawnAt: string };

export const gifts = pgTable(
  'gifts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    source: text('source', { enum: GIFT_SOURCES }).notNull().default('buyer'),
    /** The buyer who sends it, or for a merchant gift the staff member who sent it. */
    giverId: uuid('giver_id').notNull(),
    /** The giver's display name when sent (what the recipient sees). */
    giverName: text('giver_name').notNull(),
    kind: text('kind', { enum: GIFT_KINDS }).notNull(),
    /** A merchant's free gift names the buyer it is for: nobody else may claim it. */
    recipientId: uuid('recipient_id'),
    productId: uuid('product_id').notNull(),
    skuId: uuid('sku_id').notNull(),
    title: text('title').notNull(),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    /** Items per unit: a single gift's quantity; 1 for group gifts. */
    unitQuantity: integer('unit_quantity').notNull(),
    /** Units to hand out: 1 for a single gift, N for a group gift. */
    units: integer('units').notNull(),
    unitsClaimed: integer('units_claimed').notNull().default(0),
    /** Units given back (refunded or, for a free gift, stock returned) after the claim window. */
    unitsReturned: integer('units_returned').notNull().default(0),
    message: text('message').notNull().default(''),
    /** Who the giver writes the card to (optional). */
    receiverName: text('receiver_name'),
    cardId: text('card_id'),
    /** The language the giver chose for the printed card's fixed texts; null on gifts sent before it was recorded. */
    cardLanguage: text('card_language', { enum: CARD_LANGUAGES }),
    stickers: jsonb('stickers').$type<PlacedSticker[]>().notNull().default([]),
    channel: text('channel', { enum: CHANNELS }).notNull().default('store'),
    shopId: uuid('shop_id'),
    /** The mini-site the gift came through (a cooperation gift, or a buyer gifting from a component): its order carries it. */
    miniSiteId: uuid('mini_site_id'),
    /** A cooperation gift: the gift activity whose pool it came from (unclaimed units go back to it). */
    activityId: uuid('activity_id'),
    paymentId: uuid('payment_id'),
    /** What the giver's member price, coupons and points took off unit_price * unit_quantity * units (paid: that less this). */
    discount: bigint('discount', { mode: 'number' }).notNull().default(0),
    /** The giver's points spent on it (given back in proportion to the units refunded). */
    pointsSpent: bigint('points_spent', { mode: 'number' }).notNull().default(0),
    /** SHA-256 (hex) of the share token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    state: text('state', { enum: GIFT_STATES }).notNull(),
    /** Lottery: entries close at this time, then winners are drawn. */
    joinDeadline: timestamp('join_deadline', { withTimezone: true }),
    draw: jsonb('draw').$type<LotteryDraw>(),
    payDeadline: timestamp('pay_deadline', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    /** Unclaimed units are given back at this time (claim window after payment, default 24 h). */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    expiredAt: timestamp('expired_at', { withTimezone: true }),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('gifts_token_idx').on(t.tokenHash),
    index('gifts_giver_idx').on(t.giverId, t.createdAt.desc()),
    index('gifts_store_idx').on(t.storeId, t.createdAt.desc()),
    index('gifts_payment_idx').on(t.paymentId),
    index('gifts_activity_idx').on(t.activityId).where(sql`${t.activityId} is not null`),
    index('gifts_mini_site_idx').on(t.miniSiteId, t.createdAt.desc()).where(sql`${t.miniSiteId} is not null`),
    index('gifts_pay_due_idx').on(t.payDeadline).where(sql`${t.state} = 'awaiting_payment'`),
    index('gifts_expire_due_idx').on(t.expiresAt).where(sql`${t.state} = 'waiting'`),
    index('gifts_draw_due_idx').on(t.joinDeadline).where(sql`${t.kind} = 'lottery' and ${t.draw} is null and ${t.state} = 'waiting'`),
    check('gifts_units_check', sql`${t.units} > 0 and ${t.unitQuantity} > 0 and ${t.unitsClaimed} >= 0 and ${t.unitsReturned} >= 0 and ${t.unitsClaimed} + ${t.unitsReturned} <= ${t.units}`),
    check('gifts_message_check', sql`char_length(${t.message}) <= 100`),
  ],
);

/** One unit handed to one person: a lottery winner before claiming ('won'), or a claimed unit with its order. */
export const giftClaims = pgTable(
  'gift_claims',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    giftId: uuid('gift_id').notNull().references(() => gifts.id),
    storeId: uuid('store_id').notNull(),
    claimantId: uuid('claimant_id').notNull(),
    claimantName: text('claimant_name').notNull(),
    state: text('state', { enum: CLAIM_STATES }).notNull(),
    /** The SKU the claimant chose (same product, same price). */
    skuId: uuid('sku_id'),
    orderId: uuid('order_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('gift_claims_person_idx').on(t.giftId, t.claimantId), index('gift_claims_claimant_idx').on(t.claimantId, t.createdAt.desc())],
);

/** People who joined a lottery gift before its deadline. */
export const giftEntries = pgTable(
  'gift_entries',
  {
    giftId: uuid('gift_id').notNull().references(() => gifts.id),
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    buyerName: text('buyer_name').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.giftId, t.buyerId] })],
);

/** A merchant's gift decoration of one product: the gift page theme, stickers, greeting-card designs. */
export type GiftDecoration = {
  theme: { coverImageId: string | null; background: string; accent: string; text: string };
  stickers: { id: string; label: string; glyph: string }[];
  cards: { id: string; name: string; background: string; accent: string; pattern: 'plain' | 'dots' | 'stripes' | 'hearts' }[];
};

export const giftDecorations = pgTable('gift_decorations', {
  productId: uuid('product_id').primaryKey(),
  storeId: uuid('store_id').notNull(),
  decoration: jsonb('decoration').$type<GiftDecoration>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [index('gift_decorations_store_idx').on(t.storeId)]);

/** A physical shop or counter with a scan-to-gift QR code, optionally limited to some products. */
export const giftShops = pgTable(
  'gift_shops',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    /** null: every giftable product of the store. */
    productIds: jsonb('product_ids').$type<string[] | null>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('gift_shops_store_idx').on(t.storeId, t.createdAt)],
);

/** Look-ups of unknown gift tokens, per client address: too many in a window and look-ups are refused (429). */
export const giftTokenMisses = pgTable(
  'gift_token_misses',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ip: text('ip').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('gift_token_misses_ip_idx').on(t.ip, t.at)],
);
