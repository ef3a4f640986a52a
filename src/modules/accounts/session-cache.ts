// Signed-in requests resolve their session from a per-process cache instead of a query each. Every sign-out and
// revocation bumps a version row (and NOTIFYs) in its transaction, which empties every process's cache; expiry is
// checked against the clock on every hit.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bump, VersionedCache, type Versioned } from '../../kernel/versioned-cache.ts';

export const sessionVersioned: Versioned = {
  channel: 'trio_sessions',
  bumpSql: sql`UPDATE session_version SET version = version + 1 WHERE id = 1 RETURNING version`,
  readSql: sql`SELECT version FROM session_version WHERE id = 1`,
};

/** A session ended or a credential was revoked: no process may keep serving it from its cache. */
export async function sessionsChanged(tx: Db) {
  await bump(tx, sessionVersioned);
}

export class SessionCache extends VersionedCache {
  constructor(db: Db, opts: { databaseUrl?: string; maxEntries?: number; onError?: (err: unknown) => void }) {
    super(db, sessionVersioned, { maxEntries: 20_000, ...opts });
  }
}
