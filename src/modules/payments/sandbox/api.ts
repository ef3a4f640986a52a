// The sandbox's stand-in for api.mch.weixin.qq.com: checks the merchant's Authorization signature as WeChat Pay
// does, validates bodies, keeps transactions and refunds, and signs every answer with the platform key.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows } from '../../../db/client.ts';
import { inTransaction, type Ctx } from '../../../kernel/context.ts';
import { SANDBOX_PREFIX, sandboxCodeUrl } from '../provider.ts';
import { closeRequest, prepayRequest, refundRequest } from '../wechatpay/protocol.ts';
import { parseAuthorization, requestMessage, rsaVerify, signedHeaders } from '../wechatpay/sign.ts';
import { sandboxRefunds, sandboxTransactions } from '../schema.ts';
import { sandboxKeysOf, type SandboxKeys } from './keys.ts';
import { sharedOut } from './profit-sharing.ts';
import { expireIfDue, newPrepayId, newRefundId, refundJson, transactionJson } from './trades.ts';
import type { SandboxWork } from './work.ts';
import { sandboxCertificateRoutes, sandboxSigningKey } from './certificates.ts';
import { sandboxProfitSharingRoutes } from './profit-sharing.ts';

export type Keys = SandboxKeys & { merchantKey: KeyObject };
/** Trade states a close (or a payment) may still move. */
const CLOSABLE = ['NOTPAY', 'PAYERROR'];
/** An error answer, as WeChat Pay gives it: an HTTP status and {code, message}. */
export class Fail {
  constructor(readonly status: number, readonly code: string, readonly message: string) {}
}
export const fail = (status: number, code: string, message: string) => new Fail(status, code, message);
export const isFail = (v: unknown): v is Fail => v instanceof Fail;
export type SandboxRoute = (handler: (k: Keys, req: FastifyRequest, body: string) => Promise<{ status: number; payload?: object } | Fail>) => (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
export type SandboxParse = <T>(schema: z.ZodType<T>, body: string) => T | Fail;

export function sandboxApiRoutes(scope: FastifyInstance, ctx: Ctx, work: SandboxWork) {
  let loaded: Promise<Keys> | undefined;
  const keys = () => (loaded ??= sandboxKeysOf(ctx.db).then((k) => ({ ...k, merchantKey: createPublicKey(k.merchantPublicKey) })));

  async function answer(reply: FastifyReply, status: number, payload?: object) {
    const k = await keys();
    const body = payload === undefined ? '' : JSON.stringify(payload);
    reply.code(status).headers({ ...signedHeaders(await sandboxSigningKey(ctx, k), body, ctx.clock.now()), 'request-id': work.requestId() });
    return body ? reply.type('application/json; charset=utf-8').send(body) : reply.send();
  }

  /** What WeChat Pay checks before anything else; undefined when the request may go on. */
  function authenticate(k: Keys, req: FastifyRequest, body: string): Fail | undefined {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) return fail(401, 'SIGN_ERROR', 'Authorization is missing or is not WECHATPAY2-SHA256-RSA2048');
    if (auth.mchid !== k.mchid) return fail(401, 'SIGN_ERROR', 'mchid does not match the merchant');
    if (auth.serial_no !== k.merchantSerial) return fail(401, 'SIGN_ERROR', 'serial_no is not the merchant certificate\'s');
    if (!/^\d+$/.test(auth.timestamp) || Math.abs(ctx.clock.now().getTime() / 1000 - Number(auth.timestamp)) > 300) {
      return fail(401, 'SIGN_ERROR', 'timestamp is too far from now');
    }
    const url = req.url; // as received: a base URL's path is signed with the rest
    if (!rsaVerify(k.merchantKey, requestMessage(req.method, url, auth.timestamp, auth.nonce_str, body), auth.signature)) {
      return fail(401, 'SIGN_ERROR', 'signature verification failed');
    }
  }

  function parse<T>(schema: z.ZodType<T>, body: string): T | Fail {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return fail(400, 'PARAM_ERROR', 'the body is not JSON');
    }
    const r = schema.safeParse(json);
    return r.success ? r.data : fail(400, 'PARAM_ERROR', r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }

  /** Runs a handler after the signature check; its Fail becomes WeChat Pay's error answer. */
  const route: SandboxRoute = (handler) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const body = typeof req.body === 'string' ? req.body : '';
      const k = await keys();
      const out = authenticate(k, req, body) ?? (await handler(k, req, body));
      if (isFail(out)) return answer(reply, out.status, { code: out.code, message: out.message });
      return answer(reply, out.status, out.payload);
    };

  sandboxCertificateRoutes(scope, ctx, keys, authenticate);
  sandboxProfitSharingRoutes(scope, ctx, route, parse);
  const hide = { schema: { hide: true } };
  const trade = async (outTradeNo: string) => {
    const [t] = await ctx.db.select().from(sandboxTransactions).where(eq(sandboxTransactions.outTradeNo, outTradeNo));
    return t ? expireIfDue(ctx.db, t, ctx.clock.now()) : undefined;
  };

  scope.post(`${SANDBOX_PREFIX}/v3/pay/transactions/:kind`, hide, route(async (k, req, body) => {
    const kind = (req.params as { kind: string }).kind;
    if (kind !== 'jsapi' && kind !== 'native') return fail(404, 'NOT_FOUND', `no such trade type ${kind}`);
    const r = parse(prepayRequest, body);
    if (isFail(r)) return r;
    if (r.appid !== k.appid || r.mchid !== k.mchid) return fail(400, 'APPID_MCHID_NOT_MATCH', 'appid and mchid do not match');
    if (kind === 'jsapi' && !r.payer?.openid) return fail(400, 'PARAM_ERROR', 'payer.openid is required for JSAPI');
    const timeExpire = r.time_expire ? new Date(r.time_expire) : null;
    if (timeExpire && Number.isNaN(timeExpire.getTime())) return fail(400, 'PARAM_ERROR', 'time_expire is not RFC 3339');
    const now = ctx.clock.now();
    const prepayId = newPrepayId(now);
    await ctx.db.insert(sandboxTransactions).values({
      outTradeNo: r.out_trade_no, mchid: r.mchid, appid: r.appid, prepayId, tradeType: kind.toUpperCase(), description: r.description,
      amount: r.amount.total, currency: r.amount.currency, notifyUrl: r.notify_url, attach: r.attach ?? null, payerOpenid: r.payer?.openid ?? null,
      tradeState: 'NOTPAY', timeExpire, request: r, createdAt: now,
    }).onConflictDoNothing();
    const t = (await trade(r.out_trade_no))!;
    if (t.prepayId !== prepayId) {
      // The same out_trade_no again: the same prepay when nothing changed, as WeChat Pay does.
      const same = t.tradeType === kind.toUpperCase() && t.amount === r.amount.total && t.description === r.description && t.notifyUrl === r.notify_url;
      if (t.tradeState === 'SUCCESS' || t.tradeState === 'REFUND') return fail(400, 'ORDERPAID', 'the order is paid');
      if (t.tradeState === 'CLOSED') return fail(400, 'ORDER_CLOSED', 'the order is closed');
      if (!same) return fail(400, 'INVALID_REQUEST', 'out_trade_no was used with other parameters');
    }
    return { status: 200, payload: kind === 'jsapi' ? { prepay_id: t.prepayId } : { code_url: sandboxCodeUrl(t.prepayId) } };
  }));

  scope.get(`${SANDBOX_PREFIX}/v3/pay/transactions/out-trade-no/:outTradeNo`, hide, route(async (k, req) => {
    if ((req.query as { mchid?: string }).mchid !== k.mchid) return fail(400, 'PARAM_ERROR', 'mchid is missing or not the merchant\'s');
    const t = await trade((req.params as { outTradeNo: string }).outTradeNo);
    if (!t) return fail(404, 'ORDER_NOT_EXIST', 'no such order');
    return { status: 200, payload: transactionJson(t) };
  }));

  scope.post(`${SANDBOX_PREFIX}/v3/pay/transactions/out-trade-no/:outTradeNo/close`, hide, route(async (k, req, body) => {
    const r = parse(closeRequest, body);
    if (isFail(r)) return r;
    if (r.mchid !== k.mchid) return fail(400, 'PARAM_ERROR', 'mchid is not the merchant\'s');
    const t = await trade((req.params as { outTradeNo: string }).outTradeNo);
    if (!t) return fail(404, 'ORDER_NOT_EXIST', 'no such order');
    // One of a close and a payment wins the trade; the loser is told what won (a paid order is not closed).
    const [closed] = await ctx.db.update(sandboxTransactions).set({ tradeState: 'CLOSED' })
      .where(and(eq(sandboxTransactions.outTradeNo, t.outTradeNo), inArray(sandboxTransactions.tradeState, CLOSABLE))).returning();
    const now = closed ?? (await trade(t.outTradeNo))!;
    if (now.tradeState === 'SUCCESS' || now.tradeState === 'REFUND') return fail(400, 'ORDERPAID', 'the order is paid');
    if (now.tradeState !== 'CLOSED') return fail(400, 'INVALID_REQUEST', `the order is ${now.tradeState}`);
    return { status: 204 };
  }));

  scope.post(`${SANDBOX_PREFIX}/v3/refund/domestic/refunds`, hide, route(async (_k, _req, body) => {
    const r = parse(refundRequest, body);
    if (isFail(r)) return r;
    return inTransaction(ctx, async (tx) => {
      const [t] = await tx.select().from(sandboxTransactions)
        .where(r.out_trade_no ? eq(sandboxTransactions.outTradeNo, r.out_trade_no) : eq(sandboxTransactions.transactionId, r.transaction_id!)).for('update');
      if (!t) return fail(404, 'RESOURCE_NOT_EXISTS', 'no such order');
      if (t.tradeState !== 'SUCCESS' && t.tradeState !== 'REFUND') return fail(400, 'INVALID_REQUEST', 'the order is not paid');
      if (r.amount.total !== t.amount || r.amount.currency !== t.currency) return fail(400, 'PARAM_ERROR', 'amount.total or currency is not the order\'s');
      const [same] = await tx.select().from(sandboxRefunds).where(eq(sandboxRefunds.outRefundNo, r.out_refund_no));
      if (same) {
        if (same.outTradeNo !== t.outTradeNo || same.amount !== r.amount.refund) return fail(400, 'INVALID_REQUEST', 'out_refund_no was used with other parameters');
        return { status: 200, payload: refundJson(same, t) };
      }
      const [{ refunded }] = await queryRows<{ refunded: string | number }>(tx, sql`
        select coalesce(sum(amount), 0) as refunded from sandbox_refunds where out_trade_no = ${t.outTradeNo} and status <> 'CLOSED'`);
      if (Number(refunded) + r.amount.refund > t.amount) return fail(400, 'INVALID_REQUEST', 'the refunds would exceed the order amount');
      // What was shared to receivers (and not returned) is no longer the merchant's to refund: return it first.
      if (t.transactionId && Number(refunded) + r.amount.refund + (await sharedOut(tx, t.transactionId)) > t.amount) {
        return fail(403, 'NOT_ENOUGH', '余额不足: the amount shared to receivers must be returned first (/v3/profitsharing/return-orders)');
      }
      const [row] = await tx.insert(sandboxRefunds).values({
        outRefundNo: r.out_refund_no, refundId: newRefundId(), outTradeNo: t.outTradeNo, amount: r.amount.refund, status: 'PROCESSING',
        notifyUrl: r.notify_url ?? null, request: r, createdAt: ctx.clock.now(),
        // Accepted as PROCESSING; the money "arrives" when it is due, with a REFUND.SUCCESS notification (work.ts).
        dueAt: new Date(ctx.clock.now().getTime() + ctx.config.sandboxRefundSeconds * 1000),
      }).returning();
      await tx.update(sandboxTransactions).set({ tradeState: 'REFUND' }).where(eq(sandboxTransactions.outTradeNo, t.outTradeNo));
      return { status: 200, payload: refundJson(row, { ...t, tradeState: 'REFUND' }) };
    });
  }));

  scope.get(`${SANDBOX_PREFIX}/v3/refund/domestic/refunds/:outRefundNo`, hide, route(async (_k, req) => {
    const [r] = await ctx.db.select().from(sandboxRefunds).where(eq(sandboxRefunds.outRefundNo, (req.params as { outRefundNo: string }).outRefundNo));
    const t = r && (await trade(r.outTradeNo));
    if (!r || !t) return fail(404, 'RESOURCE_NOT_EXISTS', 'no such refund');
    return { status: 200, payload: refundJson(r, t) };
  }));
}
