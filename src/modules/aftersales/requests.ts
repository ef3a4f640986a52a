// A buyer's after-sales request: created under every rule of the window and the item, then moved by the buyer's and
// the merchant's actions (returns and exchanges in returns.ts).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { skus } from '../catalog/schema.ts';
import { stores } from '../merchants/schema.ts';
import { orderItems, orders } from '../orders/schema.ts';
import { lockWithPayment, moveRequest, recordRequestEvent, timeoutsOf, type AfterSaleRow, type Who } from './lifecycle.ts';
import { attachPhotos } from './photos.ts';
import { checkParcel, type ParcelCarrier } from '../orders/carriers.ts';
import { pickReturnAddress } from './return-addresses.ts';
import { acceptEvent, afterSaleMachine, acceptProposalEvent, askableTypes, dueAtFor, MAX_REQUESTS_PER_ITEM, refundableFor, windowClosesAt } from './rules.ts';
import { afterSales, type AfterSaleType } from './schema.ts';

export type NewRequest = {
  orderItemId: string; type: AfterSaleType; quantity: number; amount?: number; reason: string; detail?: string;
  photoIds?: string[]; exchangeSkuId?: string;
};

type ItemRow = typeof orderItems.$inferSelect;

/** Units of the item already given back in money (every refunded request: refunds, returns, and exchanges refunded instead). */
async function refundedQuantity(tx: Db, itemId: string) {
  const [{ n }] = await tx.select({ n: sql<string>`coalesce(sum(${afterSales.quantity}), 0)` }).from(afterSales)
    .where(and(eq(afterSales.orderItemId, itemId), eq(afterSales.state, 'refunded')));
  return Number(n);
}

/** What may be asked back for `quantity` units of the item now (the rest when these are its last units). */
export async function refundableNow(tx: Db, item: ItemRow, quantity: number) {
  const done = await refundedQuantity(tx, item.id);
  if (quantity > item.quantity - done) {
    throw new Invalid('quantity_exceeds_item', `Only ${item.quantity - done} of this item may still be asked for.`, { quantity: item.quantity - done });
  }
  return refundableFor(item, quantity, done + quantity >= item.quantity);
}

/**
 * An exchange whose return the merchant did not confirm in time is refunded instead (the buyer sent the item back
 * and gets nothing else): what its units may get back, as the agreed amount.
 */
export async function exchangeRefundAmount(tx: Db, req: { orderItemId: string; quantity: number }): Promise<number> {
  const [item] = await tx.select().from(orderItems).where(eq(orderItems.id, req.orderItemId)).for('update');
  return refundableNow(tx, item, req.quantity);
}

/** The buyer asks for a refund, a return or an exchange of an item of their order (a gift's: its recipient). */
export async function createRequest(ctx: Ctx, tx: Db, buyerId: string, orderId: string, input: NewRequest): Promise<AfterSaleRow> {
  const now = ctx.clock.now();
  const [order] = await tx.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.buyerId, buyerId))).for('update');
  if (!order) throw new NotFound('order');
  const [item] = await tx.select().from(orderItems).where(and(eq(orderItems.id, input.orderItemId), eq(orderItems.orderId, order.id))).for('update');
  if (!item) throw new NotFound('order_item');

  // What may be asked now: the one rule (rules.ts askableTypes), answered as a problem naming why not.
  const [store] = await tx.select({ days: stores.afterSalesDays }).from(stores).where(eq(stores.id, order.storeId));
  const closes = windowClosesAt(order, store?.days ?? null);
  const earlier = await tx.select({ state: afterSales.state }).from(afterSales).where(eq(afterSales.orderItemId, item.id));
  const askable = askableTypes({ ...item, requests: earlier.map((r) => r.state), windowClosesAt: closes }, now);
  switch (askable.reason) {
    case 'not_paid': throw new Conflict('order_item_not_paid', 'This item was not paid: there is nothing to ask back.');
    case 'refunded': throw new Conflict('order_item_refunded', 'This item was refunded in full already.');
    case 'window_closed': throw new Conflict('after_sale_window_closed', `After-sales closed on ${closes!.toISOString()}.`, { closedAt: closes!.toISOString() });
    case 'request_open': throw new Conflict('after_sale_open_exists', 'This item already has an open request; follow or cancel it first.');
    case 'limit_reached': throw new Conflict('after_sale_limit_reached', `An item may have at most ${MAX_REQUESTS_PER_ITEM} requests.`, { max: MAX_REQUESTS_PER_ITEM });
    case null: break;
  }
  if (!askable.types.includes(input.type)) {
    throw new Conflict('after_sale_type_not_allowed', 'An item not shipped yet can only be refunded (nothing to send back).', { allowed: askable.types });
  }

  if (input.quantity > item.quantity) throw new Invalid('quantity_exceeds_item', `Only ${item.quantity} of this item were bought.`, { quantity: item.quantity });
  const refundable = await refundableNow(tx, item, input.quantity);
  let amount = 0;
  if (input.type === 'exchange') {
    if (!input.exchangeSkuId) throw new Invalid('exchange_sku_required', 'Name the SKU you want instead (exchangeSkuId).');
    const [sku] = await tx.select({ id: skus.id }).from(skus).where(and(eq(skus.id, input.exchangeSkuId), eq(skus.productId, item.productId), eq(skus.active, true)));
    if (!sku) throw new NotFound('sku', { reason: 'The exchange SKU must be an active SKU of the same product.' });
  } else {
    // A gift's recipient never learns its price: no amount is chosen (nor told back in an error); the whole share of
    // the quantity goes back to the giver's payment.
    if (order.giftId && input.amount !== undefined) {
      throw new Invalid('gift_amount_not_chosen', 'For a gift, send no amount: the whole share of the quantity is refunded to the giver.');
    }
    amount = input.amount ?? refundable;
    if (amount > refundable) throw new Invalid('refund_exceeds_paid', `At most ${refundable} may be asked back for this quantity.`, { refundable });
  }

  const [row] = await tx.insert(afterSales).values({
    storeId: order.storeId, orderId: order.id, orderItemId: item.id, buyerId, paymentId: order.paymentId, type: input.type,
    state: 'merchant_processing', quantity: input.quantity, amount, currency: order.currency, reason: input.reason,
    detail: input.detail ?? '', photoIds: input.photoIds ?? [], exchangeSkuId: input.type === 'exchange' ? input.exchangeSkuId! : null,
    dueAt: dueAtFor('merchant_processing', now, timeoutsOf(ctx.config)), createdAt: now, updatedAt: now,
  }).returning();
  await attachPhotos(tx, ctx.config.afterSalesMaxPhotos, buyerId, order.storeId, input.photoIds ?? []);
  await recordRequestEvent(tx, now, row, 'created', { role: 'buyer', id: buyerId }, null, row.state, { type: row.type, quantity: row.quantity, amount });
  await enqueue(tx, now, [{ storeId: row.storeId, topic: 'aftersales.created', payload: { afterSaleId: row.id, orderId: row.orderId, storeId: row.storeId } }]);
  return row;
}

