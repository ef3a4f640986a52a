// The columns every delivery table shares (mini-site order notices, merchant webhooks): what the shared delivery
// loop (deliveries.ts) claims, tries and records. A table spreads these beside its own columns.
import { integer, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { DELIVERY_STATES } from './delivery-rules.ts';

/** A delivery row's columns (its id, store_id and owner columns are the table's own). */
export function deliveryColumns() {
  return {
    /** The JSON body, exactly the bytes sent (signed again at each try, with a fresh timestamp). */
    body: text('body').notNull(),
    state: text('state', { enum: DELIVERY_STATES }).notNull(),
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
  };
}

/** A try's columns (its id and the column naming its delivery are the table's own). */
export function tryColumns() {
  return {
    storeId: uuid('store_id').notNull(),
    triedAt: timestamp('tried_at', { withTimezone: true }).notNull(),
    durationMs: integer('duration_ms').notNull(),
    /** The HTTP status answered; null when there was no answer (see error). */
    status: integer('status'),
    /** Why the try failed: no answer in time, connection refused, a status that is not 2xx. */
    error: text('error'),
    /** The first bytes of the answer's body, for the owner to read. */
    answer: text('answer'),
  };
}
