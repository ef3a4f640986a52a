// Tables of membership (M6): a store's member program (levels by growth, a points balance, member prices, a sign-up
// gift), its members, their points in lots (spent and expired first-in first-out) and every change as an event.
// Store-owned rows (store_id). One program per store: see README ("Membership and coupons").
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** The highest level a program may have. */
export const MAX_MEMBER_LEVELS = 10;

/** A store's member program: how growth and points are earned and what points are worth. */
export const membershipPrograms = pgTable(
  'membership_programs',
  {
    storeId: uuid('store_id').primaryKey(),
    enabled: boolean('enabled').notNull().default(false),
    /** Growth points earned per whole unit of currency paid (per 100 minor units); taken back on refunds. */
    growthPerUnit: integer('growth_per_unit').notNull().default(1),
    /** Points earned per whole unit of currency paid (per 100 minor units). */
    pointsPerUnit: integer('points_per_unit').notNull().default(1),
    /** How many points pay one minor unit (fen) at checkout; e.g. 100 points = 1 yuan means 1. */
    pointsPerMinor: integer('points_per_minor').notNull().default(1),
    /** The largest share of a store order's amount points may pay, in basis points. */
    maxPointsShareBp: integer('max_points_share_bp').notNull().default(5000),
    /** Days a lot of earned points stays valid. */
    pointsValidDays: integer('points_valid_days').notNull().default(365),
    /** The coupon (audience 'signup_gift') a new member is given, if any. */
    signupCouponId: uuid('signup_coupon_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('membership_programs_rates_check', sql`${t.growthPerUnit} >= 0 and ${t.pointsPerUnit} >= 0 and ${t.pointsPerMinor} > 0`),
    check('membership_programs_share_check', sql`${t.maxPointsShareBp} between 0 and 10000`),
    check('membership_programs_days_check', sql`${t.pointsValidDays} > 0`),
  ],
);

/** A program's levels, 1..10: reached at a growth total; a level may give a discount on list prices. */
export const memberLevels = pgTable(
  'member_levels',
  {
    storeId: uuid('store_id').notNull(),
    level: integer('level').notNull(),
    name: text('name').notNull(),
    /** The growth total that reaches this level (level 1 needs 0). */
    growthRequired: bigint('growth_required', { mode: 'number' }).notNull(),
    /** What a member of this level pays of a list price, in basis points (10000: no level discount). */
    priceBp: integer('price_bp').notNull().default(10000),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.level] }),
    check('member_levels_level_check', sql`${t.level} between 1 and ${sql.raw(String(MAX_MEMBER_LEVELS))}`),
    check('member_levels_growth_check', sql`${t.growthRequired} >= 0`),
    check('member_levels_price_check', sql`${t.priceBp} between 1000 and 10000`),
  ],
);

/** Where a buyer joined. */
export const MEMBER_SOURCES = ['mini_site', 'store', 'after_purchase', 'console'] as const;
export type MemberSource = (typeof MEMBER_SOURCES)[number];

/** A buyer's membership of a store: level, growth and the points balance (the sum of the lots' remaining points). */
export const members = pgTable(
  'members',
  {
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    level: integer('level').notNull().default(1),
    growth: bigint('growth', { mode: 'number' }).notNull().default(0),
    points: bigint('points', { mode: 'number' }).notNull().default(0),
    source: text('source', { enum: MEMBER_SOURCES }).notNull(),
    /** The mini-site the buyer joined from (source 'mini_site'). */
    miniSiteId: uuid('mini_site_id'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.buyerId] }),
    index('members_buyer_idx').on(t.buyerId),
    index('members_store_joined_idx').on(t.storeId, t.joinedAt.desc()),
    check('members_points_check', sql`${t.points} >= 0`),
    check('members_growth_check', sql`${t.growth} >= 0`),
  ],
);

