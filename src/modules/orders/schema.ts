// Tables of the orders module: carts, address book, orders and their items, shipments, timeline, store balances.
import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, integer, jsonb, bigint, boolean, index, uniqueIndex, primaryKey, check } from 'drizzle-orm/pg-core';
import { CHANNELS } from '../catalog/schema.ts';
import type { GiftCard } from '../gifts/schema.ts';

export const ORDER_STATES = ['awaiting_payment', 'awaiting_shipment', 'partly_shipped', 'awaiting_receipt', 'completed', 'cancelled', 'closed_refunded'] as const;
export type OrderState = (typeof ORDER_STATES)[number];
export const ITEM_STATES = ['awaiting_payment', 'awaiting_shipment', 'shipped', 'received', 'cancelled', 'closed'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const REFUND_STATES = ['none', 'partial', 'full'] as const;
export type RefundState = (typeof REFUND_STATES)[number];
/** What an order's timeline records (order_events.event). */
export const ORDER_TIMELINE_EVENTS = [
  'created', 'paid', 'price_lowered', 'address_changed', 'shipped', 'received', 'auto_received', 'cancelled', 'payment_timeout',
  'settled', 'refunded', 'closed_refunded', 'shipped_complete', 'shipping_fee_refunded',
  'shipping_fee_refund_failed', 'shipping_fee_refund_retried',
] as const;
export type OrderTimelineEvent = (typeof ORDER_TIMELINE_EVENTS)[number];
/** Who did something on a timeline (order_events and after_sale_events). */
export const ACTOR_ROLES = ['buyer', 'merchant', 'operator', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];
/**
 * settlement: an order's net credited after its after-sales window; refund: a refund of a settled order debited;
 * withdrawal: money the store asked to withdraw, debited when asked; withdrawal_returned: what of it did not go out
 * (rejected, or failed at the provider), credited back; profit_sharing_return: what a withdrawal had paid of an order,
 * taken back from the store's account before that order's refund (credited: the refund entry debits it again).
 */
export const BALANCE_KINDS = ['settlement', 'refund', 'withdrawal', 'withdrawal_returned', 'profit_sharing_return'] as const;

/** What a delivery goes to: the buyer's address at checkout (changeable until shipment). */
export type ShippingAddress = { name: string; phone: string; region: string; line: string; postalCode?: string };

export const cartLines = pgTable(
  'cart_lines',
  {
    buyerId: uuid('buyer_id').notNull(),
    skuId: uuid('sku_id').notNull(),
    storeId: uuid('store_id').notNull(),
    quantity: integer('quantity').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull().default('store'),
    /** The mini-site the line was added through (its store order then comes through that mini-site). */
    miniSiteId: uuid('mini_site_id'),
    /** The buyer's customisation file for the item (mini_site_media). */
    customMediaId: uuid('custom_media_id'),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.buyerId, t.skuId] }), check('cart_lines_quantity_check', sql`${t.quantity} > 0`)],
);

