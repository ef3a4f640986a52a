// Payments: what a payer owes (made by checkout or a deposit top-up, in the caller's transaction), prepay at the
// provider, the amount lowered or the payment closed before it is paid, and asking the provider where it stands.
import { randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { AppError, Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { assertMinor } from '../../kernel/money.ts';
import { closeOpenAttempts, lockPayment, newOutTradeNo } from './attempts.ts';
import { notifyUrl, paymentsLog, providerFor, type ProviderName } from './provider.ts';
import { canReuseAttempt, paymentMachine, PROVIDER_RETRY_AFTER_SECONDS, providerDescription } from './rules.ts';
import { paymentAttempts, payments, type PaymentPurpose, type PaymentState } from './schema.ts';
import { checkAttempt } from './reconcile.ts';
import { providerUnavailable } from './wechatpay/client.ts';
import { rfc3339 } from './wechatpay/protocol.ts';

export type CreatePaymentInput = {
  purpose: PaymentPurpose; payerId: string; storeId: string | null; amount: number; currency: string; description: string; expiresAt: Date;
};

function positiveMinor(amount: number) {
  assertMinor(amount);
  if (amount <= 0) throw new Invalid('payment_amount_invalid', 'A payment is an amount above zero, in minor units.');
}

/**
 * The payment's row as an INSERT statement with its id chosen here, for a caller that writes it together with its
 * own rows in one statement (checkout: one round trip fewer). createPayment runs it on its own.
 */
export function newPaymentSql(now: Date, input: CreatePaymentInput): { id: string; sql: SQL } {
  positiveMinor(input.amount);
  if (input.expiresAt.getTime() <= now.getTime()) throw new Invalid('payment_expiry_invalid', 'A payment must expire after it is made.');
  const id = randomUUID();
  return {
    id,
    sql: sql`insert into payments (id, purpose, payer_id, store_id, amount, currency, description, state, expires_at, created_at, updated_at)
      values (${id}, ${input.purpose}, ${input.payerId}, ${input.storeId}, ${input.amount}, ${input.currency}, ${providerDescription(input.description)},
        'awaiting', ${input.expiresAt}, ${now}, ${now})`,
  };
}

export async function createPayment(tx: Db, now: Date, input: CreatePaymentInput): Promise<{ id: string }> {
  const p = newPaymentSql(now, input);
  await tx.execute(p.sql);
  return { id: p.id };
}

/** A new amount before payment (the merchant lowered an order's price): open attempts for the old one are closed. */
export async function changePaymentAmount(tx: Db, now: Date, paymentId: string, amount: number): Promise<void> {
  positiveMinor(amount);
  const p = await lockPayment(tx, paymentId);
  if (p.state !== 'awaiting') throw new Conflict('payment_not_awaiting', `The payment is ${p.state}: its amount can no longer change.`, { state: p.state });
  if (p.amount === amount) return;
  await tx.update(payments).set({ amount, updatedAt: now }).where(eq(payments.id, paymentId));
  await closeOpenAttempts(tx, now, paymentId);
}

/** The payment will not be paid (its orders were cancelled). A success that still arrives is refunded. */
export async function closePayment(tx: Db, now: Date, paymentId: string): Promise<'closed' | 'already_paid' | 'already_closed'> {
  const p = await lockPayment(tx, paymentId);
  if (p.state === 'paid') return 'already_paid';
  if (p.state === 'closed') return 'already_closed';
  const to = paymentMachine.transition(p.state, 'close');
  await tx.update(payments).set({ state: to, updatedAt: now }).where(and(eq(payments.id, paymentId), eq(payments.state, 'awaiting')));
  await closeOpenAttempts(tx, now, paymentId);
  return 'closed';
}

export type PaymentView = {
  id: string; purpose: PaymentPurpose; state: PaymentState; amount: number; currency: string; description: string;
  expiresAt: string; paidAt: string | null; storeId: string | null; provider: ProviderName;
};

/** A payment as its payer sees it; anyone else's is "not found". */
export async function getPayment(ctx: Ctx, payerId: string, paymentId: string): Promise<PaymentView> {
  const [p] = await ctx.db.select().from(payments).where(eq(payments.id, paymentId));
  if (!p || p.payerId !== payerId) throw new NotFound('payment');
  return {
    id: p.id, purpose: p.purpose, state: p.state, amount: p.amount, currency: p.currency, description: p.description,
    expiresAt: p.expiresAt.toISOString(), paidAt: p.paidAt?.toISOString() ?? null, storeId: p.storeId, provider: ctx.config.paymentProvider,
  };
}

/**
 * Asks the provider about each attempt of the payment not final there (closing at the provider those nobody may pay
 * any more) and applies a success it reports. A provider that cannot be asked is logged; the reconciliation sweep
 * asks again later.
 */
export async function syncPayment(ctx: Ctx, paymentId: string): Promise<PaymentState> {
  const provider = await providerFor(ctx);
  const [p] = await ctx.db.select({ expiresAt: payments.expiresAt }).from(payments).where(eq(payments.id, paymentId));
  if (!p) throw new NotFound('payment');
  const pending = await ctx.db.select({ outTradeNo: paymentAttempts.outTradeNo, state: paymentAttempts.state }).from(paymentAttempts)
    .where(and(eq(paymentAttempts.paymentId, paymentId), eq(paymentAttempts.providerFinal, false)));
  for (const a of pending) {
    await checkAttempt(ctx, provider, { ...a, expiresAt: p.expiresAt }).catch((err) => {
      paymentsLog(ctx).warn({ err, outTradeNo: a.outTradeNo }, 'asking the provider about a payment failed');
    });
  }
  const [now] = await ctx.db.select({ state: payments.state }).from(payments).where(eq(payments.id, paymentId));
  return now.state;
}

export type PrepayInput = { method: 'jsapi' | 'native'; openid?: string };

/**
 * Prepares the payment at the provider: a new attempt (out_trade_no) when none is open for this method and the
 * current amount, else the open one again. The provider is called outside any transaction.
 */
export async function prepay(ctx: Ctx, payerId: string, paymentId: string, input: PrepayInput) {
  const provider = await providerFor(ctx);
  if (input.method === 'jsapi' && !input.openid && provider.name === 'wechatpay') {
    throw new Invalid('openid_required', 'A JSAPI payment needs the payer\'s openid for this app.');
  }
  const now = ctx.clock.now();
  const { p, attempt, fresh } = await inTransaction(ctx, async (tx) => {
    const p = await lockPayment(tx, paymentId);
    if (p.payerId !== payerId) throw new NotFound('payment');
    if (p.state === 'paid') throw new Conflict('payment_already_paid', 'This payment is already paid.');
    if (p.state === 'closed') throw new Conflict('payment_closed', 'This payment was closed: its orders were cancelled.');
    if (p.expiresAt.getTime() <= now.getTime()) throw new Conflict('payment_expired', 'The time to pay has passed.');
    const open = await tx.select().from(paymentAttempts).where(and(eq(paymentAttempts.paymentId, p.id), eq(paymentAttempts.state, 'open')));
    const want = { method: input.method, amount: p.amount, currency: p.currency };
    const reuse = open.find((a) => canReuseAttempt(a, want, now));
    if (reuse) return { p, attempt: reuse, fresh: false };
    // Open attempts that can no longer be used (another amount, or this method's expired prepay) are closed.
    const stale = open.filter((a) => a.amount !== p.amount || a.currency !== p.currency || a.method === input.method).map((a) => a.outTradeNo);
    await closeOpenAttempts(tx, now, p.id, { only: stale });
    const [attempt] = await tx
      .insert(paymentAttempts)
      .values({
        outTradeNo: newOutTradeNo(), paymentId: p.id, provider: provider.name, method: input.method, amount: p.amount, currency: p.currency, createdAt: now,
        nextCheckAt: new Date(now.getTime() + ctx.config.paymentCheckSeconds * 1000),
      })
      .returning();
    return { p, attempt, fresh: true };
  });

  if (fresh) {
    let res: { prepay_id?: string; code_url?: string };
    try {
      res = await provider.client.prepay(input.method, {
        description: p.description, out_trade_no: attempt.outTradeNo, time_expire: rfc3339(p.expiresAt), attach: p.id,
        notify_url: notifyUrl(ctx.config), amount: { total: attempt.amount, currency: attempt.currency },
        ...(input.method === 'jsapi' ? { payer: { openid: input.openid ?? `sandbox-${payerId}` } } : {}),
        // A store's share of what a buyer paid reaches the store by profit sharing (withdrawals); a deposit stays the platform's.
        ...(p.purpose !== 'deposit' ? { settle_info: { profit_sharing: true } } : {}),
      });
    } catch (err) {
      // The provider may have made it all the same: the reconciliation asks (and closes it there) at once.
      await ctx.db.update(paymentAttempts).set({ state: 'closed', closedAt: ctx.clock.now(), nextCheckAt: ctx.clock.now() })
        .where(and(eq(paymentAttempts.outTradeNo, attempt.outTradeNo), eq(paymentAttempts.state, 'open')));
      paymentsLog(ctx).error({ err, paymentId }, 'prepay failed at the provider');
      if (providerUnavailable(err)) {
        throw new AppError(503, 'payment_provider_unavailable', `The payment provider cannot be reached just now (${(err as Error).message}): try again in a moment.`, { retryAfterSeconds: PROVIDER_RETRY_AFTER_SECONDS });
      }
      throw new AppError(502, 'payment_provider_error', `The payment provider did not accept the payment: ${(err as Error).message}`);
    }
    const [saved] = await ctx.db
      .update(paymentAttempts)
      .set({ prepayId: res.prepay_id ?? null, codeUrl: res.code_url ?? null })
      .where(and(eq(paymentAttempts.outTradeNo, attempt.outTradeNo), eq(paymentAttempts.state, 'open')))
      .returning();
    if (!saved) throw new Conflict('payment_changed', 'The payment changed while it was being prepared: try again.');
    Object.assign(attempt, saved);
  }

  const prepayId = attempt.prepayId;
  return {
    paymentId: p.id, outTradeNo: attempt.outTradeNo, method: input.method, provider: provider.name, amount: attempt.amount, currency: attempt.currency,
    ...(input.method === 'jsapi' && prepayId ? { jsapi: provider.client.jsapiParams(prepayId) } : {}),
    ...(attempt.codeUrl ? { codeUrl: attempt.codeUrl } : {}),
    ...(provider.cashierUrl(attempt) ? { cashierUrl: provider.cashierUrl(attempt) } : {}),
  };
}
