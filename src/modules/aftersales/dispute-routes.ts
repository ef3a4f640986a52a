// HTTP of the after-sales money side: the operator's dispute desk (list, detail, decide) and sending a failed refund
// again (the store's merchant, or the operator).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, userOf } from '../../kernel/auth.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { errors, limitQuery, minorAmount, named, uuidParam } from '../../kernel/http.ts';
import { deskDetail, decideDispute, listDesk } from './disputes.ts';
import { retryRefund } from './money.ts';
import { afterSaleDetailView, afterSaleListView } from './routes.ts';
import { afterSaleState } from './names.ts';
import { requestDetail } from './views.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);

const money = {
  buyerId: z.string(), buyerName: z.string(), paymentId: z.string().nullable().describe('The payment refunds go back to (a gift: the giver\'s); null: a free gift'),
  refundAmount: z.number().describe('What is (or will be) refunded'), itemPaid: z.number().describe('What the item cost after discount'), itemRefunded: z.number(),
};
const deskView = named(afterSaleListView.shape.afterSales.element.extend(money), 'DeskAfterSale');
const deskDetailView = named(afterSaleDetailView.extend(money), 'DeskAfterSaleDetail');
const idParams = z.object({ id: uuidParam });

export function disputeRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/operator/after-sales', {
    schema: {
      tags: ['aftersales'], summary: 'Dispute desk: requests in a state (default in_dispute), oldest first',
      querystring: z.object({ state: afterSaleState.default('in_dispute'), limit: limitQuery, offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }),
      response: { 200: named(z.object({ items: z.array(deskView), total: z.number() }), 'DeskPage'), ...E },
    },
  }, async (req) => listDesk(ctx.db, req.query, ctx.clock.now()));

  r.get('/api/operator/after-sales/:id', {
    schema: { tags: ['aftersales'], summary: 'One request with its timeline', params: idParams, response: { 200: deskDetailView, ...E } },
  }, async (req) => deskDetail(ctx.db, req.params.id, ctx.clock.now()));

  r.post('/api/operator/after-sales/:id/decide', {
    schema: {
      tags: ['aftersales'], summary: 'Decide a dispute: refund in full, in part (amount), or reject; recorded on the request and in the audit log',
      params: idParams,
      body: z.object({ outcome: z.enum(['refund_full', 'refund_partial', 'reject']), amount: minorAmount.min(1).optional().describe('refund_partial: what is refunded, minor units'), note: z.string().trim().min(1).max(500) }),
      response: { 200: deskDetailView, ...EW },
    },
  }, async (req) => {
    await inTransaction(ctx, (tx) => decideDispute(ctx, tx, userOf(req), req.params.id, req.body));
    return deskDetail(ctx.db, req.params.id, ctx.clock.now());
  });

  r.post('/api/operator/after-sales/:id/retry-refund', {
    schema: { tags: ['aftersales'], summary: 'Send a failed refund again', params: idParams, response: { 200: deskDetailView, ...EW } },
  }, async (req) => {
    await inTransaction(ctx, (tx) => retryRefund(ctx, tx, 'any', req.params.id, { role: 'operator', id: userOf(req).userId }));
    return deskDetail(ctx.db, req.params.id, ctx.clock.now());
  });

  r.post('/api/merchant/stores/:storeId/after-sales/:id/retry-refund', {
    schema: {
      tags: ['aftersales'], summary: "Send a failed refund of the store's request again", params: z.object({ storeId: uuidParam, id: uuidParam }),
      response: { 200: afterSaleDetailView, ...EW },
    },
  }, async (req) => {
    const a = actorOf(req);
    await inTransaction(ctx, (tx) => retryRefund(ctx, tx, { storeId: req.params.storeId }, req.params.id, { role: 'merchant', id: a.kind === 'user' ? a.userId : null }));
    return requestDetail(ctx.db, { storeId: req.params.storeId }, req.params.id, ctx.clock.now());
  });
}
