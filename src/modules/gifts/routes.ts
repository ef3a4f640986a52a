// HTTP of gifts for buyers (send, my gifts, the share link's page, join, claim) and a store's free gifts and list.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { userOf } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { NotFound } from '../../kernel/errors.ts';
import { errors, limitQuery, uuidParam } from '../../kernel/http.ts';
import { idempotent, requestKey, sendReplay, type RequestKey } from '../../kernel/idempotency.ts';
import { PreparedProblem } from '../../kernel/problem.ts';
import { channelSchema } from '../catalog/index.ts';
import { addressBody, confirmReceipt, priceLine, storeChoice } from '../orders/index.ts';
import { claimGift, claimGiftAtOnce, claimOnArrival, giftPage, knowGift, type ArrivalTurn, type ClaimedAtOnce, type Viewer } from './claim.ts';
import { assertGiftable, giftOptions } from './eligibility.ts';
import { drawIfDue, joinLottery } from './lottery.ts';
import { GROUP_UNITS_MAX, GROUP_UNITS_MIN, STICKERS_MAX } from './rules.ts';
import { CARD_LANGUAGES, giftClaims, gifts } from './schema.ts';
import { giftCheckoutView, giftKind, giftPricingView, giftOptionsView, giftPageView, placedSticker, receivedGiftView, sentGiftView } from './api-schemas.ts';
import { sendFreeGift, sendGift } from './send.ts';
import { giftByToken } from './tokens.ts';
import { listSentGifts, receivedGifts, sentGift, storeGifts } from './views.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const page = { limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) };
const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(255).optional().describe('Same key and body: the same answer again; same key, other body: 422 idempotency_key_reused') });

