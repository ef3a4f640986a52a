// HTTP routes of cooperation gifts (M6): the store's gift activities (console), the mini-site server's signed API
// (its activities, sending gifts, naming the receiver, its gift orders), and the public data of a <store-gift> card.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, named, uuidParam } from '../../kernel/http.ts';
import { idempotent } from '../../kernel/idempotency.ts';
import { GIFT_STATES } from '../gifts/schema.ts';
import { MESSAGE_MAX } from '../gifts/rules.ts';
import {
  closeActivity, createActivity, giftActivityCard, listActivities, sendSiteGift, setSiteGiftReceiver, siteActivities, siteActivityView, siteGifts, siteGiftView, storeActivity,
} from './gift-activities.ts';
import { ACTIVITY_STATES } from './gift-activity-schema.ts';
import { SERVER_API } from './server-api-routes.ts';
import { linkedMiniSites } from './reads.ts';
import { ownersActivities } from './section-pickers.ts';
import { userOf } from '../../kernel/auth.ts';
import { miniSiteOf } from './signed-requests.ts';
import { notLinked, requestOrigin, requireComponentLink } from './components.ts';
import type { LinkCache } from './link-cache.ts';

const S = '/api/merchant/stores/:storeId';
const storeParams = z.object({ storeId: uuidParam });
const activityParams = storeParams.extend({ activityId: uuidParam });
const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(255).optional().describe('Same key and body: the same answer again') });
const iso = z.iso.datetime({ offset: true });
const title = named(z.object({ en: z.string().trim().max(80).optional(), zh: z.string().trim().max(80).optional(), vi: z.string().trim().max(80).optional() }), 'GiftActivityTitle');
const activityState = named(z.enum(ACTIVITY_STATES), 'GiftActivityState');

const activityView = named(z.object({
  id: z.uuid(), storeId: z.uuid(), storeName: z.string(), miniSiteId: z.uuid(), miniSiteName: z.string(), title, state: activityState,
  startsAt: z.string(), endsAt: z.string(), createdAt: z.string(), finishedAt: z.string().nullable(),
  pool: z.number().int().describe('Units taken from the SKUs at creation'), remaining: z.number().int().describe('Units not yet sent'),
  giftsSent: z.number().int(), giftsClaimed: z.number().int(),
  items: z.array(z.object({
    productId: z.uuid(), skuId: z.uuid(), title: z.string(), attrs: z.record(z.string(), z.string()), price: z.number().int(), currency: z.string(),
    pool: z.number().int(), remaining: z.number().int(), returned: z.number().int(),
  })),
}), 'GiftActivity');

const miniSiteGiftView = named(z.object({
  id: z.uuid(), activityId: z.uuid(), storeId: z.uuid(), state: z.enum(GIFT_STATES), productId: z.uuid(), skuId: z.uuid(), title: z.string(), quantity: z.number().int(),
  message: z.string(), receiverName: z.string().nullable(), recipientNamed: z.boolean().describe('A buyer is named: only they may claim it'),
  sharePath: z.string().describe("The gift's link on Trio (/g/<token>): the recipient opens it and claims with their own address"),
  createdAt: z.string(), expiresAt: z.string().nullable(),
  claims: z.array(z.object({ claimantName: z.string(), claimedAt: z.string().nullable(), orderId: z.uuid().nullable(), orderState: z.string().nullable() })),
}), 'MiniSiteGift');

const activityCard = named(z.object({
  id: z.uuid(), storeId: z.uuid(), title: z.string(), titles: title, state: activityState, startsAt: z.string(), endsAt: z.string(), remaining: z.number().int(),
  products: z.array(z.object({ productId: z.uuid(), title: z.string(), imageUrl: z.string().nullable(), price: z.number().int().describe('Lowest price among the SKUs, minor units'), currency: z.string() })),
}), 'GiftActivityCard');

const signedDoc = 'Signed by the mini-site\'s server (headers Trio-App-Id, Trio-Timestamp, Trio-Nonce, Trio-Signature: see GET /api/mini-site/v1/app).';

