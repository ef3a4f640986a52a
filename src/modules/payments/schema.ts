// Tables of the payments module: Trio's payments, the provider transactions behind them (one per prepay attempt),
// every notification received, refunds; and the sandbox's own state (it plays WeChat Pay's side).
import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, integer, jsonb, bigint, boolean, index, uniqueIndex, check } from 'drizzle-orm/pg-core';

export const PAYMENT_PURPOSES = ['orders', 'deposit', 'gift'] as const;
export type PaymentPurpose = (typeof PAYMENT_PURPOSES)[number];
export const PAYMENT_STATES = ['awaiting', 'paid', 'closed'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];
export const ATTEMPT_STATES = ['open', 'paid', 'closed'] as const;
export const PAY_METHODS = ['jsapi', 'native'] as const;
export const PAYMENT_REFUND_STATES = ['pending', 'processing', 'succeeded', 'failed'] as const;

/** One amount a payer owes Trio: a checkout's orders (over several stores) or a store's deposit top-up. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purpose: text('purpose', { enum: PAYMENT_PURPOSES }).notNull(),
    payerId: uuid('payer_id').notNull(),
    /** The store of a deposit top-up; null for a checkout (its orders carry their stores). */
    storeId: uuid('store_id'),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    description: text('description').notNull(),
    state: text('state', { enum: PAYMENT_STATES }).notNull().default('awaiting'),
    /** The provider transaction that paid it. */
    paidOutTradeNo: text('paid_out_trade_no'),
    transactionId: text('transaction_id'),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  // No index on the payer: payments are read by id, a payer's through their orders (orders_buyer_idx). One index
  // entry less for every checkout.
  (t) => [check('payments_amount_check', sql`${t.amount} > 0`)],
);

/** A prepay request to the provider (out_trade_no). A new one is made when the amount changed since the last. */
export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    outTradeNo: text('out_trade_no').primaryKey(),
    paymentId: uuid('payment_id').notNull().references(() => payments.id),
    provider: text('provider').notNull(),
    method: text('method', { enum: PAY_METHODS }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    prepayId: text('prepay_id'),
    codeUrl: text('code_url'),
    state: text('state', { enum: ATTEMPT_STATES }).notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /**
     * Where the attempt stands at the provider. Until the provider's answer is final (CLOSED, REVOKED, or a SUCCESS
     * applied here) the reconciliation sweep takes it at next_check_at: it closes at the provider what Trio closed,
     * asks about the rest, and applies a success it finds (a success nobody wants any more is refunded).
     */
    providerFinal: boolean('provider_final').notNull().default(false),
    providerState: text('provider_state'),
    nextCheckAt: timestamp('next_check_at', { withTimezone: true }).notNull().defaultNow(),
    checks: integer('checks').notNull().default(0),
    lastCheckError: text('last_check_error'),
  },
  (t) => [
    index('payment_attempts_payment_idx').on(t.paymentId),
    index('payment_attempts_check_idx').on(t.nextCheckAt).where(sql`not ${t.providerFinal}`),
  ],
);

/** Every notification received, kept whatever came of it (applied, duplicate, refused and why). */
export const paymentNotifications = pgTable(
  'payment_notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    provider: text('provider').notNull(),
    notificationId: text('notification_id'),
    eventType: text('event_type'),
    outTradeNo: text('out_trade_no'),
    outcome: text('outcome').notNull(),
    detail: text('detail'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('payment_notifications_trade_idx').on(t.outTradeNo)],
);