// ---- the buyer

export type BuyerAction =
  | { action: 'cancel' }
  | { action: 'accept_proposal' }
  | { action: 'decline_proposal' }
  | { action: 'confirm_exchange' }
  | { action: 'dispute'; reason: string }
  | ({ action: 'return_shipment' } & ParcelCarrier);

export async function buyerAct(ctx: Ctx, tx: Db, buyerId: string, id: string, a: BuyerAction): Promise<AfterSaleRow> {
  const req = await lockWithPayment(tx, { buyerId }, id);
  const who: Who = { role: 'buyer', id: buyerId };
  const at = ctx.clock.now().toISOString();
  switch (a.action) {
    case 'cancel': return moveRequest(ctx, tx, req, 'cancel', who);
    case 'accept_proposal': {
      const ev = acceptProposalEvent(req.type);
      return moveRequest(ctx, tx, req, ev, who, req.proposal ? { agreedAmount: req.proposal.amount } : {}, req.proposal ? { amount: req.proposal.amount } : undefined);
    }
    case 'decline_proposal': return moveRequest(ctx, tx, req, 'decline_proposal', who);
    case 'confirm_exchange': return moveRequest(ctx, tx, req, 'confirm_exchange', who);
    case 'dispute':
      if (req.state === 'merchant_rejected' && req.dueAt && req.dueAt <= ctx.clock.now()) {
        throw new Conflict('after_sale_dispute_window_closed', 'The time to dispute this rejection has passed.');
      }
      return moveRequest(ctx, tx, req, 'open_dispute', who, { disputeReason: a.reason }, { reason: a.reason });
    case 'return_shipment': {
      afterSaleMachine.transition(req.state, 'ship_return');
      const checked = checkParcel(a);
      return moveRequest(ctx, tx, req, 'ship_return', who, { returnParcel: { ...checked, at } }, checked);
    }
  }
}

// ---- the merchant

/** A return or an exchange accepted (or offered other terms) goes back to a return address: the one picked, else the default. */
export type MerchantAnswer =
  | { action: 'accept'; returnAddressId?: string }
  | { action: 'reject'; reason: string }
  | { action: 'propose'; amount: number; note: string; returnAddressId?: string };

/** The copy of the return address a return or an exchange keeps (nothing for a refund: nothing comes back). */
async function returnAddressPatch(tx: Db, req: AfterSaleRow, id?: string) {
  return req.type === 'refund' ? {} : { returnAddress: await pickReturnAddress(tx, req.storeId, id) };
}

export async function merchantAnswer(ctx: Ctx, tx: Db, storeId: string, actorId: string | null, id: string, a: MerchantAnswer): Promise<AfterSaleRow> {
  const req = await lockWithPayment(tx, { storeId }, id);
  const who: Who = { role: 'merchant', id: actorId };
  switch (a.action) {
    case 'accept': {
      afterSaleMachine.transition(req.state, acceptEvent(req.type));
      return moveRequest(ctx, tx, req, acceptEvent(req.type), who, await returnAddressPatch(tx, req, a.returnAddressId));
    }
    case 'reject': return moveRequest(ctx, tx, req, 'reject', who, { rejectReason: a.reason }, { reason: a.reason });
    case 'propose': {
      afterSaleMachine.transition(req.state, 'propose');
      const [item] = await tx.select().from(orderItems).where(eq(orderItems.id, req.orderItemId)).for('update');
      const refundable = await refundableNow(tx, item, req.quantity);
      if (a.amount > refundable) throw new Invalid('refund_exceeds_paid', `At most ${refundable} may be refunded for this quantity.`, { refundable });
      const proposal = { amount: a.amount, note: a.note, at: ctx.clock.now().toISOString() };
      return moveRequest(ctx, tx, req, 'propose', who, { proposal, ...(await returnAddressPatch(tx, req, a.returnAddressId)) }, { amount: a.amount, note: a.note });
    }
  }
}
