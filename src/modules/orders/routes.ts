import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, userOf } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { errors, limitQuery, named, minorAmount, uuidParam } from '../../kernel/http.ts';
import { idempotent, requestKey, sendReplay } from '../../kernel/idempotency.ts';
import { PreparedProblem } from '../../kernel/problem.ts';
import { afterSaleState, afterSaleType, askableView } from '../aftersales/names.ts';
import { channelSchema, type SoldOutSkus, type ViewRecorder } from '../catalog/index.ts';
import * as addressBook from './addresses.ts';
import * as cart from './cart.ts';
import { checkout, MAX_CHECKOUT_LINES } from './checkout.ts';
import * as life from './lifecycle.ts';
import { PAYMENT_REFUND_STATES } from '../payments/index.ts';
import { ship } from './shipping.ts';
import { carrierList } from './carriers.ts';
import { carrierListView, parcelBody, parcelFacts } from './carrier-schemas.ts';
import { platformLedger, storeBalance } from './settlement.ts';
import { listOrders, orderDetail, ordersCsv } from './views.ts';
import { ORDER_ACTIONS } from './rules.ts';
import { actorRole } from './names.ts';
import { CARD_LANGUAGES } from '../gifts/schema.ts';
import { BALANCE_KINDS, ITEM_STATES, ORDER_STATES, ORDER_TIMELINE_EVENTS, REFUND_STATES } from './schema.ts';

const orderState = named(z.enum(ORDER_STATES), 'OrderState');
const itemState = named(z.enum(ITEM_STATES), 'ItemState');
const refundState = named(z.enum(REFUND_STATES), 'RefundState');
const orderEvent = named(z.enum(ORDER_TIMELINE_EVENTS), 'OrderEvent');
const orderAction = named(z.enum(ORDER_ACTIONS).describe('A move the caller may make now: pay, confirm_receipt, change_address, cancel (the buyer); ship, lower_price (the merchant)'), 'OrderAction');
const balanceKind = named(z.enum(BALANCE_KINDS).describe('settlement: credited; refund: a refund after settlement, debited (negative amounts); withdrawal: taken out when asked (negative); withdrawal_returned: what of a withdrawal did not go out, credited back'), 'BalanceKind');
const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const page = { limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) };
const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(255).optional().describe('Same key and body: the same answer again; same key, other body: 422 idempotency_key_reused') });

