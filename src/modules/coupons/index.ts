// What other modules (and app.ts, the scheduler) may use of coupons.
import { subscribe } from '../../kernel/outbox.ts';
import { MEMBER_JOINED } from '../membership/reads.ts';
import { giveSignupCoupon } from './service.ts';

export { couponRoutes } from './routes.ts';
export { usableCoupons, usableCouponsSql, toUsableCoupon, type UsableCoupon, type UsableCouponRow } from './reads.ts';
export { sweepCouponOffers, sweepHeldCouponExpiry, publicCoupon, claimableCoupons, sendCoupon } from './service.ts';

async function onMemberJoined(msg: { storeId: string | null; payload: Record<string, unknown>; createdAt: Date }, tx: import('../../db/client.ts').Db) {
  const storeId = String(msg.payload.storeId ?? msg.storeId);
  const buyerId = String(msg.payload.buyerId);
  await giveSignupCoupon(tx, msg.createdAt, storeId, buyerId);
}

/** A new member is given the program's sign-up coupon (once, while it has stock). Wired at start (app.ts). */
export function followMemberJoined() {
  subscribe(MEMBER_JOINED, onMemberJoined);
}
