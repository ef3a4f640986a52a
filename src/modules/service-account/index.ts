// What other modules (and app.ts) may use of the service account.
export { serviceAccountRoutes } from './routes.ts';
export { followEventsForNotices } from './notices.ts';
export { InboxLive } from './live.ts';
export { writeMessage, INBOX_CHANNEL } from './inbox.ts';
export { sweepBroadcasts, sweepScheduledBroadcasts } from './broadcasts.ts';
export { followedStoreIds } from './followed.ts';
export { followDeliveriesForReminders, sweepRepurchaseReminders, sweepCouponSends, repeatPurchase } from './repurchase.ts';
export { sweepExpiryNotices } from './expiry-notices.ts';
