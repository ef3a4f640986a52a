// Signed-in requests resolve their session from a per-process cache instead of a query each. Every sign-out and
// revocation bumps a version row (and NOTIFYs) in its transaction, which empties every process's cache; expiry is
// checked against the clock on every hit.
import type { Db } from '../../db/client.ts';
import { bump, VersionedCache, versionRow } from '../../kernel/versioned-cache.ts';

export const sessionVersioned = versionRow('trio_sessions', 'session_version');

/** A session ended or a credential was revoked: no process may keep serving it from its cache. */
export async function sessionsChanged(tx: Db) {
  await bump(tx, sessionVersioned);
}

export class SessionCache extends VersionedCache {
  constructor(db: Db, opts: { databaseUrl?: string; maxEntries?: number; onError?: (err: unknown) => void }) {
    super(db, sessionVersioned, { maxEntries: 20_000, ...opts });
  }
}
