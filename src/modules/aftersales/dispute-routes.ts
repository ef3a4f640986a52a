// HTTP of the after-sales money side: the operator's dispute desk (list, detail, decide) and sending a failed refund
// again (the store's merchant, or the operator).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, userOf } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { errors, limitQuery, minorAmount, uuidParam } from '../../kernel/http.ts';
import { deskDetail, decideDispute, listDesk } from './disputes.ts';
import { retryRefund } from './money.ts';
import { AFTERSALE_STATES, AFTERSALE_TYPES } from './schema.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const operator = { access: { roles: ['operator' as const] } };
const merchant = { access: { roles: ['merchant' as const, 'api_key' as const], storeParam: 'storeId' } };

const deskView = z.object({
  id: z.string(), storeId: z.string(), storeName: z.string(), orderId: z.string(), orderItemId: z.string(), buyerId: z.string(), buyerName: z.string(),
  title: z.string(), attrs: z.record(z.string(), z.string()), itemQuantity: z.number(), itemPaid: z.number().describe('What the item cost after discount'),
  itemRefunded: z.number(), type: z.enum(AFTERSALE_TYPES), state: z.enum(AFTERSALE_STATES), quantity: z.number(), amount: z.number().describe('What the buyer asked back'),
  agreedAmount: z.number().nullable(), refundAmount: z.number().describe('What is (or will be) refunded'), currency: z.string(), reason: z.string(), detail: z.string(),
  photoIds: z.array(z.string()), rejectReason: z.string().nullable(), proposal: z.object({ amount: z.number(), note: z.string(), at: z.string() }).nullable(),
  disputeReason: z.string().nullable(),
  decision: z.object({ outcome: z.enum(['refund_full', 'refund_partial', 'reject']), amount: z.number(), note: z.string(), decidedBy: z.string(), at: z.string() }).nullable(),
  refundId: z.string().nullable(), paymentId: z.string().nullable(), dueAt: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(), closedAt: z.string().nullable(),
});
const deskDetailView = deskView.extend({
  events: z.array(z.object({ event: z.string(), actorRole: z.string(), fromState: z.string().nullable(), toState: z.string().nullable(), detail: z.unknown(), at: z.string() })),
});
const idParams = z.object({ id: uuidParam });

export function disputeRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/operator/after-sales', {
    config: operator,
    schema: {
      tags: ['after-sales'], summary: 'Dispute desk: requests in a state (default in_dispute), the longest waiting first',
      querystring: z.object({ state: z.enum(AFTERSALE_STATES).default('in_dispute'), limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }),
      response: { 200: z.object({ items: z.array(deskView), total: z.number() }), ...E },
    },
  }, async (req) => listDesk(ctx.db, req.query));

  r.get('/api/operator/after-sales/:id', {
    config: operator, schema: { tags: ['after-sales'], summary: 'One request with its timeline', params: idParams, response: { 200: deskDetailView, ...E } },
  }, async (req) => deskDetail(ctx.db, req.params.id));

  r.post('/api/operator/after-sales/:id/decide', {
    config: operator,
    schema: {
      tags: ['after-sales'], summary: 'Decide a dispute: refund in full, in part (amount), or reject; recorded on the request and in the audit log',
      params: idParams,
      body: z.object({ outcome: z.enum(['refund_full', 'refund_partial', 'reject']), amount: minorAmount.min(1).optional().describe('refund_partial: what is refunded, minor units'), note: z.string().trim().min(1).max(500) }),
      response: { 200: deskDetailView, ...EW },
    },
  }, async (req) => {
    await inTransaction(ctx, (tx) => decideDispute(ctx, tx, userOf(req), req.params.id, req.body));
    return deskDetail(ctx.db, req.params.id);
  });

  r.post('/api/operator/after-sales/:id/retry-refund', {
    config: operator, schema: { tags: ['after-sales'], summary: 'Send a failed refund again', params: idParams, response: { 200: deskDetailView, ...EW } },
  }, async (req) => {
    await inTransaction(ctx, (tx) => retryRefund(ctx, tx, 'any', req.params.id, { role: 'operator', id: userOf(req).userId }));
    return deskDetail(ctx.db, req.params.id);
  });

  r.post('/api/merchant/stores/:storeId/after-sales/:id/retry-refund', {
    config: merchant,
    schema: {
      tags: ['after-sales'], summary: "Send a failed refund of the store's request again", params: z.object({ storeId: uuidParam, id: uuidParam }),
      response: { 200: z.object({ id: z.string(), state: z.enum(AFTERSALE_STATES), refundId: z.string().nullable(), refundAmount: z.number() }), ...EW },
    },
  }, async (req) => {
    const a = actorOf(req);
    const row = await inTransaction(ctx, (tx) => retryRefund(ctx, tx, { storeId: req.params.storeId }, req.params.id, { role: 'merchant', id: a.kind === 'user' ? a.userId : null }));
    return { id: row.id, state: row.state, refundId: row.refundId, refundAmount: row.agreedAmount ?? row.amount };
  });
}
