// Tables of the analytics module: daily rollups of the rows the business already writes (orders, their items,
// succeeded refunds, product views), one set of rows per store and local day. A day is local to a time zone: the
// store's own zone (its reports) and the platform's (the operator's reports) each get their rows; when they are the
// same zone there is one set. Rollups are recomputed whole from raw rows for each day marked dirty (rollups.ts),
// so recomputing a day always gives the same rows.
import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, integer, bigint, date, index, primaryKey, check } from 'drizzle-orm/pg-core';
import { CHANNELS } from '../catalog/schema.ts';

/** A store's local day whose rollups must be recomputed (something paid, refunded or viewed that day). */
export const analyticsDirtyDays = pgTable(
  'analytics_dirty_days',
  {
    storeId: uuid('store_id').notNull(),
    timeZone: text('time_zone').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.timeZone, t.day] }), index('analytics_dirty_days_marked_idx').on(t.markedAt)],
);

/**
 * Marks just written, appended as they come: a payment's outbox delivery, a refund, a batch of views. An insert here
 * takes no row lock, so marking never waits and two transactions marking days in different orders cannot deadlock
 * (as they did on the upsert into analytics_dirty_days). The rollups' sweep moves them into analytics_dirty_days.
 */
export const analyticsMarks = pgTable('analytics_marks', {
  storeId: uuid('store_id').notNull(),
  timeZone: text('time_zone').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  markedAt: timestamp('marked_at', { withTimezone: true }).notNull(),
});

/** One store's day per channel and currency: paid orders and GMV (gift orders apart too), succeeded refunds, product events, placed orders. */
export const analyticsChannelDays = pgTable(
  'analytics_channel_days',
  {
    storeId: uuid('store_id').notNull(),
    timeZone: text('time_zone').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    currency: text('currency').notNull(),
    orders: integer('orders').notNull(),
    gmv: bigint('gmv', { mode: 'number' }).notNull(),
    giftOrders: integer('gift_orders').notNull(),
    giftGmv: bigint('gift_gmv', { mode: 'number' }).notNull(),
    refunds: integer('refunds').notNull(),
    refundAmount: bigint('refund_amount', { mode: 'number' }).notNull(),
    views: integer('views').notNull(),
    /** The funnel before the order: products seen in lists, clicked in lists, added to carts (product_views by kind). */
    exposures: integer('exposures').notNull().default(0),
    clicks: integer('clicks').notNull().default(0),
    carts: integer('carts').notNull().default(0),
    /** Orders placed this day (created_at) that are paid or cancelled by now: one still awaiting payment counts once it is either. */
    placed: integer('placed').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.timeZone, t.storeId, t.day, t.channel, t.currency] }),
    // The operator's platform-wide reports read a zone's days across stores.
    index('analytics_channel_days_zone_day_idx').on(t.timeZone, t.day),
    check('analytics_channel_days_check', sql`${t.orders} >= 0 and ${t.gmv} >= 0 and ${t.giftGmv} >= 0 and ${t.refundAmount} >= 0 and ${t.views} >= 0`),
  ],
);

/** One store's day per product: paid orders holding it, units, what the buyers paid for it (after discounts), views. */
export const analyticsProductDays = pgTable(
  'analytics_product_days',
  {
    storeId: uuid('store_id').notNull(),
    timeZone: text('time_zone').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    productId: uuid('product_id').notNull(),
    /** The product's category when ordered (its current one when only viewed). */
    categoryId: integer('category_id').notNull(),
    currency: text('currency').notNull(),
    orders: integer('orders').notNull(),
    quantity: integer('quantity').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    views: integer('views').notNull(),
    exposures: integer('exposures').notNull().default(0),
    clicks: integer('clicks').notNull().default(0),
    carts: integer('carts').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.timeZone, t.storeId, t.day, t.productId] }),
    index('analytics_product_days_zone_day_idx').on(t.timeZone, t.day),
  ],
);

/** One store's day per paying buyer: their paid orders and what they paid (distinct buyers, repeat and new buyers, audience). */
export const analyticsBuyerDays = pgTable(
  'analytics_buyer_days',
  {
    storeId: uuid('store_id').notNull(),
    timeZone: text('time_zone').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    buyerId: uuid('buyer_id').notNull(),
    orders: integer('orders').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.timeZone, t.storeId, t.day, t.buyerId] }),
    index('analytics_buyer_days_zone_day_idx').on(t.timeZone, t.day),
    // New or returning: a buyer's earlier days (in a store, or anywhere on the platform).
    index('analytics_buyer_days_buyer_idx').on(t.timeZone, t.buyerId, t.day),
  ],
);

/**
 * One store's day per category subtree and paying buyer: each category an ordered item sits in and every ancestor of
 * it gets a row, so a category's row holds its whole subtree. `orders` counts each paid order once per subtree (an
 * order with items in two child categories is one order of their parent); `amount` is what the buyers paid for the
 * subtree's items (after discounts); refunds are those of the orders that hold an item of the subtree, by the day they
 * succeeded. The headline figures of a drilled category (reports.ts) read these rows.
 */
export const analyticsCategoryDays = pgTable(
  'analytics_category_days',
  {
    storeId: uuid('store_id').notNull(),
    timeZone: text('time_zone').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    categoryId: integer('category_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    currency: text('currency').notNull(),
    orders: integer('orders').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    giftAmount: bigint('gift_amount', { mode: 'number' }).notNull(),
    refunds: integer('refunds').notNull(),
    refundAmount: bigint('refund_amount', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.timeZone, t.storeId, t.day, t.categoryId, t.buyerId] }),
    index('analytics_category_days_zone_category_day_idx').on(t.timeZone, t.categoryId, t.day),
    // New or returning within the subtree: the buyer's earlier days in it.
    index('analytics_category_days_buyer_idx').on(t.timeZone, t.categoryId, t.buyerId, t.day),
    check('analytics_category_days_check', sql`${t.orders} >= 0 and ${t.amount} >= 0 and ${t.giftAmount} >= 0 and ${t.refundAmount} >= 0`),
  ],
);

/**
 * Counts changes to the rollups: every transaction that rewrites a store's day (the sweep) or drops rows (a store's zone
 * changed) moves it and NOTIFYs, so every process's cache of reports (report-cache.ts) is fresh while it has seen the
 * latest. One row, id 1.
 */
export const analyticsVersion = pgTable('analytics_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});
