// The reports (reports.ts) read only the rollups, so an answer stays right until a rollup changes: each process keeps
// the answers it built, keyed by who asks (the platform, or a store with its zone and currency), the unit and the
// periods' labels, and they are fresh while the rollups' version is the one read before they were built. Every
// transaction that changes rollup rows, or a buyer's audience profile (the one other thing a report reads), moves the version row and NOTIFYs (`rollupsChanged`), which makes every
// process's answers stale (kernel/versioned-cache).
import type { Db } from '../../db/client.ts';
import { bump, VersionedCache, versionRow } from '../../kernel/versioned-cache.ts';

export const analyticsVersioned = versionRow('trio_analytics', 'analytics_version');

/**
 * Rollup rows changed in `tx` (a day recomputed, a store's rows dropped), or a buyer's age, gender or city tier (the
 * audience is read from the profiles as they are now): no process may keep answering from before.
 */
export async function rollupsChanged(tx: Db) {
  await bump(tx, analyticsVersioned);
}

export class ReportCache extends VersionedCache {
  /** `onAnswer`: told of each report answered, built now or not (from the cache, or sharing a build under way). */
  constructor(db: Db, private answers: { databaseUrl?: string; maxEntries?: number; onError?: (err: unknown) => void; onAnswer?: (built: boolean) => void }) {
    super(db, analyticsVersioned, { maxEntries: 2000, ...answers });
  }

  override async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    let built = false;
    const value = await super.get(key, () => {
      built = true;
      return load();
    });
    this.answers.onAnswer?.(built);
    return value;
  }
}
