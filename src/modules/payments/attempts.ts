// Prepay attempts (out_trade_no): made, reused, closed. An attempt Trio closes is closed at the provider by the
// reconciliation sweep (reconcile.ts), from its row: nothing is left to work held in memory.
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { NotFound } from '../../kernel/errors.ts';
import { paymentAttempts, payments } from './schema.ts';

/**
 * Locks a payment's row (FOR UPDATE) and returns it. Every use-case that changes a payment or its attempts takes
 * this lock first, then the attempts' or orders' rows: one order of locks, no deadlocks.
 */
export async function lockPayment(tx: Db, paymentId: string) {
  const [p] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for('update');
  if (!p) throw new NotFound('payment');
  return p;
}

/** 32 characters of [0-9a-f]: within WeChat Pay's 6 to 32 characters of [A-Za-z0-9_-*], unique by chance. */
export function newOutTradeNo(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Closes the given open attempts (or all open attempts of the payment, but one). Each is due for the
 * reconciliation sweep at once, which closes it at the provider (or finds it paid, and applies that).
 */
export async function closeOpenAttempts(tx: Db, now: Date, paymentId: string, opts: { except?: string; only?: string[] } = {}) {
  if (opts.only && !opts.only.length) return;
  await tx
    .update(paymentAttempts)
    .set({ state: 'closed', closedAt: now, nextCheckAt: now })
    .where(and(
      eq(paymentAttempts.paymentId, paymentId),
      eq(paymentAttempts.state, 'open'),
      opts.except ? ne(paymentAttempts.outTradeNo, opts.except) : undefined,
      opts.only ? inArray(paymentAttempts.outTradeNo, opts.only) : undefined,
    ));
}
