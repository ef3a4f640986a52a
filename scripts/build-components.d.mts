/** Builds components/dist/components.js (with ifStale: only when a source is newer); true when it built. */
export function buildComponents(opts?: { ifStale?: boolean }): Promise<boolean>;
