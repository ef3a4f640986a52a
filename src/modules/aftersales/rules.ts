// Pure rules of after-sales: the request state machine (one table), which event a type takes, the deadlines of
// each waiting state, and what may be asked back. No I/O.
import { defineMachine } from '../../kernel/state-machine.ts';
import type { ItemState, RefundState } from '../orders/schema.ts';
import { OPEN_AFTERSALE_STATES, type AfterSaleState, type AfterSaleType } from './schema.ts';

export const AFTERSALE_EVENTS = [
  // the merchant (or its silence)
  'accept_refund', 'accept_return', 'reject', 'propose', 'merchant_timeout_refund', 'merchant_timeout_return',
  // the buyer
  'cancel', 'accept_proposal_refund', 'accept_proposal_return', 'decline_proposal', 'ship_return', 'open_dispute',
  'confirm_exchange',
  // returns
  'return_timeout', 'confirm_receipt_refund', 'reship_exchange', 'receipt_timeout', 'exchange_timeout',
  // money
  'refund_succeeded', 'refund_failed', 'retry_refund',
  // disputes
  'dispute_window_passed', 'operator_refund', 'operator_reject',
] as const;
export type AfterSaleEvent = (typeof AFTERSALE_EVENTS)[number];
/** What a request's timeline records: its creation, then each move of the machine. */
export const AFTERSALE_TIMELINE_EVENTS = ['created', ...AFTERSALE_EVENTS] as const;
export type AfterSaleTimelineEvent = (typeof AFTERSALE_TIMELINE_EVENTS)[number];

/** Every move a request can make; anything else is a 409 `after_sale_transition_not_allowed`. */
export const afterSaleMachine = defineMachine<AfterSaleState, AfterSaleEvent>('after_sale', [
  // The merchant answers: accept (refund only: the money goes; return or exchange: the buyer sends it back),
  // reject with a reason, or propose other terms. Silent past the deadline counts as accepting.
  { from: 'merchant_processing', event: 'accept_refund', to: 'refunding' },
  { from: 'merchant_processing', event: 'accept_return', to: 'waiting_buyer_return' },
  { from: 'merchant_processing', event: 'merchant_timeout_refund', to: 'refunding' },
  { from: 'merchant_processing', event: 'merchant_timeout_return', to: 'waiting_buyer_return' },
  { from: 'merchant_processing', event: 'reject', to: 'merchant_rejected' },
  { from: 'merchant_processing', event: 'propose', to: 'waiting_buyer_confirm' },
  { from: 'merchant_processing', event: 'cancel', to: 'user_cancelled' },
  // Other terms: the buyer takes them (the agreed amount is the proposal's) or sends it back to the merchant.
  { from: 'waiting_buyer_confirm', event: 'accept_proposal_refund', to: 'refunding' },
  { from: 'waiting_buyer_confirm', event: 'accept_proposal_return', to: 'waiting_buyer_return' },
  { from: 'waiting_buyer_confirm', event: 'decline_proposal', to: 'merchant_processing' },
  { from: 'waiting_buyer_confirm', event: 'cancel', to: 'user_cancelled' },
  // Rejected: the buyer may open a dispute within the window; after it the request is closed.
  { from: 'merchant_rejected', event: 'open_dispute', to: 'in_dispute' },
  { from: 'merchant_rejected', event: 'cancel', to: 'user_cancelled' },
  { from: 'merchant_rejected', event: 'dispute_window_passed', to: 'closed' },
  { from: 'in_dispute', event: 'operator_refund', to: 'refunding' },
  { from: 'in_dispute', event: 'operator_reject', to: 'closed' },
  // Returns: the buyer ships it back in time or the request closes; the merchant confirms receipt in time or the
  // refund goes out anyway. An exchange is reshipped instead of refunded.
  { from: 'waiting_buyer_return', event: 'ship_return', to: 'waiting_merchant_receipt' },
  { from: 'waiting_buyer_return', event: 'return_timeout', to: 'return_closed' },
  { from: 'waiting_buyer_return', event: 'cancel', to: 'user_cancelled' },
  { from: 'waiting_merchant_receipt', event: 'confirm_receipt_refund', to: 'refunding' },
  { from: 'waiting_merchant_receipt', event: 'reship_exchange', to: 'exchange_reshipped' },
  { from: 'waiting_merchant_receipt', event: 'receipt_timeout', to: 'refunding' },
  { from: 'exchange_reshipped', event: 'confirm_exchange', to: 'completed' },
  { from: 'exchange_reshipped', event: 'exchange_timeout', to: 'completed' },
  // Money: the provider's answer; a failed refund can be sent again.
  { from: 'refunding', event: 'refund_succeeded', to: 'refunded' },
  { from: 'refunding', event: 'refund_failed', to: 'refund_failed' },
  { from: 'refund_failed', event: 'retry_refund', to: 'refunding' },
]);

