// The sandbox's side of WeChat Pay profit sharing (分账): the receivers the merchant added, and the profit-sharing
// orders it took, each with its receivers' results, finished by the sandbox's own sweep when due.
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const sandboxProfitSharingReceivers = pgTable(
  'sandbox_profit_sharing_receivers',
  {
    type: text('type').notNull(),
    account: text('account').notNull(),
    /** The name, decrypted (the sandbox holds the platform private key). */
    name: text('name'),
    relationType: text('relation_type').notNull(),
    /** An account WeChat Pay would refuse to pay (frozen, not verified): its shares close with ACCOUNT_ABNORMAL. */
    abnormal: boolean('abnormal').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.type, t.account] })],
);

export type SandboxShareReceiver = {
  type: string; account: string; amount: number; description: string; result: 'PENDING' | 'SUCCESS' | 'CLOSED';
  fail_reason?: string; detail_id: string; create_time: string; finish_time?: string;
};

export const sandboxProfitSharingOrders = pgTable(
  'sandbox_profit_sharing_orders',
  {
    outOrderNo: text('out_order_no').primaryKey(),
    orderId: text('order_id').notNull(),
    transactionId: text('transaction_id').notNull(),
    /** PROCESSING until the sandbox's sweep finishes it at due_at, then FINISHED. */
    state: text('state').notNull(),
    unfreezeUnsplit: boolean('unfreeze_unsplit').notNull(),
    receivers: jsonb('receivers').$type<SandboxShareReceiver[]>().notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    request: jsonb('request').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('sandbox_profit_sharing_orders_due_idx').on(t.dueAt).where(sql`${t.state} = 'PROCESSING'`),
    index('sandbox_profit_sharing_orders_transaction_idx').on(t.transactionId),
  ],
);

/** Returns (分账回退) the merchant asked for: what a receiver got, taken back; PROCESSING until the sandbox's sweep finishes it. */
export const sandboxProfitSharingReturns = pgTable(
  'sandbox_profit_sharing_returns',
  {
    outReturnNo: text('out_return_no').primaryKey(),
    returnId: text('return_id').notNull(),
    orderId: text('order_id').notNull(),
    outOrderNo: text('out_order_no').notNull(),
    transactionId: text('transaction_id').notNull(),
    returnMchid: text('return_mchid').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    description: text('description').notNull(),
    /** PROCESSING, then SUCCESS or FAILED (fail_reason). */
    result: text('result').notNull(),
    failReason: text('fail_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('sandbox_profit_sharing_returns_due_idx').on(t.dueAt).where(sql`${t.result} = 'PROCESSING'`),
    index('sandbox_profit_sharing_returns_order_idx').on(t.outOrderNo),
  ],
);
