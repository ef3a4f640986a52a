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
