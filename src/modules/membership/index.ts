// What other modules (and app.ts) may use of membership.
export { memberLevel, memberPricing, memberPricingSql, toMemberPricing, MEMBER_JOINED, type MemberPricing, type MemberPricingRow } from './reads.ts';
export { membershipRoutes } from './routes.ts';
export { followMembership, sweepExpiredPoints, earnForOrder } from './earning.ts';
export { lockMember, takePoints, expireDuePoints, givePointsBack } from './ledger.ts';
export { pointsValue, usablePoints, earnedFor, levelFor } from './rules.ts';
