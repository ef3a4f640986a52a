// HTTP of gifts for buyers (send, my gifts, the share link's page, join, claim) and a store's free gifts and list.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { userOf } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { NotFound } from '../../kernel/errors.ts';
import { errors, limitQuery, uuidParam } from '../../kernel/http.ts';
import { idempotent } from '../../kernel/idempotency.ts';
import { channelSchema } from '../catalog/index.ts';
import { addressBody, confirmReceipt } from '../orders/index.ts';
import { claimGift, giftPage, type Viewer } from './claim.ts';
import { giftOptions } from './eligibility.ts';
import { drawIfDue, joinLottery } from './lottery.ts';
import { GROUP_UNITS_MAX, GROUP_UNITS_MIN, NOT_GIFTABLE_REASONS, STICKERS_MAX } from './rules.ts';
import { CLAIM_STATES, GIFT_KINDS, GIFT_SOURCES, GIFT_STATES, giftClaims, gifts } from './schema.ts';
import { sendFreeGift, sendGift } from './send.ts';
import { giftIdByToken } from './tokens.ts';
import { listSentGifts, receivedGifts, sentGift, storeGifts } from './views.ts';
import { AFTERSALE_STATES, AFTERSALE_TYPES } from '../aftersales/schema.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const page = { limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) };
const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(255).optional().describe('Same key and body: the same answer again; same key, other body: 422 idempotency_key_reused') });

const attrs = z.record(z.string(), z.string());
const colour = z.string();
const decorationView = z.object({
  theme: z.object({ coverImageId: z.string().nullable(), background: colour, accent: colour, text: colour }),
  stickers: z.array(z.object({ id: z.string(), label: z.string(), glyph: z.string() })),
  cards: z.array(z.object({ id: z.string(), name: z.string(), background: colour, accent: colour, pattern: z.enum(['plain', 'dots', 'stripes', 'hearts']) })),
});
const placedSticker = z.object({ stickerId: z.string().min(1).max(40), x: z.number().min(0).max(1), y: z.number().min(0).max(1) });
const drawView = z.object({
  seed: z.string().describe('32 random bytes, hex'), algorithm: z.string(), participants: z.array(z.string()), winners: z.array(z.string()), drawnAt: z.string(),
  winnerNames: z.array(z.string()),
}).describe('The lottery draw: recompute the winners with the algorithm from the seed and the participants');
const sentGiftView = z.object({
  id: z.string(), state: z.enum(GIFT_STATES), stateCode: z.number(), kind: z.enum(GIFT_KINDS), source: z.enum(GIFT_SOURCES), storeId: z.string(),
  productId: z.string(), title: z.string(), imageId: z.string().nullable(), skuId: z.string(), attrs, unitQuantity: z.number(), units: z.number(),
  unitsClaimed: z.number(), unitsReturned: z.number(), unitPrice: z.number(), amount: z.number(), currency: z.string(), message: z.string(),
  receiverName: z.string().nullable(), cardId: z.string().nullable(), stickers: z.array(placedSticker), channel: z.string(), shopId: z.string().nullable(),
  paymentId: z.string().nullable(), sharePath: z.string().nullable().describe('/g/<token>: the link to share, once paid'), createdAt: z.string(),
  paidAt: z.string().nullable(), expiresAt: z.string().nullable(), joinDeadline: z.string().nullable(), entries: z.number(), draw: drawView.nullable(),
  claims: z.array(z.object({
    claimantName: z.string(), state: z.enum(CLAIM_STATES), claimedAt: z.string().nullable(), orderState: z.string().nullable(),
    afterSale: z.object({ type: z.enum(AFTERSALE_TYPES), state: z.enum(AFTERSALE_STATES) }).nullable().describe("The recipient's latest after-sales request of this claim's order"),
  })),
}).describe('A gift as its giver sees it: never an address');
const receivedGiftView = z.object({
  giftId: z.string(), claimId: z.string().nullable(), title: z.string(), imageId: z.string().nullable(), attrs, unitQuantity: z.number(), giverName: z.string(),
  message: z.string(), state: z.enum(['unclaimed', ...CLAIM_STATES]), giftState: z.enum(GIFT_STATES), sharePath: z.string().nullable(), orderId: z.string().nullable(),
  orderState: z.string().nullable(), shipments: z.array(z.object({ carrier: z.string(), trackingNo: z.string(), createdAt: z.string() })),
  claimedAt: z.string().nullable(), expiresAt: z.string().nullable(),
  orderItemId: z.string().nullable().describe("The claim's order item, to ask for after-sales of (POST /api/orders/{orderId}/after-sales)"),
  afterSaleTypes: z.array(z.enum(AFTERSALE_TYPES)).describe("What may be asked now (empty: nothing). No amount is asked: the refund is the whole share of the quantity, back to the giver's payment"),
  afterSale: z.object({ id: z.string(), type: z.enum(AFTERSALE_TYPES), state: z.enum(AFTERSALE_STATES) }).nullable().describe('The latest after-sales request of the item'),
}).describe('A gift as its recipient sees it: never a price');
const giftPageView = z.object({
  giftId: z.string(), state: z.enum(GIFT_STATES), stateCode: z.number(), kind: z.enum(GIFT_KINDS), source: z.enum(GIFT_SOURCES), giverName: z.string(),
  message: z.string(), receiverName: z.string().nullable(), title: z.string(), productId: z.string(), imageIds: z.array(z.string()), attrs,
  unitQuantity: z.number(), unitsLeft: z.number(),
  decoration: z.object({
    theme: decorationView.shape.theme, card: decorationView.shape.cards.element.nullable(),
    stickers: z.array(placedSticker.extend({ glyph: z.string(), label: z.string() })),
  }),
  skus: z.array(z.object({ id: z.string(), attrs, available: z.boolean() })).describe('Variants of the same price the recipient may switch to'),
  expiresAt: z.string().nullable(), joinDeadline: z.string().nullable(), entries: z.number(), joined: z.boolean(), draw: drawView.nullable(),
  viewer: z.object({ signedIn: z.boolean(), isGiver: z.boolean(), canClaim: z.boolean(), claimed: z.boolean(), won: z.boolean(), orderId: z.string().nullable() }),
}).describe('The page a gift link opens: decorated, with the giver\'s name and message, never a price');

