// Tables of cooperation gifts (M6): a store's gift activity for a linked mini-site, with a stock pool per SKU taken
// from the SKUs at creation, and the idempotency ids of the gifts a mini-site's server created from it.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** An activity's states (transitions: gift-activity-rules.ts). scheduled → active → ended; scheduled|active → closed. */
export const ACTIVITY_STATES = ['scheduled', 'active', 'ended', 'closed'] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];

/** A title in the three languages of the web app (each optional; `en` is the fallback). */
export type ActivityTitle = { en?: string; zh?: string; vi?: string };

export const giftActivities = pgTable(
  'gift_activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    miniSiteId: uuid('mini_site_id').notNull(),
    title: jsonb('title').$type<ActivityTitle>().notNull(),
    state: text('state', { enum: ACTIVITY_STATES }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** When it ended (its end time passed, swept) or was closed early; its pool went back to the SKUs then. */
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('gift_activities_store_idx').on(t.storeId, t.createdAt.desc()),
    index('gift_activities_site_idx').on(t.miniSiteId, t.createdAt.desc()),
    index('gift_activities_due_idx').on(t.endsAt).where(sql`${t.state} in ('scheduled', 'active')`),
    check('gift_activities_window_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** One SKU of an activity and its pool: `pool` units taken from the SKU at creation, `remaining` not yet sent. */
export const giftActivityItems = pgTable(
  'gift_activity_items',
  {
    activityId: uuid('activity_id').notNull().references(() => giftActivities.id),
    storeId: uuid('store_id').notNull(),
    productId: uuid('product_id').notNull(),
    skuId: uuid('sku_id').notNull(),
    pool: integer('pool').notNull(),
    remaining: integer('remaining').notNull(),
    /** Units given back to the SKU when the activity finished. */
    returned: integer('returned').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.skuId] }),
    check('gift_activity_items_pool_check', sql`${t.pool} > 0 and ${t.remaining} >= 0 and ${t.returned} >= 0 and ${t.remaining} + ${t.returned} <= ${t.pool}`),
  ],
);

/** A mini-site's idempotency ids of gift creations: the same id answers the same gift, never a second one. */
export const miniSiteGiftRequests = pgTable(
  'mini_site_gift_requests',
  {
    miniSiteId: uuid('mini_site_id').notNull(),
    requestId: text('request_id').notNull(),
    storeId: uuid('store_id').notNull(),
    giftId: uuid('gift_id').notNull(),
    /** SHA-256 of what was asked (activity, SKU, quantity, message, receiver): another body under the same id is refused. */
    bodyHash: text('body_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.miniSiteId, t.requestId] }), index('mini_site_gift_requests_created_idx').on(t.createdAt)],
);
