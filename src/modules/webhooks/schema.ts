// Tables of merchant webhooks (M7): a store's endpoints (URL, the hash of its secret, the events it wants), the
// deliveries made to them, and every try. Store-owned rows (store_id).
import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { deliveryColumns, tryColumns } from '../../kernel/delivery-schema.ts';

/**
 * An endpoint's states (transitions: rules.ts). active → disabled (by the merchant, or after a day of failures) →
 * active; either → deleted (by the merchant: gone from the console and the API, its deliveries kept as history).
 */
export const ENDPOINT_STATES = ['active', 'disabled', 'deleted'] as const;
export type EndpointState = (typeof ENDPOINT_STATES)[number];
/** Why an endpoint is disabled: the merchant did it, or every try failed for TRIO_WEBHOOK_DISABLE_AFTER_HOURS. */
export const DISABLED_REASONS = ['merchant', 'failing'] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    /** Where deliveries are POSTed: https (http only on localhost), no user or fragment. */
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /**
     * SHA-256 of the signing secret (hex), as mini-site app secrets are kept: the secret is shown once (creation,
     * rotation); this hash is the HMAC key of the signature (README, "Merchant webhooks").
     */
    secretHash: text('secret_hash').notNull(),
    /** The last 4 characters of the secret, so the merchant can tell which one the receiver holds. */
    secretHint: text('secret_hint').notNull(),
    secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true }).notNull(),
    /** What the endpoint wants: event names (rules.ts WEBHOOK_EVENTS) or a group such as `aftersales.*`. */
    events: text('events').array().notNull(),
    state: text('state', { enum: ENDPOINT_STATES }).notNull(),
    disabledReason: text('disabled_reason', { enum: DISABLED_REASONS }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** The first failed try since the last delivered one; null while the endpoint answers. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('webhook_endpoints_store_idx').on(t.storeId, t.createdAt),
    // The scheduler's every tick reads the active endpoints failing longest (sweep.ts disableFailingEndpoints): only
    // those rows are in it, so it stays as small as the failing endpoints, however many answer.
    index('webhook_endpoints_failing_idx').on(t.failingSince).where(sql`${t.state} = 'active' and ${t.failingSince} is not null`),
  ],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** The delivery id the body and the Trio-Webhook-Id header carry: receivers dedupe by it (every try sends the same). */
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    endpointId: uuid('endpoint_id').notNull().references(() => webhookEndpoints.id),
    /** The outbox row it was made from (one delivery per event and endpoint). */
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    event: text('event').notNull(),
    ...deliveryColumns(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_outbox_key').on(t.outboxId, t.endpointId),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt.desc()),
    index('webhook_deliveries_store_idx').on(t.storeId),
  ],
);

/** Every try of a delivery: when, how long, and what the endpoint answered (or why it did not). */
export const webhookDeliveryTries = pgTable(
  'webhook_delivery_tries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: uuid('delivery_id').notNull().references(() => webhookDeliveries.id),
    ...tryColumns(),
  },
  (t) => [index('webhook_delivery_tries_delivery_idx').on(t.deliveryId, t.triedAt), index('webhook_delivery_tries_store_idx').on(t.storeId)],
);
