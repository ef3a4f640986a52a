// Prepay attempts (out_trade_no): made, reused, closed here and, after the commit, at the provider (best effort).
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { afterCommit } from '../../kernel/context.ts';
import { paymentsLog, providerFor } from './provider.ts';
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

/** Closes the given open attempts (or all open attempts of the payment, but one), now and at the provider after commit. */
export async function closeOpenAttempts(tx: Db, now: Date, paymentId: string, opts: { except?: string; only?: string[] } = {}) {
  if (opts.only && !opts.only.length) return;
  const closed = await tx
    .update(paymentAttempts)
    .set({ state: 'closed', closedAt: now })
    .where(and(
      eq(paymentAttempts.paymentId, paymentId),
      eq(paymentAttempts.state, 'open'),
      opts.except ? ne(paymentAttempts.outTradeNo, opts.except) : undefined,
      opts.only ? inArray(paymentAttempts.outTradeNo, opts.only) : undefined,
    ))
    .returning({ outTradeNo: paymentAttempts.outTradeNo });
  if (closed.length) afterCommit(tx, () => closeAtProvider(closed.map((c) => c.outTradeNo)));
}

/** Best effort: an attempt the provider does not close can still be paid, and that payment is then refused or refunded. */
function closeAtProvider(outTradeNos: string[]) {
  const work = async () => {
    const provider = await providerFor();
    for (const no of outTradeNos) {
      await provider.client.close(no).catch((err) => paymentsLog().warn({ err, outTradeNo: no }, 'closing a payment attempt at the provider failed'));
    }
  };
  work().catch((err) => {
    try {
      paymentsLog().warn({ err }, 'closing payment attempts at the provider failed');
    } catch {
      // the app is gone: nothing to close with
    }
  });
}
