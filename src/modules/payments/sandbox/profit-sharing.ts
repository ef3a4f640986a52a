// The sandbox's WeChat Pay profit sharing (分账), as strict as the service: receivers must be added first (their
// name encrypted with the platform key the request names), a share needs a paid transaction made for profit sharing
// (settle_info.profit_sharing), never more than its unsplit amount (what was paid, less refunds and earlier shares)
// nor, over every share, more than the merchant's largest ratio (TRIO_PROFIT_SHARING_MAX_BP),
// nothing after it was unfrozen, and the same out_order_no answers the same order. An order is PROCESSING, then
// FINISHED by the sandbox's sweep when due (finishDueShares): each receiver SUCCESS, or CLOSED with
// ACCOUNT_ABNORMAL when the sandbox holds the receiver's account as abnormal. A return (分账回退) takes back from a
// merchant receiver what an order paid it (PROCESSING, then SUCCESS or FAILED ACCOUNT_ABNORMAL by the same sweep);
// until then the transaction's refund is refused (NOT_ENOUGH), as the shared money is no longer the merchant's.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../../db/client.ts';
import { inTransaction, type Ctx } from '../../../kernel/context.ts';
import { SANDBOX_PREFIX } from '../provider.ts';
import { sandboxTransactions } from '../schema.ts';
import { sandboxProfitSharingOrders, sandboxProfitSharingReceivers, sandboxProfitSharingReturns, type SandboxShareReceiver } from '../sandbox-profit-sharing-schema.ts';
import { profitSharingRequest, receiverAddRequest, returnOrderRequest, rfc3339 } from '../wechatpay/protocol.ts';
import { decryptSensitive } from '../wechatpay/sign.ts';
import { fail, isFail, type SandboxParse, type SandboxRoute } from './api.ts';

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
type ShareOrder = typeof sandboxProfitSharingOrders.$inferSelect;

function orderJson(o: ShareOrder) {
  return { transaction_id: o.transactionId, out_order_no: o.outOrderNo, order_id: o.orderId, state: o.state, receivers: o.receivers };
}

type ReturnRow = typeof sandboxProfitSharingReturns.$inferSelect;

function returnJson(x: ReturnRow) {
  return {
    order_id: x.orderId, out_order_no: x.outOrderNo, out_return_no: x.outReturnNo, return_id: x.returnId, return_mchid: x.returnMchid,
    amount: x.amount, description: x.description, result: x.result, ...(x.failReason ? { fail_reason: x.failReason } : {}),
    create_time: rfc3339(x.createdAt), ...(x.finishedAt ? { finish_time: rfc3339(x.finishedAt) } : {}),
  };
}