/** Money going back to the payer, through the provider; retried until it succeeds or fails for good. */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    outRefundNo: text('out_refund_no').notNull(),
    paymentId: uuid('payment_id').notNull().references(() => payments.id),
    /** The provider transaction refunded: the one that paid the payment, or a second one that paid it again. */
    outTradeNo: text('out_trade_no').notNull(),
    storeId: uuid('store_id'),
    orderId: uuid('order_id'),
    /** What asked for it, e.g. 'paid_after_cancel', 'aftersales:<id>', 'gift_expired:<id>'. */
    source: text('source').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    reason: text('reason'),
    state: text('state', { enum: PAYMENT_REFUND_STATES }).notNull().default('pending'),
    providerRefundId: text('provider_refund_id'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
    /**
     * What the refund waits for before it is sent, e.g. 'profit_sharing_return' (the store's share of the payment is
     * taken back first); null: sent when due. Released by the module that held it.
     */
    heldFor: text('held_for'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    succeededAt: timestamp('succeeded_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('refunds_out_refund_no_idx').on(t.outRefundNo),
    index('refunds_payment_idx').on(t.paymentId),
    // What a payment has refunded so far (refundFacts, requestRefund sum its refunds by out_trade_no): without it each
    // refund asked for read every refund of the platform.
    index('refunds_trade_idx').on(t.outTradeNo),
    index('refunds_due_idx').on(t.nextAttemptAt).where(sql`${t.state} in ('pending', 'processing')`),
    // A store's refunds paid back on a day (analytics rollups).
    index('refunds_store_succeeded_idx').on(t.storeId, t.succeededAt).where(sql`${t.state} = 'succeeded'`),
    check('refunds_amount_check', sql`${t.amount} > 0`),
  ],
);

/** The sandbox's keys (its merchant and platform key pairs, API v3 key), made once, shared by every process. */
export const sandboxKeys = pgTable('sandbox_keys', {
  id: integer('id').primaryKey(),
  mchid: text('mchid').notNull(),
  appid: text('appid').notNull(),
  merchantSerial: text('merchant_serial').notNull(),
  merchantPrivateKey: text('merchant_private_key').notNull(),
  merchantPublicKey: text('merchant_public_key').notNull(),
  platformSerial: text('platform_serial').notNull(),
  platformPrivateKey: text('platform_private_key').notNull(),
  platformPublicKey: text('platform_public_key').notNull(),
  apiV3Key: text('api_v3_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What the sandbox knows of a transaction, as WeChat Pay would. */
export const sandboxTransactions = pgTable(
  'sandbox_transactions',
  {
    outTradeNo: text('out_trade_no').primaryKey(),
    mchid: text('mchid').notNull(),
    appid: text('appid').notNull(),
    prepayId: text('prepay_id').notNull(),
    tradeType: text('trade_type').notNull(),
    description: text('description').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    notifyUrl: text('notify_url').notNull(),
    attach: text('attach'),
    payerOpenid: text('payer_openid'),
    /** NOTPAY, SUCCESS, CLOSED, PAYERROR, REFUND */
    tradeState: text('trade_state').notNull(),
    transactionId: text('transaction_id'),
    successTime: timestamp('success_time', { withTimezone: true }),
    timeExpire: timestamp('time_expire', { withTimezone: true }),
    request: jsonb('request').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('sandbox_transactions_prepay_idx').on(t.prepayId)],
);

export const sandboxRefunds = pgTable(
  'sandbox_refunds',
  {
    outRefundNo: text('out_refund_no').primaryKey(),
    refundId: text('refund_id').notNull(),
    outTradeNo: text('out_trade_no').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** SUCCESS, CLOSED, PROCESSING, ABNORMAL */
    status: text('status').notNull(),
    notifyUrl: text('notify_url'),
    request: jsonb('request').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    successTime: timestamp('success_time', { withTimezone: true }),
    /** A PROCESSING refund is finished (SUCCESS, and its notification queued) by the sandbox's sweep at this time. */
    dueAt: timestamp('due_at', { withTimezone: true }),
  },
  (t) => [index('sandbox_refunds_due_idx').on(t.dueAt).where(sql`${t.status} = 'PROCESSING'`)],
);

export const SANDBOX_NOTIFICATION_STATES = ['pending', 'delivered', 'abandoned'] as const;

/**
 * What the sandbox sends, as WeChat Pay sends it: one row per notification, POSTed until a 2xx answer on WeChat Pay's
 * schedule, by whichever process sweeps it first. The body (its id, the encrypted resource) stays the same at every
 * try; the signature is made at each send.
 */
export const sandboxNotifications = pgTable(
  'sandbox_notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    url: text('url').notNull(),
    eventType: text('event_type').notNull(),
    outTradeNo: text('out_trade_no').notNull(),
    body: text('body').notNull(),
    state: text('state', { enum: SANDBOX_NOTIFICATION_STATES }).notNull().default('pending'),
    /** Sends so far; the next one is due at next_attempt_at (a send in progress holds it as a lease). */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastStatus: integer('last_status'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    index('sandbox_notifications_due_idx').on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    index('sandbox_notifications_trade_idx').on(t.outTradeNo),
  ],
);
