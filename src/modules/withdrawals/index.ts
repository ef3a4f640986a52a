// What other modules (and app.ts, the scheduler) may use of withdrawals.
export { withdrawalRoutes } from './routes.ts';
export { sweepReceivers, sweepApprovedWithdrawals, sweepShares } from './payout.ts';
export { followRefundsForReturns, orderShared, orderSharedSql, sweepReturns } from './returns.ts';
