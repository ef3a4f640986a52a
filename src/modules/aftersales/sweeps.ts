// Deadlines of requests: whoever did not act in time (merchant silent, return not shipped, receipt not confirmed,
// dispute not opened, exchange not confirmed), the request moves on by its state's timeout event.
import { and, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { inTransaction, type Ctx } from '../../kernel/context.ts';
import { lockPayment } from '../payments/index.ts';
import { moveRequest } from './lifecycle.ts';
import { exchangeRefundAmount } from './requests.ts';
import { defaultReturnAddress } from './return-addresses.ts';
import { timeoutEvent } from './rules.ts';
import { afterSales } from './schema.ts';

/** Moves up to `limit` requests past their due time; one transaction each (payment, then request locked; SKIP LOCKED). */
export async function sweepAfterSaleTimeouts(ctx: Ctx, limit: number): Promise<number> {
  const due = await ctx.db.select({ id: afterSales.id, paymentId: afterSales.paymentId }).from(afterSales)
    .where(and(isNotNull(afterSales.dueAt), lte(afterSales.dueAt, ctx.clock.now()))).orderBy(afterSales.dueAt).limit(limit);
  let moved = 0;
  let failed: unknown;
  for (const d of due) {
    // One request that cannot move (its refund cannot be asked for) must not hold up those due after it.
    moved += await inTransaction(ctx, async (tx) => {
      if (d.paymentId) await lockPayment(tx, d.paymentId);
      const [req] = await tx.select().from(afterSales)
        .where(and(eq(afterSales.id, d.id), sql`${afterSales.dueAt} <= ${ctx.clock.now()}`)).for('update', { skipLocked: true });
      const event = req && timeoutEvent(req.state, req.type);
      if (!event) return 0;
      const patch = event === 'receipt_timeout' && req.type === 'exchange' ? { agreedAmount: await exchangeRefundAmount(tx, req) }
        // A merchant silent past the deadline accepts: the return goes to the store's default address (if it keeps one).
        : event === 'merchant_timeout_return' && !req.returnAddress ? { returnAddress: await defaultReturnAddress(tx, req.storeId) } : undefined;
      await moveRequest(ctx, tx, req, event, { role: 'system', id: null }, patch);
      return 1;
    }).catch((err: unknown) => {
      failed ??= err;
      return 0;
    });
  }
  // The others moved and are committed; the failure is reported (the scheduler logs it) and tried at the next tick.
  if (failed) throw failed;
  return moved;
}