/** The event of a merchant's acceptance (or its silence, or the buyer taking the proposal) for a type of request. */
export const acceptEvent = (type: AfterSaleType) => (type === 'refund' ? 'accept_refund' : 'accept_return');
export const merchantTimeoutEvent = (type: AfterSaleType) => (type === 'refund' ? 'merchant_timeout_refund' : 'merchant_timeout_return');
export const acceptProposalEvent = (type: AfterSaleType) => (type === 'refund' ? 'accept_proposal_refund' : 'accept_proposal_return');

/** The timeout event of each state that has one (the sweep fires it at due_at). */
export function timeoutEvent(state: AfterSaleState, type: AfterSaleType): AfterSaleEvent | null {
  switch (state) {
    case 'merchant_processing': return merchantTimeoutEvent(type);
    case 'waiting_buyer_return': return 'return_timeout';
    case 'waiting_merchant_receipt': return 'receipt_timeout';
    case 'merchant_rejected': return 'dispute_window_passed';
    case 'exchange_reshipped': return 'exchange_timeout';
    default: return null;
  }
}

/** The deadline settings, hours (each a named setting in config.ts: afterSales*). */
export type AfterSaleTimeouts = { merchantResponseHours: number; buyerReturnDays: number; merchantReceiptDays: number; disputeWindowDays: number; exchangeReceiptDays: number };

const HOUR = 60 * 60 * 1000;
/** When the state reached now times out (null: it waits for nobody's deadline). */
export function dueAtFor(state: AfterSaleState, now: Date, t: AfterSaleTimeouts): Date | null {
  const hours =
    state === 'merchant_processing' ? t.merchantResponseHours :
    state === 'waiting_buyer_return' ? t.buyerReturnDays * 24 :
    state === 'waiting_merchant_receipt' ? t.merchantReceiptDays * 24 :
    state === 'merchant_rejected' ? t.disputeWindowDays * 24 :
    state === 'exchange_reshipped' ? t.exchangeReceiptDays * 24 : null;
  return hours === null ? null : new Date(now.getTime() + hours * HOUR);
}

/** At most this many requests per item, ever (and one open at a time: a unique index). */
export const MAX_REQUESTS_PER_ITEM = 5;

/**
 * What may still be asked back for `quantity` of an item: its paid share for those units (the item's paid amount
 * pro rata, rounded down), all that is left when the request takes the last units not refunded yet (so rounding
 * never strands a cent), and never more than what is left unrefunded of the item.
 */
export function refundableFor(item: { quantity: number; amount: number; discount: number; refundedAmount: number }, quantity: number, takesTheRest: boolean): number {
  const paid = item.amount - item.discount;
  const left = paid - item.refundedAmount;
  if (takesTheRest) return Math.max(0, left);
  const share = Number((BigInt(paid) * BigInt(quantity)) / BigInt(item.quantity));
  return Math.max(0, Math.min(share, left));
}

// ---- what the buyer may ask about an item now

/** Why nothing may be asked about an item now. */
export const AFTERSALE_REFUSALS = ['not_paid', 'refunded', 'window_closed', 'request_open', 'limit_reached'] as const;
export type AfterSaleRefusal = (typeof AFTERSALE_REFUSALS)[number];

export type ItemFacts = {
  state: ItemState;
  refundState: RefundState;
  /** The states of every request of the item so far. */
  requests: AfterSaleState[];
  /** When the after-sales window of a received item closes (null: the item is not received yet). */
  windowClosesAt: Date | null;
};
export type Askable = { types: AfterSaleType[]; reason: AfterSaleRefusal | null };

/**
 * What the buyer may ask about an item now: nothing before payment or after cancellation, after a full refund, once
 * the window after receipt closed, while a request is open, or after five requests; an item not shipped yet only a
 * refund (nothing to send back); else a refund, a return or an exchange. The one rule: creating a request checks it,
 * the order detail and the gifts answer it.
 */
export function askableTypes(item: ItemFacts, now: Date): Askable {
  const no = (reason: AfterSaleRefusal): Askable => ({ types: [], reason });
  if (item.state === 'awaiting_payment' || item.state === 'cancelled') return no('not_paid');
  if (item.state === 'closed' || item.refundState === 'full') return no('refunded');
  if (item.state === 'received' && item.windowClosesAt && now >= item.windowClosesAt) return no('window_closed');
  if (item.requests.some((s) => OPEN_AFTERSALE_STATES.includes(s))) return no('request_open');
  if (item.requests.length >= MAX_REQUESTS_PER_ITEM) return no('limit_reached');
  return { types: item.state === 'awaiting_shipment' ? ['refund'] : ['refund', 'return', 'exchange'], reason: null };
}

