import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userOf } from '../../kernel/auth.ts';
import type { Ctx } from '../../kernel/context.ts';
import { errors, named, problemSchema, uuidParam } from '../../kernel/http.ts';
import { receiveNotification } from './notifications.ts';
import { installProvider, NOTIFY_PATH } from './provider.ts';
import { cashierRoutes } from './sandbox/cashier.ts';
import { sandboxApiRoutes } from './sandbox/api.ts';
import { SandboxWork } from './sandbox/work.ts';
import { PAYMENT_PURPOSES, PAYMENT_STATES } from './schema.ts';
import * as svc from './service.ts';

const params = z.object({ paymentId: uuidParam });
const tags = ['payments'];
const E = errors(400, 401, 403, 404);
const EW = { ...errors(400, 401, 403, 404, 409, 422), 502: problemSchema, 503: problemSchema };

const paymentState = named(z.enum(PAYMENT_STATES), 'PaymentState');
const paymentPurpose = named(z.enum(PAYMENT_PURPOSES).describe('What the payment pays: a checkout\'s orders, a store deposit, a gift'), 'PaymentPurpose');
const payment = named(z.object({
  id: z.string(), purpose: paymentPurpose, state: paymentState, amount: z.number().int(), currency: z.string(),
  description: z.string(), expiresAt: z.string(), paidAt: z.string().nullable(), storeId: z.string().nullable(), provider: z.enum(['sandbox', 'wechatpay']),
}), 'Payment');
const prepayAnswer = named(z.object({
  paymentId: z.string(), outTradeNo: z.string(), method: z.enum(['jsapi', 'native']), provider: z.enum(['sandbox', 'wechatpay']),
  amount: z.number().int(), currency: z.string(),
  jsapi: z.object({ appId: z.string(), timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.literal('RSA'), paySign: z.string() })
    .optional().describe('Parameters of wx.requestPayment'),
  codeUrl: z.string().optional().describe('Native: the QR code content'),
  cashierUrl: z.string().optional().describe('Sandbox only: web path of the sandbox cashier'),
}), 'Prepay');

/** Routes whose body is read as the exact text that was signed (JSON is parsed after the signature is checked). */
function rawBodyScope(app: FastifyInstance, register: (scope: FastifyInstance) => void) {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    register(scope);
  });
}

export function paymentRoutes(app: FastifyInstance, ctx: Ctx) {
  installProvider(app, ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/payments/:paymentId', {
    schema: { tags, summary: 'A payment (payer only)', params, response: { 200: payment, ...E } },
  }, async (req) => svc.getPayment(ctx, userOf(req).userId, req.params.paymentId));

  r.post('/api/payments/:paymentId/prepay', {
    schema: {
      tags, summary: 'Prepare the payment at WeChat Pay (JSAPI in WeChat, Native as a QR code); in the sandbox, also the cashier path',
      params, body: z.object({ method: z.enum(['jsapi', 'native']), openid: z.string().min(1).max(128).optional() }),
      response: { 200: prepayAnswer, ...EW },
    },
  }, async (req) => svc.prepay(ctx, userOf(req).userId, req.params.paymentId, req.body));

  r.post('/api/payments/:paymentId/refresh', {
    schema: { tags, summary: '"I have paid": ask WeChat Pay where the payment stands, then answer it', params, response: { 200: payment, ...E } },
  }, async (req) => {
    const payerId = userOf(req).userId;
    await svc.getPayment(ctx, payerId, req.params.paymentId); // someone else's payment is not asked about
    await svc.syncPayment(ctx, req.params.paymentId);
    return svc.getPayment(ctx, payerId, req.params.paymentId);
  });

  rawBodyScope(app, (scope) => {
    scope.post(NOTIFY_PATH, {
      schema: {
        tags, summary: 'WeChat Pay v3 notification (signed with Wechatpay-* headers, resource encrypted with AEAD_AES_256_GCM): 204 when taken, 4xx {code:"FAIL"} when refused',
        security: [],
      },
    }, async (req, reply) => {
      try {
        const answer = await receiveNotification(ctx, req.headers, typeof req.body === 'string' ? req.body : '');
        return answer.body ? reply.code(answer.status).send(answer.body) : reply.code(answer.status).send();
      } catch (err) {
        // Nothing was applied (the transaction rolled back): WeChat Pay sends it again later.
        req.log.error({ err }, 'payment notification could not be applied');
        return reply.code(500).send({ code: 'FAIL', message: 'internal error, try again later' });
      }
    });
    if (ctx.config.paymentProvider === 'sandbox') sandboxApiRoutes(scope, ctx, sandboxWork(app, ctx));
  });
  if (ctx.config.paymentProvider === 'sandbox') cashierRoutes(app, ctx, sandboxWork(app, ctx));
}

const works = new WeakMap<FastifyInstance, SandboxWork>();
function sandboxWork(app: FastifyInstance, ctx: Ctx) {
  let w = works.get(app);
  if (!w) works.set(app, (w = new SandboxWork(app, ctx)));
  return w;
}
