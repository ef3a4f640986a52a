// A store's return addresses over HTTP (store settings): list, add, edit, delete, make default.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { errors, named, uuidParam } from '../../kernel/http.ts';
import { addressBody } from '../orders/routes.ts';
import * as book from './return-addresses.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const storeParams = z.object({ storeId: uuidParam });
const addressParams = storeParams.extend({ addressId: uuidParam });
const body = addressBody.extend({ isDefault: z.boolean().optional().describe('Make it the default (the first address always is)') });
const addressView = named(z.object({
  id: z.string(), name: z.string(), phone: z.string(), region: z.string(), line: z.string(), postalCode: z.string().nullable(),
  isDefault: z.boolean().describe('Preselected when accepting a return or an exchange'), createdAt: z.string(), updatedAt: z.string(),
}), 'StoreReturnAddress');
const listView = named(z.object({ addresses: z.array(addressView) }), 'StoreReturnAddressList');

export function returnAddressRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['aftersales'];
  const S = '/api/merchant/stores/:storeId/return-addresses';

  r.get(S, { schema: { tags, summary: "The store's return addresses, the default first", params: storeParams, response: { 200: listView, ...E } } },
    async (req) => book.listReturnAddresses(ctx.db, req.params.storeId));
  r.post(S, {
    schema: { tags, summary: 'Add a return address (the first one is the default; 409 return_addresses_limit past the limit)', params: storeParams, body, response: { 201: addressView, ...EW } },
  }, async (req, reply) => reply.code(201).send(await inTransaction(ctx, (tx) => book.addReturnAddress(ctx, tx, req.params.storeId, req.body))));
  r.put(`${S}/:addressId`, {
    schema: { tags, summary: 'Change a return address (requests that picked it keep their copy)', params: addressParams, body, response: { 200: addressView, ...EW } },
  }, async (req) => inTransaction(ctx, (tx) => book.updateReturnAddress(ctx, tx, req.params.storeId, req.params.addressId, req.body)));
  r.post(`${S}/:addressId/default`, {
    schema: { tags, summary: 'Make it the default return address', params: addressParams, response: { 200: addressView, ...EW } },
  }, async (req) => inTransaction(ctx, (tx) => book.setDefaultReturnAddress(tx, req.params.storeId, req.params.addressId)));
  r.delete(`${S}/:addressId`, {
    schema: { tags, summary: 'Delete a return address (requests that picked it keep their copy; the oldest left becomes the default)', params: addressParams, response: { 204: z.null().describe('Deleted'), ...E } },
  }, async (req, reply) => {
    await inTransaction(ctx, (tx) => book.deleteReturnAddress(tx, req.params.storeId, req.params.addressId));
    return reply.code(204).send(null);
  });
}
