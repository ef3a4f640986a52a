// The catalog's and the category tree's requests and answers as named OpenAPI components: the web's generated types
// (web/src/lib/api/schema.ts) call them by these names, and its state lists come from the named enums.
import { z } from 'zod';
import { minorAmount, named, namesSchema, uuidParam } from '../../kernel/http.ts';
import { ACCESS_POLICIES, STORE_TYPES } from '../merchants/schema.ts';
import { CHANNELS, DISPLAY_CURRENCIES, DRAFT_STATES, FREIGHT_BASES, LIVE_STATES, STOCK_REASONS } from './schema.ts';
import { MERCHANT_MOVES, OPERATOR_MOVES } from './rules.ts';

// ---- state lists
export const channelSchema = named(z.enum(CHANNELS), 'Channel');
export const liveStateSchema = named(z.enum(LIVE_STATES), 'LiveState');
export const draftStateSchema = named(z.enum(DRAFT_STATES), 'DraftState');
export const stockReasonSchema = named(z.enum(STOCK_REASONS), 'StockReason');
export const accessPolicySchema = named(z.enum(ACCESS_POLICIES), 'AccessPolicy');

// ---- products
/**
 * The safe rich text of product descriptions (and of the hosted mini-site's brand story): a small Markdown subset the
 * web renders as elements, never as HTML (web/src/lib/rich-text.ts), so what is checked here is its size.
 */
export const richTextSchema = z.string().max(20000);
const attrs = z.record(z.string(), z.string()).describe('Attribute name to value, e.g. { "weight": "250g" }');
export const variantAttributeSchema = named(z.object({ name: z.string(), values: z.array(z.string()) }), 'VariantAttribute');
const attrName = z.string().trim().min(1).max(30);
/**
 * The merchant's working copy of a product: what the draft body parses to and what is stored (products.ts only
 * stores parsed bodies; the demo seed writes the same shape, checked by test/catalog/content-schema.test.ts).
 */
export const productContentSchema = named(z.object({
  title: z.string().trim().min(2).max(120),
  description: richTextSchema.default(''),
  categoryId: z.number().int().positive(),
  attributes: z.array(z.object({ name: attrName, values: z.array(z.string().trim().min(1).max(40)).min(1).max(50) })).max(3).default([]),
  skus: z.array(z.object({
    attrs: z.record(z.string(), z.string()).default({}),
    price: z.number().int('a price is a whole number of minor units (fen)').positive('a price is above zero'),
    stock: z.number().int().min(0, 'stock is never below zero').max(10_000_000).default(0),
    code: z.string().trim().max(40).regex(/^[^\s]*$/, 'a SKU code has no spaces').nullable().optional()
      .describe("The merchant's SKU code: unique among the store's SKUs (409 sku_code_taken)"),
    barcode: z.string().trim().max(20).nullable().optional().describe('EAN-13 or UPC-A, check digit verified (422 barcode_invalid)'),
    weight: z.number().int('a weight is whole grams').min(0).max(1_000_000).nullable().optional().describe('Grams, for freight templates by weight'),
  })).min(1).max(200),
  imageIds: z.array(uuidParam).max(20).default([]),
  freightTemplateId: uuidParam.nullable().optional().describe("The store's freight template it ships under (null: the store's default)"),
}), 'ProductContent');

export const merchantSkuSchema = named(z.object({
  id: z.string(), attrs, price: z.number(), memberPrice: z.number().nullable().describe("What the store's members pay for one (at most price; null: the list price or the level's discount)"), currency: z.string(), stock: z.number(),
  code: z.string().nullable(), barcode: z.string().nullable(), weight: z.number().nullable().describe('Grams'),
}), 'MerchantSku');
export const merchantProductSchema = named(z.object({
  id: z.string(), storeId: z.string(), categoryId: z.number(), title: z.string(), description: z.string(),
  attributes: z.array(variantAttributeSchema), imageIds: z.array(z.string()),
  liveState: liveStateSchema, stateReason: z.string().nullable(), currency: z.string(), updatedAt: z.string(), skus: z.array(merchantSkuSchema),
  freightTemplateId: z.string().nullable().describe("The live product's freight template (null: the store's default)"),
  customisable: z.boolean().describe('Buyers send a customisation file with it, through a mini-site (PUT …/customisable)'),
  repurchaseCycleDays: z.number().nullable().describe('Days after delivery its buyers get a reminder to buy it again (PUT …/repurchase-cycle); null: none'),
  draft: z.object({ state: draftStateSchema, reason: z.string().nullable(), content: productContentSchema, updatedAt: z.string() }),
  moves: z.array(z.enum(MERCHANT_MOVES)).describe('What the product\'s states allow the merchant to do next (if the member\'s role may: see the store\'s me.permissions)'),
}), 'MerchantProduct');
export const merchantProductRowSchema = named(z.object({
  id: z.string(), title: z.string(), categoryId: z.number(), liveState: liveStateSchema, draftState: draftStateSchema,
  stock: z.number(), minStock: z.number().nullable(), minPrice: z.number().nullable(), maxPrice: z.number().nullable(), updatedAt: z.string(),
}), 'MerchantProductRow');
export const productReviewItemSchema = named(z.object({
  productId: z.string(), storeId: z.string(), storeName: z.string(), draftState: draftStateSchema, liveState: liveStateSchema, reason: z.string().nullable(),
  content: productContentSchema, submittedAt: z.string().nullable(),
}), 'ProductReviewItem');