/**
 * What may be asked back now for 1, 2, … of the units not refunded yet (index 0: one unit), as refundableFor counts
 * it; `refundedUnits` are the units earlier requests already gave back in money.
 */
export function refundableByQuantity(item: { quantity: number; amount: number; discount: number; refundedAmount: number }, refundedUnits: number): number[] {
  const left = Math.max(0, item.quantity - refundedUnits);
  return Array.from({ length: left }, (_, i) => refundableFor(item, i + 1, refundedUnits + i + 1 >= item.quantity));
}

const DAY = 24 * HOUR;
/**
 * When the after-sales window of a received order closes: the settlement date fixed at receipt (the platform's days,
 * or the store's when longer then), or later when the store gives more days now.
 */
export function windowClosesAt(order: { receivedAt: Date | null; settleAt: Date | null }, storeDays: number | null): Date | null {
  if (!order.receivedAt) return null;
  const byStore = storeDays ? new Date(order.receivedAt.getTime() + storeDays * DAY) : null;
  const ends = [order.settleAt, byStore].filter((d): d is Date => d !== null);
  return ends.length ? new Date(Math.max(...ends.map((d) => d.getTime()))) : null;
}

// ---- what each side may do with a request now

/** Who a request waits for in each state (the owner of its deadline): null once it is final. */
export const AFTERSALE_WAITING = ['buyer', 'merchant', 'operator', 'payment'] as const;
export type AfterSaleWaiting = (typeof AFTERSALE_WAITING)[number];
export function waitingFor(state: AfterSaleState): AfterSaleWaiting | null {
  switch (state) {
    case 'merchant_processing': case 'waiting_merchant_receipt': case 'refund_failed': return 'merchant';
    case 'waiting_buyer_confirm': case 'waiting_buyer_return': case 'merchant_rejected': case 'exchange_reshipped': return 'buyer';
    case 'in_dispute': return 'operator';
    case 'refunding': return 'payment';
    default: return null;
  }
}

/** The moves on a request, named as the path of their route (POST .../after-sales/:id/<action>). */
export const AFTERSALE_ACTIONS = [
  // the buyer
  'accept-proposal', 'decline-proposal', 'dispute', 'return-shipment', 'confirm-exchange', 'cancel',
  // the merchant
  'accept', 'propose', 'reject', 'confirm-receipt', 'reship',
  // the operator
  'decide',
  // the merchant and the operator
  'retry-refund',
] as const;
export type AfterSaleAction = (typeof AFTERSALE_ACTIONS)[number];
export type AfterSaleRole = 'buyer' | 'merchant' | 'operator';

/** The events an action fires for a type of request (an action is possible when one of them is allowed now). */
function eventsOf(action: AfterSaleAction, type: AfterSaleType): AfterSaleEvent[] {
  switch (action) {
    case 'accept-proposal': return [acceptProposalEvent(type)];
    case 'decline-proposal': return ['decline_proposal'];
    case 'dispute': return ['open_dispute'];
    case 'return-shipment': return ['ship_return'];
    case 'confirm-exchange': return ['confirm_exchange'];
    case 'cancel': return ['cancel'];
    case 'accept': return [acceptEvent(type)];
    case 'propose': return ['propose'];
    case 'reject': return ['reject'];
    case 'confirm-receipt': return type === 'exchange' ? [] : ['confirm_receipt_refund'];
    case 'reship': return type === 'exchange' ? ['reship_exchange'] : [];
    case 'decide': return ['operator_refund', 'operator_reject'];
    case 'retry-refund': return ['retry_refund'];
  }
}

const ACTIONS_OF: Record<AfterSaleRole, AfterSaleAction[]> = {
  buyer: ['accept-proposal', 'decline-proposal', 'dispute', 'return-shipment', 'confirm-exchange', 'cancel'],
  merchant: ['accept', 'propose', 'reject', 'confirm-receipt', 'reship', 'retry-refund'],
  operator: ['decide', 'retry-refund'],
};

/**
 * What the caller may do with a request now, the main move first: the moves of its role that the state machine allows
 * from the request's state (a rejection is disputed only before its deadline).
 */
export function afterSaleActions(req: { state: AfterSaleState; type: AfterSaleType; dueAt: Date | null }, role: AfterSaleRole, now: Date): AfterSaleAction[] {
  return ACTIONS_OF[role].filter((a) => {
    if (a === 'dispute' && req.dueAt && req.dueAt <= now) return false;
    return eventsOf(a, req.type).some((e) => afterSaleMachine.can(req.state, e));
  });
}
