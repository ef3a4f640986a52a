// What other modules (and app.ts) may use of orders.
export { orderRoutes, addressBody, storeChoice, storePricing } from './routes.ts';
export { priceLine } from './cart.ts';
export { miniSiteOrderRoutes } from './mini-site-routes.ts';
export { followPayments, markOrdersPaid, sweepPaidByDiscounts, sweepPaymentTimeouts, sweepAutoReceipt, lockOrder, recordEvent, confirmReceipt, refundShippingFee, retryShippingFeeRefund } from './lifecycle.ts';
export { createGiftOrder, giftOrderCtes, giftOrdersCtes, type GiftOrderInput, type GiftOrdersInput } from './gift-orders.ts';
export { sweepSettlements, moveBalance, takeForWithdrawal, returnWithdrawal, availableBalance, creditProfitSharingReturn } from './settlement.ts';
export { orderMachine, itemMachine } from './rules.ts';
export { giftOrderFacts, orderDetail, type ShipmentParcel } from './views.ts';
export { carrierList, checkParcel, parcelView, type ParcelCarrier } from './carriers.ts';
export { parcelBody, parcelFacts } from './carrier-schemas.ts';
export { storeOrderFiguresSql, popularProductIds } from './dashboard.ts';
export { couponsBackAfterRefund, giveBackUnclaimed, giveBackUnpaidGift, pointsBackForRefund, useCoupons } from './discounts-back.ts';
export { chose, priceCheckout, type Priced } from './checkout.ts';
export { spendCtes, spentCheck, spendRefused } from './spend.ts';
export { guardsMembership, priceOrReplay, pricingShape, sendStatement, statementAnswerSql, type Pricing, type StatementRow } from './one-statement.ts';
export type { StoreChoice } from './pricing.ts';
export { CHECKOUT_GATE_SLOTS, checkoutsInBatches } from './batched-checkout.ts';