/** Points earned together (one payment, one adjustment): spent and expired oldest-expiry first. */
export const pointLots = pgTable(
  'point_lots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    earned: bigint('earned', { mode: 'number' }).notNull(),
    remaining: bigint('remaining', { mode: 'number' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** The order that earned them, when earned by paying. */
    orderId: uuid('order_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /**
     * Whether points remain (remaining > 0), kept by PostgreSQL. The lots' indexes are partial on this flag, not on
     * `remaining`: a spend that leaves points in the lot changes no indexed value, so it is a HOT update (no new
     * index entries). With `remaining` in the indexes' conditions every spend wrote three index entries. Queries for
     * the live lots say `live` so that these indexes serve them. A HOT update needs room on the row's page: migration
     * 0052 also sets the table's fillfactor to 80 (Drizzle's schema has no table storage options).
     */
    live: boolean('live').generatedAlwaysAs(sql`remaining > 0`).notNull(),
  },
  (t) => [
    index('point_lots_member_idx').on(t.storeId, t.buyerId, t.expiresAt).where(sql`${t.live}`),
    index('point_lots_due_idx').on(t.expiresAt).where(sql`${t.live}`),
    check('point_lots_remaining_check', sql`${t.remaining} >= 0 and ${t.remaining} <= ${t.earned} and ${t.earned} > 0`),
  ],
);

/**
 * Which lots a checkout or a gift took its points from: points given back return to these lots (their expiry), the
 * latest-expiring first, never above what was taken from each (`returned`).
 */
export const pointSpends = pgTable(
  'point_spends',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    lotId: uuid('lot_id').notNull(),
    orderId: uuid('order_id'),
    giftId: uuid('gift_id'),
    points: bigint('points', { mode: 'number' }).notNull(),
    returned: bigint('returned', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    index('point_spends_order_idx').on(t.orderId).where(sql`${t.orderId} is not null`),
    index('point_spends_gift_idx').on(t.giftId).where(sql`${t.giftId} is not null`),
    check('point_spends_points_check', sql`${t.points} > 0 and ${t.returned} >= 0 and ${t.returned} <= ${t.points}`),
  ],
);

/** What changed a member's points or growth (signed amounts), in one history. */
export const MEMBER_EVENT_KINDS = ['joined', 'earned', 'spent', 'expired', 'returned', 'taken_back', 'adjusted', 'level_changed'] as const;
export type MemberEventKind = (typeof MEMBER_EVENT_KINDS)[number];

export const memberEvents = pgTable(
  'member_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    kind: text('kind', { enum: MEMBER_EVENT_KINDS }).notNull(),
    points: bigint('points', { mode: 'number' }).notNull().default(0),
    growth: bigint('growth', { mode: 'number' }).notNull().default(0),
    /** The level after the event. */
    level: integer('level'),
    orderId: uuid('order_id'),
    /** The gift the points were spent on or came back from. */
    giftId: uuid('gift_id'),
    /** Who adjusted by hand (kind 'adjusted'), and why. */
    actorId: uuid('actor_id'),
    reason: text('reason'),
    /** Points a refund should have taken back but could not (already spent or expired): kind 'taken_back'. */
    shortfall: bigint('shortfall', { mode: 'number' }).notNull().default(0),
    /** What made the event once ('paid:<orderId>', 'refund:<afterSaleId>'): a message delivered twice changes nothing. */
    onceKey: text('once_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('member_events_member_idx').on(t.storeId, t.buyerId, t.id.desc()),
    // Read by order only for what refunds took back (earning.ts, the kind stated in the query's text, so a generic
    // plan uses it): the 'spent' event of every checkout with points and the 'earned' of every payment write no entry.
    index('member_events_order_idx').on(t.orderId).where(sql`${t.kind} = 'taken_back'`),
    uniqueIndex('member_events_once_idx').on(t.storeId, t.onceKey, t.kind).where(sql`${t.onceKey} is not null`),
  ],
);
