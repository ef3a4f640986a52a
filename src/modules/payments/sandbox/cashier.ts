// The sandbox cashier: what the buyer would see in WeChat, reduced to pay / fail / cancel. The prepay id is the
// capability (public routes). Paying sends the TRANSACTION.SUCCESS notification, as WeChat Pay does.
// The description is the one sent to the provider, in no language (a product title, a store name); the view adds the
// payment's purpose so the page says what is paid (a gift, a deposit) in the payer's language.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '../../../kernel/context.ts';
import { Conflict, NotFound } from '../../../kernel/errors.ts';
import { errors, named } from '../../../kernel/http.ts';
import { PAYMENT_PURPOSES, paymentAttempts, payments, sandboxTransactions } from '../schema.ts';
import type { SandboxWork } from './work.ts';

const TRADE_STATES = ['NOTPAY', 'SUCCESS', 'CLOSED', 'PAYERROR', 'REFUND'] as const;
const tradeState = named(z.enum(TRADE_STATES).describe('The trade at the (sandbox) provider, as WeChat Pay names it'), 'TradeState');
const params = z.object({ prepayId: z.string().min(1).max(64) });
const E = errors(400, 401, 403, 404, 409);
const tags = ['sandbox'];

export function cashierRoutes(app: FastifyInstance, ctx: Ctx, work: SandboxWork) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function open(prepayId: string) {
    const t = await work.trade({ prepayId });
    if (!t) throw new NotFound('prepay');
    return t;
  }
  /** Moves the trade from one of these states to another, or says why it cannot. */
  async function move(prepayId: string, from: string[], to: 'PAYERROR' | 'NOTPAY') {
    const t = await open(prepayId);
    const [row] = await ctx.db.update(sandboxTransactions).set({ tradeState: to })
      .where(and(eq(sandboxTransactions.outTradeNo, t.outTradeNo), inArray(sandboxTransactions.tradeState, from))).returning();
    if (!row) throw new Conflict('sandbox_trade_not_open', `This payment is ${t.tradeState}: it is no longer open.`, { tradeState: t.tradeState });
    return { tradeState: to };
  }

  r.get('/api/sandbox/cashier/:prepayId', {
    schema: {
      tags, summary: 'Sandbox cashier: what is to be paid (sandbox provider only)', params,
      response: {
        200: named(z.object({
          prepayId: z.string(), outTradeNo: z.string(), mchid: z.string(), description: z.string(), amount: z.number(), currency: z.string(),
          purpose: z.enum(PAYMENT_PURPOSES).nullable().describe("What is paid (Trio's payment of this trade); null for a trade Trio did not make"),
          tradeState, timeExpire: z.string().nullable(),
        }), 'CashierView'),
        ...E,
      },
    },
  }, async (req) => {
    const t = await open(req.params.prepayId);
    const [paid] = await ctx.db.select({ purpose: payments.purpose }).from(paymentAttempts)
      .innerJoin(payments, eq(payments.id, paymentAttempts.paymentId)).where(eq(paymentAttempts.outTradeNo, t.outTradeNo));
    return {
      prepayId: t.prepayId, outTradeNo: t.outTradeNo, mchid: t.mchid, description: t.description, amount: t.amount, currency: t.currency,
      purpose: paid?.purpose ?? null,
      tradeState: t.tradeState as (typeof TRADE_STATES)[number], timeExpire: t.timeExpire?.toISOString() ?? null,
    };
  });

  r.post('/api/sandbox/cashier/:prepayId/pay', {
    schema: {
      tags, summary: 'Sandbox cashier: pay (sends the signed TRANSACTION.SUCCESS notification; answers the status it got)', params,
      response: { 200: z.object({ tradeState: z.literal('SUCCESS'), notifyStatus: z.number().int() }), ...E },
    },
  }, async (req) => {
    const t = await open(req.params.prepayId);
    if (!['NOTPAY', 'PAYERROR', 'SUCCESS'].includes(t.tradeState)) {
      throw new Conflict('sandbox_trade_not_open', `This payment is ${t.tradeState}: it can no longer be paid.`, { tradeState: t.tradeState });
    }
    return { tradeState: 'SUCCESS' as const, notifyStatus: await work.pay(t) };
  });

  r.post('/api/sandbox/cashier/:prepayId/fail', {
    schema: { tags, summary: 'Sandbox cashier: the payment fails (no notification, as WeChat Pay)', params, response: { 200: z.object({ tradeState: z.literal('PAYERROR') }), ...E } },
  }, async (req) => move(req.params.prepayId, ['NOTPAY', 'PAYERROR'], 'PAYERROR') as Promise<{ tradeState: 'PAYERROR' }>);

  r.post('/api/sandbox/cashier/:prepayId/cancel', {
    schema: { tags, summary: 'Sandbox cashier: the buyer leaves without paying (the payment stays open)', params, response: { 200: z.object({ tradeState: z.literal('NOTPAY') }), ...E } },
  }, async (req) => move(req.params.prepayId, ['NOTPAY', 'PAYERROR'], 'NOTPAY') as Promise<{ tradeState: 'NOTPAY' }>);
}