function header(req: FastifyRequest, name: string) {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function sandboxProfitSharingRoutes(scope: FastifyInstance, ctx: Ctx, route: SandboxRoute, parse: SandboxParse) {
  const hide = { schema: { hide: true } };

  scope.post(`${SANDBOX_PREFIX}/v3/profitsharing/receivers/add`, hide, route(async (k, req, body) => {
    const r = parse(receiverAddRequest, body);
    if (isFail(r)) return r;
    if (r.appid !== k.appid) return fail(400, 'APPID_MCHID_NOT_MATCH', 'appid does not match the merchant');
    if (r.type === 'MERCHANT_ID' && !/^\d{8,10}$/.test(r.account)) return fail(400, 'PARAM_ERROR', 'account is not a merchant id');
    if (r.type === 'MERCHANT_ID' && r.account === k.mchid) return fail(400, 'INVALID_REQUEST', 'a merchant cannot share to itself');
    let name: string | null = null;
    if (r.name) {
      if (header(req, 'wechatpay-serial') !== k.platformSerial) return fail(400, 'PARAM_ERROR', 'Wechatpay-Serial does not name the platform key the name is encrypted with');
      name = decryptSensitive(k.platformPrivateKey, r.name) ?? null;
      if (name === null) return fail(400, 'PARAM_ERROR', 'name does not decrypt with the platform key');
    }
    await ctx.db.insert(sandboxProfitSharingReceivers)
      .values({ type: r.type, account: r.account, name, relationType: r.relation_type, createdAt: ctx.clock.now() })
      .onConflictDoUpdate({ target: [sandboxProfitSharingReceivers.type, sandboxProfitSharingReceivers.account], set: { name, relationType: r.relation_type } });
    return { status: 200, payload: { type: r.type, account: r.account, relation_type: r.relation_type, ...(r.custom_relation ? { custom_relation: r.custom_relation } : {}) } };
  }));

  scope.post(`${SANDBOX_PREFIX}/v3/profitsharing/orders`, hide, route(async (k, _req, body) => {
    const r = parse(profitSharingRequest, body);
    if (isFail(r)) return r;
    if (r.appid !== k.appid) return fail(400, 'APPID_MCHID_NOT_MATCH', 'appid does not match the merchant');
    return inTransaction(ctx, async (tx) => {
      const [t] = await tx.select().from(sandboxTransactions).where(eq(sandboxTransactions.transactionId, r.transaction_id)).for('update');
      if (!t) return fail(404, 'RESOURCE_NOT_EXISTS', 'no such transaction');
      const [same] = await tx.select().from(sandboxProfitSharingOrders).where(eq(sandboxProfitSharingOrders.outOrderNo, r.out_order_no));
      const asked = r.receivers.map((x) => `${x.type}:${x.account}:${x.amount}`).join(',');
      if (same) {
        const had = same.receivers.map((x) => `${x.type}:${x.account}:${x.amount}`).join(',');
        if (same.transactionId !== r.transaction_id || had !== asked) return fail(400, 'INVALID_REQUEST', 'out_order_no was used with other parameters');
        return { status: 200, payload: orderJson(same) };
      }
      if (t.tradeState !== 'SUCCESS' && t.tradeState !== 'REFUND') return fail(400, 'INVALID_REQUEST', 'the transaction is not paid');
      if ((t.request as { settle_info?: { profit_sharing?: boolean } }).settle_info?.profit_sharing !== true) {
        return fail(400, 'INVALID_REQUEST', 'the transaction was not paid for profit sharing (settle_info.profit_sharing)');
      }
      for (const x of r.receivers) {
        const [known] = await tx.select().from(sandboxProfitSharingReceivers)
          .where(and(eq(sandboxProfitSharingReceivers.type, x.type), eq(sandboxProfitSharingReceivers.account, x.account)));
        if (!known) return fail(400, 'INVALID_REQUEST', `receiver ${x.account} was not added`);
      }
      const unsplit = await unsplitAmount(tx, t.outTradeNo, t.amount, r.transaction_id);
      if (unsplit === 'unfrozen') return fail(400, 'INVALID_REQUEST', 'the transaction was unfrozen: nothing is left to share');
      const amount = r.receivers.reduce((s, x) => s + x.amount, 0);
      if (amount > unsplit) return fail(400, 'NOT_ENOUGH', `the unsplit amount is ${unsplit}`);
      // The merchant's largest profit-sharing ratio (30 % unless raised), over every share of the transaction: WeChat
      // Pay answers 400 INVALID_REQUEST 分账金额超出最大分账比例 ("the amount exceeds the largest ratio").
      if (amount + (await sharedAmount(tx, r.transaction_id)) > Math.floor((t.amount * ctx.config.profitSharingMaxBp) / 10_000)) {
        return fail(400, 'INVALID_REQUEST', '分账金额超出最大分账比例');
      }
      const now = ctx.clock.now();
      const receivers: SandboxShareReceiver[] = r.receivers.map((x) => ({
        type: x.type, account: x.account, amount: x.amount, description: x.description, result: 'PENDING', detail_id: `36${digits(27)}`, create_time: rfc3339(now),
      }));
      const [row] = await tx.insert(sandboxProfitSharingOrders).values({
        outOrderNo: r.out_order_no, orderId: `30${digits(27)}`, transactionId: r.transaction_id, state: 'PROCESSING', unfreezeUnsplit: r.unfreeze_unsplit,
        receivers, amount, request: r, createdAt: now, dueAt: new Date(now.getTime() + ctx.config.sandboxProfitSharingSeconds * 1000),
      }).returning();
      return { status: 200, payload: orderJson(row) };
    });
  }));

  // 分账回退: only from a MERCHANT_ID receiver the order paid, never more than it got less earlier returns; the same
  // out_return_no answers the same return.
  scope.post(`${SANDBOX_PREFIX}/v3/profitsharing/return-orders`, hide, route(async (_k, _req, body) => {
    const r = parse(returnOrderRequest, body);
    if (isFail(r)) return r;
    return inTransaction(ctx, async (tx) => {
      const [o] = await tx.select().from(sandboxProfitSharingOrders)
        .where(r.out_order_no ? eq(sandboxProfitSharingOrders.outOrderNo, r.out_order_no) : eq(sandboxProfitSharingOrders.orderId, r.order_id!)).for('update');
      if (!o) return fail(404, 'RESOURCE_NOT_EXISTS', 'no such profit-sharing order');
      const [same] = await tx.select().from(sandboxProfitSharingReturns).where(eq(sandboxProfitSharingReturns.outReturnNo, r.out_return_no));
      if (same) {
        if (same.outOrderNo !== o.outOrderNo || same.returnMchid !== r.return_mchid || same.amount !== r.amount) return fail(400, 'INVALID_REQUEST', 'out_return_no was used with other parameters');
        return { status: 200, payload: returnJson(same) };
      }
      const paid = o.receivers.find((x) => x.type === 'MERCHANT_ID' && x.account === r.return_mchid);
      if (!paid) return fail(400, 'INVALID_REQUEST', 'return_mchid is not a merchant receiver of this profit-sharing order');
      if (paid.result !== 'SUCCESS') return fail(400, 'INVALID_REQUEST', 'the receiver has not been paid by this order');
      const [{ returned }] = await queryRows<{ returned: string | number }>(tx, sql`
        select coalesce(sum(amount), 0) as returned from sandbox_profit_sharing_returns where out_order_no = ${o.outOrderNo} and return_mchid = ${r.return_mchid} and result <> 'FAILED'`);
      if (Number(returned) + r.amount > paid.amount) return fail(400, 'INVALID_REQUEST', `at most ${paid.amount - Number(returned)} can still be returned from this receiver`);
      const now = ctx.clock.now();
      const [row] = await tx.insert(sandboxProfitSharingReturns).values({
        outReturnNo: r.out_return_no, returnId: `3008${digits(24)}`, orderId: o.orderId, outOrderNo: o.outOrderNo, transactionId: o.transactionId, returnMchid: r.return_mchid,
        amount: r.amount, description: r.description, result: 'PROCESSING', createdAt: now, dueAt: new Date(now.getTime() + ctx.config.sandboxProfitSharingSeconds * 1000),
      }).returning();
      return { status: 200, payload: returnJson(row) };
    });
  }));

  scope.get(`${SANDBOX_PREFIX}/v3/profitsharing/return-orders/:outReturnNo`, hide, route(async (_k, req) => {
    const outOrderNo = (req.query as { out_order_no?: string }).out_order_no;
    if (!outOrderNo) return fail(400, 'PARAM_ERROR', 'out_order_no is required');
    const [x] = await ctx.db.select().from(sandboxProfitSharingReturns).where(eq(sandboxProfitSharingReturns.outReturnNo, (req.params as { outReturnNo: string }).outReturnNo));
    if (!x || x.outOrderNo !== outOrderNo) return fail(404, 'RESOURCE_NOT_EXISTS', 'no such return');
    return { status: 200, payload: returnJson(x) };
  }));

  scope.get(`${SANDBOX_PREFIX}/v3/profitsharing/orders/:outOrderNo`, hide, route(async (_k, req) => {
    const transactionId = (req.query as { transaction_id?: string }).transaction_id;
    if (!transactionId) return fail(400, 'PARAM_ERROR', 'transaction_id is required');
    const [o] = await ctx.db.select().from(sandboxProfitSharingOrders).where(eq(sandboxProfitSharingOrders.outOrderNo, (req.params as { outOrderNo: string }).outOrderNo));
    if (!o || o.transactionId !== transactionId) return fail(404, 'RESOURCE_NOT_EXISTS', 'no such profit-sharing order');
    return { status: 200, payload: orderJson(o) };
  }));
}

/** What of a transaction may still be shared: paid, less refunds not closed, less shares not closed; 'unfrozen' once unfrozen. */
async function unsplitAmount(tx: Db, outTradeNo: string, total: number, transactionId: string): Promise<number | 'unfrozen'> {
  const [row] = await queryRows<{ refunded: string | number; shared: string | number; unfrozen: boolean }>(tx, sql`
    select (select coalesce(sum(amount), 0) from sandbox_refunds where out_trade_no = ${outTradeNo} and status <> 'CLOSED') as refunded,
           (select coalesce(sum((x->>'amount')::bigint), 0) from sandbox_profit_sharing_orders o, jsonb_array_elements(o.receivers) x
             where o.transaction_id = ${transactionId} and x->>'result' <> 'CLOSED') as shared,
           exists (select 1 from sandbox_profit_sharing_orders where transaction_id = ${transactionId} and unfreeze_unsplit) as unfrozen`);
  if (row.unfrozen) return 'unfrozen';
  return total - Number(row.refunded) - Number(row.shared);
}

/** What of a transaction went to receivers and was not returned: the merchant cannot refund it (it must be returned first). */
export async function sharedOut(tx: Db, transactionId: string): Promise<number> {
  const [row] = await queryRows<{ returned: string | number }>(tx, sql`
    select coalesce(sum(amount), 0) as returned from sandbox_profit_sharing_returns where transaction_id = ${transactionId} and result = 'SUCCESS'`);
  return (await sharedAmount(tx, transactionId)) - Number(row.returned);
}

/** What of a transaction its profit-sharing orders hold or paid (receivers not closed). */
async function sharedAmount(tx: Db, transactionId: string): Promise<number> {
  const [row] = await queryRows<{ shared: string | number }>(tx, sql`
    select coalesce(sum((x->>'amount')::bigint), 0) as shared from sandbox_profit_sharing_orders o, jsonb_array_elements(o.receivers) x
    where o.transaction_id = ${transactionId} and x->>'result' <> 'CLOSED'`);
  return Number(row.shared);
}

/** PROCESSING profit-sharing orders whose time has come are FINISHED: each receiver paid, or closed when its account is abnormal. */
export async function finishDueShares(ctx: Ctx, limit: number): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const due = await tx.select().from(sandboxProfitSharingOrders)
      .where(and(eq(sandboxProfitSharingOrders.state, 'PROCESSING'), sql`${sandboxProfitSharingOrders.dueAt} <= ${now}`))
      .orderBy(sandboxProfitSharingOrders.dueAt).limit(limit).for('update', { skipLocked: true });
    for (const o of due) {
      const receivers: SandboxShareReceiver[] = [];
      for (const x of o.receivers) {
        const [known] = await tx.select().from(sandboxProfitSharingReceivers)
          .where(and(eq(sandboxProfitSharingReceivers.type, x.type), eq(sandboxProfitSharingReceivers.account, x.account)));
        const closed = !known || known.abnormal;
        receivers.push({ ...x, result: closed ? 'CLOSED' : 'SUCCESS', ...(closed ? { fail_reason: known ? 'ACCOUNT_ABNORMAL' : 'NO_RELATION' } : {}), finish_time: rfc3339(now) });
      }
      await tx.update(sandboxProfitSharingOrders).set({ state: 'FINISHED', receivers, finishedAt: now }).where(eq(sandboxProfitSharingOrders.outOrderNo, o.outOrderNo));
    }
    return due.length;
  });
}

