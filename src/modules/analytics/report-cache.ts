// The reports (reports.ts) read only the rollups, so an answer stays right until a rollup changes: each process keeps
// the answers it built, keyed by who asks (the platform, or a store with its zone and currency), the unit and the
// periods' labels, and they are fresh while the rollups' version is the one read before they were built. Every
// transaction that changes rollup rows, or a buyer's audience profile (the one other thing a report reads), moves the version row and NOTIFYs (`rollupsChanged`), which makes every
// process's answers stale (kernel/versioned-cache).
// Stale while revalidating: while rollups move (orders paid every second roll up at every scheduler tick), a report
// that became stale is answered from the last one built, if it was known to be current less than `staleMs` ago
// (TRIO_ANALYTICS_STALE_MS: its build started then, or it was answered fresh then), and built again in the
// background (one build per report at a time); the next answers are the new one. So no request waits for a build
// while the last answer is recent, and no answer shows the rollups as they were more than `staleMs` before (what a
// build reads is at least as new as its start). Past that, or with staleMs 0, a request waits for the fresh build.
import type { Db } from '../../db/client.ts';
import { trimOldest } from '../../kernel/bounded-set.ts';
import { bump, VersionedCache, versionRow } from '../../kernel/versioned-cache.ts';

export const analyticsVersioned = versionRow('trio_analytics', 'analytics_version');

/**
 * Rollup rows changed in `tx` (a day recomputed, a store's rows dropped), or a buyer's age, gender or city tier (the
 * audience is read from the profiles as they are now): no process may keep answering from before.
 */
export async function rollupsChanged(tx: Db) {
  await bump(tx, analyticsVersioned);
}

type Options = {
  databaseUrl?: string; maxEntries?: number; onError?: (err: unknown) => void;
  /** Told of each report answered: built by this request, or not (fresh or stale from the cache, or sharing a build under way). */
  onAnswer?: (built: boolean) => void;
  /** How old (since its build started) the last answer may be to be given while a fresh one is built; 0: never stale. */
  staleMs?: number;
  /** Milliseconds now (the app's clock). */
  now?: () => number;
};

export class ReportCache extends VersionedCache {
  /** The last answer built per report, fresh or not, with the last time it was known to be current (its build's start, or a later fresh answer). */
  private last = new Map<string, { value: unknown; from: number }>();
  private refreshing = new Set<string>();
  private now: () => number;

  constructor(db: Db, private answers: Options) {
    super(db, analyticsVersioned, { maxEntries: 2000, ...answers });
    this.now = answers.now ?? Date.now;
  }

  /** `load` wrapped to keep what it builds as the report's last answer. */
  private keeping<T>(key: string, load: () => Promise<T>, onStart?: () => void) {
    return async () => {
      onStart?.();
      const from = this.now();
      const value = await load();
      const had = this.last.get(key);
      if (!had || had.from <= from) {
        this.last.delete(key);
        this.last.set(key, { value, from });
        trimOldest(this.last, this.answers.maxEntries ?? 2000);
      }
      return value;
    };
  }

  override async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const last = this.last.get(key);
    if (last) {
      const fresh = await this.peek<T>(key);
      // Fresh: it shows the rollups as they are now (the bound counts from the last time it was known to).
      if (fresh !== undefined) this.last.set(key, { value: fresh, from: this.now() });
      else if (this.now() - last.from < (this.answers.staleMs ?? 0)) {
        this.refresh(key, load);
        this.answers.onAnswer?.(false);
        return last.value as T;
      }
    }
    let built = false;
    const value = await super.get(key, this.keeping(key, load, () => (built = true)));
    this.answers.onAnswer?.(built);
    return value;
  }

  /** Builds the report again in the background (once at a time per report). */
  private refresh<T>(key: string, load: () => Promise<T>) {
    if (this.refreshing.has(key)) return;
    this.refreshing.add(key);
    super.get(key, this.keeping(key, load))
      .catch((err) => this.answers.onError?.(err))
      .finally(() => this.refreshing.delete(key));
  }
}
