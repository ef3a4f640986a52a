// Tables of the kernel: idempotency keys (every create call) and the outbox (effects after commit).
import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, integer, jsonb, bigint, index, primaryKey } from 'drizzle-orm/pg-core';

/** A create call's key and the answer it got: the same key and body answer the same again. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** Who sent it: a user id or an API key id (keys of different callers never collide). */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** Method, route and a SHA-256 of the body: a different request under the same key is refused. */
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // BRIN: keys are written in time order and only swept by age; a B-tree entry per checkout cost more than it gave.
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_created_idx').using('brin', t.createdAt)],
);

/** Effects that must follow a commit (webhooks, messages), written in the same transaction, delivered at least once. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: uuid('store_id'),
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_pending_idx').on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null`),
    // The undelivered messages of one order, oldest first (kernel/outbox.ts ORDER_KEY: delivered in order).
    index('outbox_order_idx').on(sql`(payload->>'orderId')`, t.id).where(sql`${t.deliveredAt} is null and (payload->>'orderId') is not null`),
  ],
);

/** Secrets Trio makes once and keeps (e.g. the key that derives gift share tokens), the same for every process. */
export const appSecrets = pgTable('app_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Abuse limits' counters (kernel/rate-limit.ts), shared by every process over the database: one row per limit and
 * subject (address or account), hits within a window that ends at window_ends_at. Expired rows are swept.
 */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    windowEndsAt: timestamp('window_ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_limit_counters_window_idx').on(t.windowEndsAt)],
);
