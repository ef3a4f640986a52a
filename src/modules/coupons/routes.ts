// HTTP for coupons: the merchant's offers (create, list, view, void), the public list of a store's claimable offers,
// and the buyer's claims and "my coupons". Who may call each route is in src/access.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, userOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, limitQuery, minorAmount, named, uuidParam } from '../../kernel/http.ts';
import { idempotent, requestKey, sendReplay } from '../../kernel/idempotency.ts';
import { COUPON_AUDIENCES, COUPON_KINDS, COUPON_SCOPES, COUPON_STATES, COUPON_USE_WINDOWS, HELD_COUPON_STATES } from './schema.ts';
import * as svc from './service.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const page = { limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) };
const storeParams = z.object({ storeId: uuidParam });
const couponParams = storeParams.extend({ couponId: uuidParam });
const idempotencyHeader = z.object({ 'idempotency-key': z.string().max(255).optional().describe('Same key and body: the same answer again; same key, other body: 422 idempotency_key_reused') });
const publicDoc = { security: [] };

const couponState = named(z.enum(COUPON_STATES).describe('scheduled (claiming not started), active, expired (claiming over), voided'), 'CouponState');
const heldState = named(z.enum(HELD_COUPON_STATES).describe('unused, locked (an unpaid order holds it), used, expired, voided'), 'HeldCouponState');
const couponKind = named(z.enum(COUPON_KINDS).describe('percent: pay payBp of the price; spend_off: amount off from threshold; flat: amount off; direct: amount off each unit'), 'CouponKind');
const couponAudience = named(z.enum(COUPON_AUDIENCES).describe('all (in-store), members (from minLevel), signup_gift (given to new members only)'), 'CouponAudience');
const couponScope = named(z.enum(COUPON_SCOPES).describe('store: the whole store order; product: only productIds'), 'CouponScope');
const useWindow = named(z.enum(COUPON_USE_WINDOWS).describe('fixed: useStartsAt..useEndsAt; days: useDays from claiming'), 'CouponUseWindow');

const offerFacts = {
  id: z.string(), storeId: z.string(), title: z.string(), scope: couponScope, kind: couponKind, payBp: z.number().nullable().describe('percent: basis points of the price paid (2000..10000)'),
  threshold: z.number().describe('spend_off: minor units to reach'), amount: z.number().describe('spend_off, flat, direct: minor units off'), currency: z.string(),
  audience: couponAudience, minLevel: z.number().nullable(), state: couponState, totalQuantity: z.number(), claimed: z.number(), remaining: z.number(),
  perPersonLimit: z.number(), productIds: z.array(z.string()), claimStartsAt: z.string(), claimEndsAt: z.string(), useWindow,
  useStartsAt: z.string().nullable(), useEndsAt: z.string().nullable(), useDays: z.number().nullable(),
};
const couponOffer = named(z.object(offerFacts), 'CouponOffer');
const merchantCoupon = named(z.object({ ...offerFacts, used: z.number(), createdAt: z.string(), updatedAt: z.string() }), 'MerchantCoupon');
const claimableCoupon = named(z.object({ ...offerFacts, heldByMe: z.number().describe('How many of it the signed-in buyer holds (0 when signed out)') }), 'ClaimableCoupon');
const heldCoupon = named(z.object({
  id: z.string(), state: heldState, source: z.enum(['claimed', 'signup', 'sent']), validFrom: z.string(), validUntil: z.string(),
  claimedAt: z.string(), usedAt: z.string().nullable(), orderId: z.string().nullable(), coupon: couponOffer,
}), 'HeldCoupon');
const instant = z.iso.datetime({ offset: true });
const couponCreate = named(z.object({
  title: z.string().trim().min(1).max(60), scope: couponScope, productIds: z.array(uuidParam).max(100).optional(), kind: couponKind,
  payBp: z.number().int().min(2000).max(10000).nullable().optional(), threshold: minorAmount.optional(), amount: minorAmount.optional(),
  audience: couponAudience, minLevel: z.number().int().min(1).max(10).nullable().optional(),
  totalQuantity: z.number().int().min(1).max(10_000_000), perPersonLimit: z.number().int().min(1).max(100).optional(),
  claimStartsAt: instant, claimEndsAt: instant, useWindow, useStartsAt: instant.nullable().optional(), useEndsAt: instant.nullable().optional(),
  useDays: z.number().int().min(1).max(3650).nullable().optional(),
}), 'CouponCreate');

