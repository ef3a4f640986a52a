// What other modules may use of pricing (pure money rules of M6).
export { NO_CHOICE, priceStoreOrder, STACKING_STEPS, type Breakdown, type PricedLine, type PricingChoice, type PricingCoupon, type PricingInput, type PricingRefusal } from './rules.ts';
export { bestChoice, type BestChoice } from './best-choice.ts';
export { couponComesBack, proportionalBack, refundMoves, refundableOf } from './after-sales.ts';
