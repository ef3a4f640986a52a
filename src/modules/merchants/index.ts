// What other modules may use of merchant onboarding.
export { listingEligibility, addPaidGmv, depositSummary, type ListingEligibility } from './deposits.ts';
export { isStoreMember, getStore, storeStatus, publicStore } from './stores.ts';
export { merchantRoutes } from './routes.ts';
export { effectiveCommissionBp } from './rules.ts';
export { depositCoverageChanged } from './hooks.ts';
export { CategoryTreeCache } from './categories.ts';
