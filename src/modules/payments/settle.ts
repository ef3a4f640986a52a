// Applies a verified success of a provider transaction (from a notification or a query) to its payment, once.
// A success nobody wants any more (the payment was closed, already paid, or now costs another amount) is refunded
// in the same transaction: recorded, audited, and the payer told when the money is back (refunds.ts).
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { recordAudit } from '../audit/index.ts';
import { closeOpenAttempts, lockPayment } from './attempts.ts';
import { paymentSucceeded } from './hooks.ts';
import { paymentsLog, type PaymentProvider } from './provider.ts';
import { refundTransaction } from './refunds.ts';
import { checkPaidAmount, paymentMachine, UNWANTED_PAYMENT_REASONS, type UnwantedPayment } from './rules.ts';
import { paymentAttempts, payments } from './schema.ts';
import type { Transaction } from './wechatpay/protocol.ts';

export type SettleOutcome =
  | 'applied' | 'duplicate' | UnwantedPayment
  | 'refused_merchant' | 'refused_unknown_trade' | 'refused_amount' | 'refused_malformed';

type PaymentRow = typeof payments.$inferSelect;

/** Gives a success nobody wants back to the payer, in full, and says so in the audit log. */
async function refundUnwanted(tx: Db, now: Date, p: PaymentRow, outTradeNo: string, paid: { total: number; currency: string; transactionId: string }, source: UnwantedPayment) {
  const reason = UNWANTED_PAYMENT_REASONS[source];
  const { id } = await refundTransaction(tx, now, { paymentId: p.id, storeId: p.storeId, amount: paid.total, reason, source }, outTradeNo);
  await recordAudit(tx, 'system', {
    action: `payment.${source}`, entityType: 'payment', entityId: p.id, storeId: p.storeId, summary: `${reason}: refunded in full`,
    before: { state: p.state, amount: p.amount, paidOutTradeNo: p.paidOutTradeNo },
    after: { refundId: id, outTradeNo, transactionId: paid.transactionId, amount: paid.total, currency: paid.currency, payerId: p.payerId },
  }, now);
}

export async function applyTransaction(ctx: Ctx, provider: PaymentProvider, t: Transaction): Promise<{ outcome: SettleOutcome; detail?: string }> {
  const log = paymentsLog(ctx);
  if (t.mchid !== provider.client.keys.mchid || t.appid !== provider.client.keys.appid) {
    return { outcome: 'refused_merchant', detail: `mchid ${t.mchid} / appid ${t.appid} are not ours` };
  }
  if (t.trade_state !== 'SUCCESS' || !t.amount || !t.transaction_id) return { outcome: 'refused_malformed', detail: 'not a success with an amount and a transaction id' };
  const paid = { total: t.amount.total, currency: t.amount.currency, transactionId: t.transaction_id };
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
    const check = checkPaidAmount(paid, a, p);
    // What the attempt asked for, but the payment costs another amount now (lowered after this prepay): the money is real.
    const stale = !check.ok && paid.total === a.amount && paid.currency === a.currency;
    if (!check.ok && !stale) {
      log.error({ paymentId: p.id, outTradeNo: a.outTradeNo, transactionId, paid, attempt: a.amount, payment: p.amount }, `PAYMENT AMOUNT MISMATCH, success refused: ${check.detail}`);
      return { outcome: 'refused_amount' as const, detail: check.detail };
    }
    const marked = await tx.update(paymentAttempts).set({ state: 'paid', providerFinal: true, providerState: 'SUCCESS', lastCheckError: null })
      .where(and(eq(paymentAttempts.outTradeNo, a.outTradeNo), ne(paymentAttempts.state, 'paid'))).returning({ no: paymentAttempts.outTradeNo });
    if (!marked.length) return { outcome: 'duplicate' as const };
    if (stale) {
      log.warn({ paymentId: p.id, outTradeNo: a.outTradeNo, paid: paid.total, payment: p.amount }, 'an attempt for an old amount was paid: refunding it in full');
      await refundUnwanted(tx, now, p, a.outTradeNo, paid, 'paid_stale_amount');
      return { outcome: 'paid_stale_amount' as const, detail: check.ok ? undefined : check.detail };
    }

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
      await refundUnwanted(tx, now, p, a.outTradeNo, paid, 'paid_after_close');
      return { outcome: 'paid_after_close' as const };
    }
    // Paid already through another attempt: this second payment goes back to the payer.
    log.warn({ paymentId: p.id, outTradeNo: a.outTradeNo, paidBy: p.paidOutTradeNo }, 'a payment was paid twice: refunding the second');
    await refundUnwanted(tx, now, p, a.outTradeNo, paid, 'paid_twice');
    return { outcome: 'paid_twice' as const };
  });
}
