// Applies a verified success of a provider transaction (from a notification or a query) to its payment, once.
import { and, eq, ne } from 'drizzle-orm';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { closeOpenAttempts, lockPayment } from './attempts.ts';
import { paymentSucceeded } from './hooks.ts';
import { paymentsLog, type PaymentProvider } from './provider.ts';
import { refundTransaction } from './refunds.ts';
import { checkPaidAmount, paymentMachine } from './rules.ts';
import { paymentAttempts, payments } from './schema.ts';
import type { Transaction } from './wechatpay/protocol.ts';

export type SettleOutcome =
  | 'applied' | 'duplicate' | 'paid_after_close' | 'paid_twice'
  | 'refused_merchant' | 'refused_unknown_trade' | 'refused_amount' | 'refused_malformed';

export async function applyTransaction(ctx: Ctx, provider: PaymentProvider, t: Transaction): Promise<{ outcome: SettleOutcome; detail?: string }> {
  const log = paymentsLog(ctx);
  if (t.mchid !== provider.client.keys.mchid || t.appid !== provider.client.keys.appid) {
    return { outcome: 'refused_merchant', detail: `mchid ${t.mchid} / appid ${t.appid} are not ours` };
  }
  if (t.trade_state !== 'SUCCESS' || !t.amount || !t.transaction_id) return { outcome: 'refused_malformed', detail: 'not a success with an amount and a transaction id' };
  const total = { total: t.amount.total, currency: t.amount.currency };
  const transactionId = t.transaction_id;
  const successTime = t.success_time ? new Date(t.success_time) : undefined;
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const paidAt = successTime && !Number.isNaN(successTime.getTime()) ? successTime : now;
    // Locks in the order every payment use-case takes them: the payment, then its attempts. Concurrent duplicates
    // queue on the payment's row; the guarded updates below make it once even without the lock.
    const [peek] = await tx.select({ paymentId: paymentAttempts.paymentId }).from(paymentAttempts).where(eq(paymentAttempts.outTradeNo, t.out_trade_no));
    if (!peek) return { outcome: 'refused_unknown_trade' as const, detail: `no attempt ${t.out_trade_no}` };
    const p = await lockPayment(tx, peek.paymentId);
    const [a] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.outTradeNo, t.out_trade_no)).for('update');
    if (a.state === 'paid') return { outcome: 'duplicate' as const };
    const check = checkPaidAmount(total, a, p);
    if (!check.ok) {
      log.error({ paymentId: p.id, outTradeNo: a.outTradeNo, transactionId, paid: total, attempt: a.amount, payment: p.amount }, `PAYMENT AMOUNT MISMATCH, success refused: ${check.detail}`);
      return { outcome: 'refused_amount' as const, detail: check.detail };
    }
    const marked = await tx.update(paymentAttempts).set({ state: 'paid' }).where(and(eq(paymentAttempts.outTradeNo, a.outTradeNo), ne(paymentAttempts.state, 'paid'))).returning({ no: paymentAttempts.outTradeNo });
    if (!marked.length) return { outcome: 'duplicate' as const };

    const event = p.state === 'awaiting' ? 'pay' : p.state === 'closed' ? 'pay_after_close' : undefined;
    if (event) {
      const to = paymentMachine.transition(p.state, event);
      const [won] = await tx
        .update(payments)
        .set({ state: to, paidOutTradeNo: a.outTradeNo, transactionId, paidAt, updatedAt: now })
        .where(and(eq(payments.id, p.id), eq(payments.state, p.state)))
        .returning({ id: payments.id });
      if (!won) return { outcome: 'duplicate' as const };
      await closeOpenAttempts(tx, now, p.id, { except: a.outTradeNo });
      if (event === 'pay') {
        await paymentSucceeded.run(tx, { paymentId: p.id, purpose: p.purpose, payerId: p.payerId, storeId: p.storeId, amount: p.amount, currency: p.currency, transactionId, paidAt });
        return { outcome: 'applied' as const };
      }
      log.warn({ paymentId: p.id, outTradeNo: a.outTradeNo }, 'a closed payment was paid: refunding it in full');
      await refundTransaction(tx, now, { paymentId: p.id, storeId: p.storeId, amount: total.total, reason: 'Paid after the order was closed', source: 'paid_after_close' }, a.outTradeNo);
      return { outcome: 'paid_after_close' as const };
    }
    // Paid already through another attempt: this second payment goes back to the payer.
    log.warn({ paymentId: p.id, outTradeNo: a.outTradeNo, paidBy: p.paidOutTradeNo }, 'a payment was paid twice: refunding the second');
    await refundTransaction(tx, now, { paymentId: p.id, storeId: p.storeId, amount: total.total, reason: 'Paid twice', source: 'paid_twice' }, a.outTradeNo);
    return { outcome: 'paid_twice' as const };
  });
}
