export { createUser, resolveBearer, getUser, publicUser } from './service.ts';
export { accountRoutes } from './routes.ts';
