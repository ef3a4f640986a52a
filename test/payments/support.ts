// What the payments tests share: payments made as checkout would make them, notifications built as WeChat Pay
// (here: the sandbox) builds them, and listeners on the payments hooks.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { inTransaction } from '../../src/kernel/context.ts';
import { createPayment, paymentSucceeded, refundFailed, refundSucceeded, type PaymentSucceeded, type RefundOutcome } from '../../src/modules/payments/index.ts';
import { sandboxKeysOf } from '../../src/modules/payments/sandbox/keys.ts';
import { buildNotification } from '../../src/modules/payments/sandbox/notify.ts';
import { transactionJson } from '../../src/modules/payments/sandbox/trades.ts';
import { sandboxTransactions } from '../../src/modules/payments/schema.ts';
import { WAIT_MS, type TestEnv } from '../helpers.ts';

export const NOTIFY = '/payments/wechatpay/notify';

/** Every hook call of this process, for tests to filter by payment. */
export const heard = { succeeded: [] as PaymentSucceeded[], refunded: [] as RefundOutcome[], refundFailed: [] as RefundOutcome[] };
let listening = false;
export function listen() {
  if (listening) return heard;
  listening = true;
  paymentSucceeded.on(async (_tx, p) => { heard.succeeded.push(p); });
  refundSucceeded.on(async (_tx, r) => { heard.refunded.push(r); });
  refundFailed.on(async (_tx, r) => { heard.refundFailed.push(r); });
  return heard;
}

type Env = Pick<TestEnv, 'ctx' | 'clock'>;

/** A payment as a deposit top-up makes it (no orders behind it), owed by payerId. */
export async function newPayment(env: Env, payerId: string, amount = 12_345) {
  const now = env.clock.now();
  const { id } = await inTransaction(env.ctx, (tx) =>
    createPayment(tx, now, { purpose: 'deposit', payerId, storeId: null, amount, currency: 'CNY', description: 'Test payment', expiresAt: new Date(now.getTime() + 30 * 60_000) }));
  return id;
}

export async function prepay(app: FastifyInstance, who: { headers: Record<string, string> }, paymentId: string, method: 'jsapi' | 'native' = 'native') {
  const res = await app.inject({ method: 'POST', url: `/api/payments/${paymentId}/prepay`, headers: who.headers, payload: { method } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { outTradeNo: string; cashierUrl: string; codeUrl?: string; jsapi?: Record<string, string>; amount: number };
}

export const prepayIdOf = (cashierUrl: string) => cashierUrl.split('/').pop()!;

export async function sandboxKeys(env: Env) {
  const k = await sandboxKeysOf(env.ctx.db);
  return { ...k, merchantPublic: createPublicKey(k.merchantPublicKey), platformPrivate: createPrivateKey(k.platformPrivateKey) };
}

/**
 * WeChat Pay takes the money for an attempt (the sandbox's transaction becomes SUCCESS) and the TRANSACTION.SUCCESS
 * notification it would send, not yet sent. `change` alters the transaction it carries.
 */
export async function paidNotification(env: Env, outTradeNo: string, change: (t: ReturnType<typeof transactionJson>) => object = (t) => t) {
  const [row] = await env.ctx.db
    .update(sandboxTransactions)
    .set({ tradeState: 'SUCCESS', transactionId: `4200${Date.now()}${Math.floor(Math.random() * 1e6)}`, successTime: env.clock.now() })
    .where(eq(sandboxTransactions.outTradeNo, outTradeNo))
    .returning();
  const keys = await sandboxKeysOf(env.ctx.db);
  return buildNotification(keys, env.clock.now(), { type: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction', resource: change(transactionJson(row)) });
}

export function deliver(app: FastifyInstance, n: { headers: Record<string, string>; body: string }) {
  return app.inject({ method: 'POST', url: NOTIFY, headers: n.headers, payload: n.body });
}

export async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = WAIT_MS): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The notification endpoint of a Trio, which a test can take down: while `status` is set, POSTs to it are answered
 * with that status before Trio sees them (a process killed, a load balancer with no live process behind it).
 */
export function notifyEndpoint() {
  const endpoint = { status: 0 as number, refused: 0, install(app: FastifyInstance) {
    app.addHook('onRequest', async (req, reply) => {
      if (endpoint.status && req.method === 'POST' && req.url === NOTIFY) {
        endpoint.refused++;
        return reply.code(endpoint.status).send({ code: 'FAIL', message: 'endpoint down' });
      }
    });
  } };
  return endpoint;
}
