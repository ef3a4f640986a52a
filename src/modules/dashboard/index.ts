// The merchant's home (dashboard): reads other modules only through their index.ts; nothing imports it but app.ts.
export { dashboardRoutes } from './routes.ts';
