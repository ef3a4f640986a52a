// What other modules (and app.ts) may use of orders.
export { orderRoutes } from './routes.ts';
export { followPayments, markOrdersPaid, sweepPaymentTimeouts, sweepAutoReceipt, lockOrder, recordEvent } from './lifecycle.ts';
export { sweepSettlements } from './settlement.ts';
export { orderMachine, itemMachine } from './rules.ts';
