// What comes back: the merchant confirms a return's receipt (its stock comes back, the refund goes out) or reships
// an exchange (the new SKU's stock is taken, the returned one's comes back).
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Conflict } from '../../kernel/errors.ts';
import { moveStock } from '../catalog/index.ts';
import { checkParcel, type ParcelCarrier } from '../orders/carriers.ts';
import { orderItems, orders } from '../orders/schema.ts';
import { lockWithPayment, moveRequest, type AfterSaleRow } from './lifecycle.ts';
import { afterSaleMachine, type AfterSaleEvent } from './rules.ts';
import type { AfterSaleType } from './schema.ts';

/** Receipt is confirmed for returns, reshipping for exchanges: the other is the usual 409 of a move not allowed. */
function onlyFor(req: AfterSaleRow, type: AfterSaleType, event: AfterSaleEvent) {
  afterSaleMachine.transition(req.state, event);
  if (req.type !== type) {
    throw new Conflict('after_sale_transition_not_allowed', `A ${req.type} request cannot "${event}"${type === 'return' ? '; reship the exchange instead' : ''}.`, { state: req.state, event, type: req.type });
  }
}

/** The SKU that comes back; the order and its item are locked first (locks: payment, request, order, items, skus). */
async function returnedSku(tx: Db, req: AfterSaleRow) {
  await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, req.orderId)).for('update');
  const [item] = await tx.select({ skuId: orderItems.skuId }).from(orderItems).where(eq(orderItems.id, req.orderItemId)).for('update');
  return item.skuId;
}

/** A return arrived: its units go back in stock, then the refund goes out. */
export async function confirmReturnReceipt(ctx: Ctx, tx: Db, storeId: string, actorId: string | null, id: string): Promise<AfterSaleRow> {
  const req = await lockWithPayment(tx, { storeId }, id);
  onlyFor(req, 'return', 'confirm_receipt_refund');
  await moveStock(tx, ctx.clock.now(), actorId, storeId, await returnedSku(tx, req), { op: 'add', quantity: req.quantity, reason: 'return', note: `after-sale ${req.id}` });
  return moveRequest(ctx, tx, req, 'confirm_receipt_refund', { role: 'merchant', id: actorId });
}

/** An exchange: the returned units go back in stock, the wanted SKU's are taken (409 stock_insufficient when short) and shipped. */
export async function reshipExchange(ctx: Ctx, tx: Db, storeId: string, actorId: string | null, id: string, sent: ParcelCarrier): Promise<AfterSaleRow> {
  const req = await lockWithPayment(tx, { storeId }, id);
  onlyFor(req, 'exchange', 'reship_exchange');
  const parcel = checkParcel(sent);
  const now = ctx.clock.now();
  const back = await returnedSku(tx, req);
  const out = req.exchangeSkuId!;
  const note = `after-sale ${req.id}`;
  // Skus in id order, as every other path locks them.
  const moves = [
    { skuId: back, move: { op: 'add' as const, quantity: req.quantity, reason: 'return' as const, note } },
    { skuId: out, move: { op: 'subtract' as const, quantity: req.quantity, reason: 'order' as const, note } },
  ].sort((a, b) => a.skuId.localeCompare(b.skuId));
  for (const m of moves) await moveStock(tx, now, actorId, storeId, m.skuId, m.move);
  return moveRequest(ctx, tx, req, 'reship_exchange', { role: 'merchant', id: actorId }, { reshipParcel: { ...parcel, at: now.toISOString() } }, parcel);
}
