/** Runs the server bundle with V8's code cache (scripts/run-server.mjs). */
export function runServer(bundleFile: string | URL): { exports: Record<string, unknown>; cacheUsed: boolean; cacheWritten: Promise<boolean> };
/** A source map read for lookups: `file:line:column` (1-based) of a generated place (0-based), if mapped. */
export function readSourceMap(file: string): { find(line: number, column: number): string | undefined } | false;