export function giftActivityRoutes(app: FastifyInstance, ctx: Ctx, deps: { links: LinkCache }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ---- the store
  r.get(`${S}/gift-activities`, {
    schema: { tags: ['mini-sites'], summary: "The store's cooperation gift activities, newest first, with their pools", params: storeParams, response: { 200: z.array(activityView), ...errors(400, 401, 403, 404) } },
  }, async (req) => listActivities(ctx, req.params.storeId));
  r.get(`${S}/gift-activities/mini-sites`, {
    schema: {
      tags: ['mini-sites'], summary: 'The mini-sites linked to the store now (an activity is made for one of them)', params: storeParams,
      response: { 200: z.array(named(z.object({ id: z.uuid(), appId: z.string(), name: z.string() }), 'LinkedMiniSite')), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => linkedMiniSites(ctx.db, req.params.storeId));
  r.get(`${S}/gift-activities/:activityId`, {
    schema: { tags: ['mini-sites'], summary: 'One gift activity', params: activityParams, response: { 200: activityView, ...errors(400, 401, 403, 404) } },
  }, async (req) => storeActivity(ctx, req.params.storeId, req.params.activityId));
  r.post(`${S}/gift-activities`, {
    schema: {
      tags: ['mini-sites'], summary: 'Create a cooperation gift activity for a linked mini-site: its pool is taken from the SKUs now',
      description: 'Codes: not_linked (403), product_not_on_sale, stock_insufficient (409), activity_window_invalid, activity_sku_duplicate, activity_title_required (422).',
      params: storeParams, headers: idempotencyHeader,
      body: z.object({
        miniSiteId: uuidParam, title, startsAt: iso, endsAt: iso,
        items: z.array(z.object({ skuId: uuidParam, pool: z.number().int().min(1).max(ctx.config.giftActivityPoolMax) })).min(1).max(ctx.config.giftActivitySkusMax),
      }),
      response: { 201: activityView, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: await createActivity(ctx, tx, actorOf(req), req.params.storeId, req.body) })));
  r.post(`${S}/gift-activities/:activityId/close`, {
    schema: { tags: ['mini-sites'], summary: 'Close the activity early: no more gifts from it; its remaining pool goes back to the SKUs; its gifts nobody claimed end (their units go back to the SKUs)', params: activityParams, response: { 200: activityView, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => closeActivity(ctx, actorOf(req), req.params.storeId, req.params.activityId));

  // ---- the mini-site's owners (the console: the gift section of the hosted page picks one)
  r.get('/api/minisites/:miniSiteId/gift-activities', {
    schema: {
      tags: ['mini-sites'], summary: 'The gift activities that stores linked to my mini-site made for it, newest first, with their store',
      params: z.object({ miniSiteId: uuidParam }), response: { 200: z.array(activityView), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => ownersActivities(ctx, userOf(req).userId, req.params.miniSiteId));

  // ---- the mini-site's server
  r.get(`${SERVER_API}/gift-activities`, {
    schema: { tags: ['mini-site server API'], security: [], summary: 'Your gift activities (every store linked to you), newest first', description: signedDoc, response: { 200: z.array(activityView), ...errors(401) } },
  }, async (req) => siteActivities(ctx, miniSiteOf(req)));
  r.get(`${SERVER_API}/gift-activities/:activityId`, {
    schema: { tags: ['mini-site server API'], security: [], summary: 'One of your gift activities', description: signedDoc, params: z.object({ activityId: uuidParam }), response: { 200: activityView, ...errors(400, 401, 404) } },
  }, async (req) => siteActivityView(ctx, miniSiteOf(req), req.params.activityId));
  r.post(`${SERVER_API}/gifts`, {
    schema: {
      tags: ['mini-site server API'], security: [],
      summary: "Create and send a gift from an activity's pool (free: the store grants it). Same requestId again: the same gift (200), never a second",
      description: `${signedDoc} Name the recipient (recipientEmail of a Trio buyer: only they may claim) or share the returned link (whoever opens it first claims, with their own address). ` +
        'Codes: activity_over, product_not_on_sale, stock_insufficient (409), not_linked (403), product_not_in_activity, message_too_long, idempotency_id_reused (422), gift_activity_not_found, buyer_not_found (404). ' +
        `A requestId answers the same gift for ${ctx.config.miniSiteGiftRequestHours} hours (TRIO_MINISITE_GIFT_REQUEST_HOURS).`,
      body: z.object({
        requestId: z.string().trim().min(1).max(64).describe('Your idempotency id for this gift'), activityId: uuidParam, skuId: uuidParam,
        quantity: z.number().int().min(1).max(ctx.config.giftActivityGiftQuantityMax).default(1), message: z.string().max(MESSAGE_MAX * 4).default('').describe(`At most ${MESSAGE_MAX} characters`),
        recipientEmail: z.string().trim().email().max(200).optional(), receiverName: z.string().trim().min(1).max(60).optional(),
      }),
      response: { 200: miniSiteGiftView, 201: miniSiteGiftView, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (req, reply) => {
    const a = await sendSiteGift(ctx, miniSiteOf(req), req.body);
    return reply.code(a.status).send(a.body);
  });
  r.put(`${SERVER_API}/gifts/:giftId/receiver`, {
    schema: {
      tags: ['mini-site server API'], security: [], summary: 'Name (or change) who receives the gift, while nobody claimed it', description: `${signedDoc} Codes: gift_not_waiting (409), buyer_not_found, gift_not_found (404).`,
      params: z.object({ giftId: uuidParam }), body: z.object({ recipientEmail: z.string().trim().email().max(200), receiverName: z.string().trim().min(1).max(60).optional() }),
      response: { 200: miniSiteGiftView, ...errors(400, 401, 404, 409) },
    },
  }, async (req) => setSiteGiftReceiver(ctx, miniSiteOf(req), req.params.giftId, req.body));
  r.get(`${SERVER_API}/gifts`, {
    schema: {
      tags: ['mini-site server API'], security: [], summary: 'Your gifts and their orders (claims), newest first', description: signedDoc,
      querystring: z.object({ activityId: uuidParam.optional(), limit: z.coerce.number().int().min(1).max(100).default(20), offset: z.coerce.number().int().min(0).default(0) }),
      response: { 200: z.object({ items: z.array(miniSiteGiftView), total: z.number().int() }), ...errors(400, 401) },
    },
  }, async (req) => siteGifts(ctx, miniSiteOf(req), req.query));
  r.get(`${SERVER_API}/gifts/:giftId`, {
    schema: { tags: ['mini-site server API'], security: [], summary: 'One of your gifts with its orders', description: signedDoc, params: z.object({ giftId: uuidParam }), response: { 200: miniSiteGiftView, ...errors(400, 401, 404) } },
  }, async (req) => siteGiftView(ctx, miniSiteOf(req), req.params.giftId));

  // ---- the <store-gift> component
  r.get('/api/components/gift-activities/:activityId', {
    schema: {
      tags: ['components'], security: [], summary: 'What a <store-gift> card shows: the activity, its products and the units left',
      description: 'As a product card, a gift card needs the token of POST /api/components/token made for the request’s Origin, and the activity must belong to that mini-site while it is linked with the store: else 403 not_linked.',
      params: z.object({ activityId: uuidParam }),
      querystring: z.object({
        token: z.string().min(1).max(1000).describe('The token of POST /api/components/token (made for the request’s Origin)'),
        lang: z.enum(['en', 'zh', 'vi']).default('en'),
      }),
      response: { 200: activityCard, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const { miniSiteId, ...card } = await giftActivityCard(ctx.db, ctx.clock.now(), req.params.activityId, req.query.lang);
    // The server decides, not the script: the token's mini-site must be the activity's, linked now with its store.
    const grant = await requireComponentLink(ctx, deps.links, req, req.query.token, requestOrigin(req), card.storeId);
    if (miniSiteId !== grant.miniSiteId) throw notLinked();
    return card;
  });
}
