// What other modules (and app.ts) may use of orders.
export { orderRoutes, addressBody } from './routes.ts';
export { followPayments, markOrdersPaid, sweepPaymentTimeouts, sweepAutoReceipt, lockOrder, recordEvent, confirmReceipt } from './lifecycle.ts';
export { createGiftOrder, type GiftOrderInput } from './gift-orders.ts';
export { sweepSettlements } from './settlement.ts';
export { orderMachine, itemMachine } from './rules.ts';
export { giftOrderFacts } from './views.ts';
export { storeOrderFiguresSql, popularProductIds } from './dashboard.ts';
