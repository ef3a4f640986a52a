// The merchant ships some or all items of a paid order, with carrier and tracking number.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../kernel/context.ts';
import { Invalid } from '../../kernel/errors.ts';
import { enqueue } from '../../kernel/outbox.ts';
import { lockOrder, recordEvent } from './lifecycle.ts';
import { checkParcel, type ParcelCarrier } from './carriers.ts';
import { addDays, itemMachine, orderMachine } from './rules.ts';
import { orderItems, orders, shipments } from './schema.ts';

export type ShipmentInput = ParcelCarrier & { itemIds?: string[] };

export async function ship(ctx: Ctx, tx: Db, storeId: string, actorId: string | null, orderId: string, input: ShipmentInput) {
  const o = await lockOrder(tx, { storeId }, orderId);
  // Asks the table first, so an unpaid or finished order gets the state machine's 409.
  orderMachine.transition(o.state, 'ship_part');
  const parcel = checkParcel(input);
  const items = await tx.select().from(orderItems).where(eq(orderItems.orderId, o.id));
  const waiting = items.filter((i) => i.state === 'awaiting_shipment');
  const chosen = input.itemIds ? [...new Set(input.itemIds)] : waiting.map((i) => i.id);
  if (!chosen.length) throw new Invalid('nothing_to_ship', 'Every item of this order has already shipped.');
  for (const id of chosen) {
    const item = items.find((i) => i.id === id);
    if (!item) throw new Invalid('item_not_in_order', 'An item to ship is not part of this order.', { itemId: id });
    itemMachine.transition(item.state, 'ship');
  }
  const now = ctx.clock.now();
  const [shipment] = await tx.insert(shipments).values({ orderId: o.id, storeId, ...parcel, createdBy: actorId, createdAt: now }).returning({ id: shipments.id });
  await tx.update(orderItems).set({ state: 'shipped', shipmentId: shipment.id }).where(and(eq(orderItems.orderId, o.id), inArray(orderItems.id, chosen)));
  const all = waiting.length === chosen.length;
  const to = orderMachine.transition(o.state, all ? 'ship_all' : 'ship_part');
  await tx.update(orders).set({
    state: to, updatedAt: now,
    ...(all ? { shippedAt: now, receiveDeadline: addDays(now, ctx.config.autoReceiptDays) } : {}),
  }).where(eq(orders.id, o.id));
  await recordEvent(tx, now, o, 'shipped', { role: 'merchant', id: actorId }, { ...parcel, items: chosen.length, complete: all });
  await enqueue(tx, now, [
    { storeId, topic: 'order.shipped', payload: { orderId: o.id, storeId, shipmentId: shipment.id, ...parcel, complete: all } },
    // A gift's recipient learns it is on its way (the giver paid; the recipient is the order's buyer).
    ...(o.giftId ? [{ storeId, topic: 'message.gift_shipped', payload: { userId: o.buyerId, giftId: o.giftId, orderId: o.id, ...parcel } }] : []),
  ]);
  return shipment.id;
}
