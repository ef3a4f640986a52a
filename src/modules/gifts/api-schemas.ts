// The gifts API's state lists and answers as Zod schemas, named in the OpenAPI document (#/components/schemas/...)
// so the web's generated types call them by these names. Shared by routes.ts (buyers, links, free gifts) and
// merchant-routes.ts (decoration, offline shops). These schemas also serialize the answers: they list every key
// the views return.
import { z } from 'zod';
import { named } from '../../kernel/http.ts';
import { CHANNELS } from '../catalog/schema.ts';
import { ORDER_STATES } from '../orders/schema.ts';
import { parcelFacts } from '../orders/carrier-schemas.ts';
import { storePricing } from '../orders/routes.ts';
import { AFTERSALE_STATES, AFTERSALE_TYPES } from '../aftersales/schema.ts';
import { CARD_PATTERNS } from './decoration.ts';
import { NOT_GIFTABLE_REASONS } from './rules.ts';
import { CARD_LANGUAGES, CLAIM_STATES, GIFT_KINDS, GIFT_SOURCES, GIFT_STATES } from './schema.ts';

export const giftState = named(z.enum(GIFT_STATES), 'GiftState');
export const giftKind = named(z.enum(GIFT_KINDS), 'GiftKind');
export const giftSource = named(z.enum(GIFT_SOURCES), 'GiftSource');
export const claimState = named(z.enum(CLAIM_STATES), 'ClaimState');
/** A received gift: a claim's state, or `unclaimed` for a store's free gift named for me and not claimed yet. */
export const receivedGiftState = named(z.enum(['unclaimed', ...CLAIM_STATES]), 'ReceivedGiftState');
export const cardPattern = named(z.enum(CARD_PATTERNS), 'CardPattern');
export const notGiftableReason = named(z.enum(NOT_GIFTABLE_REASONS), 'NotGiftableReason');
// Other modules' states, as the gift answers show them (those modules name their own components).
const orderState = z.enum(ORDER_STATES);
const afterSaleType = z.enum(AFTERSALE_TYPES);
const afterSaleState = z.enum(AFTERSALE_STATES);

const attrs = z.record(z.string(), z.string());
const colour = z.string();
const theme = named(z.object({ coverImageId: z.string().nullable(), background: colour, accent: colour, text: colour }), 'GiftTheme');
const sticker = named(z.object({ id: z.string(), label: z.string(), glyph: z.string() }), 'GiftSticker');
const cardDesign = named(z.object({ id: z.string(), name: z.string(), background: colour, accent: colour, pattern: cardPattern }), 'GiftCardDesign');
/** A product's gift decoration as answered (what the merchant saved, or the default one). */
export const decorationView = named(z.object({ theme, stickers: z.array(sticker), cards: z.array(cardDesign) }), 'GiftDecoration');
export const placedSticker = named(z.object({ stickerId: z.string().min(1).max(40), x: z.number().min(0).max(1), y: z.number().min(0).max(1) }), 'PlacedSticker');

export const giftOptionsView = named(z.object({
  productId: z.string(), storeId: z.string(), title: z.string(), imageIds: z.array(z.string()), currency: z.string(), giftable: z.boolean(),
  reason: notGiftableReason.nullable(), priceCap: z.number(),
  skus: z.array(z.object({ id: z.string(), attrs, price: z.number(), currency: z.string(), stock: z.number(), giftable: z.boolean() })), decoration: decorationView,
}).describe('May this product be sent as a gift, which SKUs, and how its merchant decorated it'), 'GiftOptions');

const drawView = named(z.object({
  seed: z.string().describe('32 random bytes, hex'), algorithm: z.string(), participants: z.array(z.string()), winners: z.array(z.string()), drawnAt: z.string(),
  winnerNames: z.array(z.string()), winnerCount: z.number().int(), participantCount: z.number().int(),
  namesHidden: z.boolean().describe('The viewer took no part (not the giver, not a participant): participants, winners and winnerNames are empty, the counts remain'),
}).describe('The lottery draw: recompute the winners with the algorithm from the seed and the participants'), 'LotteryDraw');

export const sentGiftView = named(z.object({
  id: z.string(), state: giftState, stateCode: z.number(), kind: giftKind, source: giftSource, storeId: z.string(),
  productId: z.string(), title: z.string(), imageId: z.string().nullable(), skuId: z.string(), attrs, unitQuantity: z.number(), units: z.number(),
  unitsClaimed: z.number(), unitsReturned: z.number(), unitPrice: z.number(), amount: z.number().describe('What the giver pays: unitPrice * unitQuantity * units - discount'),
  discount: z.number().describe("What the giver's member price, coupons and points took off"), pointsSpent: z.number(), currency: z.string(), message: z.string(),
  receiverName: z.string().nullable(), cardId: z.string().nullable(), cardLanguage: z.enum(CARD_LANGUAGES).nullable().describe("The language the card's fixed texts are printed in"),
  stickers: z.array(placedSticker), channel: z.enum(CHANNELS), shopId: z.string().nullable(),
  paymentId: z.string().nullable(), sharePath: z.string().nullable().describe('/g/<token>: the link to share, once paid'), createdAt: z.string(),
  paidAt: z.string().nullable(), expiresAt: z.string().nullable(), joinDeadline: z.string().nullable(), entries: z.number(), draw: drawView.nullable(),
  claims: z.array(named(z.object({
    claimantName: z.string(), state: claimState, claimedAt: z.string().nullable(), orderState: orderState.nullable(),
    afterSale: z.object({ type: afterSaleType, state: afterSaleState }).nullable().describe("The recipient's latest after-sales request of this claim's order"),
  }), 'GiftClaim')),
}).describe('A gift as its giver sees it: never an address'), 'Gift');

