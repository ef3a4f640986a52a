// Tables of the withdrawals module: a store's receiver account (where its withdrawals are paid, registered with the
// payment provider as a profit-sharing receiver), its withdrawals, and the profit-sharing orders that pay them.
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const RECEIVER_TYPES = ['MERCHANT_ID', 'PERSONAL_OPENID'] as const;
export type ReceiverType = (typeof RECEIVER_TYPES)[number];
/** pending: to be added at the provider (receivers/add, swept); registered: added; failed: the provider refused it (the merchant corrects it). */
export const RECEIVER_STATES = ['pending', 'registered', 'failed'] as const;
export type ReceiverState = (typeof RECEIVER_STATES)[number];

export const WITHDRAWAL_STATES = ['requested', 'approved', 'paying', 'paid', 'failed', 'rejected'] as const;
export type WithdrawalState = (typeof WITHDRAWAL_STATES)[number];
/** A profit-sharing order: pending (to send), processing (the provider took it), succeeded or closed (final). */
export const SHARE_STATES = ['pending', 'processing', 'succeeded', 'closed'] as const;
export type ShareState = (typeof SHARE_STATES)[number];

/** One per store: the account its withdrawals go to (a WeChat Pay merchant id, or a person's openid for the app). */
export const storeReceivers = pgTable('store_receivers', {
  storeId: uuid('store_id').primaryKey(),
  type: text('type', { enum: RECEIVER_TYPES }).notNull(),
  account: text('account').notNull(),
  /** The account holder's name (a merchant's registered name), sent encrypted to the provider. */
  name: text('name'),
  state: text('state', { enum: RECEIVER_STATES }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  lastError: text('last_error'),
  registeredAt: timestamp('registered_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [index('store_receivers_due_idx').on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`)]);

export const withdrawals = pgTable('withdrawals', {
  id: uuid('id').primaryKey().defaultRandom(),
  storeId: uuid('store_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  state: text('state', { enum: WITHDRAWAL_STATES }).notNull(),
  requestedBy: uuid('requested_by'),
  /** Approved at once because the amount was within TRIO_WITHDRAWAL_AUTO_LIMIT. */
  autoApproved: boolean('auto_approved').notNull().default(false),
  decidedBy: uuid('decided_by'),
  rejectReason: text('reject_reason'),
  /** Where it was paid: the store's receiver when payment started. */
  receiverType: text('receiver_type', { enum: RECEIVER_TYPES }),
  receiverAccount: text('receiver_account'),
  /** What reached the receiver; on failure the rest came back to the balance. */
  paidAmount: bigint('paid_amount', { mode: 'number' }).notNull().default(0),
  failReason: text('fail_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  payingAt: timestamp('paying_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('withdrawals_store_idx').on(t.storeId, t.createdAt.desc()),
  index('withdrawals_state_idx').on(t.state, t.createdAt),
  check('withdrawals_amount_check', sql`${t.amount} > 0`),
]);

/**
 * A profit-sharing order (out_order_no): part of one order's payment transaction shared to the store's receiver.
 * A withdrawal is split over the store's settled orders, oldest first (FIFO), each giving at most what it credited
 * the store less what earlier withdrawals took of it. Sent and asked about by a sweep until the provider's answer is final.
 */
export const withdrawalShares = pgTable('withdrawal_shares', {
  outOrderNo: text('out_order_no').primaryKey(),
  withdrawalId: uuid('withdrawal_id').notNull().references(() => withdrawals.id),
  storeId: uuid('store_id').notNull(),
  orderId: uuid('order_id').notNull(),
  transactionId: text('transaction_id').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  state: text('state', { enum: SHARE_STATES }).notNull(),
  providerOrderId: text('provider_order_id'),
  failReason: text('fail_reason'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  index('withdrawal_shares_withdrawal_idx').on(t.withdrawalId),
  index('withdrawal_shares_order_idx').on(t.orderId),
  index('withdrawal_shares_due_idx').on(t.nextAttemptAt).where(sql`${t.state} in ('pending', 'processing')`),
  check('withdrawal_shares_amount_check', sql`${t.amount} > 0`),
]);

/** A profit-sharing return: pending (to send), processing (the provider took it), succeeded or failed (final; failed waits for the operator's retry). */
export const RETURN_STATES = ['pending', 'processing', 'succeeded', 'failed'] as const;
export type ReturnState = (typeof RETURN_STATES)[number];

/**
 * What a store got of an order's payment by profit sharing, taken back (POST /v3/profitsharing/return-orders) before
 * a refund of that order is sent: the refund is held until every return of it succeeded. One row per share it takes
 * from (newest share first); a failed one stays (the operator sees it) and a retry is a new row (retried_at set on the old).
 */
export const profitSharingReturns = pgTable('profit_sharing_returns', {
  outReturnNo: text('out_return_no').primaryKey(),
  /** The refund (payments module) that waits for this return. */
  refundId: uuid('refund_id').notNull(),
  storeId: uuid('store_id').notNull(),
  orderId: uuid('order_id').notNull(),
  /** The share (profit-sharing order) taken back from, and the merchant receiver it paid (return_mchid). */
  outOrderNo: text('out_order_no').notNull().references(() => withdrawalShares.outOrderNo),
  returnAccount: text('return_account').notNull(),
  amount: bigint('amount', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  state: text('state', { enum: RETURN_STATES }).notNull(),
  providerReturnId: text('provider_return_id'),
  failReason: text('fail_reason'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  retriedAt: timestamp('retried_at', { withTimezone: true }),
}, (t) => [
  index('profit_sharing_returns_refund_idx').on(t.refundId),
  index('profit_sharing_returns_order_idx').on(t.orderId),
  index('profit_sharing_returns_share_idx').on(t.outOrderNo),
  index('profit_sharing_returns_due_idx').on(t.nextAttemptAt).where(sql`${t.state} in ('pending', 'processing')`),
  index('profit_sharing_returns_failed_idx').on(t.createdAt).where(sql`${t.state} = 'failed' and ${t.retriedAt} is null`),
  check('profit_sharing_returns_amount_check', sql`${t.amount} > 0`),
]);
