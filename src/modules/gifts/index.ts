// What other modules (and app.ts) may use of gifts.
export { giftRoutes } from './routes.ts';
export { followGiftPayments, sweepGiftExpiry, sweepGiftPaymentTimeouts } from './lifecycle.ts';
export { sweepLotteryDraws } from './lottery.ts';
export { forgetTokenMisses } from './tokens.ts';
export { drawWinners, giftMachine } from './rules.ts';
