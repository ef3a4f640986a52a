// GET /api/demo/status: whether demo data is still loading. GET /api/demo/logins: the demo accounts for the sign-in page, from the one list `npm start` prints. Only while demo
// data is on (TRIO_DEMO, on by default with the sandbox); otherwise it answers no logins and no password. On a real
// deployment (payments through WeChat Pay) with TRIO_DEMO=on, the demo stores are there to look at, but the sign-in
// page does not advertise their accounts or password to the public either.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { named } from '../kernel/http.ts';
import { roleEnum } from '../modules/accounts/api.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from './logins.ts';
import type { DemoProgress } from './rest.ts';

const demoLogins = named(z.object({
  password: z.string().nullable().describe('The password of every demo account; null when demo data is off or payments go to WeChat Pay'),
  logins: z.array(z.object({ role: roleEnum, email: z.string() })).describe('Empty when demo data is off or payments go to WeChat Pay'),
}), 'DemoLogins');

const demoStatus = named(z.object({
  loading: z.boolean().describe('Whether demo products, pictures or orders are still being loaded (after a first start the server answers at once and loads them)'),
  step: z.string().nullable().describe('What is being loaded, e.g. "products 2/4"; null when nothing is'),
}), 'DemoStatus');

export function demoRoutes(app: FastifyInstance, config: Pick<Config, 'seedDemo' | 'paymentProvider'>, progress?: DemoProgress) {
  const shown = config.seedDemo && config.paymentProvider === 'sandbox';
  app.withTypeProvider<ZodTypeProvider>().get('/api/demo/status', {
    schema: { tags: ['accounts'], summary: 'Whether the demo data is still loading (products and orders come after a first start answers)', security: [], response: { 200: demoStatus } },
  }, async () => ({ loading: progress?.loading ?? false, step: progress?.step ?? null }));
  app.withTypeProvider<ZodTypeProvider>().get('/api/demo/logins', {
    schema: { tags: ['accounts'], summary: 'The demo accounts to sign in with (none when demo data is off)', security: [], response: { 200: demoLogins } },
  }, async () =>
    shown
      ? { password: DEMO_PASSWORD, logins: DEMO_LOGINS.map(({ role, email }) => ({ role, email })) }
      : { password: null, logins: [] });
}
