// HTTP of membership: the merchant's program, members, history and adjustments; the buyer's joining and card; what
// anyone may read of a program (store page, hosted mini-site). Who may call each route is in src/access.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, userOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, limitQuery, named, uuidParam } from '../../kernel/http.ts';
import { MAX_MEMBER_LEVELS, MEMBER_EVENT_KINDS, MEMBER_SOURCES } from './schema.ts';
import { linkedPrograms } from './mini-site.ts';
import * as svc from './service.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const storeParams = z.object({ storeId: uuidParam });
const count = (max: number) => z.number().int().min(0).max(max);

const levelFields = z.object({
  level: z.number().int().min(1).max(MAX_MEMBER_LEVELS),
  name: z.string().trim().min(1).max(40),
  growthRequired: z.number().int().min(0).max(1_000_000_000).describe('The growth total that reaches the level (level 1: 0); strictly rising'),
  priceBp: z.number().int().min(1000).max(10000).describe('What a member of this level pays of a list price, basis points (10000: no discount)'),
});
const levelSchema = named(levelFields.extend({ name: z.string() }), 'MemberLevel');

const programFacts = {
  enabled: z.boolean(),
  growthPerUnit: count(10_000).describe('Growth per whole unit of currency paid (per yuan)'),
  pointsPerUnit: count(10_000).describe('Points per whole unit of currency paid (per yuan)'),
  pointsPerMinor: z.number().int().min(1).max(1_000_000).describe('How many points pay one minor unit (fen) at checkout'),
  maxPointsShareBp: count(10_000).describe('The largest share of an order points may pay, basis points'),
  pointsValidDays: z.number().int().min(1).max(3650).describe('Days a lot of earned points stays valid'),
  signupCouponId: uuidParam.nullable().describe("A coupon of the store given to every new member (the coupons module gives it); null: none"),
};
const programInput = z.object({ ...programFacts, levels: z.array(levelFields).min(1).max(MAX_MEMBER_LEVELS) });
const programView = named(z.object({ ...programFacts, signupCouponId: z.string().nullable(), levels: z.array(levelSchema), members: z.number(), updatedAt: z.string().nullable() }), 'MembershipProgram');

const memberSource = named(z.enum(MEMBER_SOURCES), 'MemberSource');
const eventKind = named(z.enum(MEMBER_EVENT_KINDS).describe('joined, earned (a paid order), spent (checkout), expired, returned (points of a refunded checkout), taken_back (a refund), adjusted (by hand), level_changed'), 'MemberEventKind');
const eventView = named(z.object({
  id: z.number(), kind: eventKind, points: z.number().describe('Signed'), growth: z.number().describe('Signed'), level: z.number().nullable().describe('The level after the event'),
  orderId: z.string().nullable(), reason: z.string().nullable(), shortfall: z.number().describe('taken_back: points the refund could not take back (already spent or expired)'), at: z.string(),
}), 'MemberEvent');
const memberFacts = {
  buyerId: z.string(), name: z.string(), level: z.number(), levelName: z.string(), growth: z.number(), points: z.number(), source: memberSource, miniSiteId: z.string().nullable(), joinedAt: z.string(),
};
const memberView = named(z.object(memberFacts), 'Member');
const memberDetail = named(z.object({
  ...memberFacts, events: z.array(eventView).describe('Newest first (the latest 200)'),
  lots: z.array(z.object({ id: z.string(), earned: z.number(), remaining: z.number(), expiresAt: z.string(), orderId: z.string().nullable() })).describe('Valid points, nearest expiry first'),
}), 'MemberDetail');

const publicProgram = named(z.object({
  storeId: z.string(), enabled: z.boolean(), growthPerUnit: z.number(), pointsPerUnit: z.number(), pointsPerMinor: z.number(), maxPointsShareBp: z.number(), pointsValidDays: z.number(),
  hasSignupGift: z.boolean(), levels: z.array(levelSchema),
}), 'PublicMembershipProgram');
const memberCard = named(z.object({
  storeId: z.string(), storeName: z.string(), level: z.number(), levelName: z.string(), growth: z.number(), points: z.number().describe('Valid points now'),
  nextLevel: z.object({ level: z.number(), growthRequired: z.number(), missing: z.number() }).nullable().describe('null at the top level'),
  nearestExpiry: z.object({ expiresAt: z.string(), points: z.number() }).nullable(), joinedAt: z.string(), program: publicProgram, events: z.array(eventView),
}), 'MemberCard');

