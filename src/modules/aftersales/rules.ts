// Pure rules of after-sales: the request state machine (one table), which event a type takes, the deadlines of
// each waiting state, and what may be asked back. No I/O.
import { defineMachine } from '../../kernel/state-machine.ts';
import type { AfterSaleState, AfterSaleType } from './schema.ts';

export type AfterSaleEvent =
  // the merchant (or its silence)
  | 'accept_refund' | 'accept_return' | 'reject' | 'propose' | 'merchant_timeout_refund' | 'merchant_timeout_return'
  // the buyer
  | 'cancel' | 'accept_proposal_refund' | 'accept_proposal_return' | 'decline_proposal' | 'ship_return' | 'open_dispute'
  | 'confirm_exchange'
  // returns
  | 'return_timeout' | 'confirm_receipt_refund' | 'reship_exchange' | 'receipt_timeout' | 'exchange_timeout'
  // money
  | 'refund_succeeded' | 'refund_failed' | 'retry_refund'
  // disputes
  | 'dispute_window_passed' | 'operator_refund' | 'operator_reject';

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
