// Tables of order notices (M6): what Trio tells a mini-site's callback URL about the orders placed through it, and
// every try to deliver it. Store-owned rows (store_id), read by the mini-site's owners.
import { sql } from 'drizzle-orm';
import { DELIVERY_STATES, type DeliveryState } from '../../kernel/delivery-rules.ts';
import { deliveryColumns, tryColumns } from '../../kernel/delivery-schema.ts';
import { bigint, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A notice's states (transitions: notices-rules.ts). pending → delivered | failed; delivered | failed → pending (send again). */
export const NOTICE_STATES = DELIVERY_STATES;
export type NoticeState = DeliveryState;
/** The order events a mini-site is told of (the `event` of a notice's body). */
export const NOTICE_EVENTS = ['created', 'paid', 'shipped', 'completed', 'cancelled', 'refunded'] as const;
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

export const miniSiteNotices = pgTable(
  'mini_site_notices',
  {
    /** The notice id of the body: the receiver dedupes by it (every try of a notice sends the same id and body). */
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    miniSiteId: uuid('mini_site_id').notNull(),
    orderId: uuid('order_id').notNull(),
    /** The outbox row it was made from (one notice per order event). */
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    event: text('event', { enum: NOTICE_EVENTS }).notNull(),
    ...deliveryColumns(),
  },
  (t) => [
    uniqueIndex('mini_site_notices_outbox_key').on(t.outboxId, t.miniSiteId),
    index('mini_site_notices_due_idx').on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    index('mini_site_notices_site_idx').on(t.miniSiteId, t.createdAt.desc()),
    index('mini_site_notices_order_idx').on(t.orderId),
    index('mini_site_notices_store_idx').on(t.storeId),
  ],
);

/** Every try to deliver a notice: when, how long, and what the callback URL answered (or why it did not). */
export const miniSiteNoticeTries = pgTable(
  'mini_site_notice_tries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    noticeId: uuid('notice_id').notNull().references(() => miniSiteNotices.id),
    ...tryColumns(),
  },
  (t) => [index('mini_site_notice_tries_notice_idx').on(t.noticeId, t.triedAt), index('mini_site_notice_tries_store_idx').on(t.storeId)],
);
