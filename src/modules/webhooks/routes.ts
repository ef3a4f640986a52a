// HTTP for merchant webhooks in the store console: endpoints (list, create with the secret shown once, change,
// disable/enable, new secret), each endpoint's delivery log, one delivery with its tries, "send again".
// Access (src/access.ts): the store permission webhooks.manage; another store's endpoint or delivery answers 404.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { DELIVERY_STATES } from '../../kernel/delivery-rules.ts';
import { errors, limitQuery, named, uuidParam } from '../../kernel/http.ts';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, moveEndpoint, rotateSecret, updateEndpoint } from './endpoints.ts';
import { deliveryDetail, listDeliveries, sendAgain } from './deliveries.ts';
import { WEBHOOK_EVENTS, WEBHOOK_SELECTIONS } from './rules.ts';
import { DISABLED_REASONS, ENDPOINT_STATES } from './schema.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const storeParams = z.object({ storeId: uuidParam });
const endpointParams = storeParams.extend({ endpointId: uuidParam });
const deliveryParams = endpointParams.extend({ deliveryId: uuidParam });

const selection = named(z.enum(WEBHOOK_SELECTIONS as [string, ...string[]]).describe(
  'An event, or a group of them (order.*, aftersales.*, gift.*, member.*). Events: order.created, order.paid, order.shipped, order.delivered (received), '
  + 'order.cancelled, order.refunded (closed by a full refund), order.settled, aftersales.created and aftersales.<state> (each state an after-sales request reaches), '
  + 'gift.received, gift.claimed, gift.shipped, gift.refunded, gift.expired, gift.cancelled, member.joined'), 'WebhookEventSelection');
const endpointFacts = {
  id: z.uuid(), storeId: z.uuid(), url: z.string(), description: z.string(), events: z.array(selection),
  state: named(z.enum(ENDPOINT_STATES).describe('active: receives deliveries; disabled: receives none (its pending deliveries wait)'), 'WebhookEndpointState'),
  disabledReason: named(z.enum(DISABLED_REASONS).describe('merchant: disabled in the console; failing: every try failed for a day (TRIO_WEBHOOK_DISABLE_AFTER_HOURS)'), 'WebhookDisabledReason').nullable(),
  disabledAt: z.string().nullable(), failingSince: z.string().nullable().describe('First failed try since the last delivered one'),
  secretHint: z.string().describe('The last 4 characters of the secret'), secretRotatedAt: z.string(), createdAt: z.string(), updatedAt: z.string(),
};
const endpointView = named(z.object(endpointFacts), 'WebhookEndpoint');
const endpointWithSecret = named(z.object({ ...endpointFacts, secret: z.string().describe('The signing secret: shown in this answer only') }), 'WebhookEndpointWithSecret');
const endpointInput = {
  url: z.string().trim().min(1).max(2000).describe('https (http only on localhost)'),
  description: z.string().trim().max(200).optional(),
  events: z.array(selection).min(1).max(60),
};
const deliveryState = named(z.enum(DELIVERY_STATES).describe('pending: being delivered (tries left); delivered: answered 2xx; failed: every try of the schedule failed'), 'WebhookDeliveryState');
const deliveryFacts = {
  id: z.uuid().describe('The delivery id (body `id`, header Trio-Webhook-Id): receivers dedupe by it'), endpointId: z.uuid(),
  event: z.string(), state: deliveryState,
  attempts: z.number().int().describe('Tries in this round (10 at most; send again starts a new round)'), tries: z.number().int().describe('Tries in all'),
  nextAttemptAt: z.string().nullable(), lastTriedAt: z.string().nullable(), lastStatus: z.number().int().nullable(), lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(), occurredAt: z.string(), createdAt: z.string(),
};
const deliveryView = named(z.object(deliveryFacts), 'WebhookDelivery');
const deliveryDetailView = named(z.object({
  ...deliveryFacts,
  body: z.string().describe('The JSON sent, byte for byte'),
  log: z.array(z.object({ triedAt: z.string(), durationMs: z.number().int(), status: z.number().int().nullable(), error: z.string().nullable(), answer: z.string().nullable().describe('First bytes of the answer') })).describe('Every try, oldest first'),
}), 'WebhookDeliveryDetail');

