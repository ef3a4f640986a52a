// Pure rules of payments: the state machines, which prepay attempt may be reused, amount checks, retry delays.
import { defineMachine } from '../../kernel/state-machine.ts';
import type { PaymentState } from './schema.ts';

export type PaymentEvent = 'pay' | 'close' | 'pay_after_close';

/** Every move a payment can make. A success for a closed payment is taken (the money is real) and refunded. */
export const paymentMachine = defineMachine<PaymentState, PaymentEvent>('payment', [
  { from: 'awaiting', event: 'pay', to: 'paid' },
  { from: 'awaiting', event: 'close', to: 'closed' },
  { from: 'closed', event: 'pay_after_close', to: 'paid' },
]);

export type RefundState = 'pending' | 'processing' | 'succeeded' | 'failed';
export type RefundEvent = 'accepted' | 'succeed' | 'fail';

export const refundMachine = defineMachine<RefundState, RefundEvent>('refund', [
  { from: 'pending', event: 'accepted', to: 'processing' },
  { from: 'pending', event: 'succeed', to: 'succeeded' },
  { from: 'processing', event: 'succeed', to: 'succeeded' },
  { from: 'pending', event: 'fail', to: 'failed' },
  { from: 'processing', event: 'fail', to: 'failed' },
]);

/** The refund event a provider's refund status means (PROCESSING: accepted, not yet done). */
export function refundEventOf(status: 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL'): RefundEvent {
  return status === 'SUCCESS' ? 'succeed' : status === 'PROCESSING' ? 'accepted' : 'fail';
}

/** Successes nobody wants any more, refunded in full automatically (the refund's source), and the reason given. */
export const UNWANTED_PAYMENT_REASONS = {
  paid_after_close: 'Paid after the order was closed',
  paid_twice: 'Paid twice',
  paid_stale_amount: 'Paid an amount the order no longer costs',
} as const;
export type UnwantedPayment = keyof typeof UNWANTED_PAYMENT_REASONS;
export const isUnwantedPayment = (source: string): source is UnwantedPayment => Object.hasOwn(UNWANTED_PAYMENT_REASONS, source);

/** A prepay_id is valid for two hours; an attempt older than this gets a new one. */
export const PREPAY_REUSE_MS = 110 * 60 * 1000;

type AttemptFacts = {
  method: string; amount: number; currency: string; state: string; prepayId: string | null; codeUrl: string | null; createdAt: Date; providerFinal: boolean;
};

/** May this open attempt serve a new prepay of this method for the payment's current amount? */
export function canReuseAttempt(a: AttemptFacts, want: { method: string; amount: number; currency: string }, now: Date): boolean {
  return (
    a.state === 'open' && !a.providerFinal && a.method === want.method && a.amount === want.amount && a.currency === want.currency &&
    !!(a.prepayId || a.codeUrl) && now.getTime() - a.createdAt.getTime() < PREPAY_REUSE_MS
  );
}

/**
 * What the reconciliation does with an attempt, given the provider's trade_state (null: the provider does not know
 * it) and whether the attempt must no longer be payable (Trio closed it, or its payment's time ran out):
 * apply a success, take the answer as final, close it at the provider, or ask again later.
 */
export type AttemptVerdict = 'apply' | 'final' | 'close' | 'wait';
const VERDICTS: Record<string, { payable: AttemptVerdict; unwanted: AttemptVerdict }> = {
  SUCCESS: { payable: 'apply', unwanted: 'apply' },
  // Paid, then (partly) refunded: only a success Trio applied is ever refunded.
  REFUND: { payable: 'final', unwanted: 'final' },
  CLOSED: { payable: 'final', unwanted: 'final' },
  REVOKED: { payable: 'final', unwanted: 'final' },
  NOTPAY: { payable: 'wait', unwanted: 'close' },
  USERPAYING: { payable: 'wait', unwanted: 'close' },
  PAYERROR: { payable: 'wait', unwanted: 'close' },
  // Unknown to the provider: a prepay never made (final once Trio closed it), or one still on its way.
  UNKNOWN: { payable: 'wait', unwanted: 'final' },
};
export function attemptVerdict(tradeState: string | null, unwanted: boolean): AttemptVerdict {
  const row = VERDICTS[tradeState ?? 'UNKNOWN'] ?? { payable: 'wait', unwanted: 'wait' };
  return unwanted ? row.unwanted : row.payable;
}

export type AmountCheck = { ok: true } | { ok: false; detail: string };

/** A paid amount must be the attempt's and the payment's, in their currency, to the fen. */
export function checkPaidAmount(paid: { total: number; currency: string }, attempt: { amount: number; currency: string }, payment: { amount: number; currency: string }): AmountCheck {
  if (paid.currency !== attempt.currency || paid.currency !== payment.currency) {
    return { ok: false, detail: `currency ${paid.currency}, expected ${payment.currency}` };
  }
  if (paid.total !== attempt.amount) return { ok: false, detail: `amount ${paid.total} differs from the attempt's ${attempt.amount}` };
  if (paid.total !== payment.amount) return { ok: false, detail: `amount ${paid.total} differs from the payment's ${payment.amount}` };
  return { ok: true };
}

/** Seconds before the next try of a refund after its n-th attempt (1-based): base, 2 base, 4 base ... at most 6 h. */
export function refundRetryDelaySeconds(baseSeconds: number, attempt: number): number {
  return Math.min(6 * 3600, baseSeconds * 2 ** Math.min(Math.max(attempt - 1, 0), 16));
}

/** WeChat Pay takes descriptions of at most 127 characters. */
export function providerDescription(description: string): string {
  return Array.from(description.trim()).slice(0, 127).join('') || 'Trio';
}

/** When the provider cannot be reached for a prepay, the buyer is told to try again after this many seconds (Retry-After). */
export const PROVIDER_RETRY_AFTER_SECONDS = 2;
