// The sandbox's view of transactions and refunds, in WeChat Pay's shapes.
import { randomBytes, randomInt } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { rfc3339 } from '../wechatpay/protocol.ts';
import { sandboxRefunds, sandboxTransactions } from '../schema.ts';
import type { SandboxKeys } from './keys.ts';

export type SandboxTrade = typeof sandboxTransactions.$inferSelect;
export type SandboxRefund = typeof sandboxRefunds.$inferSelect;

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
const stamp = (now: Date) => now.toISOString().replace(/\D/g, '').slice(0, 14);

export const newPrepayId = (now: Date) => `wx${stamp(now)}${randomBytes(10).toString('hex')}`;
export const newTransactionId = () => `4200${digits(24)}`;
export const newRefundId = () => `50${digits(27)}`;

const STATE_DESC: Record<string, string> = {
  NOTPAY: '未支付', SUCCESS: '支付成功', CLOSED: '已关闭', PAYERROR: '支付失败', REFUND: '转入退款',
};

/** WeChat Pay closes a transaction not paid by its time_expire. */
export async function expireIfDue(db: Db, t: SandboxTrade, now: Date): Promise<SandboxTrade> {
  if (!t.timeExpire || t.timeExpire.getTime() > now.getTime() || !['NOTPAY', 'PAYERROR'].includes(t.tradeState)) return t;
  const [row] = await db
    .update(sandboxTransactions)
    .set({ tradeState: 'CLOSED' })
    .where(and(eq(sandboxTransactions.outTradeNo, t.outTradeNo), inArray(sandboxTransactions.tradeState, ['NOTPAY', 'PAYERROR'])))
    .returning();
  return row ?? t;
}

/** A transaction as the query answers it and a TRANSACTION.SUCCESS notification carries it. */
export function transactionJson(t: SandboxTrade) {
  const paid = t.tradeState === 'SUCCESS' || t.tradeState === 'REFUND';
  return {
    appid: t.appid, mchid: t.mchid, out_trade_no: t.outTradeNo,
    ...(t.transactionId ? { transaction_id: t.transactionId } : {}),
    trade_type: t.tradeType, trade_state: t.tradeState, trade_state_desc: STATE_DESC[t.tradeState] ?? t.tradeState,
    ...(paid ? { bank_type: 'OTHERS' } : {}),
    ...(t.attach !== null ? { attach: t.attach } : {}),
    ...(t.successTime ? { success_time: rfc3339(t.successTime) } : {}),
    payer: t.payerOpenid ? { openid: t.payerOpenid } : {},
    amount: paid
      ? { total: t.amount, payer_total: t.amount, currency: t.currency, payer_currency: t.currency }
      : { total: t.amount, currency: t.currency },
  };
}

/** A refund as the refund and refund query calls answer it. */
export function refundJson(r: SandboxRefund, t: SandboxTrade) {
  return {
    refund_id: r.refundId, out_refund_no: r.outRefundNo, transaction_id: t.transactionId ?? '', out_trade_no: t.outTradeNo,
    channel: 'ORIGINAL', user_received_account: '支付用户零钱',
    ...(r.successTime ? { success_time: rfc3339(r.successTime) } : {}),
    create_time: rfc3339(r.createdAt), status: r.status, funds_account: 'AVAILABLE',
    amount: {
      total: t.amount, refund: r.amount, from: [], payer_total: t.amount, payer_refund: r.amount,
      settlement_refund: r.amount, settlement_total: t.amount, discount_refund: 0, currency: t.currency,
    },
    promotion_detail: [],
  };
}

/** The REFUND.* notification's resource. */
export function refundResourceJson(r: SandboxRefund, t: SandboxTrade, keys: Pick<SandboxKeys, 'mchid'>) {
  return {
    mchid: keys.mchid, transaction_id: t.transactionId ?? '', out_trade_no: t.outTradeNo, refund_id: r.refundId, out_refund_no: r.outRefundNo,
    refund_status: r.status, ...(r.successTime ? { success_time: rfc3339(r.successTime) } : {}), user_received_account: '支付用户零钱',
    amount: { total: t.amount, refund: r.amount, payer_total: t.amount, payer_refund: r.amount },
  };
}