const buyerOf = (req: FastifyRequest) => (req.actor?.kind === 'user' && req.actor.role === 'buyer' ? req.actor.userId : undefined);

export function couponRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const S = '/api/merchant/stores/:storeId';

  r.get(`${S}/coupons`, {
    schema: {
      tags: ['coupons'], summary: "The store's coupon offers (newest first) with how many were claimed and used", params: storeParams,
      querystring: z.object({ ...page, state: couponState.optional() }),
      response: { 200: named(z.object({ total: z.number(), items: z.array(merchantCoupon) }), 'MerchantCoupons'), ...E },
    },
  }, async (req) => svc.listCoupons(ctx.db, req.params.storeId, req.query));

  r.post(`${S}/coupons`, {
    schema: {
      tags: ['coupons'], summary: 'Create a coupon offer (scheduled or active by its claim window); 422 names what is not valid',
      params: storeParams, headers: idempotencyHeader, body: couponCreate, response: { 201: merchantCoupon, ...EW },
    },
  }, async (req, reply) => idempotent(ctx, req, reply, async (tx) => ({ status: 201, body: await svc.createCoupon(ctx, tx, actorOf(req), req.params.storeId, req.body) })));

  r.get(`${S}/coupons/:couponId`, {
    schema: { tags: ['coupons'], summary: 'One coupon offer with its counts', params: couponParams, response: { 200: merchantCoupon, ...E } },
  }, async (req) => svc.getCoupon(ctx.db, req.params.storeId, req.params.couponId));

  r.post(`${S}/coupons/:couponId/void`, {
    schema: { tags: ['coupons'], summary: 'Void an offer: no more claims, and the coupons buyers hold unused are voided', params: couponParams, response: { 200: merchantCoupon, ...EW } },
  }, async (req) => svc.voidCoupon(ctx, actorOf(req), req.params.storeId, req.params.couponId));

  // ---- anyone
  r.get('/api/storefront/stores/:storeId/coupons', {
    schema: {
      ...publicDoc, tags: ['coupons'], summary: "A store's coupons that may be claimed now (for one product: the store's and that product's)",
      params: storeParams, querystring: z.object({ productId: uuidParam.optional() }),
      response: { 200: named(z.object({ items: z.array(claimableCoupon) }), 'ClaimableCoupons'), ...errors(400, 404) },
    },
  }, async (req) => svc.claimableCoupons(ctx, req.params.storeId, { productId: req.query.productId, buyerId: buyerOf(req) }));

  r.get('/api/coupons/:couponId', {
    schema: { ...publicDoc, tags: ['coupons'], summary: 'One coupon offer as anyone sees it (the <store-coupon> component)', params: z.object({ couponId: uuidParam }), response: { 200: couponOffer, ...errors(400, 404) } },
  }, async (req, reply) => {
    // Public facts any site's <store-coupon> may read (claiming happens on Trio's own page).
    reply.header('access-control-allow-origin', '*');
    return svc.publicCoupon(ctx.db, req.params.couponId);
  });

  // ---- buyers
  r.post('/api/coupons/:couponId/claim', {
    schema: {
      tags: ['coupons'], summary: 'Claim one coupon of an offer: 409 coupon_sold_out when none is left, coupon_limit_reached over the per-person limit, coupon_not_claimable outside the claim window',
      params: z.object({ couponId: uuidParam }), headers: idempotencyHeader, response: { 201: heldCoupon, ...EW },
    },
  }, async (req, reply) => {
    const answer = await svc.claimCoupon(ctx, userOf(req).userId, req.params.couponId, requestKey(req));
    if (answer.replayed) return sendReplay(reply, answer);
    return reply.code(201).send(answer.body);
  });

  r.get('/api/held-coupons', {
    schema: {
      tags: ['coupons'], summary: "The buyer's coupons (usable first, by when they end), by state and store",
      querystring: z.object({ ...page, state: heldState.optional(), storeId: uuidParam.optional() }),
      response: { 200: named(z.object({ total: z.number(), items: z.array(heldCoupon) }), 'HeldCoupons'), ...E },
    },
  }, async (req) => svc.myCoupons(ctx.db, userOf(req).userId, req.query));

  r.get('/api/held-coupons/:heldId', {
    schema: { tags: ['coupons'], summary: 'One of the buyer\'s coupons', params: z.object({ heldId: uuidParam }), response: { 200: heldCoupon, ...E } },
  }, async (req) => svc.heldCoupon(ctx.db, userOf(req).userId, req.params.heldId));
}