const cardFields = {
  message: z.string().max(2000).describe('At most 100 characters (422 message_too_long)'),
  receiverName: z.string().trim().min(1).max(40).optional(), cardId: z.string().max(40).optional(), stickers: z.array(placedSticker).max(STICKERS_MAX).optional(),
  cardLanguage: z.enum(CARD_LANGUAGES).optional().describe("The language the card's fixed texts are printed in; default: the sender's account language"),
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
    const g = await giftByToken(ctx, token, req.ip);
    const opened = (await drawIfDue(ctx, g)) ? await loadGift(g.id) : g;
    knowGift(opened);
    return opened;
  };

  r.get('/api/products/:productId/gift-options', {
    schema: {
      tags: ['gifts'], summary: 'May this product be sent as a gift, which SKUs, and the merchant\'s gift decoration', ...publicDoc, params: z.object({ productId: uuidParam }),
      response: {
        200: giftOptionsView, ...errors(400, 404),
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
        skuId: uuidParam, kind: giftKind, quantity: z.number().int().min(1).max(999).optional(), units: z.number().int().min(GROUP_UNITS_MIN).max(GROUP_UNITS_MAX).optional(),
        joinDeadline: z.iso.datetime({ offset: true }).optional(), shopId: uuidParam.optional(), channel: channelSchema.optional(), ...cardFields,
        discount: storeChoice.omit({ storeId: true }).optional().describe("The giver's coupons and points, as checkout takes them (the cart's pricing.choice of the SKU's store; member prices apply without them). 409 coupon_unavailable or points_insufficient when one was used or expired meanwhile"),
        via: z.string().regex(/^ms_[0-9a-f]{16}$/).optional().describe("The app id of the mini-site whose component opened the gift flow (?via=): the gift and its orders carry channel mini_site and the mini-site (403 not_linked when it is no longer linked to the store)"),
      }),
      response: { 201: giftCheckoutView, ...EW },
    },
  }, async (req, reply) => {
    const sent = await sendGift(ctx, me(req), req.body, requestKey(req));
    if (sent.replayed) return sendReplay(reply, sent);
    // The statement wrote the answer as JSON itself: sent as it is (a string payload with a JSON type is not serialised again).
    return (reply as FastifyReply).code(201).type('application/json; charset=utf-8').send(sent.json);
  });

  r.post('/api/gifts/pricing', {
    schema: {
      tags: ['gifts'], summary: "What a gift would cost me: member price, my coupons and points priced as the cart prices a store order (the best choice, or mine)",
      description: 'Writes nothing: send the priced choice as POST /api/gifts `discount`. A choice that cannot be used comes back with pricing.refused and the best choice priced instead. ' +
        'channel: mini_site when the gift flow was opened from a mini-site (?via=), else store (a shop\'s gift is priced as the store).',
      body: z.object({
        skuId: uuidParam, quantity: z.number().int().min(1).max(GROUP_UNITS_MAX).describe('Items the gift holds: a single gift\'s quantity, or a group gift\'s units'),
        channel: channelSchema.optional(), choice: storeChoice.omit({ storeId: true }).optional().describe("My choice (the answer's pricing.choice, changed); none: the best one"),
      }),
      response: { 200: giftPricingView, ...EW },
    },
  }, async (req) => {
    await assertGiftable(ctx.db, req.body.skuId, ctx.config.giftPriceCapMinor);
    const channel = req.body.channel === 'mini_site' ? 'mini_site' : 'store';
    return priceLine(ctx, me(req).userId, { skuId: req.body.skuId, quantity: req.body.quantity, channel }, req.body.choice);
  });
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
  // A claim is seen by the gate as its request arrives (after the caller's sign-in and role, before its body): the
  // crowd that cannot win is answered there (claimOnArrival); a claim counted then is let go once it is answered.
  const turns = new WeakMap<FastifyRequest, ArrivalTurn>();
  const giveBack = async (req: FastifyRequest) => turns.get(req)?.release();
  r.post('/api/gift-links/:token/claim', {
    onRequest: async (req, reply) => {
      let k: RequestKey | null;
      try {
        k = requestKey(req);
      } catch {
        return; // a malformed Idempotency-Key: refused with the request's other checks
      }
      const arrived = await claimOnArrival(ctx, me(req), (req.params as { token: string }).token, req.ip, k);
      if (arrived instanceof PreparedProblem) return arrived.send(reply, req);
      if (arrived) turns.set(req, arrived);
    },
    onResponse: giveBack,
    onRequestAbort: giveBack,
    schema: {
      tags: ['gifts'], summary: 'Claim the gift (one unit): to my address, optionally as another variant of the same price',
      description: 'Give addressId or address (422 address_required). Send an Idempotency-Key.',
      params: tokenParams, headers: idempotencyHeader,
      body: z.object({ skuId: uuidParam.optional(), addressId: uuidParam.optional(), address: addressBody.optional() }),
      response: { 201: z.object({ orderId: z.string(), page: giftPageView }), ...EW, ...errors(429) },
    },
  }, async (req, reply) => {
    // A claim counted on arrival goes with the gift's row read here before (knowGift), once its address passed.
    const turn = turns.get(req);
    const g = turn?.gift ? await turn.blocked.then(() => turn.gift!) : await openLink(req, req.params.token);
    // The claim stores its order id; the page is built after the commit (a new claim's from what its statement said
    // and the read beside it: claimInStatement).
    const present = async ({ orderId }: { orderId: string }, page?: ClaimedAtOnce['page']) =>
      ({ orderId, page: page ? await page(ctx.clock.now(), viewerOf(req)) : await giftPage(ctx.db, ctx.clock.now(), g, viewerOf(req), () => loadGift(g.id)) });
    // One statement (the gift's row held only while it runs); a switch of variant or a deposit threshold crossed in a transaction.
    // The crowd a gift has no unit left for gets the refusal made once for it (no error made and serialised per claimer).
    const once = await claimGiftAtOnce(ctx, me(req), g, req.body, requestKey(req), turns.get(req)?.arrival).catch((err: unknown) => {
      if (err instanceof PreparedProblem) return err;
      throw err;
    });
    if (once instanceof PreparedProblem) return once.send(reply, req);
    if (!once) return idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: { orderId: await claimGift(ctx, tx, me(req), g.id, req.body) } }), present);
    if (once.replayed) return sendReplay(reply, { status: once.status, body: await present(once.body) });
    return reply.code(201).send(await present(once.body, once.page));
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
