// Pure rules of orders: the state machines, how a discount is shared over items, commission, deadlines. No I/O.
import { defineMachine } from '../../kernel/state-machine.ts';
import { applyBasisPoints } from '../../kernel/money.ts';
import type { ItemState, OrderState } from './schema.ts';

export type OrderEvent =
  | 'pay' | 'cancel' | 'payment_timeout' | 'lower_price' | 'change_address'
  | 'ship_part' | 'ship_all' | 'confirm_receipt' | 'auto_receipt' | 'refund_all';

/** Every move an order can make. Anything else is a 409 `order_transition_not_allowed`. */
export const orderMachine = defineMachine<OrderState, OrderEvent>('order', [
  { from: 'awaiting_payment', event: 'pay', to: 'awaiting_shipment' },
  { from: 'awaiting_payment', event: 'cancel', to: 'cancelled' },
  { from: 'awaiting_payment', event: 'payment_timeout', to: 'cancelled' },
  { from: 'awaiting_payment', event: 'lower_price', to: 'awaiting_payment' },
  { from: 'awaiting_payment', event: 'change_address', to: 'awaiting_payment' },
  { from: 'awaiting_shipment', event: 'change_address', to: 'awaiting_shipment' },
  { from: 'awaiting_shipment', event: 'ship_part', to: 'partly_shipped' },
  { from: 'awaiting_shipment', event: 'ship_all', to: 'awaiting_receipt' },
  { from: 'partly_shipped', event: 'ship_part', to: 'partly_shipped' },
  { from: 'partly_shipped', event: 'ship_all', to: 'awaiting_receipt' },
  { from: 'awaiting_receipt', event: 'confirm_receipt', to: 'completed' },
  { from: 'awaiting_receipt', event: 'auto_receipt', to: 'completed' },
  // After-sales: every item refunded.
  { from: 'awaiting_shipment', event: 'refund_all', to: 'closed_refunded' },
  { from: 'partly_shipped', event: 'refund_all', to: 'closed_refunded' },
  { from: 'awaiting_receipt', event: 'refund_all', to: 'closed_refunded' },
  { from: 'completed', event: 'refund_all', to: 'closed_refunded' },
]);

/** The moves a person may make on an order, as the web offers them. */
export const ORDER_ACTIONS = ['pay', 'confirm_receipt', 'change_address', 'cancel', 'ship', 'lower_price'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];
const ORDER_ACTION_EVENTS: Record<OrderAction, { role: 'buyer' | 'merchant'; events: OrderEvent[] }> = {
  pay: { role: 'buyer', events: ['pay'] },
  confirm_receipt: { role: 'buyer', events: ['confirm_receipt'] },
  change_address: { role: 'buyer', events: ['change_address'] },
  cancel: { role: 'buyer', events: ['cancel'] },
  ship: { role: 'merchant', events: ['ship_part', 'ship_all'] },
  lower_price: { role: 'merchant', events: ['lower_price'] },
};

/** What the buyer or the merchant may do with an order in its state now, the main move first (from the table above). */
export function orderActions(state: OrderState, role: 'buyer' | 'merchant'): OrderAction[] {
  return ORDER_ACTIONS.filter((a) => ORDER_ACTION_EVENTS[a].role === role && ORDER_ACTION_EVENTS[a].events.some((e) => orderMachine.can(state, e)));
}

export type ItemEvent = 'pay' | 'cancel' | 'ship' | 'receive' | 'refund_full';

export const itemMachine = defineMachine<ItemState, ItemEvent>('order_item', [
  { from: 'awaiting_payment', event: 'pay', to: 'awaiting_shipment' },
  { from: 'awaiting_payment', event: 'cancel', to: 'cancelled' },
  { from: 'awaiting_shipment', event: 'ship', to: 'shipped' },
  { from: 'shipped', event: 'receive', to: 'received' },
  { from: 'awaiting_shipment', event: 'refund_full', to: 'closed' },
  { from: 'shipped', event: 'refund_full', to: 'closed' },
  { from: 'received', event: 'refund_full', to: 'closed' },
]);

/** States in which the buyer still owes nothing and the order still holds stock. */
export const UNPAID: OrderState = 'awaiting_payment';

/**
 * Shares a discount over item amounts in proportion to them, in whole minor units (largest remainder), so the
 * shares add up to the discount exactly and no item's share exceeds its amount.
 */
export function allocateDiscount(amounts: number[], discount: number): number[] {
  const total = amounts.reduce((s, a) => s + a, 0);
  if (discount <= 0 || total <= 0) return amounts.map(() => 0);
  if (discount > total) throw new RangeError('discount exceeds the amounts');
  const exact = amounts.map((a) => (BigInt(a) * BigInt(discount)));
  const shares = exact.map((e) => Number(e / BigInt(total)));
  let left = discount - shares.reduce((s, a) => s + a, 0);
  const order = exact
    .map((e, i) => ({ i, rem: e % BigInt(total) }))
    .sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) {
    if (left === 0) break;
    if (shares[i] < amounts[i]) {
      shares[i] += 1;
      left -= 1;
    }
  }
  return shares;
}

/** What an item earns the platform: its paid amount less refunds, times the category commission. */
export function itemCommission(item: { amount: number; discount: number; refundedAmount: number; commissionBp: number }): number {
  return applyBasisPoints(item.amount - item.discount - item.refundedAmount, item.commissionBp);
}

/**
 * The settlement of an order: gross paid less refunds, commission per item, net to the store. The shipping fee is
 * the store's (it pays the carrier): it counts in the gross and the store gets all of it, with no commission on it.
 * An item's `discount` is every reduction of its list amount: the merchant's lower price, member pricing, coupons
 * and points (pricing/after-sales.ts orderItemMoney). They are all the store's: the store pays for its coupons and
 * points by being settled on what the buyer paid, and the commission is computed on that.
 */
export function settlementOf(items: { amount: number; discount: number; refundedAmount: number; commissionBp: number }[], shippingFee = 0) {
  const gross = items.reduce((s, i) => s + i.amount - i.discount - i.refundedAmount, 0) + shippingFee;
  const commission = items.reduce((s, i) => s + itemCommission(i), 0);
  return { gross, commission, net: gross - commission };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const addMinutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);
export const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY_MS);
