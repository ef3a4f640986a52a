// What other modules may use of merchant onboarding.
export { listingEligibility, depositSummary, recordDepositPayment, followDepositPayments, type ListingEligibility } from './deposits.ts';
export { addPaidGmv, openGmvSlots, paidGmvCtes, paidGmvOf, paidGmvSql } from './paid-gmv.ts';
export { getStore, storeStatus, publicStore, storeNames, storeNameSql, storeOpenSql } from './stores.ts';
export { merchantRoutes } from './routes.ts';
export { storeRole } from './staff.ts';
export { effectiveCommissionBp } from './rules.ts';
export { depositCoverageChanged, storeStatusChanged } from './hooks.ts';
export { CategoryTreeCache, commissionBpSql } from './categories.ts';
export { checkReadable } from './documents.ts';
export { DOCUMENT_TYPES, sniffDocumentType } from './rules.ts';
