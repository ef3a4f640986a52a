// Orders and mini-sites (M6): a mini-site opens the buyer's order (WeChat's "open a Store order from a mini
// program"), and the merchant gets an expiring link to the buyer's customisation file of an item.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { userOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Conflict, Forbidden, NotFound } from '../../kernel/errors.ts';
import { errors, named, uuidParam } from '../../kernel/http.ts';
import { mediaLink, miniSiteByAppId } from '../minisite/index.ts';
import { orderDetailView } from './routes.ts';
import { orderItems, orders } from './schema.ts';
import { orderDetail } from './views.ts';

export function miniSiteOrderRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/mini-site/orders/:orderId', {
    schema: {
      tags: ['orders'],
      summary: 'Open one of my orders from a mini-site: only an order placed through that mini-site (403 order_not_from_mini_site), mine (404 order_not_found) and of the store named (409 order_store_mismatch)',
      params: z.object({ orderId: uuidParam }),
      querystring: z.object({ appId: z.string().min(1).max(64).describe("The mini-site's app id"), storeId: uuidParam.describe('The store the mini-site says the order is of') }),
      response: { 200: orderDetailView, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const buyerId = userOf(req).userId;
    const [row] = await ctx.db.select({ buyerId: orders.buyerId, storeId: orders.storeId, miniSiteId: orders.miniSiteId, giftId: orders.giftId }).from(orders).where(eq(orders.id, req.params.orderId));
    // Another buyer's order reads as no order at all (checked first, so nothing else is told of it).
    if (!row || row.buyerId !== buyerId || row.giftId) throw new NotFound('order');
    const site = await miniSiteByAppId(ctx.db, req.query.appId);
    if (!site || row.miniSiteId !== site.id) throw new Forbidden('This order was not placed through this mini-site.', 'order_not_from_mini_site');
    if (row.storeId !== req.query.storeId) throw new Conflict('order_store_mismatch', 'This order is of another store than the one named.');
    return orderDetail(ctx.db, { buyerId }, req.params.orderId, ctx.clock.now());
  });

  r.get('/api/merchant/stores/:storeId/orders/:orderId/items/:itemId/custom-file', {
    schema: {
      tags: ['orders'], summary: "A download link of the buyer's customisation file of an item, valid a few minutes (customFileLinkMinutes)",
      params: z.object({ storeId: uuidParam, orderId: uuidParam, itemId: uuidParam }),
      response: { 200: named(z.object({ url: z.string().describe('GET it before expiresAt (then 403 link_expired)'), expiresAt: z.string() }), 'CustomFileLink'), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const [item] = await ctx.db.select({ mediaId: orderItems.customMediaId }).from(orderItems)
      .where(and(eq(orderItems.id, req.params.itemId), eq(orderItems.orderId, req.params.orderId), eq(orderItems.storeId, req.params.storeId)));
    if (!item) throw new NotFound('order_item');
    if (!item.mediaId) throw new NotFound('custom_file');
    return mediaLink(ctx, item.mediaId);
  });
}
