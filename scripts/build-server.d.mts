/** Where the server bundle is written (.tmp/server/main.mjs). */
export const serverBundle: string;
/** Bundles src/main.ts into serverBundle. */
export function buildServer(): Promise<void>;
/** Bundles it when a file it was made of changed since. */
export function buildServerIfStale(): Promise<void>;
/** Whether the bundle is missing or older than a file it was made of. */
export function serverStale(): boolean;
