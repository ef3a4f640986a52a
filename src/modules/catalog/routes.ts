import type { FastifyInstance, FastifyReply } from 'fastify';
import { idempotent } from '../../kernel/idempotency.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, userOf } from '../../kernel/auth.ts';
import { visitorOf } from '../../kernel/rate-limit.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, idParam, limitQuery, minorAmount, named, uuidParam } from '../../kernel/http.ts';
import * as productsSvc from './products.ts';
import * as prices from './prices.ts';
import * as stock from './stock.ts';
import * as images from './images.ts';
import * as moderation from './moderation.ts';
import { BadRequest } from '../../kernel/errors.ts';
import { publicStore } from '../merchants/index.ts';
import * as front from './storefront.ts';
import * as home from './storefront-home.ts';
import * as rates from './exchange-rates.ts';
import {
  channelSchema, draftStateSchema, followedRowSchema, imageBinary, listingItemSchema, liveStateSchema, merchantProductRowSchema, merchantProductSchema,
  priceChangeResultSchema, priceChangeSchema, priceHistoryEntrySchema, priceSelectionSchema, productContentSchema, productReviewItemSchema, productSearchPageSchema,
  stockFlowSchema, storeChannelSchema, storefrontProductSchema, storefrontStoreSchema, storefrontHomeSchema, displayCurrencySchema, exchangeRateSchema,
} from './api-schemas.ts';
import type { CatalogCache } from './versions.ts';
import { freightRoutes } from './freight-routes.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const storeParams = z.object({ storeId: uuidParam });
const productParams = storeParams.extend({ productId: uuidParam });
const skuParams = storeParams.extend({ skuId: uuidParam });
const page = { limit: limitQuery, offset: z.coerce.number().int().min(0).max(100000).default(0) };

const channelQuery = channelSchema.default('store');
const productAnswer = { 200: merchantProductSchema, ...EW };

/** Sends JSON text that was serialised (and checked against its schema by the tests) when it was cached. */
function sendJsonText(reply: unknown, json: Buffer) {
  const r = reply as FastifyReply;
  return r.type('application/json; charset=utf-8').serializer((p: unknown) => p as string).send(json);
}

const displayQuery = displayCurrencySchema.optional().describe('The buyer\'s display currency: prices in another currency carry an approximate amount in it where the operator set a rate');

