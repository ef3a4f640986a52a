// HTTP routes of merchants' gift settings: per-product decoration and gifting switch, offline shops (scan-to-gift),
// and the public page a shop's QR code opens.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, named, uuidParam } from '../../kernel/http.ts';
import { idempotent } from '../../kernel/idempotency.ts';
import { giftingOf, merchantDecoration, saveDecoration, setGifting } from './decoration.ts';
import { cardPattern, decorationView, publicShopView, shopView } from './api-schemas.ts';
import { archiveShop, createShop, listShops, publicShop, updateShop } from './shops.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const storeParams = z.object({ storeId: uuidParam });
const productParams = storeParams.extend({ productId: uuidParam });
const shopParams = storeParams.extend({ shopId: uuidParam });
const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(255).optional().describe('Same key and body: the same answer again; same key, other body: 422 idempotency_key_reused') });
const text = (max: number) => z.string().trim().min(1).max(max);

// The shape; the rules (colours #rrggbb, at most 12 stickers and 6 cards, glyphs, unique ids) answer 422 with their own codes.
const colour = z.string().max(20).describe('#rrggbb');
export const giftDecorationSchema = z.object({
  theme: z.object({ coverImageId: uuidParam.nullable().describe("One of the store's uploaded images, or null"), background: colour, accent: colour, text: colour }),
  stickers: z.array(z.object({ id: z.string().max(40), label: text(30), glyph: z.string().min(1).max(32).describe('An emoji or 1 to 4 characters') })).max(50).describe('At most 12'),
  cards: z.array(z.object({ id: z.string().max(40), name: text(40), background: colour, accent: colour, pattern: cardPattern })).max(50).describe('At most 6'),
});
const gifting = named(z.object({ enabled: z.boolean() }), 'GiftingSwitch');
const productIds = z.array(uuidParam).min(1).max(500).nullable().describe("Products of the store this shop offers; null: every giftable product of the store");
export function giftMerchantRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ---- per product
  r.get('/api/merchant/stores/:storeId/products/:productId/gift-decoration', {
    schema: { tags: ['gifts'], summary: "The product's gift decoration (the default one until the merchant saves one)", params: productParams, response: { 200: decorationView, ...E } },
  }, async (req) => merchantDecoration(ctx.db, req.params.storeId, req.params.productId));
  r.put('/api/merchant/stores/:storeId/products/:productId/gift-decoration', {
    schema: {
      tags: ['gifts'], summary: "Save the product's gift decoration: page theme, stickers givers place on the card, greeting-card designs",
      description: 'Colours are #rrggbb; at most 12 stickers (glyph: an emoji or 1 to 4 characters) and 6 cards; ids are unique lower-case slugs. 422 codes: invalid_colour, too_many_stickers, too_many_cards, invalid_glyph, invalid_decoration_id, duplicate_decoration_id, cover_image_not_in_store.',
      params: productParams, body: giftDecorationSchema, response: { 200: decorationView, ...EW },
    },
  }, async (req) => saveDecoration(ctx, actorOf(req), req.params.storeId, req.params.productId, req.body));
  r.get('/api/merchant/stores/:storeId/products/:productId/gifting', {
    schema: { tags: ['gifts'], summary: 'May buyers send this product as a gift (the merchant\'s switch)?', params: productParams, response: { 200: gifting, ...E } },
  }, async (req) => giftingOf(ctx.db, req.params.storeId, req.params.productId));
  r.put('/api/merchant/stores/:storeId/products/:productId/gifting', {
    schema: { tags: ['gifts'], summary: 'Switch "send as gift" on or off for this product', params: productParams, body: gifting, response: { 200: gifting, ...EW } },
  }, async (req) => setGifting(ctx, actorOf(req), req.params.storeId, req.params.productId, req.body.enabled));

  // ---- offline shops
  r.get('/api/merchant/stores/:storeId/gift-shops', {
    schema: { tags: ['gifts'], summary: "The store's offline shops (scan-to-gift QR codes), open ones first, with counts and sales", params: storeParams, response: { 200: z.array(shopView), ...E } },
  }, async (req) => listShops(ctx, req.params.storeId));
  r.post('/api/merchant/stores/:storeId/gift-shops', {
    schema: {
      tags: ['gifts'], summary: 'Add an offline shop or counter; its QR code opens /shop/<id>, where buyers send its products as gifts', params: storeParams, headers: idempotencyHeader,
      body: z.object({ name: text(80), address: text(200), productIds: productIds.default(null) }), response: { 201: shopView, ...EW },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: await createShop(ctx, tx, actorOf(req), req.params.storeId, req.body) })));
  r.patch('/api/merchant/stores/:storeId/gift-shops/:shopId', {
    schema: {
      tags: ['gifts'], summary: "Change a shop's name, address or products", params: shopParams,
      body: z.object({ name: text(80).optional(), address: text(200).optional(), productIds: productIds.optional() }).refine((b) => Object.keys(b).length > 0, 'change at least one field'),
      response: { 200: shopView, ...EW },
    },
  }, async (req) => updateShop(ctx, actorOf(req), req.params.storeId, req.params.shopId, req.body));
  r.delete('/api/merchant/stores/:storeId/gift-shops/:shopId', {
    schema: { tags: ['gifts'], summary: 'Archive a shop: its QR code stops working; its gifts and orders keep it', params: shopParams, response: { 200: shopView, ...E } },
  }, async (req) => archiveShop(ctx, actorOf(req), req.params.storeId, req.params.shopId));

  // ---- public: what the QR code opens
  r.get('/api/gift-shops/:shopId', {
    schema: {
      tags: ['gifts'], summary: "A shop's scan page: the shop, its store and the products that may be sent as gifts from it", security: [],
      params: z.object({ shopId: uuidParam }), response: { 200: publicShopView, ...errors(400, 404) },
    },
  }, async (req) => publicShop(ctx, req.params.shopId));
}