export const addresses = pgTable(
  'addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    buyerId: uuid('buyer_id').notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    region: text('region').notNull(),
    line: text('line').notNull(),
    postalCode: text('postal_code'),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('addresses_buyer_idx').on(t.buyerId)],
);

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    buyerId: uuid('buyer_id').notNull(),
    /** The combined payment that pays this order (one per checkout, over its stores' orders); null for a merchant's free gift. */
    paymentId: uuid('payment_id'),
    state: text('state', { enum: ORDER_STATES }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    currency: text('currency').notNull(),
    /** Sum of the items at the prices of the checkout. */
    itemsTotal: bigint('items_total', { mode: 'number' }).notNull(),
    /** What the merchant took off before payment. */
    discount: bigint('discount', { mode: 'number' }).notNull().default(0),
    /** The freight templates' fee for this store order (checkout.ts); 0 for gifts. Credited to the store, no commission on it. */
    shippingFee: bigint('shipping_fee', { mode: 'number' }).notNull().default(0),
    /** The refund that gave the shipping fee back (a whole order refunded before anything shipped). */
    shippingFeeRefundId: uuid('shipping_fee_refund_id'),
    /** What the buyer pays: itemsTotal - discount + shippingFee. */
    total: bigint('total', { mode: 'number' }).notNull(),
    address: jsonb('address').$type<ShippingAddress>().notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    payDeadline: timestamp('pay_deadline', { withTimezone: true }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    receiveDeadline: timestamp('receive_deadline', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    /** After-sales window end: settlement is due then. */
    settleAt: timestamp('settle_at', { withTimezone: true }),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    /** The gift this order delivers (its buyer is the recipient who claimed it; the giver paid). */
    giftId: uuid('gift_id'),
    /** The greeting card to print and ship with a gift. */
    giftCard: jsonb('gift_card').$type<GiftCard>(),
    /** The offline shop whose scan-to-gift QR code the order came from. */
    shopId: uuid('shop_id'),
    /** The mini-site the order came through (channel mini_site): its notices go to that site's callback URL. */
    miniSiteId: uuid('mini_site_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('orders_buyer_idx').on(t.buyerId, t.createdAt.desc()),
    index('orders_store_idx').on(t.storeId, t.state, t.createdAt.desc()),
    index('orders_store_paid_idx').on(t.storeId, t.paidAt).where(sql`${t.paidAt} is not null`),
    index('orders_paid_idx').on(t.paidAt).where(sql`${t.paidAt} is not null`),
    index('orders_payment_idx').on(t.paymentId),
    index('orders_gift_idx').on(t.giftId).where(sql`${t.giftId} is not null`),
    index('orders_shop_idx').on(t.shopId).where(sql`${t.shopId} is not null`),
    index('orders_mini_site_idx').on(t.miniSiteId, t.createdAt.desc()).where(sql`${t.miniSiteId} is not null`),
    index('orders_pay_due_idx').on(t.payDeadline).where(sql`${t.state} = 'awaiting_payment'`),
    index('orders_receive_due_idx').on(t.receiveDeadline).where(sql`${t.state} = 'awaiting_receipt'`),
    index('orders_settle_due_idx').on(t.settleAt).where(sql`${t.settledAt} is null and ${t.state} = 'completed'`),
    check('orders_amounts_check', sql`${t.discount} >= 0 and ${t.shippingFee} >= 0 and ${t.total} = ${t.itemsTotal} - ${t.discount} + ${t.shippingFee} and (${t.total} > 0 or (${t.total} = 0 and (${t.giftId} is not null or ${t.discount} > 0)))`),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    storeId: uuid('store_id').notNull(),
    productId: uuid('product_id').notNull(),
    skuId: uuid('sku_id').notNull(),
    categoryId: integer('category_id').notNull(),
    title: text('title').notNull(),
    attrs: jsonb('attrs').$type<Record<string, string>>().notNull(),
    imageId: uuid('image_id'),
    unitPrice: bigint('unit_price', { mode: 'number' }).notNull(),
    quantity: integer('quantity').notNull(),
    /** unitPrice * quantity. */
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /**
     * Everything taken off this item: member pricing, its coupons and points (checkout), and its share of what the
     * merchant lowered the order by. `amount - discount` is what the buyer paid for it (refunds and settlement use it).
     */
    discount: bigint('discount', { mode: 'number' }).notNull().default(0),
    /** One unit after member pricing (the SKU's member price or the level's price), or null: not priced as a member. */
    memberUnitPrice: bigint('member_unit_price', { mode: 'number' }),
    /** The parts of `discount` the checkout priced (pricing/rules.ts): member pricing, the product coupon, the store coupon, the points. */
    memberDiscount: bigint('member_discount', { mode: 'number' }).notNull().default(0),
    productCouponDiscount: bigint('product_coupon_discount', { mode: 'number' }).notNull().default(0),
    storeCouponDiscount: bigint('store_coupon_discount', { mode: 'number' }).notNull().default(0),
    pointsDiscount: bigint('points_discount', { mode: 'number' }).notNull().default(0),
    /** The points behind pointsDiscount: what refunds of the item give back, in proportion to what they refund. */
    pointsSpent: bigint('points_spent', { mode: 'number' }).notNull().default(0),
    /** The held coupon used on this item (a product coupon), if any. */
    productCouponId: uuid('product_coupon_id'),
    /** The category commission in basis points when ordered. */
    commissionBp: integer('commission_bp').notNull(),
    state: text('state', { enum: ITEM_STATES }).notNull(),
    refundState: text('refund_state', { enum: REFUND_STATES }).notNull().default('none'),
    refundedAmount: bigint('refunded_amount', { mode: 'number' }).notNull().default(0),
    shipmentId: uuid('shipment_id'),
    /** The buyer's customisation file the merchant makes the item from (mini_site_media, through the mini-site). */
    customMediaId: uuid('custom_media_id'),
  },
  (t) => [
    // Items are read by their order (no query asks for a store's items on their own): one index written per item.
    index('order_items_order_idx').on(t.orderId),
    check('order_items_quantity_check', sql`${t.quantity} > 0`),
    check('order_items_refund_check', sql`${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.amount} - ${t.discount}`),
    check('order_items_priced_check', sql`${t.discount} <= ${t.amount} and ${t.memberDiscount} >= 0 and ${t.productCouponDiscount} >= 0 and ${t.storeCouponDiscount} >= 0 and ${t.pointsDiscount} >= 0 and ${t.pointsSpent} >= 0
      and ${t.memberDiscount} + ${t.productCouponDiscount} + ${t.storeCouponDiscount} + ${t.pointsDiscount} <= ${t.discount}`),
  ],
);

export const shipments = pgTable(
  'shipments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    storeId: uuid('store_id').notNull(),
    /** A carrier code of carriers.ts (shipments from before the list: the free text typed then). */
    carrier: text('carrier').notNull(),
    /** The name typed for the carrier `other`. */
    carrierName: text('carrier_name'),
    trackingNo: text('tracking_no').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('shipments_order_idx').on(t.orderId)],
);

/** The order's timeline: what happened, when, by whom. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orderId: uuid('order_id').notNull().references(() => orders.id),
    storeId: uuid('store_id').notNull(),
    event: text('event').notNull(),
    /** 'buyer' | 'merchant' | 'operator' | 'system' */
    actorRole: text('actor_role').notNull(),
    actorId: uuid('actor_id'),
    detail: jsonb('detail'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id)],
);

