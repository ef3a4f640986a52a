/** What `node <serverBundle>` runs (.tmp/server/main.mjs): the bundle, through scripts/run-server.mjs. */
export const serverBundle: string;
/** The bundle itself (.tmp/server/app.cjs, a script). */
export const serverCode: string;
/** Bundles src/main.ts into serverCode (and writes serverBundle). */
export function buildServer(): Promise<void>;
/** Bundles it when a file it was made of changed since. */
export function buildServerIfStale(): Promise<void>;
/** Whether the bundle is missing or older than a file it was made of. */
export function serverStale(): boolean;
