import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, integer, jsonb, bigint, boolean, index, uniqueIndex, primaryKey, check } from 'drizzle-orm/pg-core';

export const CHANNELS = ['store', 'mini_site', 'service_account', 'live', 'offline'] as const;
export type Channel = (typeof CHANNELS)[number];
/**
 * What a buyer did with a product, as product_views records it: saw it in a list (exposure), clicked it in a list
 * (click), opened its page (view), added it to the cart (cart). Orders and payments are their own rows.
 */
export const PRODUCT_EVENT_KINDS = ['exposure', 'click', 'view', 'cart'] as const;
export type ProductEventKind = (typeof PRODUCT_EVENT_KINDS)[number];
export const LIVE_STATES = ['not_live', 'listed', 'delisted_by_merchant', 'sold_out', 'delisted_violation', 'delisted_deposit', 'banned'] as const;
export const DRAFT_STATES = ['new', 'editing', 'in_review', 'review_failed', 'review_passed'] as const;
export const STOCK_REASONS = ['manual', 'order', 'cancel', 'gift_refund', 'return', 'initial', 'gift_activity'] as const;

/** One variant attribute of a product, e.g. { name: 'colour', values: ['red', 'blue'] }. */
export type VariantAttribute = { name: string; values: string[] };
/** A SKU of the draft; code (the merchant's SKU code, unique in the store), barcode (EAN-13 / UPC-A) and weight (grams) are optional. */
export type DraftSku = { attrs: Record<string, string>; price: number; stock: number; code?: string | null; barcode?: string | null; weight?: number | null };
/** The merchant's working copy: everything review looks at. Price and stock of live SKUs skip review. */
export type DraftContent = {
  title: string;
  description: string;
  categoryId: number;
  attributes: VariantAttribute[];
  skus: DraftSku[];
  imageIds: string[];
  /** The freight template the product ships under (null or absent: the store's default template). */
  freightTemplateId?: string | null;
};

/** The live copy of a product (what buyers see), with its live state. */
export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    categoryId: integer('category_id').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    attributes: jsonb('attributes').$type<VariantAttribute[]>().notNull().default([]),
    imageIds: jsonb('image_ids').$type<string[]>().notNull().default([]),
    liveState: text('live_state', { enum: LIVE_STATES }).notNull().default('not_live'),
    stateReason: text('state_reason'),
    currency: text('currency').notNull().default('CNY'),
    /** The merchant may switch "send as gift" off for a product. */
    giftingEnabled: boolean('gifting_enabled').notNull().default(true),
    /** The buyer sends a customisation file with it (through a mini-site: custom media, order_items.custom_media_id). */
    customisable: boolean('customisable').notNull().default(false),
    /** Days after delivery a buyer usually buys it again: a reminder with one-tap reorder is sent then (null: none). */
    repurchaseCycleDays: integer('repurchase_cycle_days'),
    /** Lower-case, accent-free title and description, for search ("ao khoac" finds "Áo khoác"); trigram-indexed. */
    searchText: text('search_text').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    listedAt: timestamp('listed_at', { withTimezone: true }),
    /** The freight template it ships under; null: the store's default template (none: free). */
    freightTemplateId: uuid('freight_template_id'),
  },
  (t) => [
    index('products_store_idx').on(t.storeId, t.liveState, t.createdAt),
    index('products_category_idx').on(t.categoryId, t.liveState, t.listedAt.desc(), t.id),
    index('products_listed_idx').on(t.liveState, t.listedAt.desc(), t.id),
    check('products_repurchase_cycle_check', sql`${t.repurchaseCycleDays} is null or ${t.repurchaseCycleDays} between 1 and 730`),
  ],
);

export const productDrafts = pgTable(
  'product_drafts',
  {
    productId: uuid('product_id').primaryKey().references(() => products.id),
    storeId: uuid('store_id').notNull(),
    state: text('state', { enum: DRAFT_STATES }).notNull().default('new'),
    content: jsonb('content').$type<DraftContent>().notNull(),
    reason: text('reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('product_drafts_state_idx').on(t.state, t.submittedAt), index('product_drafts_store_idx').on(t.storeId)],
);

export const skus = pgTable(
  'skus',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    productId: uuid('product_id').notNull().references(() => products.id),
    attrs: jsonb('attrs').$type<Record<string, string>>().notNull(),
    /** Canonical form of attrs (sorted name=value pairs), unique per product. */
    attrsKey: text('attrs_key').notNull(),
    price: bigint('price', { mode: 'number' }).notNull(),
    currency: text('currency').notNull().default('CNY'),
    stock: integer('stock').notNull().default(0),
    active: boolean('active').notNull().default(true),
    /** The merchant's SKU code: unique among the store's active SKUs. */
    code: text('code'),
    /** EAN-13 or UPC-A, check digit verified. */
    barcode: text('barcode'),
    /** Grams, for freight templates by weight (null: counted as 0). */
    weight: integer('weight'),
    /** What a member pays instead of `price` (same currency; below it), when set: before any level discount. */
    memberPrice: bigint('member_price', { mode: 'number' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('skus_product_attrs_key').on(t.productId, t.attrsKey),
    uniqueIndex('skus_store_code_key').on(t.storeId, t.code).where(sql`${t.code} is not null and ${t.active}`),
    check('skus_weight_check', sql`${t.weight} is null or ${t.weight} >= 0`),
    index('skus_store_idx').on(t.storeId),
    check('skus_stock_check', sql`${t.stock} >= 0`),
    check('skus_price_check', sql`${t.price} > 0`),
    check('skus_member_price_check', sql`${t.memberPrice} is null or (${t.memberPrice} > 0 and ${t.memberPrice} <= ${t.price})`),
  ],
);

export const priceHistory = pgTable(
  'price_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: uuid('store_id').notNull(),
    skuId: uuid('sku_id').notNull(),
    oldPrice: bigint('old_price', { mode: 'number' }).notNull(),
    newPrice: bigint('new_price', { mode: 'number' }).notNull(),
    changeId: uuid('change_id').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('price_history_sku_idx').on(t.skuId, t.at), index('price_history_store_idx').on(t.storeId, t.at)],
);

export const stockFlows = pgTable(
  'stock_flows',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: uuid('store_id').notNull(),
    skuId: uuid('sku_id').notNull(),
    delta: integer('delta').notNull(),
    stockAfter: integer('stock_after').notNull(),
    reason: text('reason', { enum: STOCK_REASONS }).notNull(),
    note: text('note'),
    actorId: uuid('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('stock_flows_sku_idx').on(t.skuId, t.at), index('stock_flows_store_idx').on(t.storeId, t.at)],
);

export const storeChannels = pgTable(
  'store_channels',
  {
    storeId: uuid('store_id').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    enabled: boolean('enabled').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.channel] })],
);