export function webhookRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const P = '/api/merchant/stores/:storeId/webhooks';
  const tags = ['webhooks'];

  r.get(P, {
    schema: { tags, summary: "The store's webhook endpoints, and the events they may choose", params: storeParams,
      response: { 200: named(z.object({ items: z.array(endpointView), events: z.array(z.string()).describe('Every event name') }), 'WebhookEndpointList'), ...E } },
  }, async (req) => ({ items: await listEndpoints(ctx.db, req.params.storeId), events: WEBHOOK_EVENTS }));

  r.post(P, {
    schema: { tags, summary: 'Add an endpoint (active at once); the answer holds its signing secret, shown this once (audited)', params: storeParams,
      body: named(z.object(endpointInput), 'WebhookEndpointCreate'), response: { 201: endpointWithSecret, ...EW } },
  }, async (req, reply) => reply.code(201).send(await createEndpoint(ctx, actorOf(req), req.params.storeId, req.body)));

  r.get(`${P}/:endpointId`, {
    schema: { tags, summary: 'One endpoint', params: endpointParams, response: { 200: endpointView, ...E } },
  }, async (req) => getEndpoint(ctx.db, req.params.storeId, req.params.endpointId));

  r.patch(`${P}/:endpointId`, {
    schema: { tags, summary: "Change an endpoint's URL, description or events (audited)", params: endpointParams,
      body: named(z.object(endpointInput).partial(), 'WebhookEndpointChange'), response: { 200: endpointView, ...EW } },
  }, async (req) => updateEndpoint(ctx, actorOf(req), req.params.storeId, req.params.endpointId, req.body));

  r.post(`${P}/:endpointId/disable`, {
    schema: { tags, summary: 'Disable an endpoint: no new deliveries, pending ones wait (audited). 409 when already disabled', params: endpointParams, response: { 200: endpointView, ...EW } },
  }, async (req) => moveEndpoint(ctx, actorOf(req), req.params.storeId, req.params.endpointId, 'disable'));

  r.post(`${P}/:endpointId/enable`, {
    schema: { tags, summary: 'Enable a disabled endpoint (also one disabled for failing): waiting deliveries go out (audited)', params: endpointParams, response: { 200: endpointView, ...EW } },
  }, async (req) => moveEndpoint(ctx, actorOf(req), req.params.storeId, req.params.endpointId, 'enable'));

  r.delete(`${P}/:endpointId`, {
    schema: { tags, summary: 'Delete an endpoint: no more deliveries, those waiting end failed; gone from the list (audited)', params: endpointParams, response: { 204: z.null(), ...EW } },
  }, async (req, reply) => {
    await deleteEndpoint(ctx, actorOf(req), req.params.storeId, req.params.endpointId);
    return reply.code(204).send(null);
  });

  r.post(`${P}/:endpointId/secret`, {
    schema: { tags, summary: 'A new signing secret, shown in this answer only; the old one stops at once (audited)', params: endpointParams, response: { 200: endpointWithSecret, ...EW } },
  }, async (req) => rotateSecret(ctx, actorOf(req), req.params.storeId, req.params.endpointId));

  r.get(`${P}/:endpointId/deliveries`, {
    schema: {
      tags, summary: "The endpoint's deliveries, newest first (the delivery log)", params: endpointParams,
      querystring: z.object({ state: deliveryState.optional(), event: z.string().max(60).optional(), limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }),
      response: { 200: named(z.object({ total: z.number().int(), items: z.array(deliveryView) }), 'WebhookDeliveryPage'), ...E },
    },
  }, async (req) => listDeliveries(ctx.db, req.params.storeId, req.params.endpointId, req.query));

  r.get(`${P}/:endpointId/deliveries/:deliveryId`, {
    schema: { tags, summary: 'One delivery: its body and every try (time, answer or error, duration)', params: deliveryParams, response: { 200: deliveryDetailView, ...E } },
  }, async (req) => deliveryDetail(ctx.db, req.params.storeId, req.params.endpointId, req.params.deliveryId));

  r.post(`${P}/:endpointId/deliveries/:deliveryId/send-again`, {
    schema: { tags, summary: 'Send a delivered or failed delivery again (same id and body, a new round of tries; audited). 409 while it is pending',
      params: deliveryParams, response: { 200: deliveryDetailView, ...EW } },
  }, async (req) => sendAgain(ctx, actorOf(req), req.params.storeId, req.params.endpointId, req.params.deliveryId));
}
