// HTTP: the store's freight templates (the merchant console's Shipping page).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, uuidParam } from '../../kernel/http.ts';
import { freightTemplateInputSchema, freightTemplateSchema } from './api-schemas.ts';
import * as freight from './freight-templates.ts';

const E = errors(400, 401, 403, 404);
const EW = errors(400, 401, 403, 404, 409, 422);
const storeParams = z.object({ storeId: uuidParam });
const templateParams = storeParams.extend({ templateId: uuidParam });

export function freightRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/merchant/stores/:storeId/freight-templates', {
    schema: { tags: ['catalog'], summary: "The store's freight templates (shipping fees)", params: storeParams, response: { 200: z.array(freightTemplateSchema), ...E } },
  }, async (req) => freight.listFreightTemplates(ctx.db, req.params.storeId));
  r.post('/api/merchant/stores/:storeId/freight-templates', {
    schema: { tags: ['catalog'], summary: 'Make a freight template', params: storeParams, body: freightTemplateInputSchema, response: { 201: freightTemplateSchema, ...EW } },
  }, async (req, reply) => reply.code(201).send(await freight.createFreightTemplate(ctx, actorOf(req), req.params.storeId, req.body)));
  r.put('/api/merchant/stores/:storeId/freight-templates/:templateId', {
    schema: { tags: ['catalog'], summary: 'Change a freight template (orders already made keep their fee)', params: templateParams, body: freightTemplateInputSchema, response: { 200: freightTemplateSchema, ...EW } },
  }, async (req) => freight.updateFreightTemplate(ctx, actorOf(req), req.params.storeId, req.params.templateId, req.body));
  r.delete('/api/merchant/stores/:storeId/freight-templates/:templateId', {
    schema: { tags: ['catalog'], summary: "Remove a freight template (its products ship under the store's default)", params: templateParams, response: { 204: z.null(), ...E } },
  }, async (req, reply) => {
    await freight.deleteFreightTemplate(ctx, actorOf(req), req.params.storeId, req.params.templateId);
    return reply.code(204).send(null);
  });
}
