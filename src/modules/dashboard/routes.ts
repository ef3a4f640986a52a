import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../../kernel/context.ts';
import { errors, named, uuidParam } from '../../kernel/http.ts';
import { storeDashboard } from './service.ts';

const count = z.number().int().min(0);
export const storeDashboardSchema = named(z.object({
  currency: z.string().describe("The store's currency: gmv and depositOwed are in its minor units"),
  today: z.object({
    since: z.string().describe("Start of today in the platform's time zone"), timeZone: z.string(),
    paidOrders: count.describe('Orders paid since then'), gmv: z.number().int().describe('Their totals, minor units'),
  }),
  todo: z.object({
    toShip: count.describe('Orders awaiting shipment (orders list ?state=awaiting_shipment)'),
    afterSalesWaiting: count.describe("Requests waiting for the merchant's answer (after-sales list ?state=merchant_processing)"),
    reviewFailed: count.describe('Products whose draft failed review (products list ?draftState=review_failed)'),
    lowStockSkus: count.describe('Active SKUs with at most lowStockThreshold units left (products list ?lowStock=lowStockThreshold)'),
    depositOwed: z.number().int().describe('Deposit still to pay, minor units (deposit tab)'),
  }),
  lowStockThreshold: count,
}), 'StoreDashboard');

export function dashboardRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/merchant/stores/:storeId/dashboard', {
    schema: {
      tags: ['stores'], summary: "The store's home: today's paid orders and GMV, and the counts of what waits for the store",
      params: z.object({ storeId: uuidParam }), response: { 200: storeDashboardSchema, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => storeDashboard(ctx, ctx.db, req.params.storeId));
}