/** Buying through a mini-site (M6): its app id (the product page's ?via=) and the buyer's customisation file (?media=). */
const viaFields = {
  miniSiteAppId: z.string().min(1).max(64).optional().describe("The mini-site the buyer came through (?via= of the product page): 409 not_linked when it is not linked to the product's store"),
  mediaId: uuidParam.optional().describe("The buyer's customisation file from the mini-site (?media=): the product must be customisable; the file the mini-site's and this buyer's"),
};
const text = (max: number) => z.string().trim().min(1).max(max);
export const addressBody = z.object({ name: text(60), phone: z.string().trim().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number: digits, spaces or dashes, optionally starting with +'), region: text(120), line: text(200), postalCode: z.string().trim().max(12).optional() });
const shippingAddress = named(z.object({ name: z.string(), phone: z.string(), region: z.string(), line: z.string(), postalCode: z.string().optional() }), 'ShippingAddress');
const addressView = named(z.object({ id: z.string(), name: z.string(), phone: z.string(), region: z.string(), line: z.string(), postalCode: z.string().nullable(), isDefault: z.boolean() }), 'Address');
const whereTo = z.object({ addressId: uuidParam.optional(), address: addressBody.optional() })
  .refine((b) => !!b.addressId !== !!b.address, { message: 'give either addressId or address', path: ['addressId'] });

/** The buyer's choice of coupons and points for one store order (the cart's pricing.choice, changed or not). */
export const storeChoice = named(z.object({
  storeId: uuidParam,
  storeCouponId: uuidParam.nullable().describe('A held coupon (my coupons) of scope store, or null: none'),
  productCoupons: z.record(uuidParam, uuidParam).describe('SKU id -> a held product coupon for it (one coupon may cover several of its SKUs)'),
  points: z.number().int().min(0).max(1_000_000_000).describe("Points to spend: whole steps of the program's points per fen, at most its share of the order"),
}), 'StoreDiscountChoice');
const pricedLine = named(z.object({
  skuId: z.string(), quantity: z.number(), unitPrice: z.number(), listAmount: z.number(),
  memberUnitPrice: z.number().describe('One unit after member pricing'), memberBy: z.enum(['list', 'member_price', 'level']).describe("What set it: the list price (not a member), the SKU's member price, the level's price"),
  memberAmount: z.number(), productCouponId: z.string().nullable(), productCouponDiscount: z.number(), storeCouponDiscount: z.number(),
  pointsDiscount: z.number(), pointsSpent: z.number(), paid: z.number().describe('What the buyer pays for the line'),
}), 'PricedLine');
export const storePricing = named(z.object({
  choice: storeChoice.describe("The choice priced here: the buyer's own when given and valid, else the best one"),
  best: storeChoice.describe('The best combination for the buyer (lowest total; on a tie fewer points, fewer coupons, the earliest-ending coupons)'),
  refused: z.object({ code: z.string(), couponId: z.string().optional() }).nullable().describe("Why the buyer's own choice could not be used (a problem code), null when it was or none was given"),
  lines: z.array(pricedLine),
  totals: z.object({
    list: z.number(), memberDiscount: z.number(), productCoupons: z.number(), storeCoupon: z.number(), points: z.number(), pointsSpent: z.number(),
    itemsPaid: z.number(), discount: z.number().describe('Everything taken off the list prices'),
  }),
  coupons: z.array(z.object({
    id: z.string().describe('The held coupon'), title: z.string(), scope: z.enum(['store', 'product']), kind: z.enum(['percent', 'spend_off', 'flat', 'direct']),
    payBp: z.number().nullable(), threshold: z.number(), amount: z.number(), productIds: z.array(z.string()), validUntil: z.string(),
  })).describe('My coupons usable on this store order now, earliest-ending first'),
  member: z.object({ level: z.number(), priceBp: z.number(), points: z.number().describe('Valid points'), pointsPerMinor: z.number(), maxShareBp: z.number() }).nullable()
    .describe('My membership of this store (null: not a member: list prices, no points)'),
}), 'StorePricing');

const cartView = named(z.object({
  currency: z.string(), itemsTotal: z.number().describe('The lines that can be bought, at current prices'),
  shippingFee: z.number().describe("Every store order's shipping fee to the address"), total: z.number().describe('itemsTotal - discount + shippingFee: what checkout expects (with these choices as discounts)'),
  addressId: z.string().nullable().describe('The address the fees are for: the one asked for, else the default one (null: none, base fees)'),
  lines: z.array(z.object({
    skuId: z.string(), productId: z.string(), storeId: z.string(), storeName: z.string(), title: z.string(), attrs: z.record(z.string(), z.string()),
    imageId: z.string().nullable(), unitPrice: z.number(), currency: z.string(), quantity: z.number(), stock: z.number(), available: z.boolean(),
    problem: z.enum(['sold_out', 'not_enough_stock', 'unavailable']).nullable(), lineTotal: z.number(), channel: channelSchema,
    miniSiteId: z.string().nullable().describe('The mini-site the line was added through'), customMediaId: z.string().nullable(),
  })),
  stores: z.array(z.object({
    storeId: z.string(), storeName: z.string(), subtotal: z.number(), lineCount: z.number(), shippingFee: z.number().describe("This store order's shipping fee, minor units"),
    undeliveredProductIds: z.array(z.string()).describe('Products this store does not deliver to the address (checkout refuses them: region_not_delivered)'),
    discount: z.number().describe('Member pricing, coupons and points of the priced choice'),
    pricing: storePricing.nullable().describe('Member pricing, coupons and points of this store order (null: nothing to price: not a member, no coupon)'),
  })),
  discount: z.number().describe("Every store order's discount"),
}), 'Cart');
const itemView = named(z.object({
  id: z.string(), productId: z.string(), skuId: z.string(), title: z.string(), attrs: z.record(z.string(), z.string()), imageId: z.string().nullable(),
  unitPrice: z.number(), quantity: z.number(), amount: z.number(), discount: z.number(), state: itemState, refundState, refundedAmount: z.number().describe('What after-sales refunds gave back of this item, minor units'),
  hasCustomFile: z.boolean().optional().describe("The buyer sent a customisation file for it (the merchant's custom-file link)"),
  priced: z.object({
    memberUnitPrice: z.number().nullable().describe('One unit at the member price (null: bought at the list price)'), memberDiscount: z.number(),
    productCouponDiscount: z.number(), storeCouponDiscount: z.number(), pointsDiscount: z.number().describe('What the points paid, minor units'), pointsSpent: z.number(),
  }).optional().describe('What the checkout took off the item (member pricing, coupons, points); discount is their sum plus any price the merchant lowered'),
}), 'OrderItem');
const orderFacts = {
  id: z.string(), storeId: z.string(), storeName: z.string(), state: orderState, channel: channelSchema, currency: z.string(),
  itemsTotal: z.number(), discount: z.number(),
  shippingFee: z.number().describe("The freight templates' fee of this store order, minor units (0: free; always 0 for a gift)"),
  total: z.number().describe('What the buyer pays: itemsTotal - discount + shippingFee'), paymentId: z.string().nullable(), createdAt: z.string(), payDeadline: z.string(),
  paidAt: z.string().nullable(), items: z.array(itemView), buyerName: z.string().optional().describe("The merchant's views only"),
};
const actions = z.array(orderAction).describe('What the caller may do with the order now, the main move first');
const miniSiteRef = z.object({ id: z.string(), name: z.string() }).nullable().describe('The mini-site the order came through (channel mini_site)');
const orderSummary = named(z.object({ ...orderFacts, miniSite: miniSiteRef, actions }), 'OrderSummary');
/** The orders a checkout made, as ordered (the answer is written by the checkout statement itself). */
const checkoutOrder = named(z.object(orderFacts), 'CheckoutOrder');
const orderEventDetail = z.object({
  giftId: z.string().optional(), amount: z.number().optional(), reason: z.string().optional(), carrier: z.string().optional(), carrierName: z.string().nullable().optional(), trackingNo: z.string().optional(),
  items: z.number().optional().describe('shipped: how many items this parcel took'), complete: z.boolean().optional().describe('shipped: every item is shipped now'),
  from: z.number().optional(), to: z.number().optional().describe('price_lowered: the totals before and after'),
  gross: z.number().optional(), commission: z.number().optional(), net: z.number().optional().describe('settled: what the store was credited'),
  afterSaleId: z.string().optional(), orderItemId: z.string().optional(), refundId: z.string().nullable().optional(), itemRefunded: z.number().optional(), full: z.boolean().optional(),
}).describe('What the event tells, by event: paid {amount}, shipped {carrier, trackingNo, items, complete}, price_lowered {from, to}, cancelled {reason}, settled {gross, commission, net}, refunded {afterSaleId, orderItemId, amount, refundId, itemRefunded, full}');
export const orderDetailView = named(z.object({
  ...orderFacts, miniSite: miniSiteRef, actions,
  items: z.array(itemView.extend({ afterSale: askableView })),
  address: shippingAddress, note: z.string().nullable(), shippedAt: z.string().nullable(), receiveDeadline: z.string().nullable(), receivedAt: z.string().nullable(),
  settleAt: z.string().nullable(), settledAt: z.string().nullable(), cancelledAt: z.string().nullable(), cancelReason: z.string().nullable(),
  shippingFeeRefunded: z.boolean().describe('The shipping fee was refunded: every item was refunded before anything shipped'),
  shippingFeeRefundState: z.enum(PAYMENT_REFUND_STATES).nullable().describe('Where the shipping fee refund is; failed: the provider refused it, the merchant may send it again (retry-shipping-fee-refund)'),
  shipments: z.array(z.object({ id: z.string(), ...parcelFacts, createdAt: z.string(), itemIds: z.array(z.string()) })),
  events: z.array(z.object({ event: orderEvent, actorRole, at: z.string(), detail: orderEventDetail.nullable() })),
  gift: z.object({
    giftId: z.string(),
    card: z.object({
      cardId: z.string().nullable(), cardName: z.string().nullable(), giverName: z.string(), receiverName: z.string().nullable(), message: z.string(),
      stickers: z.array(z.object({ stickerId: z.string(), x: z.number(), y: z.number() })).optional(),
      language: z.enum(CARD_LANGUAGES).nullable().describe("The language the giver chose for the card's fixed texts (null: not recorded, print in yours)"),
    }).nullable(),
  }).nullable().describe('The gift this order delivers and the greeting card to print with it'),
  shopId: z.string().nullable(), shopName: z.string().nullable().describe('The offline shop (scan-to-gift QR code) the order came from'),
  afterSales: z.array(z.object({ id: z.string(), orderItemId: z.string(), type: afterSaleType, state: afterSaleState, amount: z.number(), agreedAmount: z.number().nullable() }))
    .describe("The after-sales requests of the order's items, oldest first"),
}), 'OrderDetail');
const orderList = named(z.object({ orders: z.array(orderSummary), total: z.number() }), 'OrderPage');
const orderParams = z.object({ orderId: uuidParam });
const storeParams = z.object({ storeId: uuidParam });
const storeOrderParams = storeParams.extend({ orderId: uuidParam });
const listQuery = z.object({ state: orderState.optional(), channel: channelSchema.optional().describe('Only the orders of this channel (mini_site: through a mini-site)'), q: z.string().max(100).optional().describe('Order number (start), product title, ship-to name or phone, tracking number, buyer name'), ...page });

/** deps.events: the catalog's batched recorder of product events (add-to-cart counts in the analytics funnel). */
export function orderRoutes(app: FastifyInstance, ctx: Ctx, deps: { soldOut: SoldOutSkus; events?: ViewRecorder }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const me = (req: Parameters<typeof userOf>[0]) => userOf(req).userId;
  const actorId = (req: Parameters<typeof actorOf>[0]) => { const a = actorOf(req); return a.kind === 'user' ? a.userId : null; };

  r.get('/api/carriers', {
    schema: { tags: ['orders'], summary: 'The carriers a parcel may go with: names in en, zh and vi, tracking number format, whether it gets a tracking link', response: { 200: carrierListView } },
  }, async (_req, reply) => reply.header('cache-control', 'public, max-age=3600').send({ carriers: carrierList() }));

  // ---- cart
  r.get('/api/cart', {
    schema: { tags: ['orders'], summary: 'My cart, at current prices, with shipping fees to an address', querystring: z.object({ addressId: uuidParam.optional().describe('One of my addresses (default: the default one)') }), response: { 200: cartView, ...E } },
  }, async (req) => cart.viewCart(ctx, me(req), req.query.addressId));
  r.post('/api/cart/pricing', {
    schema: {
      tags: ['orders'], summary: 'My cart priced with my choice of coupons and points per store order (the others: the best choice)',
      description: 'Writes nothing: checkout takes the coupons and points (send the same choices as its discounts). A choice that cannot be used comes back with pricing.refused and the best choice priced instead.',
      body: z.object({ addressId: uuidParam.optional(), choices: z.array(storeChoice).max(MAX_CHECKOUT_LINES) }), response: { 200: cartView, ...E },
    },
  }, async (req) => cart.viewCart(ctx, me(req), req.body.addressId, req.body.choices));
  r.post('/api/cart/lines', {
    schema: { tags: ['orders'], summary: 'Add a product SKU to the cart (adds to the quantity already there)', body: z.object({ skuId: uuidParam, quantity: z.number().int().min(1).max(cart.MAX_LINE_QUANTITY), channel: channelSchema.optional(), ...viaFields }), response: { 200: cartView, ...EW } },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => {
    const body = await cart.putCartLine({ ...ctx, db: tx }, me(req), { ...req.body, mode: 'add' });
    // Counted once per add (a replay of the same request key answers without coming here).
    const line = body.lines.find((l) => l.skuId === req.body.skuId);
    if (line) deps.events?.record({ storeId: line.storeId, productId: line.productId, channel: line.channel, kind: 'cart', at: ctx.clock.now() });
    return { status: 200, body };
  }));
  r.put('/api/cart/lines/:skuId', {
    schema: { tags: ['orders'], summary: 'Set the quantity of a cart line', params: z.object({ skuId: uuidParam }), body: z.object({ quantity: z.number().int().min(1).max(cart.MAX_LINE_QUANTITY) }), response: { 200: cartView, ...EW } },
  }, async (req) => cart.putCartLine(ctx, me(req), { skuId: req.params.skuId, quantity: req.body.quantity, mode: 'set' }));
  r.delete('/api/cart/lines/:skuId', {
    schema: { tags: ['orders'], summary: 'Remove a line from the cart', params: z.object({ skuId: uuidParam }), response: { 200: cartView, ...E } },
  }, async (req) => cart.removeCartLine(ctx, me(req), req.params.skuId));

  r.post('/api/checkout/quote', {
    schema: {
      tags: ['orders'], summary: 'What checking these lines out to an address would cost: items, and each store order\'s shipping fee',
      body: z.object({
        lines: z.array(z.object({ skuId: uuidParam, quantity: z.number().int().min(1).max(cart.MAX_LINE_QUANTITY) })).min(1).max(MAX_CHECKOUT_LINES),
        addressId: uuidParam.optional().describe('One of my addresses (default: the default one)'), channel: channelSchema.optional(),
        discounts: z.array(storeChoice).max(MAX_CHECKOUT_LINES).optional().describe('The coupons and points checkout will be sent (member prices apply without them)'),
      }),
      response: { 200: named(z.object({
        currency: z.string(), itemsTotal: z.number(), discount: z.number().describe('Member pricing, coupons and points'), shippingFee: z.number(),
        total: z.number().describe('What checkout expects (expectedTotal): itemsTotal - discount + shippingFee'), addressId: z.string().nullable(),
        stores: z.array(z.object({ storeId: z.string(), subtotal: z.number(), discount: z.number(), shippingFee: z.number(), undeliveredProductIds: z.array(z.string()) })),
      }), 'CheckoutQuote'), ...EW },
    },
  }, async (req) => cart.quoteCheckout(ctx, me(req), req.body));

  // ---- address book
  r.get('/api/addresses', { schema: { tags: ['orders'], summary: 'My addresses (default first)', response: { 200: z.array(addressView), ...E } } },
    async (req) => addressBook.listAddresses(ctx.db, me(req)));
  r.post('/api/addresses', {
    schema: { tags: ['orders'], summary: 'Add an address', headers: idempotencyHeader, body: addressBody.extend({ isDefault: z.boolean().optional() }), response: { 201: addressView, ...EW } },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: await addressBook.addAddress(tx, ctx.clock.now(), me(req), req.body) })));
  r.put('/api/addresses/:addressId', {
    schema: { tags: ['orders'], summary: 'Change an address', params: z.object({ addressId: uuidParam }), body: addressBody.extend({ isDefault: z.boolean().optional() }), response: { 200: addressView, ...EW } },
  }, async (req) => inTransaction(ctx, (tx) => addressBook.updateAddress(tx, me(req), req.params.addressId, req.body)));
  r.delete('/api/addresses/:addressId', {
    schema: { tags: ['orders'], summary: 'Remove an address (orders keep their copy)', params: z.object({ addressId: uuidParam }), response: { 204: z.null(), ...E } },
  }, async (req, reply) => {
    await inTransaction(ctx, (tx) => addressBook.deleteAddress(tx, ctx.clock.now(), me(req), req.params.addressId));
    return reply.code(204).send(null);
  });

  // ---- checkout and the buyer's orders
  r.post('/api/checkout', {
    schema: {
      tags: ['orders'], summary: 'Order the cart (or the given lines): one order per store, one payment for all, stock taken now',
      description: 'Send an Idempotency-Key: a retry with the same key and body answers the same orders and payment instead of ordering twice.',
      headers: idempotencyHeader,
      body: z.object({
        lines: z.array(z.object({ skuId: uuidParam, quantity: z.number().int().min(1).max(cart.MAX_LINE_QUANTITY), mediaId: viaFields.mediaId, miniSiteId: uuidParam.optional().describe("The mini-site the cart line was added through (the cart's miniSiteId): checked like miniSiteAppId") })).min(1).max(MAX_CHECKOUT_LINES).optional(),
        miniSiteAppId: viaFields.miniSiteAppId,
        addressId: uuidParam.optional(), address: addressBody.optional(), channel: channelSchema.optional(), note: z.string().max(200).optional(),
        expectedTotal: minorAmount.optional(),
        discounts: z.array(storeChoice).max(MAX_CHECKOUT_LINES).optional().describe("Coupons and points per store order (the cart's pricing.choice). A store order not named gets member pricing only. 409 coupon_unavailable or points_insufficient when one was used or expired meanwhile (nothing is ordered then)"),
      }).refine((b) => !!b.addressId !== !!b.address, { message: 'give either addressId or address', path: ['addressId'] }),
      response: { 201: named(z.object({ paymentId: z.string(), amount: z.number(), currency: z.string(), payDeadline: z.string(), orders: z.array(checkoutOrder) }), 'CheckoutResult'), ...EW },
    },
  }, async (req, reply) => {
    const k = requestKey(req);
    // The crowd a sold-out SKU refuses gets the refusal made once for it (no error made and serialised per buyer).
    const answer = await checkout(ctx, me(req), req.body, k, deps.soldOut).catch((err: unknown) => {
      if (err instanceof PreparedProblem) return err;
      throw err;
    });
    if (answer instanceof PreparedProblem) return answer.send(reply, req);
    if (answer.replayed) return sendReplay(reply, answer);
    // The statement wrote the answer as JSON itself: sent as it is (a string payload with a JSON type is not serialised again).
    return (reply as FastifyReply).code(201).type('application/json; charset=utf-8').send(answer.json);
  });

  r.get('/api/orders', { schema: { tags: ['orders'], summary: 'My orders, newest first', querystring: listQuery, response: { 200: orderList, ...E } } },
    async (req) => listOrders(ctx.db, { buyerId: me(req) }, req.query));
  r.get('/api/orders/:orderId', { schema: { tags: ['orders'], summary: 'One of my orders, with its timeline', params: orderParams, response: { 200: orderDetailView, ...E } } },
    async (req) => orderDetail(ctx.db, { buyerId: me(req) }, req.params.orderId, ctx.clock.now()));
  r.post('/api/orders/:orderId/cancel', {
    schema: { tags: ['orders'], summary: 'Cancel an unpaid order (its stock returns)', params: orderParams, body: z.object({ reason: z.string().max(200).optional() }).optional(), response: { 200: orderDetailView, ...EW } },
  }, async (req) => {
    await inTransaction(ctx, (tx) => life.cancelByBuyer(ctx, tx, me(req), req.params.orderId, req.body?.reason ?? null));
    return orderDetail(ctx.db, { buyerId: me(req) }, req.params.orderId, ctx.clock.now());
  });
  r.put('/api/orders/:orderId/address', {
    schema: { tags: ['orders'], summary: 'Change where the order ships (before it ships)', params: orderParams, body: whereTo, response: { 200: orderDetailView, ...EW } },
  }, async (req) => {
    await inTransaction(ctx, async (tx) => life.changeAddress(ctx, tx, me(req), req.params.orderId, await addressBook.shippingAddress(tx, me(req), req.body)));
    return orderDetail(ctx.db, { buyerId: me(req) }, req.params.orderId, ctx.clock.now());
  });
  r.post('/api/orders/:orderId/buy-again', {
    schema: {
      tags: ['orders'], summary: 'Buy again: the order’s items into my cart with its quantities, at today’s prices (a paid order of mine)',
      description: 'Sets each line’s quantity (a second call changes nothing). SKUs no longer on sale are left out and named in unavailable. 404 order_not_found (not mine, or never paid).',
      params: orderParams,
      body: z.object({ skuIds: z.array(uuidParam).min(1).max(50).optional().describe('Only these SKUs of the order (a repurchase reminder’s one-tap reorder); none: all') }).nullish(),
      response: { 200: z.object({ cart: cartView, added: z.array(z.string()).describe('SKU ids put in the cart'), unavailable: z.array(z.string()).describe('SKU ids no longer on sale') }), ...EW },
    },
  }, async (req) => cart.buyAgain(ctx, me(req), req.params.orderId, req.body?.skuIds));
  r.post('/api/orders/:orderId/confirm-receipt', {
    schema: { tags: ['orders'], summary: 'Confirm the order arrived', params: orderParams, response: { 200: orderDetailView, ...EW } },
  }, async (req) => {
    await inTransaction(ctx, (tx) => life.confirmReceipt(ctx, tx, me(req), req.params.orderId));
    return orderDetail(ctx.db, { buyerId: me(req) }, req.params.orderId, ctx.clock.now());
  });

  // ---- merchant
  r.get('/api/merchant/stores/:storeId/orders', {
    schema: { tags: ['orders'], summary: "The store's orders, newest first, by state", params: storeParams, querystring: listQuery, response: { 200: orderList, ...E } },
  }, async (req) => listOrders(ctx.db, { storeId: req.params.storeId }, req.query));
  r.get('/api/merchant/stores/:storeId/orders.csv', {
    schema: { tags: ['orders'], summary: 'Export orders as CSV (one row per item)', produces: ['text/csv'], params: storeParams, querystring: z.object({ state: orderState.optional() }), response: { 200: z.string().describe('text/csv'), ...E } },
  }, async (req, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="orders-${req.params.storeId.slice(0, 8)}.csv"`)
    .send(await ordersCsv(ctx.db, req.params.storeId, req.query.state)));
  r.get('/api/merchant/stores/:storeId/orders/:orderId', {
    schema: { tags: ['orders'], summary: 'One order of the store', params: storeOrderParams, response: { 200: orderDetailView, ...E } },
  }, async (req) => orderDetail(ctx.db, { storeId: req.params.storeId }, req.params.orderId, ctx.clock.now()));
  r.post('/api/merchant/stores/:storeId/orders/:orderId/shipments', {
    schema: {
      tags: ['orders'], summary: 'Ship items (default: every item still waiting) with a carrier of GET /api/carriers and its tracking number (422 tracking_number_invalid)', params: storeOrderParams, headers: idempotencyHeader,
      body: parcelBody.extend({ itemIds: z.array(uuidParam).min(1).max(200).optional() }),
      response: { 201: orderDetailView, ...EW },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => {
    await ship(ctx, tx, req.params.storeId, actorId(req), req.params.orderId, req.body);
    return { status: 201, body: await orderDetail(tx, { storeId: req.params.storeId }, req.params.orderId, ctx.clock.now()) };
  }));
  r.post('/api/merchant/stores/:storeId/orders/:orderId/price', {
    schema: { tags: ['orders'], summary: 'Lower the price of an unpaid order (never raise it)', params: storeOrderParams, body: z.object({ total: minorAmount.min(1) }), response: { 200: orderDetailView, ...EW } },
  }, async (req) => {
    await inTransaction(ctx, (tx) => life.lowerPrice(ctx, tx, req.params.storeId, actorId(req), req.params.orderId, req.body.total));
    return orderDetail(ctx.db, { storeId: req.params.storeId }, req.params.orderId, ctx.clock.now());
  });
  r.post('/api/merchant/stores/:storeId/orders/:orderId/retry-shipping-fee-refund', {
    schema: {
      tags: ['orders'], summary: 'Send again a shipping fee refund the payment provider refused (409 shipping_fee_refund_not_failed otherwise)', params: storeOrderParams,
      response: { 200: orderDetailView, ...EW },
    },
  }, async (req) => {
    await inTransaction(ctx, (tx) => life.retryShippingFeeRefund(ctx, tx, { storeId: req.params.storeId }, actorOf(req), req.params.orderId));
    return orderDetail(ctx.db, { storeId: req.params.storeId }, req.params.orderId, ctx.clock.now());
  });
  r.get('/api/operator/shipping-fee-refunds', {
    schema: {
      tags: ['orders'], summary: 'Shipping fee refunds the payment provider refused for good and nobody sent again yet (oldest first)', querystring: z.object(page),
      response: { 200: named(z.object({ total: z.number(), items: z.array(z.object({
        orderId: z.string(), storeId: z.string(), storeName: z.string(), amount: z.number(), currency: z.string(), lastError: z.string().nullable().describe("The provider's last answer"), requestedAt: z.string(),
      })) }), 'FailedShippingFeeRefunds'), ...E },
    },
  }, async (req) => life.failedShippingFeeRefunds(ctx.db, req.query));
  r.post('/api/operator/orders/:orderId/retry-shipping-fee-refund', {
    schema: {
      tags: ['orders'], summary: "Send again any store's shipping fee refund the payment provider refused (audited; 409 shipping_fee_refund_not_failed otherwise)",
      params: z.object({ orderId: uuidParam }), response: { 204: z.null().describe('Sent again'), ...EW },
    },
  }, async (req, reply) => {
    await inTransaction(ctx, (tx) => life.retryShippingFeeRefund(ctx, tx, 'any', actorOf(req), req.params.orderId));
    return reply.code(204).send(null);
  });
  r.get('/api/merchant/stores/:storeId/balance', {
    schema: {
      tags: ['orders'], summary: "The store's settled balance and its ledger", params: storeParams, querystring: z.object(page),
      response: { 200: named(z.object({ currency: z.string(), balance: z.number(), pending: z.object({ orders: z.number(), amount: z.number() }), settledOrders: z.number(), total: z.number().describe('Ledger entries (for paging)'),
        entries: z.array(z.object({ id: z.number(), orderId: z.string().nullable().describe('null for a withdrawal entry'), withdrawalId: z.string().nullable(), kind: balanceKind, gross: z.number(), commission: z.number(), net: z.number(), createdAt: z.string() })) }), 'StoreBalance'), ...E },
    },
  }, async (req) => storeBalance(ctx.db, req.params.storeId, req.query));

  // ---- operator
  r.get('/api/operator/ledger', {
    schema: {
      tags: ['orders'], summary: 'Platform ledger: commission income from settled orders, less what refunds after settlement gave back (refund entries)', querystring: z.object(page),
      response: { 200: named(z.object({ currency: z.string(), commissionTotal: z.number(), grossTotal: z.number(), settledOrders: z.number(), total: z.number(),
        entries: z.array(z.object({ id: z.number(), storeId: z.string(), storeName: z.string(), orderId: z.string(), kind: balanceKind, gross: z.number(), commission: z.number(), net: z.number(), createdAt: z.string() })) }), 'PlatformLedger'), ...E },
    },
  }, async (req) => platformLedger(ctx.db, req.query));
}
