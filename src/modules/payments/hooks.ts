import { createHook } from '../../kernel/hooks.ts';
import type { PaymentPurpose } from './schema.ts';

export type PaymentSucceeded = {
  paymentId: string;
  purpose: PaymentPurpose;
  payerId: string;
  storeId: string | null;
  amount: number;
  currency: string;
  transactionId: string;
  paidAt: Date;
};
export type RefundOutcome = { refundId: string; paymentId: string; storeId: string | null; orderId: string | null; amount: number; source: string };

/** Fired once per payment, inside the transaction that marks it paid (not for a payment paid after it was closed). */
export const paymentSucceeded = createHook<PaymentSucceeded>();
/** Fired once per refund, inside the transaction that records the provider's answer or notification. */
export const refundSucceeded = createHook<RefundOutcome>();
export const refundFailed = createHook<RefundOutcome>();

export type RefundRequested = { refundId: string; paymentId: string; storeId: string | null; orderId: string | null; amount: number; currency: string; source: string };
/**
 * Fired once per refund, inside the transaction that asks for it: a listener may hold it (holdRefund) until what must
 * come first is done (a profit-sharing return), then release it (releaseRefund).
 */
export const refundRequested = createHook<RefundRequested>();