/** A sent gift waiting for its payment: pay paymentId before payDeadline, then the gift gets its link. */
export const giftCheckoutView = named(z.object({ gift: sentGiftView, paymentId: z.string().nullable().describe('null: coupons and points paid all of it, the gift is paid already'), amount: z.number(), currency: z.string(), payDeadline: z.string() }), 'GiftCheckout');

export const giftPricingView = named(z.object({
  skuId: z.string(), storeId: z.string(), currency: z.string(), quantity: z.number().describe('Items the gift holds (units × items per unit)'),
  listAmount: z.number().describe('At list prices'), total: z.number().describe('What the giver pays with this choice (POST /api/gifts answers the same amount when sent with it as discount)'),
  pricing: storePricing.nullable().describe("Member price, coupons and points as the cart prices a store order (null: not a member of the store and none of its coupons held)"),
}), 'GiftPricing');

export const receivedGiftView = named(z.object({
  giftId: z.string(), claimId: z.string().nullable().describe("null: a store's free gift named for me, not claimed yet"), title: z.string(), imageId: z.string().nullable(),
  attrs, unitQuantity: z.number(), giverName: z.string(), message: z.string(), state: receivedGiftState, giftState,
  sharePath: z.string().nullable().describe('The link to claim with, while there is something to claim (won, or a free gift for me)'), orderId: z.string().nullable(),
  orderState: orderState.nullable(), shipments: z.array(z.object({ ...parcelFacts, createdAt: z.string() })),
  claimedAt: z.string().nullable(), expiresAt: z.string().nullable(),
  orderItemId: z.string().nullable().describe("The claim's order item, to ask for after-sales of (POST /api/orders/{orderId}/after-sales)"),
  afterSaleTypes: z.array(afterSaleType).describe("What may be asked now (empty: nothing). No amount is asked: the refund is the whole share of the quantity, back to the giver's payment"),
  afterSale: z.object({ id: z.string(), type: afterSaleType, state: afterSaleState }).nullable().describe('The latest after-sales request of the item'),
}).describe('A gift as its recipient sees it: never a price'), 'ReceivedGift');

export const giftPageView = named(z.object({
  giftId: z.string(), state: giftState, stateCode: z.number(), kind: giftKind, source: giftSource, giverName: z.string(),
  message: z.string().describe("The giver's message; empty when messageHidden"),
  messageHidden: z.boolean().describe('What the giver wrote (message, receiverName, placed stickers) is withheld from this viewer: a single gift once claimed reads it only for its giver and its claimant; a group gift, once it takes no newcomers, only for its giver and those who took part'),
  receiverName: z.string().nullable(), title: z.string(), productId: z.string(), imageIds: z.array(z.string()), attrs,
  unitQuantity: z.number(), unitsLeft: z.number(),
  decoration: z.object({
    theme, card: cardDesign.nullable(),
    stickers: z.array(placedSticker.extend({ glyph: z.string(), label: z.string() })),
  }),
  skus: z.array(z.object({ id: z.string(), attrs, available: z.boolean() })).describe('Variants of the same price the recipient may switch to'),
  expiresAt: z.string().nullable(), joinDeadline: z.string().nullable(), entries: z.number(), joined: z.boolean(), draw: drawView.nullable(),
  viewer: z.object({ signedIn: z.boolean(), isGiver: z.boolean(), canClaim: z.boolean(), claimed: z.boolean(), won: z.boolean(), orderId: z.string().nullable() }),
}).describe('The page a gift link opens: decorated, with the giver\'s name and message, never a price'), 'GiftLink');

export const shopView = named(z.object({
  id: z.string(), name: z.string(), address: z.string(), productIds: z.array(z.string()).nullable(), scanPath: z.string().describe('Path of the page the QR code opens'),
  createdAt: z.string(), archivedAt: z.string().nullable(),
  stats: z.object({ gifts: z.number().describe('Gifts sent from the shop (paid or handed out)'), orders: z.number().describe('Orders made from the shop'), sales: z.number().describe('Paid for its gifts, less refunded units, minor units'), currency: z.string() }),
}).describe('An offline shop or counter of a store, with its scan-to-gift QR code'), 'GiftShop');
export const publicShopView = named(z.object({
  id: z.string(), name: z.string(), address: z.string(), storeId: z.string(), storeName: z.string(),
  products: z.array(z.object({ id: z.string(), title: z.string(), imageId: z.string().nullable(), price: z.number().describe('Lowest giftable SKU price, minor units'), currency: z.string(), giftable: z.boolean() })),
}).describe("A shop's scan page: the shop, its store and its products"), 'PublicGiftShop');