export function membershipRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const S = '/api/merchant/stores/:storeId';
  const tags = ['membership'];

  r.get(`${S}/membership`, {
    schema: { tags, summary: "The store's member program: rates, points' value and validity, levels, sign-up coupon", params: storeParams, response: { 200: programView, ...E } },
  }, async (req) => svc.getProgram(ctx.db, req.params.storeId));

  r.put(`${S}/membership`, {
    schema: {
      tags, summary: 'Set up the member program and its levels (whole); members move to the level their growth reaches. Audited',
      description: '422 member_levels_invalid (levels 1..n, level 1 at 0, growth strictly rising), signup_coupon_not_found.', params: storeParams, body: programInput, response: { 200: programView, ...EW },
    },
  }, async (req) => svc.saveProgram(ctx, actorOf(req), req.params.storeId, req.body));

  r.get(`${S}/members`, {
    schema: {
      tags, summary: "The store's members, newest first", params: storeParams,
      querystring: z.object({ q: z.string().max(100).optional().describe('Part of a name or e-mail'), level: z.coerce.number().int().min(1).max(MAX_MEMBER_LEVELS).optional(), limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }),
      response: { 200: named(z.object({ total: z.number(), items: z.array(memberView) }), 'MemberPage'), ...E },
    },
  }, async (req) => svc.listMembers(ctx.db, req.params.storeId, req.query));

  const memberParams = storeParams.extend({ buyerId: uuidParam });
  r.get(`${S}/members/:buyerId`, {
    schema: { tags, summary: 'One member with their history and valid points', params: memberParams, response: { 200: memberDetail, ...E } },
  }, async (req) => svc.memberDetail(ctx.db, ctx.clock, req.params.storeId, req.params.buyerId));

  r.post(`${S}/members/:buyerId/adjustments`, {
    schema: {
      tags, summary: 'Add or take points or growth by hand, with a reason (audited). Never below zero: 409 member_points_insufficient, member_growth_insufficient',
      params: memberParams,
      body: z.object({
        points: z.number().int().min(-100_000_000).max(100_000_000).default(0).describe('Signed: added points are a new lot; taken points leave the oldest lots first'),
        growth: z.number().int().min(-100_000_000).max(100_000_000).default(0).describe('Signed'),
        reason: z.string().trim().min(1).max(200),
      }),
      response: { 200: memberDetail, ...EW },
    },
  }, async (req) => svc.adjustMember(ctx, actorOf(req), req.params.storeId, req.params.buyerId, req.body));

  // ---- anyone: a store's program, the programs of a mini-site's stores
  r.get('/api/storefront/stores/:storeId/membership', {
    schema: { tags, summary: "What anyone may read of a store's member program (whether one can join, levels, what a member earns)", security: [], params: storeParams, response: { 200: publicProgram, ...errors(400, 404) } },
  }, async (req) => svc.publicProgram(ctx.db, req.params.storeId));

  r.get('/api/storefront/mini-sites/:miniSiteId/membership', {
    schema: {
      tags, summary: "The member programs open to join of the stores linked with a mini-site (its sign-up section)", security: [],
      params: z.object({ miniSiteId: uuidParam }),
      response: { 200: z.array(publicProgram.extend({ storeName: z.string() })), ...errors(400, 404) },
    },
  }, async (req) => linkedPrograms(ctx.db, req.params.miniSiteId));

  // ---- buyer
  r.get('/api/memberships', {
    schema: {
      tags, summary: 'The stores you are a member of',
      response: { 200: z.array(z.object({ storeId: z.string(), storeName: z.string(), level: z.number(), points: z.number(), growth: z.number(), joinedAt: z.string() })), ...E },
    },
  }, async (req) => svc.myMemberships(ctx.db, userOf(req).userId));

  r.get('/api/memberships/:storeId', {
    schema: { tags, summary: 'Your member card in a store (404 member_not_found when you have not joined)', params: storeParams, response: { 200: memberCard, ...E } },
  }, async (req) => svc.memberCard(ctx.db, ctx.clock, userOf(req).userId, req.params.storeId));

  r.post('/api/memberships/:storeId/join', {
    schema: {
      tags, summary: "Join a store's member program (joining again changes nothing). 409 membership_disabled when it is not open",
      description: "source: 'store' (the store page), 'mini_site' (with miniSiteId, a mini-site linked with the store), 'after_purchase' (with orderId: that paid order earns its points).",
      params: storeParams,
      body: z.object({ source: z.enum(['store', 'mini_site', 'after_purchase']), miniSiteId: uuidParam.optional(), orderId: uuidParam.optional() }),
      response: { 200: z.object({ joined: z.boolean().describe('false: you already were a member'), card: memberCard }), ...EW },
    },
  }, async (req) => svc.joinProgram(ctx, userOf(req).userId, req.params.storeId, req.body));
}
