// What other modules may use of the mini-site module (M6).
export * from './schema.ts';
export * from './signature.ts';
export * from './reads.ts';
export * from './signed-requests.ts';
export { miniSiteRoutes } from './routes.ts';
export { sweepLinkExpiry } from './sweeps.ts';
export { linkMachine, isAllowedOrigin, isAllowedCallbackUrl, MINI_SITE_LOCALES } from './rules.ts';
export * from './notices-schema.ts';
export { followOrdersForNotices, listNotices, noticeDetail, sendNoticeAgain } from './notices.ts';
export { sweepNotices } from './notice-sweep.ts';
export * from './buying.ts';
export * from './custom-media.ts';
export * from './sections-schema.ts';
export { sectionRoutes } from './sections-routes.ts';
export { LinkCache, linksChanged } from './link-cache.ts';
