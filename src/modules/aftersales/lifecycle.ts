// The one way a request changes state: lock it, move it by the machine's table, write its timeline and outbox.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Config } from '../../config.ts';
import type { Ctx } from '../../kernel/context.ts';
import { NotFound } from '../../kernel/errors.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { lockPayment } from '../payments/index.ts';
import type { Who } from '../orders/lifecycle.ts';
import { startRefund } from './money.ts';
import { afterSaleMachine, dueAtFor, type AfterSaleEvent, type AfterSaleTimeouts } from './rules.ts';
import { afterSaleEvents, afterSales, OPEN_AFTERSALE_STATES, type AfterSaleState } from './schema.ts';

export type AfterSaleRow = typeof afterSales.$inferSelect;
export type { Who };

/** Whose request it may be: the buyer who asked, the store it is about, or anyone (the operator, the sweeps). */
export type RequestScope = { buyerId: string } | { storeId: string } | 'any';

/** The deadline settings of config.ts as the rules want them. */
export function timeoutsOf(config: Config): AfterSaleTimeouts {
  return {
    merchantResponseHours: config.afterSalesMerchantResponseHours,
    buyerReturnDays: config.afterSalesBuyerReturnDays,
    merchantReceiptDays: config.afterSalesMerchantReceiptDays,
    disputeWindowDays: config.afterSalesDisputeWindowDays,
    exchangeReceiptDays: config.afterSalesExchangeReceiptDays,
  };
}

export const isOpen = (state: AfterSaleState) => OPEN_AFTERSALE_STATES.includes(state);

/** Locks a request in this scope (404 after_sale_not_found for anyone else's). */
export async function lockRequest(tx: Db, scope: RequestScope, id: string): Promise<AfterSaleRow> {
  const cond = scope === 'any' ? undefined : 'buyerId' in scope ? eq(afterSales.buyerId, scope.buyerId) : eq(afterSales.storeId, scope.storeId);
  const [row] = await tx.select().from(afterSales).where(and(eq(afterSales.id, id), cond)).for('update');
  if (!row) throw new NotFound('after_sale');
  return row;
}

/**
 * Locks the request's payment first, then the request (the order of locks everywhere: payment, request, order,
 * items, skus), for moves that may send a refund.
 */
export async function lockWithPayment(tx: Db, scope: RequestScope, id: string): Promise<AfterSaleRow> {
  const [peek] = await tx.select({ paymentId: afterSales.paymentId }).from(afterSales).where(eq(afterSales.id, id));
  if (!peek) throw new NotFound('after_sale');
  if (peek.paymentId) await lockPayment(tx, peek.paymentId);
  return lockRequest(tx, scope, id);
}

/** The timeline row of a request (its creation, or a move). */
export async function recordRequestEvent(tx: Db, now: Date, req: Pick<AfterSaleRow, 'id' | 'storeId'>, event: string, who: Who, from: AfterSaleState | null, to: AfterSaleState | null, detail?: Record<string, unknown>) {
  await tx.insert(afterSaleEvents).values({ afterSaleId: req.id, storeId: req.storeId, event, actorRole: who.role, actorId: who.id, fromState: from, toState: to, detail: detail ?? null, at: now });
}

/**
 * Moves a locked request by `event` (409 after_sale_transition_not_allowed when its state does not allow it): the
 * new state's deadline, closed when it is final, the timeline, the outbox 'aftersales.<state>', and the refund
 * sent when it reaches `refunding`. Returns the updated row.
 */
export async function moveRequest(ctx: Ctx, tx: Db, req: AfterSaleRow, event: AfterSaleEvent, who: Who, patch: Partial<AfterSaleRow> = {}, detail?: Record<string, unknown>): Promise<AfterSaleRow> {
  const to = afterSaleMachine.transition(req.state, event);
  const now = ctx.clock.now();
  const set = { ...patch, state: to, dueAt: dueAtFor(to, now, timeoutsOf(ctx.config)), closedAt: isOpen(to) ? null : now, updatedAt: now };
  const [row] = await tx.update(afterSales).set(set).where(eq(afterSales.id, req.id)).returning();
  await recordRequestEvent(tx, now, req, event, who, req.state, to, detail);
  await enqueue(tx, now, [{ storeId: req.storeId, topic: `aftersales.${to}`, payload: { afterSaleId: req.id, orderId: req.orderId, storeId: req.storeId } }]);
  if (to !== 'refunding') return row;
  await startRefund(ctx, tx, row);
  // The refund may have finished at once (nothing to send): the row as it is now.
  const [latest] = await tx.select().from(afterSales).where(eq(afterSales.id, req.id));
  return latest;
}