export function catalogRoutes(app: FastifyInstance, ctx: Ctx, deps: { cache: CatalogCache; views: front.ViewRecorder; home: home.HomeSources }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  freightRoutes(app, ctx);
  const viewDedupeMs = ctx.config.viewDedupeSeconds * 1000;

  // ---- merchant: products
  r.get('/api/merchant/stores/:storeId/products', {
    schema: {
      tags: ['catalog'], summary: 'Products of the store, with filters (lowStock: at most this many left on some SKU)',
      params: storeParams,
      querystring: z.object({ liveState: liveStateSchema.optional(), draftState: draftStateSchema.optional(), categoryId: idParam.optional(), q: z.string().max(100).optional(), lowStock: z.coerce.number().int().min(0).max(10_000_000).optional(), ...page }),
      response: { 200: z.array(merchantProductRowSchema), ...E },
    },
  }, async (req) => productsSvc.listMerchantProducts(ctx.db, req.params.storeId, req.query));

  r.post('/api/merchant/stores/:storeId/products', {
    schema: { tags: ['catalog'], summary: 'Create a product (its draft; submit it for review to list it)', params: storeParams, body: productContentSchema, response: { 201: merchantProductSchema, ...EW } },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: await productsSvc.createProduct({ ...ctx, db: tx }, actorOf(req), req.params.storeId, req.body) })));

  r.get('/api/merchant/stores/:storeId/products/:productId', {
    schema: { tags: ['catalog'], summary: 'A product: live copy, SKUs and draft', params: productParams, response: { 200: merchantProductSchema, ...E } },
  }, async (req) => productsSvc.getMerchantProduct(ctx.db, req.params.storeId, req.params.productId));

  r.put('/api/merchant/stores/:storeId/products/:productId/draft', {
    schema: { tags: ['catalog'], summary: 'Edit the draft (the live copy changes only when review passes)', params: productParams, body: productContentSchema, response: productAnswer },
  }, async (req) => productsSvc.updateDraft(ctx, req.params.storeId, req.params.productId, req.body));

  r.put('/api/merchant/stores/:storeId/products/:productId/customisable', {
    schema: { tags: ['catalog'], summary: 'Switch "buyers send a customisation file" on or off (bought through a mini-site that uploads the file)', params: productParams, body: z.object({ enabled: z.boolean() }), response: productAnswer },
  }, async (req) => productsSvc.setCustomisable(ctx, actorOf(req), req.params.storeId, req.params.productId, req.body.enabled));

  r.put('/api/merchant/stores/:storeId/products/:productId/repurchase-cycle', {
    schema: {
      tags: ['catalog'], summary: 'Set the repurchase cycle: that many days after delivery the buyer gets a reminder with one-tap reorder (null: none). Audited',
      params: productParams, body: z.object({ days: z.number().int().min(1).max(730).nullable() }), response: productAnswer,
    },
  }, async (req) => productsSvc.setRepurchaseCycle(ctx, actorOf(req), req.params.storeId, req.params.productId, req.body.days));

  r.post('/api/merchant/stores/:storeId/products/:productId/submit', {
    schema: { tags: ['catalog'], summary: 'Submit the draft for review', params: productParams, response: productAnswer },
  }, async (req) => productsSvc.submitDraft(ctx, actorOf(req), req.params.storeId, req.params.productId));

  r.post('/api/merchant/stores/:storeId/products/:productId/cancel-review', {
    schema: { tags: ['catalog'], summary: 'Cancel the review of the draft', params: productParams, response: productAnswer },
  }, async (req) => productsSvc.cancelReview(ctx, req.params.storeId, req.params.productId));

  for (const event of ['delist', 'relist'] as const) {
    r.post(`/api/merchant/stores/:storeId/products/:productId/${event}`, {
      schema: { tags: ['catalog'], summary: event === 'delist' ? 'Take the product off sale' : 'Put the product on sale again', params: productParams, response: productAnswer },
    }, async (req) => productsSvc.changeLiveState(ctx, actorOf(req), req.params.productId, event, { storeId: req.params.storeId }));
  }

  r.post('/api/merchant/stores/:storeId/images', {
    schema: {
      tags: ['catalog'], summary: 'Upload a product image (multipart field "file": JPEG, PNG, WebP or GIF); thumbnails are made at once',
      consumes: ['multipart/form-data'], params: storeParams,
      response: { 201: z.object({ id: z.string(), width: z.number(), height: z.number(), urls: z.object({ thumb: z.string(), large: z.string() }) }), ...errors(400, 401, 403, 404, 413, 415, 422) },
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new BadRequest('multipart_expected', 'Send the image as multipart/form-data with a field "file".');
    const file = await req.file({ limits: { fileSize: ctx.config.imageMaxBytes + 1, files: 1 } });
    if (!file) throw new BadRequest('validation_failed', 'Field "file" is required.', { errors: [{ path: 'body.file', message: 'required' }] });
    const data = await file.toBuffer();
    return reply.code(201).send(await images.uploadImage(ctx, req.params.storeId, data));
  });

  r.get('/api/storefront/images/:imageId/:size', {
    schema: { tags: ['storefront'], summary: 'A product image rendition (WebP)', produces: ['image/webp'], params: z.object({ imageId: uuidParam, size: z.enum(['thumb', 'large']) }), response: { 200: imageBinary, ...errors(400, 404) } },
  }, async (req, reply) => {
    const data = await images.readImage(ctx, req.params.imageId, req.params.size);
    // An image id never changes content: cache it for good.
    return (reply as unknown as FastifyReply).type('image/webp').header('cache-control', 'public, max-age=31536000, immutable').send(data);
  });

  // ---- merchant: prices, stock, channels
  r.post('/api/merchant/stores/:storeId/prices/preview', {
    schema: { tags: ['catalog'], summary: 'Preview a one-click price change (nothing is written)', params: storeParams, body: z.object({ selection: priceSelectionSchema, change: priceChangeSchema }), response: { 200: priceChangeResultSchema, ...EW } },
  }, async (req) => prices.previewPriceChange(ctx, req.params.storeId, req.body.selection, req.body.change));

  r.post('/api/merchant/stores/:storeId/prices/apply', {
    schema: { tags: ['catalog'], summary: 'Apply a one-click price change: all selected SKUs or none, in one transaction', params: storeParams, body: z.object({ selection: priceSelectionSchema, change: priceChangeSchema }), response: { 200: priceChangeResultSchema, ...EW } },
  }, async (req) => prices.applyPriceChange(ctx, actorOf(req), req.params.storeId, req.body.selection, req.body.change));

  r.put('/api/merchant/stores/:storeId/skus/:skuId/price', {
    schema: { tags: ['catalog'], summary: 'Change the price of one SKU', params: skuParams, body: z.object({ price: minorAmount.min(1) }), response: { 200: priceChangeResultSchema, ...EW } },
  }, async (req) => prices.applyPriceChange(ctx, actorOf(req), req.params.storeId, { skuIds: [req.params.skuId] }, { type: 'set', price: req.body.price }));

  r.put('/api/merchant/stores/:storeId/skus/:skuId/member-price', {
    schema: {
      tags: ['catalog'], summary: "Set the member price of one SKU (what members of the store's program pay; null removes it). Audited",
      description: '422 member_price_above_price when above the list price. A later list price below it brings it down to that price.',
      params: skuParams, body: z.object({ memberPrice: minorAmount.min(1).nullable() }),
      response: { 200: z.object({ skuId: z.string(), price: z.number(), memberPrice: z.number().nullable() }), ...EW },
    },
  }, async (req) => prices.setMemberPrice(ctx, actorOf(req), req.params.storeId, req.params.skuId, req.body.memberPrice));

  r.post('/api/merchant/stores/:storeId/skus/:skuId/stock', {
    schema: {
      tags: ['catalog'], summary: 'Add, subtract or set the stock of one SKU (never below zero)', params: skuParams,
      body: z.object({ op: z.enum(['add', 'subtract', 'set']), quantity: z.number().int().min(0).max(10_000_000), note: z.string().max(200).optional() }),
      response: { 200: z.object({ skuId: z.string(), stock: z.number(), delta: z.number() }), ...EW },
    },
  }, async (req) => stock.adjustStock(ctx, actorOf(req), req.params.storeId, req.params.skuId, req.body));

  r.get('/api/merchant/stores/:storeId/price-history', {
    schema: { tags: ['catalog'], summary: 'Price history, newest first', params: storeParams, querystring: z.object({ skuId: uuidParam.optional(), limit: limitQuery }), response: { 200: z.array(priceHistoryEntrySchema), ...E } },
  }, async (req) => prices.listPriceHistory(ctx.db, req.params.storeId, req.query));

  r.get('/api/merchant/stores/:storeId/stock-flows', {
    schema: { tags: ['catalog'], summary: 'Stock flow log, newest first', params: storeParams, querystring: z.object({ skuId: uuidParam.optional(), limit: limitQuery }), response: { 200: z.array(stockFlowSchema), ...E } },
  }, async (req) => stock.listStockFlows(ctx.db, req.params.storeId, req.query));

  const channelList = z.array(storeChannelSchema);
  r.get('/api/merchant/stores/:storeId/channels', {
    schema: { tags: ['catalog'], summary: 'Channels the store sells in', params: storeParams, response: { 200: channelList, ...E } },
  }, async (req) => front.storeChannelList(ctx.db, req.params.storeId));

  r.put('/api/merchant/stores/:storeId/channels', {
    schema: { tags: ['catalog'], summary: 'Enable or disable a channel', params: storeParams, body: storeChannelSchema, response: { 200: channelList, ...E } },
  }, async (req) => front.setStoreChannel(ctx, req.params.storeId, req.body.channel, req.body.enabled));

  // ---- operator
  r.get('/api/operator/product-reviews', {
    schema: {
      tags: ['operator'], summary: 'Product drafts waiting for review, oldest first: one page (limit, offset) and how many wait', querystring: z.object(page),
      response: { 200: named(z.object({ reviews: z.array(productReviewItemSchema), total: z.number().int() }), 'ProductReviewPage'), ...E },
    },
  }, async (req) => productsSvc.reviewQueue(ctx.db, req.query));

  r.get('/api/operator/products', {
    schema: {
      tags: ['operator'], summary: 'Find products to act on: words of the title or of the store\'s name, or a product id; newest change first',
      querystring: z.object({ q: z.string().trim().max(100).optional(), liveState: liveStateSchema.optional(), ...page }),
      response: { 200: productSearchPageSchema, ...E },
    },
  }, async (req) => moderation.searchProducts(ctx.db, req.query));

  r.post('/api/operator/products/:productId/pass', {
    schema: { tags: ['operator'], summary: 'Pass the review: the draft goes live', params: z.object({ productId: uuidParam }), response: { 200: productReviewItemSchema, ...EW } },
  }, async (req) => productsSvc.passReview(ctx, actorOf(req), req.params.productId));

  r.post('/api/operator/products/:productId/fail', {
    schema: { tags: ['operator'], summary: 'Fail the review with a reason', params: z.object({ productId: uuidParam }), body: z.object({ reason: z.string().trim().min(2).max(500) }), response: { 200: productReviewItemSchema, ...EW } },
  }, async (req) => productsSvc.failReview(ctx, actorOf(req), req.params.productId, req.body.reason));

  for (const event of ['delist_violation', 'reinstate', 'ban'] as const) {
    r.post(`/api/operator/products/:productId/${event.replace('_', '-')}`, {
      schema: { tags: ['operator'], summary: { delist_violation: 'Delist for violation', reinstate: 'Reinstate a product delisted for violation', ban: 'Ban a product for good' }[event], params: z.object({ productId: uuidParam }), body: z.object({ reason: z.string().trim().min(2).max(500) }), response: productAnswer },
    }, async (req) => productsSvc.changeLiveState(ctx, actorOf(req), req.params.productId, event, { reason: req.body.reason }));
  }

  r.put('/api/operator/review-rules/auto-pass', {
    schema: { tags: ['operator'], summary: 'Categories whose products pass review automatically', body: z.object({ categoryIds: z.array(z.number().int().positive()).min(1).max(1000), enabled: z.boolean() }), response: { 200: z.array(z.number()), ...E } },
  }, async (req) => productsSvc.setAutoReview(ctx, actorOf(req), req.body.categoryIds, req.body.enabled));

  // ---- public storefront
  r.get('/api/storefront/products', {
    schema: {
      tags: ['storefront'], summary: 'Listed products in a channel, newest first, by category, store or search words (any of the three languages, accents optional; found in the title, description or category names, title matches first)',
      querystring: z.object({ channel: channelQuery, categoryId: idParam.optional(), storeId: uuidParam.optional(), q: z.string().trim().min(1).max(100).optional(), display: displayQuery, limit: z.coerce.number().int().min(1).max(50).default(20), offset: page.offset }),
      response: { 200: z.array(listingItemSchema), ...errors(400) },
    },
  }, async (req, reply) => sendJsonText(reply, await front.listProductsJson(deps.cache, ctx.db, req.query)));

  r.get('/api/storefront/stores/:storeId', {
    schema: {
      tags: ['storefront'], summary: 'An open store: its name, type and the channels it sells in',
      params: z.object({ storeId: uuidParam }),
      response: { 200: storefrontStoreSchema, ...errors(400, 404) },
    },
  }, async (req) => {
    const store = await publicStore(ctx.db, req.params.storeId);
    const channels = (await front.storeChannelList(ctx.db, store.id)).filter((c) => c.enabled).map((c) => c.channel);
    return { ...store, channels };
  });

  r.get('/api/storefront/products/:productId', {
    schema: {
      tags: ['storefront'], summary: 'A product page with its SKUs, price and availability, in a channel (the view is counted for that channel, once per visitor within TRIO_VIEW_DEDUPE_SECONDS)',
      params: z.object({ productId: uuidParam }), querystring: z.object({ channel: channelQuery, display: displayQuery }),
      response: { 200: storefrontProductSchema, ...errors(400, 404) },
    },
  }, async (req, reply) => {
    const page = await front.productPage(deps.cache, ctx.db, req.params.productId, req.query.channel, req.query.display);
    deps.views.recordOnce({ storeId: page.storeId, productId: page.id, channel: req.query.channel, at: ctx.clock.now() }, visitorOf(req), viewDedupeMs);
    return sendJsonText(reply, page.json);
  });

  r.post('/api/storefront/events', {
    schema: {
      tags: ['storefront'], security: [], summary: "Products the buyer's screen showed in a list (exposure) or that the buyer clicked in one (click), per channel, for the analytics funnel",
      description: 'Anyone may report, at most TRIO_EVENTS_MAX_PER_ADDRESS requests per address and window (then 429). Products not shown in the channel are left out, and so is the same visitor\'s same event within TRIO_VIEW_DEDUPE_SECONDS; `recorded` counts the rest. Recorded in batches with the product page views.',
      body: z.object({ events: z.array(z.object({ productId: uuidParam, channel: channelSchema, kind: z.enum(['exposure', 'click']) })).min(1).max(100) }),
      response: { 202: named(z.object({ recorded: z.number().int().min(0) }), 'ProductEventsRecorded'), ...errors(400, 429) },
    },
  }, async (req, reply) => {
    const recorded = await front.recordListEvents(deps.cache, ctx.db, deps.views, ctx.clock.now(), req.body.events, { visitor: visitorOf(req), windowMs: viewDedupeMs });
    return reply.code(202).send({ recorded });
  });

  r.get('/api/storefront/home', {
    schema: {
      tags: ['storefront'], summary: "The buyer's home: new arrivals, popular lately (units paid), and the newest products of each first-level category that has any",
      querystring: z.object({ channel: channelQuery, display: displayQuery }), response: { 200: storefrontHomeSchema, ...errors(400) },
    },
  }, async (req, reply) => sendJsonText(reply, await home.storefrontHomeJson(deps.cache, ctx.db, deps.home, { ...req.query, now: ctx.clock.now(), popularDays: ctx.config.popularDays })));

  r.get('/api/storefront/home/following', {
    schema: {
      tags: ['storefront'], summary: "The signed-in buyer's home row: the newest products of the stores they follow",
      querystring: z.object({ channel: channelQuery, display: displayQuery }), response: { 200: followedRowSchema, ...errors(400, 401, 403) },
    },
  }, async (req) => home.followedRow(ctx.db, deps.home, { ...req.query, buyerId: userOf(req).userId }));

  r.get('/api/storefront/categories', {
    schema: {
      tags: ['storefront'], summary: 'Categories (every level) with at least one product on sale in the channel: buyers are shown only these',
      querystring: z.object({ channel: channelQuery }), response: { 200: named(z.object({ categoryIds: z.array(z.number()) }), 'ListedCategories'), ...errors(400) },
    },
  }, async (req) => ({ categoryIds: await home.listedCategoryIds(deps.cache, ctx.db, req.query.channel) }));

  r.get('/api/storefront/display-currencies', {
    schema: {
      tags: ['storefront'], summary: 'The currencies a buyer may read approximate prices in (those the operator set a rate into); display only, never paid in',
      response: { 200: named(z.object({ currencies: z.array(displayCurrencySchema) }), 'DisplayCurrencies') },
    },
  }, async () => ({ currencies: await rates.displayCurrencies(ctx.db) }));

  // ---- operator: exchange rates for approximate prices
  const ratePair = z.object({ from: displayCurrencySchema, to: displayCurrencySchema });
  r.get('/api/operator/exchange-rates', {
    schema: { tags: ['operator'], summary: 'Exchange rates for approximate prices (display only, never used for payment)', response: { 200: z.array(exchangeRateSchema), ...E } },
  }, async () => rates.listRates(ctx.db));

  r.put('/api/operator/exchange-rates/:from/:to', {
    schema: {
      tags: ['operator'], summary: 'Set the rate from one currency to another (audited)', params: ratePair,
      body: z.object({ rate: z.string().trim().regex(/^\d{1,12}(\.\d{1,8})?$/, 'a positive decimal number such as 3450.25, at most 8 decimals') }),
      response: { 200: exchangeRateSchema, ...EW },
    },
  }, async (req) => rates.setRate(ctx, actorOf(req), req.params.from, req.params.to, req.body.rate));

  r.delete('/api/operator/exchange-rates/:from/:to', {
    schema: { tags: ['operator'], summary: 'Remove a rate: its approximate amounts are no longer shown (audited)', params: ratePair, response: { 200: ratePair, ...EW } },
  }, async (req) => rates.removeRate(ctx, actorOf(req), req.params.from, req.params.to));
}