export const operatorProductMoveSchema = named(z.enum(OPERATOR_MOVES), 'OperatorProductMove');
export const productSearchItemSchema = named(z.object({
  id: z.string(), storeId: z.string(), storeName: z.string(), title: z.string().describe('The live title (the first draft\'s until it first goes live)'),
  draftTitle: z.string().nullable().describe('The title in the draft, when it differs from the live one or the product has never been live'),
  draftState: draftStateSchema.nullable(), liveState: liveStateSchema, stateReason: z.string().nullable(), updatedAt: z.string(),
  operatorMoves: z.array(operatorProductMoveSchema).describe('What the operator may do to the product now'),
}), 'ProductSearchItem');
export const productSearchPageSchema = named(z.object({ products: z.array(productSearchItemSchema), total: z.number().int() }), 'ProductSearchPage');

// ---- prices, stock, channels
export const priceSelectionSchema = named(z.object({
  all: z.boolean().optional(), categoryId: z.number().int().positive().optional(),
  productIds: z.array(uuidParam).max(10000).optional(), skuIds: z.array(uuidParam).max(20000).optional(),
}), 'PriceSelection');
export const priceChangeSchema = named(z.discriminatedUnion('type', [
  z.object({ type: z.literal('set'), price: minorAmount.min(1) }),
  z.object({ type: z.literal('amount'), delta: z.number().int('an amount is a whole number of minor units').refine((n) => n !== 0, 'not zero') }),
  z.object({ type: z.literal('percent'), percent: z.number().min(-99.99).max(1000).refine((n) => n !== 0, 'not zero') }),
]), 'PriceChange');
export const priceChangeResultSchema = named(z.object({
  count: z.number(), changeId: z.string().optional(),
  changes: z.array(z.object({ skuId: z.string(), productId: z.string(), title: z.string(), attrs, oldPrice: z.number(), newPrice: z.number() })),
}), 'PriceChangeResult');
export const priceHistoryEntrySchema = named(z.object({ id: z.number(), skuId: z.string(), oldPrice: z.number(), newPrice: z.number(), changeId: z.string(), actorName: z.string().nullable(), at: z.string() }), 'PriceHistoryEntry');
export const stockFlowSchema = named(z.object({ id: z.number(), skuId: z.string(), delta: z.number(), stockAfter: z.number(), reason: stockReasonSchema, note: z.string().nullable(), at: z.string() }), 'StockFlow');
export const storeChannelSchema = named(z.object({ channel: channelSchema, enabled: z.boolean() }), 'StoreChannel');

// ---- storefront
export const approxAmountSchema = named(z.object({ amount: z.number().int(), currency: z.string() })
  .describe('An approximate amount in the display currency asked for, from an operator-set rate (rounded half up): for reading only, never paid'), 'ApproxAmount');
export const listingItemSchema = named(z.object({
  id: z.string(), storeId: z.string(), categoryId: z.number(), title: z.string(), imageIds: z.array(z.string()), currency: z.string(),
  minPrice: z.number().nullable(), approx: approxAmountSchema.nullable().describe('minPrice in the display currency, when asked for and a rate exists'),
  skus: z.array(z.object({ id: z.string(), attrs, price: z.number(), stock: z.number() })),
}), 'ListingItem');
export const storefrontHomeSchema = named(z.object({
  newArrivals: z.array(listingItemSchema),
  popular: z.array(listingItemSchema).describe('Most units paid over the last popularDays days'),
  popularDays: z.number().int(),
  categoryRows: z.array(z.object({ categoryId: z.number(), names: namesSchema, products: z.array(listingItemSchema) })).describe('Newest products per first-level category that has any'),
}), 'StorefrontHome');
export const followedRowSchema = named(z.object({
  stores: z.number().int().describe('Stores the buyer follows'),
  products: z.array(listingItemSchema).describe('Their newest products on sale in the channel'),
}), 'FollowedStoresRow');
export const displayCurrencySchema = named(z.enum(DISPLAY_CURRENCIES), 'DisplayCurrency');
export const exchangeRateSchema = named(z.object({
  from: displayCurrencySchema, to: displayCurrencySchema,
  rate: z.string().describe('Units of `to` for one unit of `from`, as decimal text (e.g. "3450.25")'), updatedAt: z.string(),
}), 'ExchangeRate');
export const storefrontProductSchema = named(z.object({
  id: z.string(), storeId: z.string(), storeName: z.string(), categoryId: z.number(), title: z.string(), description: z.string(),
  attributes: z.array(variantAttributeSchema), imageIds: z.array(z.string()), currency: z.string(), liveState: liveStateSchema,
  skus: z.array(z.object({ id: z.string(), attrs, price: z.number(), stock: z.number(), available: z.boolean(), approx: approxAmountSchema.nullable() })),
}), 'StorefrontProduct');
export const storefrontStoreSchema = named(z.object({ id: z.string(), name: z.string(), storeType: z.enum(STORE_TYPES), channels: z.array(channelSchema) }), 'StorefrontStore');
export const imageBinary = z.any().meta({ type: 'string', format: 'binary', description: 'The image, image/webp' });