/** The sandbox holds this receiver account as abnormal (or normal again): its next shares close with ACCOUNT_ABNORMAL. */
export async function setSandboxReceiverAbnormal(db: Db, account: string, abnormal = true) {
  await db.update(sandboxProfitSharingReceivers).set({ abnormal }).where(eq(sandboxProfitSharingReceivers.account, account));
}

/** PROCESSING returns whose time has come: SUCCESS, or FAILED with ACCOUNT_ABNORMAL when the receiver's account is held abnormal. */
export async function finishDueReturns(ctx: Ctx, limit: number): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const due = await tx.select().from(sandboxProfitSharingReturns)
      .where(and(eq(sandboxProfitSharingReturns.result, 'PROCESSING'), sql`${sandboxProfitSharingReturns.dueAt} <= ${now}`))
      .orderBy(sandboxProfitSharingReturns.dueAt).limit(limit).for('update', { skipLocked: true });
    for (const x of due) {
      const [known] = await tx.select().from(sandboxProfitSharingReceivers)
        .where(and(eq(sandboxProfitSharingReceivers.type, 'MERCHANT_ID'), eq(sandboxProfitSharingReceivers.account, x.returnMchid)));
      const failed = !known || known.abnormal;
      await tx.update(sandboxProfitSharingReturns).set({ result: failed ? 'FAILED' : 'SUCCESS', failReason: failed ? 'ACCOUNT_ABNORMAL' : null, finishedAt: now })
        .where(eq(sandboxProfitSharingReturns.outReturnNo, x.outReturnNo));
    }
    return due.length;
  });
}
