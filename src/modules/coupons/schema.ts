// Tables of coupons (M6): what a store offers (product-level or store-level; percentage, spend-X-get-Y-off, flat or
// direct reduction; for everyone, members from a level, or as the sign-up gift) and the coupons buyers hold.
// Store-owned rows (store_id). Claiming is a guarded update of `claimed` (never above `total_quantity`).
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Product-level (only the products in coupon_products) or store-level (the whole store order). */
export const COUPON_SCOPES = ['store', 'product'] as const;
/**
 * percent: the buyer pays `pay_bp` of the eligible amount (2000..10000: "2-fold" to no discount);
 * spend_off: `amount` off when the eligible amount reaches `threshold`;
 * flat: `amount` off with no threshold (at most the platform's flat-reduction limit);
 * direct: `amount` off each eligible unit's price (never below zero).
 */
export const COUPON_KINDS = ['percent', 'spend_off', 'flat', 'direct'] as const;
/** Who may claim it: anyone (in-store), members at or above `min_level`, or only as the member sign-up gift. */
export const COUPON_AUDIENCES = ['all', 'members', 'signup_gift'] as const;
/** A coupon offer's states (transitions: coupons/rules.ts, swept by the scheduler on its windows). */
export const COUPON_STATES = ['scheduled', 'active', 'expired', 'voided'] as const;
/** Use window: fixed dates, or N days from claiming. */
export const COUPON_USE_WINDOWS = ['fixed', 'days'] as const;
/** A held coupon's states. */
export const HELD_COUPON_STATES = ['unused', 'locked', 'used', 'expired', 'voided'] as const;
export type CouponScope = (typeof COUPON_SCOPES)[number];
export type CouponKind = (typeof COUPON_KINDS)[number];
export type CouponAudience = (typeof COUPON_AUDIENCES)[number];
export type CouponState = (typeof COUPON_STATES)[number];
export type HeldCouponState = (typeof HELD_COUPON_STATES)[number];

export const coupons = pgTable(
  'coupons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    title: text('title').notNull(),
    scope: text('scope', { enum: COUPON_SCOPES }).notNull(),
    kind: text('kind', { enum: COUPON_KINDS }).notNull(),
    /** percent: what the buyer pays of the eligible amount, basis points. */
    payBp: integer('pay_bp'),
    /** spend_off: the eligible amount needed, minor units. */
    threshold: bigint('threshold', { mode: 'number' }).notNull().default(0),
    /** spend_off, flat, direct: the reduction, minor units. */
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull(),
    audience: text('audience', { enum: COUPON_AUDIENCES }).notNull(),
    /** audience 'members': the lowest level that may claim. */
    minLevel: integer('min_level'),
    state: text('state', { enum: COUPON_STATES }).notNull(),
    totalQuantity: integer('total_quantity').notNull(),
    claimed: integer('claimed').notNull().default(0),
    used: integer('used').notNull().default(0),
    perPersonLimit: integer('per_person_limit').notNull().default(1),
    claimStartsAt: timestamp('claim_starts_at', { withTimezone: true }).notNull(),
    claimEndsAt: timestamp('claim_ends_at', { withTimezone: true }).notNull(),
    useWindow: text('use_window', { enum: COUPON_USE_WINDOWS }).notNull(),
    useStartsAt: timestamp('use_starts_at', { withTimezone: true }),
    useEndsAt: timestamp('use_ends_at', { withTimezone: true }),
    useDays: integer('use_days'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('coupons_store_idx').on(t.storeId, t.createdAt.desc()),
    index('coupons_due_idx').on(t.state, t.claimStartsAt),
    check('coupons_claimed_check', sql`${t.claimed} >= 0 and ${t.claimed} <= ${t.totalQuantity} and ${t.used} >= 0 and ${t.used} <= ${t.claimed}`),
    check('coupons_quantity_check', sql`${t.totalQuantity} > 0 and ${t.perPersonLimit} > 0`),
    check('coupons_money_check', sql`${t.threshold} >= 0 and ${t.amount} >= 0`),
    check('coupons_pay_bp_check', sql`${t.kind} <> 'percent' or ${t.payBp} between 2000 and 10000`),
    check('coupons_windows_check', sql`${t.claimEndsAt} > ${t.claimStartsAt}`),
  ],
);

/** The products a product-level coupon applies to. */
export const couponProducts = pgTable(
  'coupon_products',
  {
    storeId: uuid('store_id').notNull(),
    couponId: uuid('coupon_id').notNull().references(() => coupons.id),
    productId: uuid('product_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.couponId, t.productId] }), index('coupon_products_product_idx').on(t.productId)],
);

/** A coupon a buyer holds: claimed (or given), usable in its window, locked by an unpaid order, used, or expired. */
export const heldCoupons = pgTable(
  'held_coupons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    couponId: uuid('coupon_id').notNull().references(() => coupons.id),
    buyerId: uuid('buyer_id').notNull(),
    state: text('state', { enum: HELD_COUPON_STATES }).notNull(),
    /** How it came: claimed by the buyer, the sign-up gift, sent by the merchant. */
    source: text('source', { enum: ['claimed', 'signup', 'sent'] }).notNull(),
    /** The buyer's n-th of this coupon (1..per_person_limit): unique, so a per-person limit holds under races. */
    seq: integer('seq').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
    /** The order that locked or used it. */
    orderId: uuid('order_id'),
    /** The gift that locked or used it (a giver's coupon). */
    giftId: uuid('gift_id'),
    usedAt: timestamp('used_at', { withTimezone: true }),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('held_coupons_person_key').on(t.couponId, t.buyerId, t.seq),
    index('held_coupons_buyer_idx').on(t.buyerId, t.state, t.validUntil),
    // No index by store: no query asks for a store's held coupons, and every index is written again by each state
    // change (claim, lock at checkout, use, release, give back, expiry). By order: only the coupons an order took.
    index('held_coupons_due_idx').on(t.validUntil).where(sql`${t.state} = 'unused'`),
    index('held_coupons_order_idx').on(t.orderId).where(sql`${t.orderId} is not null`),
    index('held_coupons_gift_idx').on(t.giftId).where(sql`${t.giftId} is not null`),
  ],
);
