export { createUser, openSession, resolveBearer, getUser, publicUser, userNames, buyerByEmail, accountByEmail, accountContacts } from './service.ts';
export { accountRoutes } from './routes.ts';
export { SessionCache } from './session-cache.ts';