// ---- the category tree
export const qualificationSchema = named(z.object({ kind: z.string(), mandatory: z.boolean(), names: namesSchema }), 'CategoryQualification');
const categoryNode = z.object({
  id: z.number(), parentId: z.number().nullable(), level: z.literal([1, 2, 3]), code: z.string(), names: namesSchema,
  policy: accessPolicySchema, currency: z.string(),
  deposit: z.number().nullable().describe('Deposit set on this category, minor units (null: inherited)'),
  depositReductionBp: z.number(),
  effectiveDeposit: z.number().describe('Deposit after inheritance and reduction, minor units'),
  zeroDeposit: z.boolean(), zeroDepositGmvThreshold: z.number().nullable(),
  commissionBp: z.number().describe('Commission after inheritance, basis points'),
  ownCommissionBp: z.number().nullable().describe('Commission set on this category (null: inherited)'),
  sevenDayReturn: z.boolean(),
  giftExcluded: z.boolean().describe('Set on this category: its products (and those below) cannot be sent as gifts'),
  giftExcludedEffective: z.boolean().describe('Excluded from gifts here or by an ancestor'),
  qualifications: z.array(qualificationSchema).describe('Qualifications asked at this level (those of the ancestors apply too)'),
  get children() {
    return z.array(categoryNode);
  },
});
export const categoryNodeSchema = named(categoryNode, 'CategoryNode');
export const categoryTreeSchema = named(z.object({ version: z.number(), categories: z.array(categoryNodeSchema) }), 'CategoryTree');
/** One category as stored, the answer of an edit. */
export const categorySchema = named(z.object({
  id: z.number(), parentId: z.number().nullable(), level: z.number(), code: z.string(), names: namesSchema, policy: accessPolicySchema,
  deposit: z.number().nullable(), currency: z.string(), depositReductionBp: z.number(), zeroDeposit: z.boolean(), zeroDepositGmvThreshold: z.number().nullable(),
  commissionBp: z.number().nullable(), sevenDayReturn: z.boolean(), giftExcluded: z.boolean(), sortOrder: z.number(), updatedAt: z.string(),
}), 'Category');
/** What a bulk action changes on a category, before and after: only the fields of that action are there. */
export const categoryBulkFieldsSchema = named(z.object({
  policy: accessPolicySchema.optional().describe('set_policy'),
  deposit: z.number().optional().describe('cut_deposit: the effective deposit, minor units'),
  reductionPercent: z.number().optional().describe('cut_deposit'),
  zeroDeposit: z.boolean().optional().describe('zero_deposit, clear_zero_deposit'),
  gmvThreshold: z.number().nullable().optional().describe('zero_deposit, clear_zero_deposit: paid GMV after which the deposit is due'),
}), 'CategoryBulkFields');
export const categoryBulkResultSchema = named(z.object({
  selected: z.number(), changed: z.number(),
  changes: z.array(z.object({ categoryId: z.number(), code: z.string(), names: namesSchema, before: categoryBulkFieldsSchema, after: categoryBulkFieldsSchema })),
}), 'CategoryBulkResult');

// ---- freight templates
export const freightBasisSchema = named(z.enum(FREIGHT_BASES).describe('free; flat: firstFee per store order; piece: firstFee for the first firstUnits pieces, extraFee per further extraUnits; weight: the same in grams'), 'FreightBasis');
const fee = minorAmount.max(100_000_000);
export const freightRegionSchema = named(z.object({
  region: z.string().trim().min(1).max(60).describe('The start of an address region, as buyers type it: "上海", "Hà Nội", "Xinjiang" (case and accents ignored)'),
  delivers: z.boolean().describe('false: the store does not deliver there (checkout is refused)'),
  firstFee: fee, extraFee: fee,
}), 'FreightRegion');
export const freightTemplateInputSchema = named(z.object({
  name: z.string().trim().min(1).max(60), basis: freightBasisSchema,
  firstUnits: z.number().int().min(1).max(1_000_000).describe('piece: pieces; weight: grams'), firstFee: fee,
  extraUnits: z.number().int().min(1).max(1_000_000), extraFee: fee,
  freeAbove: minorAmount.min(1).nullable().describe("Free when the store order's items reach this amount"),
  isDefault: z.boolean().describe("The store's default: products without a template of their own ship under it"),
  regions: z.array(freightRegionSchema).max(100),
}), 'FreightTemplateFields');
export const freightTemplateSchema = named(z.object({
  id: z.string(), name: z.string(), basis: freightBasisSchema, firstUnits: z.number(), firstFee: z.number(), extraUnits: z.number(), extraFee: z.number(),
  freeAbove: z.number().nullable(), isDefault: z.boolean(), currency: z.string(), updatedAt: z.string(),
  products: z.number().describe('Products that picked this template'), regions: z.array(freightRegionSchema),
}), 'FreightTemplate');