const cardFields = {
  message: z.string().max(2000).describe('At most 100 characters (422 message_too_long)'),
  receiverName: z.string().trim().min(1).max(40).optional(), cardId: z.string().max(40).optional(), stickers: z.array(placedSticker).max(STICKERS_MAX).optional(),
};
const tokenParams = z.object({ token: z.string().min(1).max(200) });
const publicDoc = { security: [] };

function viewerOf(req: FastifyRequest): Viewer {
  const a = req.actor;
  return a?.kind === 'user' ? { userId: a.userId, role: a.role, displayName: a.displayName } : null;
}

export function giftRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const me = (req: FastifyRequest) => userOf(req);
  const loadGift = async (id: string) => (await ctx.db.select().from(gifts).where(eq(gifts.id, id)))[0];
  /** The gift a link opens, drawn first when it is a lottery past its deadline. */
  const openLink = async (req: FastifyRequest, token: string) => {
    const id = await giftIdByToken(ctx, token, req.ip);
    const g = await loadGift(id);
    return (await drawIfDue(ctx, g)) ? loadGift(id) : g;
  };

  r.get('/api/products/:productId/gift-options', {
    schema: {
      tags: ['gifts'], summary: 'May this product be sent as a gift, which SKUs, and the merchant\'s gift decoration', ...publicDoc, params: z.object({ productId: uuidParam }),
      response: {
        200: z.object({
          productId: z.string(), storeId: z.string(), title: z.string(), imageIds: z.array(z.string()), currency: z.string(), giftable: z.boolean(),
          reason: z.enum(NOT_GIFTABLE_REASONS).nullable(), priceCap: z.number(),
          skus: z.array(z.object({ id: z.string(), attrs, price: z.number(), currency: z.string(), stock: z.number(), giftable: z.boolean() })), decoration: decorationView,
        }), ...errors(400, 404),
      },
    },
  }, async (req) => giftOptions(ctx, req.params.productId));

  r.post('/api/gifts', {
    schema: {
      tags: ['gifts'], summary: 'Send a gift: stock is taken now, the gift waits for its payment (purpose gift), then gets its share link',
      description: 'single: one recipient gets `quantity`; first_come: `units` people get one each; lottery: `units` winners drawn at `joinDeadline`. ' +
        'Refused with 422 product_not_giftable {reason} for products that may not be gifts. Send an Idempotency-Key.',
      headers: idempotencyHeader,
      body: z.object({
        skuId: uuidParam, kind: z.enum(GIFT_KINDS), quantity: z.number().int().min(1).max(999).optional(), units: z.number().int().min(GROUP_UNITS_MIN).max(GROUP_UNITS_MAX).optional(),
        joinDeadline: z.iso.datetime({ offset: true }).optional(), shopId: uuidParam.optional(), channel: channelSchema.optional(), ...cardFields,
      }),
      response: { 201: z.object({ gift: sentGiftView, paymentId: z.string(), amount: z.number(), currency: z.string(), payDeadline: z.string() }), ...EW },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, (tx) => sendGift(ctx, tx, me(req), req.body)));

  r.get('/api/gifts/sent', {
    schema: { tags: ['gifts'], summary: 'Gifts I sent, newest first', querystring: z.object(page), response: { 200: z.object({ items: z.array(sentGiftView), total: z.number() }), ...E } },
  }, async (req) => listSentGifts(ctx.db, me(req).userId, req.query));
  r.get('/api/gifts/received', {
    schema: { tags: ['gifts'], summary: 'Gifts for me: claimed, won, or sent to me by a store and not claimed yet', response: { 200: z.object({ items: z.array(receivedGiftView) }), ...E } },
  }, async (req) => receivedGifts(ctx.db, me(req).userId, ctx.clock.now()));
  r.get('/api/gifts/:giftId', {
    schema: { tags: ['gifts'], summary: 'One gift I sent, with its link and claims', params: z.object({ giftId: uuidParam }), response: { 200: sentGiftView, ...E } },
  }, async (req) => sentGift(ctx.db, me(req).userId, req.params.giftId));
  r.post('/api/gifts/received/:claimId/confirm-receipt', {
    schema: { tags: ['gifts'], summary: 'Confirm a gift I claimed arrived', params: z.object({ claimId: uuidParam }), response: { 200: receivedGiftView, ...EW } },
  }, async (req) => {
    const who = me(req).userId;
    const [c] = await ctx.db.select().from(giftClaims).where(and(eq(giftClaims.id, req.params.claimId), eq(giftClaims.claimantId, who)));
    if (!c?.orderId) throw new NotFound('gift_claim');
    await inTransaction(ctx, (tx) => confirmReceipt(ctx, tx, who, c.orderId!, { gift: true }));
    return (await receivedGifts(ctx.db, who, ctx.clock.now())).items.find((x) => x.claimId === c.id)!;
  });

  r.get('/api/gift-links/:token', {
    schema: {
      tags: ['gifts'], summary: 'The page a gift link opens (no price); signed in, what this viewer may do', ...publicDoc,
      description: 'Unknown links are counted per address: too many and look-ups answer 429 too_many_attempts for a while.',
      params: tokenParams, response: { 200: giftPageView, ...errors(400, 401, 404, 429) },
    },
  }, async (req) => giftPage(ctx.db, ctx.clock.now(), await openLink(req, req.params.token), viewerOf(req)));
  r.post('/api/gift-links/:token/join', {
    schema: { tags: ['gifts'], summary: 'Join a lottery gift before its deadline', params: tokenParams, response: { 200: giftPageView, ...EW, ...errors(429) } },
  }, async (req) => {
    const g = await openLink(req, req.params.token);
    await inTransaction(ctx, (tx) => joinLottery(tx, ctx.clock.now(), me(req), g));
    return giftPage(ctx.db, ctx.clock.now(), await loadGift(g.id), viewerOf(req));
  });
  r.post('/api/gift-links/:token/claim', {
    schema: {
      tags: ['gifts'], summary: 'Claim the gift (one unit): to my address, optionally as another variant of the same price',
      description: 'Give addressId or address (422 address_required). Send an Idempotency-Key.',
      params: tokenParams, headers: idempotencyHeader,
      body: z.object({ skuId: uuidParam.optional(), addressId: uuidParam.optional(), address: addressBody.optional() }),
      response: { 201: z.object({ orderId: z.string(), page: giftPageView }), ...EW, ...errors(429) },
    },
  }, async (req, reply) => {
    const g = await openLink(req, req.params.token);
    // The claim stores its order id; the page is built after the commit (claims of one gift queue on its row).
    return idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: { orderId: await claimGift(ctx, tx, me(req), g.id, req.body) } }),
      async ({ orderId }) => ({ orderId, page: await giftPage(ctx.db, ctx.clock.now(), await loadGift(g.id), viewerOf(req)) }));
  });

  r.post('/api/merchant/stores/:storeId/free-gifts', {
    schema: {
      tags: ['gifts'], summary: 'Give a product of the store to a buyer for free (no payment; only that buyer may claim it)', headers: idempotencyHeader,
      params: z.object({ storeId: uuidParam }),
      body: z.object({ skuId: uuidParam, quantity: z.number().int().min(1).max(999), recipientEmail: z.string().trim().email().max(200), ...cardFields }),
      response: { 201: sentGiftView, ...EW },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, (tx) => sendFreeGift(ctx, tx, req.params.storeId, me(req).userId, req.body)));
  r.get('/api/merchant/stores/:storeId/gifts', {
    schema: { tags: ['gifts'], summary: "The store's gifts (bought by buyers and given by the store), newest first", params: z.object({ storeId: uuidParam }), querystring: z.object(page), response: { 200: z.object({ items: z.array(sentGiftView), total: z.number() }), ...E } },
  }, async (req) => storeGifts(ctx.db, req.params.storeId, req.query));
}