/** Categories whose product drafts pass review without an operator (operator setting). */
export const autoReviewCategories = pgTable('auto_review_categories', {
  categoryId: integer('category_id').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const productViews = pgTable(
  'product_views',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: uuid('store_id').notNull(),
    productId: uuid('product_id').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    kind: text('kind', { enum: PRODUCT_EVENT_KINDS }).notNull().default('view'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('product_views_kind_check', sql`${t.kind} in ('exposure', 'click', 'view', 'cart')`), index('product_views_store_idx').on(t.storeId, t.at), index('product_views_product_idx').on(t.productId, t.channel)],
);

/** Bumped by every change a buyer could see (price, stock, listing); every process's cache checks it. */
export const catalogVersion = pgTable('catalog_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(1),
});

/** Uploaded product images; the original is not kept, only the resized WebP renditions under the data directory. */
export const productImages = pgTable(
  'product_images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('product_images_store_idx').on(t.storeId)],
);

/**
 * How a freight template charges a store order's lines that ship under it: free; flat (firstFee once); piece (firstFee
 * for the first firstUnits pieces, extraFee for each further extraUnits pieces or part of them); weight (the same in
 * grams of the SKUs' weights).
 */
export const FREIGHT_BASES = ['free', 'flat', 'piece', 'weight'] as const;
export type FreightBasis = (typeof FREIGHT_BASES)[number];

/** A store's freight template (运费模板); at most one is the store's default. Amounts in the store's currency, minor units. */
export const freightTemplates = pgTable(
  'freight_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storeId: uuid('store_id').notNull(),
    name: text('name').notNull(),
    basis: text('basis', { enum: FREIGHT_BASES }).notNull(),
    firstUnits: integer('first_units').notNull().default(1),
    firstFee: bigint('first_fee', { mode: 'number' }).notNull().default(0),
    extraUnits: integer('extra_units').notNull().default(1),
    extraFee: bigint('extra_fee', { mode: 'number' }).notNull().default(0),
    /** The template charges nothing when the store order's items reach this amount (null: never free). */
    freeAbove: bigint('free_above', { mode: 'number' }),
    isDefault: boolean('is_default').notNull().default(false),
    currency: text('currency').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('freight_templates_store_idx').on(t.storeId),
    uniqueIndex('freight_templates_default_key').on(t.storeId).where(sql`${t.isDefault}`),
    check('freight_templates_amounts_check', sql`${t.firstUnits} > 0 and ${t.extraUnits} > 0 and ${t.firstFee} >= 0 and ${t.extraFee} >= 0 and (${t.freeAbove} is null or ${t.freeAbove} > 0)`),
  ],
);

/**
 * A template's regional rule: an address whose region starts with `region` (case- and accent-insensitive: the
 * normalised `regionKey`) pays this rule's fees instead (the longest match wins), or, when `delivers` is false, is not
 * delivered to at all.
 */
export const freightRegions = pgTable(
  'freight_regions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    templateId: uuid('template_id').notNull().references(() => freightTemplates.id, { onDelete: 'cascade' }),
    storeId: uuid('store_id').notNull(),
    region: text('region').notNull(),
    regionKey: text('region_key').notNull(),
    delivers: boolean('delivers').notNull().default(true),
    firstFee: bigint('first_fee', { mode: 'number' }).notNull().default(0),
    extraFee: bigint('extra_fee', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    uniqueIndex('freight_regions_template_key').on(t.templateId, t.regionKey),
    check('freight_regions_amounts_check', sql`${t.firstFee} >= 0 and ${t.extraFee} >= 0`),
  ],
);

/**
 * Operator-set exchange rates for approximate prices only (never a payment): one unit of `from` is `rate` units of
 * `to`, kept as the decimal text the operator typed (e.g. "3450.25") and converted in integer arithmetic.
 */
import { DISPLAY_CURRENCIES, type DisplayCurrency } from '../../kernel/money.ts';
export { DISPLAY_CURRENCIES, type DisplayCurrency };
export const exchangeRates = pgTable(
  'exchange_rates',
  {
    fromCurrency: text('from_currency', { enum: DISPLAY_CURRENCIES }).notNull(),
    toCurrency: text('to_currency', { enum: DISPLAY_CURRENCIES }).notNull(),
    rate: text('rate').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.fromCurrency, t.toCurrency] }), check('exchange_rates_rate_check', sql`${t.rate} ~ '^[0-9]{1,12}(\\.[0-9]{1,8})?$' and ${t.rate} !~ '^0+(\\.0+)?$'`)],
);
