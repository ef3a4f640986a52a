// Tables of after-sales: requests per order item (refund, return, exchange), their timeline, and buyers' photo
// evidence. The state machine is in rules.ts; every timeout is a due time on the request row, swept by the scheduler.
import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, integer, jsonb, bigint, boolean, index, uniqueIndex, check } from 'drizzle-orm/pg-core';

export const AFTERSALE_TYPES = ['refund', 'return', 'exchange'] as const;
export type AfterSaleType = (typeof AFTERSALE_TYPES)[number];

export const AFTERSALE_STATES = [
  'merchant_processing', 'merchant_rejected', 'waiting_buyer_confirm', 'waiting_buyer_return', 'return_closed',
  'waiting_merchant_receipt', 'refunding', 'refunded', 'refund_failed', 'in_dispute', 'user_cancelled',
  'exchange_reshipped', 'completed', 'closed',
] as const;
export type AfterSaleState = (typeof AFTERSALE_STATES)[number];

/** States in which a request is still open: an item has at most one open request (unique index below). */
export const OPEN_AFTERSALE_STATES: AfterSaleState[] = [
  'merchant_processing', 'merchant_rejected', 'waiting_buyer_confirm', 'waiting_buyer_return', 'waiting_merchant_receipt',
  'refunding', 'refund_failed', 'in_dispute', 'exchange_reshipped',
];

/** What the merchant offered instead of the request (the buyer accepts or declines). */
export type Proposal = { amount: number; note: string; at: string };
/** A parcel: the buyer's return, or the merchant's reshipment of an exchange (carrier: a code of orders/carriers.ts). */
export type Parcel = { carrier: string; carrierName?: string | null; trackingNo: string; at: string };
/** Where a return goes: a copy of the store's return address taken when the return was accepted. */
export type ReturnAddress = { name: string; phone: string; region: string; line: string; postalCode?: string };
/** The operator's decision of a dispute. */
export type DisputeDecision = { outcome: 'refund_full' | 'refund_partial' | 'reject'; amount: number; note: string; decidedBy: string; at: string };

export const afterSales = pgTable(
  'after_sales',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    orderId: uuid('order_id').notNull(),
    orderItemId: uuid('order_item_id').notNull(),
    /** Who asked: the order's buyer (for a gift order, the recipient who claimed it). */
    buyerId: uuid('buyer_id').notNull(),
    /** The payment refunds go back to (a gift's: the giver's); null for a store's free gift (nothing to refund). */
    paymentId: uuid('payment_id'),
    type: text('type', { enum: AFTERSALE_TYPES }).notNull(),
    state: text('state', { enum: AFTERSALE_STATES }).notNull(),
    quantity: integer('quantity').notNull(),
    /**
     * The request's number among its item's (1, 2, …; unique per item): a request is created by one statement that
     * takes the next number, so a request created (and closed) by someone else since the asker's reads makes it
     * conflict instead of counting on stale facts (the item's request limit, the units already refunded).
     */
    seq: integer('seq').notNull(),
    /** What the buyer asks back, minor units (0 for an exchange). */
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** What will be refunded: the asked amount, or the merchant's / operator's figure once agreed. */
    agreedAmount: bigint('agreed_amount', { mode: 'number' }),
    currency: text('currency').notNull(),
    reason: text('reason').notNull(),
    detail: text('detail').notNull().default(''),
    /** Ids of after_sale_photos. */
    photoIds: jsonb('photo_ids').$type<string[]>().notNull().default([]),
    /** Exchange: the SKU the buyer wants instead (same product). */
    exchangeSkuId: uuid('exchange_sku_id'),
    rejectReason: text('reject_reason'),
    proposal: jsonb('proposal').$type<Proposal>(),
    /** Where the buyer sends the goods back (returns and exchanges), copied when the merchant accepted. */
    returnAddress: jsonb('return_address').$type<ReturnAddress>(),
    returnParcel: jsonb('return_parcel').$type<Parcel>(),
    reshipParcel: jsonb('reship_parcel').$type<Parcel>(),
    disputeReason: text('dispute_reason'),
    decision: jsonb('decision').$type<DisputeDecision>(),
    /** The payments module's refund carrying the money back. */
    refundId: uuid('refund_id'),
    /** When the current state's timeout fires (merchant silent, buyer not shipping, receipt not confirmed, dispute window). */
    dueAt: timestamp('due_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('after_sales_one_open_idx').on(t.orderItemId).where(sql`${t.state} in (${sql.raw(OPEN_AFTERSALE_STATES.map((s) => `'${s}'`).join(', '))})`),
    uniqueIndex('after_sales_item_seq_idx').on(t.orderItemId, t.seq),
    index('after_sales_store_idx').on(t.storeId, t.state, t.dueAt),
    index('after_sales_buyer_idx').on(t.buyerId, t.createdAt.desc()),
    index('after_sales_order_idx').on(t.orderId),
    index('after_sales_refund_idx').on(t.refundId).where(sql`${t.refundId} is not null`),
    index('after_sales_due_idx').on(t.dueAt).where(sql`${t.dueAt} is not null`),
    check('after_sales_quantity_check', sql`${t.quantity} > 0`),
    check('after_sales_amount_check', sql`${t.amount} >= 0 and (${t.agreedAmount} is null or ${t.agreedAmount} >= 0)`),
  ],
);

/** The request's timeline: what happened, when, by whom. */
export const afterSaleEvents = pgTable(
  'after_sale_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    afterSaleId: uuid('after_sale_id').notNull().references(() => afterSales.id),
    storeId: uuid('store_id').notNull(),
    event: text('event').notNull(),
    /** 'buyer' | 'merchant' | 'operator' | 'system' */
    actorRole: text('actor_role').notNull(),
    actorId: uuid('actor_id'),
    fromState: text('from_state'),
    toState: text('to_state'),
    detail: jsonb('detail'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('after_sale_events_request_idx').on(t.afterSaleId, t.id)],
);

/** A buyer's photo evidence, checked and resized like product images (WebP under the data directory). */
export const afterSalePhotos = pgTable(
  'after_sale_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    buyerId: uuid('buyer_id').notNull(),
    /** Set when the photo is attached to a request (then the store may see it). */
    storeId: uuid('store_id'),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('after_sale_photos_buyer_idx').on(t.buyerId, t.createdAt)],
);

/** A store's addresses for returns; one is its default (accepting a return picks one, the request keeps a copy). */
export const storeReturnAddresses = pgTable(
  'store_return_addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    region: text('region').notNull(),
    line: text('line').notNull(),
    postalCode: text('postal_code'),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('store_return_addresses_store_idx').on(t.storeId, t.createdAt)],
);
