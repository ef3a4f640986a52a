// What other modules may use of the mini-site module (M6).
export * from './schema.ts';
export * from './signature.ts';
export * from './reads.ts';
export * from './sections-schema.ts';
export { sectionRoutes } from './sections-routes.ts';
