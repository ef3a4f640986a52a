// Signed-in requests resolve their session from a per-process cache instead of a query each. Every sign-out and
// revocation bumps a version row (and NOTIFYs) in its transaction, which empties every process's cache; expiry is
// checked against the clock on every hit.
import { sql } from 'drizzle-orm';
import { pgArray, queryPrepared, type Db } from '../../db/client.ts';
import { BatchedLookup } from '../../kernel/batched-lookup.ts';
import { bump, VersionedCache, versionRow } from '../../kernel/versioned-cache.ts';
import type { UserRole } from '../../kernel/auth.ts';

export const sessionVersioned = versionRow('trio_sessions', 'session_version');

/** A session ended or a credential was revoked: no process may keep serving it from its cache. */
export async function sessionsChanged(tx: Db) {
  await bump(tx, sessionVersioned);
}

/** A live session as a request resolves it (expiresAt in ms). */
export type SessionRow = { sessionId: string; userId: string; role: UserRole; displayName: string; expiresAt: number };

export class SessionCache extends VersionedCache {
  /** Sessions not cached yet, looked up together when a crowd arrives at once (each fresh, as after a sign-in wave). */
  private lookups: BatchedLookup<SessionRow>;

  constructor(db: Db, opts: { databaseUrl?: string; maxEntries?: number; onError?: (err: unknown) => void }) {
    super(db, sessionVersioned, { maxEntries: 20_000, ...opts });
    this.lookups = new BatchedLookup((hashes) => liveSessions(db, hashes));
  }

  /** The live session of a token's hash (or undefined), read with the others asked at the same moment. */
  lookup(hash: string): Promise<SessionRow | undefined> {
    return this.lookups.get(hash);
  }
}

/** The live sessions (not revoked, user not disabled) of these token hashes, by hash. */
export async function liveSessions(db: Db, hashes: string[]): Promise<Map<string, SessionRow>> {
  const rows = await queryPrepared<Omit<SessionRow, 'expiresAt'> & { hash: string; expiresAt: Date | string }>(db, 'trio_resolve_sessions', sql`
    select s.token_hash as hash, s.id as "sessionId", u.id as "userId", u.role, u.display_name as "displayName", s.expires_at as "expiresAt"
    from sessions s join users u on u.id = s.user_id
    where s.token_hash = any(${pgArray(hashes)}::text[]) and s.revoked_at is null and not u.disabled`);
  return new Map(rows.map(({ hash, ...r }) => [hash, { ...r, expiresAt: new Date(r.expiresAt).getTime() }]));
}
