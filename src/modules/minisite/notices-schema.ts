// Tables of order notices (M6): what Trio tells a mini-site's callback URL about the orders placed through it, and
// every try to deliver it. Store-owned rows (store_id), read by the mini-site's owners.
import { sql } from 'drizzle-orm';
import { DELIVERY_STATES, type DeliveryState } from '../../kernel/delivery-rules.ts';
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
    /** The JSON body, exactly the bytes sent (signed again at each try, with a fresh timestamp and nonce). */
    body: text('body').notNull(),
    state: text('state', { enum: NOTICE_STATES }).notNull(),
    /** Tries made in this round (the schedule's position); "send again" starts a new round. */
    attempts: integer('attempts').notNull().default(0),
    /** Tries made in all. */
    tries: integer('tries').notNull().default(0),
    /** Pending: when the next try is due; while a process is sending it, the end of that process's lease. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** The claim of the process sending it now: only that claim's result is recorded. */
    claimToken: uuid('claim_token'),
    lastTriedAt: timestamp('last_tried_at', { withTimezone: true }),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
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
    storeId: uuid('store_id').notNull(),
    triedAt: timestamp('tried_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** The HTTP status answered; null when there was no answer (see error). */
    status: integer('status'),
    /** Why the try failed: no answer in time, connection refused, a status that is not 2xx. */
    error: text('error'),
    /** The first bytes of the answer's body, for the owner to read. */
    answer: text('answer'),
  },
  (t) => [index('mini_site_notice_tries_notice_idx').on(t.noticeId, t.triedAt), index('mini_site_notice_tries_store_idx').on(t.storeId)],
);
