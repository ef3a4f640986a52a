import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { grantOf, userOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { authErrors, errors, uuidParam } from '../../kernel/http.ts';
import { apiKeyView, cityTierEnum, displayChoiceEnum, genderEnum, keyScopeEnum, sessionView, userView } from './api.ts';
import * as accounts from './service.ts';

const profileSchema = z.object({
  displayName: z.string().trim().min(1).max(60).optional(),
  locale: z.enum(['en', 'zh', 'vi']).optional(),
  birthYear: z.number().int().min(1900).max(2030).nullable().optional(),
  gender: genderEnum.nullable().optional(),
  city: z.string().trim().max(80).nullable().optional(),
  cityTier: cityTierEnum.nullable().optional(),
  displayCurrency: displayChoiceEnum.nullable().optional(),
});
const storeParams = z.object({ storeId: uuidParam });

export function accountRoutes(app: FastifyInstance, ctx: Ctx) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/auth/register', {
    schema: {
      tags: ['accounts'],
      summary: 'Create a buyer or merchant account',
      body: profileSchema.extend({
        email: z.email().max(200),
        password: z.string().min(8, 'must have at least 8 characters').max(200),
        displayName: z.string().trim().min(1).max(60),
        role: z.enum(['buyer', 'merchant']).default('buyer'),
      }),
      response: { 201: userView, ...errors(400, 409) },
    },
  }, async (req, reply) => {
    const user = await accounts.createUser(ctx.db, req.body);
    return reply.code(201).send(accounts.publicUser(user));
  });

  r.post('/api/auth/login', {
    schema: {
      tags: ['accounts'],
      summary: 'Sign in; returns a bearer token',
      body: z.object({ email: z.string().max(200), password: z.string().max(200) }),
      response: { 200: sessionView, ...errors(400, 401, 429) },
    },
  }, async (req) => accounts.login(ctx, { ...req.body, ip: req.ip }));

  r.post('/api/auth/logout', {
    schema: { tags: ['accounts'], summary: 'Revoke the current session', response: { 204: z.null(), ...authErrors } },
  }, async (req, reply) => {
    await accounts.logout(ctx, userOf(req).sessionId);
    return reply.code(204).send(null);
  });

  r.get('/api/me', {
    schema: { tags: ['accounts'], summary: 'The signed-in account', response: { 200: userView, ...authErrors } },
  }, async (req) => accounts.publicUser(await accounts.getUser(ctx.db, userOf(req).userId)));

  r.patch('/api/me', {
    schema: { tags: ['accounts'], summary: 'Update my profile', body: profileSchema, response: { 200: userView, ...authErrors } },
  }, async (req) => accounts.updateProfile(ctx, userOf(req).userId, req.body));

  r.get('/api/merchant/stores/:storeId/api-keys', {
    schema: { tags: ['accounts'], summary: "The store's API keys", params: storeParams, response: { 200: z.array(apiKeyView), ...errors(400, 401, 403, 404) } },
  }, async (req) => accounts.listApiKeys(ctx.db, req.params.storeId));

  r.post('/api/merchant/stores/:storeId/api-keys', {
    schema: {
      tags: ['accounts'],
      summary: 'Create an API key for this store (shown once)',
      params: storeParams,
      body: z.object({
        name: z.string().trim().min(1).max(60),
        scopes: z.array(keyScopeEnum).min(1, 'choose at least one scope').describe('Permissions the key holds in the store (never staff.manage or api_keys.manage)'),
      }),
      response: { 201: apiKeyView.extend({ key: z.string() }), ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => reply.code(201).send(await accounts.createApiKey(ctx, userOf(req), req.params.storeId, { ...req.body, granted: grantOf(req).permissions })));

  r.delete('/api/merchant/stores/:storeId/api-keys/:keyId', {
    schema: {
      tags: ['accounts'],
      summary: 'Revoke an API key',
      params: storeParams.extend({ keyId: uuidParam }),
      response: { 200: apiKeyView, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => accounts.revokeApiKey(ctx, userOf(req), req.params.storeId, req.params.keyId));
}
