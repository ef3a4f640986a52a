// What other modules may use of payments.
export { createPayment, newPaymentSql, changePaymentAmount, closePayment, syncPayment, getPayment, type CreatePaymentInput, type PaymentView } from './service.ts';
export { lockPayment } from './attempts.ts';
export { afterAskingProvider } from './timeouts.ts';
export { requestRefund, refundFacts, refundFactsSql, toRefundFacts, type RefundFactsJson, refundAtOnceSql, type RefundFacts, refundState, sweepRefunds, holdRefund, releaseRefund, type RefundRequestInput } from './refunds.ts';
export { paymentSucceeded, refundSucceeded, refundFailed, refundRequested, type PaymentSucceeded, type RefundOutcome, type RefundRequested } from './hooks.ts';
export { paymentRoutes } from './routes.ts';
export { receiveNotification } from './notifications.ts';
export { sandboxSettled, sweepSandbox } from './sandbox/work.ts';
export { sweepPaymentAttempts } from './reconcile.ts';
export { PAYMENT_PURPOSES, PAYMENT_STATES, PAYMENT_REFUND_STATES, type PaymentPurpose, type PaymentState } from './schema.ts';
export type { RefundState } from './rules.ts';
export { sweepPlatformCertificates } from './provider.ts';
export { providerFor, paymentsLog } from './provider.ts';
export { refundRetryDelaySeconds as retryDelaySeconds } from './rules.ts';
export { refusedForGood, WechatPayError } from './wechatpay/client.ts';