/** A store's balance: each settled order credits its amount less the platform's commission. */
export const storeBalanceLedger = pgTable(
  'store_balance_ledger',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: uuid('store_id').notNull(),
    /** The order of a settlement or refund entry; null for a withdrawal's. */
    orderId: uuid('order_id').references(() => orders.id),
    kind: text('kind', { enum: BALANCE_KINDS }).notNull(),
    /** The withdrawal a withdrawal or withdrawal_returned entry belongs to (one of each per withdrawal at most). */
    withdrawalId: uuid('withdrawal_id'),
    /** The refund a 'refund' entry debits (one entry per refund). */
    refundId: uuid('refund_id'),
    currency: text('currency').notNull(),
    /** What the buyer paid for the order, less refunds. */
    gross: bigint('gross', { mode: 'number' }).notNull(),
    /** The platform's commission (platform income). */
    commission: bigint('commission', { mode: 'number' }).notNull(),
    /** Credited to the store: gross - commission. */
    net: bigint('net', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('store_balance_ledger_store_idx').on(t.storeId, t.id),
    uniqueIndex('store_balance_ledger_settlement_idx').on(t.orderId).where(sql`${t.kind} = 'settlement'`),
    uniqueIndex('store_balance_ledger_refund_idx').on(t.refundId).where(sql`${t.refundId} is not null`),
    uniqueIndex('store_balance_ledger_withdrawal_idx').on(t.withdrawalId, t.kind).where(sql`${t.withdrawalId} is not null`),
    check('store_balance_ledger_net_check', sql`${t.net} = ${t.gross} - ${t.commission}`),
  ],
);

/**
 * What a store may withdraw now: the sum of its ledger, kept as one counter so a withdrawal takes from it with a
 * guarded update (never below zero, never twice). Every ledger entry moves it in the same transaction.
 */
export const storeBalances = pgTable('store_balances', {
  storeId: uuid('store_id').primaryKey(),
  currency: text('currency').notNull(),
  available: bigint('available', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
