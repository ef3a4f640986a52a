// A per-process cache of what is expensive to build, invalidated exactly when the data changes, in every process.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import { afterCommit } from './context.ts';
import { ChannelListener } from './channel-listener.ts';
import { trimOldest } from './bounded-set.ts';

/** Changes made by this process, per channel (on PGlite this process is the only writer). */
const generations = new Map<string, number>();
const generation = (channel: string) => generations.get(channel) ?? 0;
const nextGeneration = (channel: string) => {
  generations.set(channel, generation(channel) + 1);
  changed(channel);
};

/** Who wants to hear that a channel's data changed (live views: the components' Server-Sent Events). */
const watchers = new Map<string, Set<() => void>>();
function changed(channel: string) {
  for (const fn of watchers.get(channel) ?? []) fn();
}

/**
 * Calls `fn` whenever the channel's data may have changed: a change committed by this process, or (on PostgreSQL) a
 * NOTIFY from any process heard by a VersionedCache of that channel. Calls may repeat for one change; a watcher
 * reads again through its cache (which is already fresh when it is called). Returns the function that stops it.
 */
export function watchChannel(channel: string, fn: () => void): () => void {
  let set = watchers.get(channel);
  if (!set) watchers.set(channel, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

/** A statement of this process moved the version row itself (and NOTIFYed) and has committed: drop what this process built. */
export function changedHere(v: Versioned) {
  nextGeneration(v.channel);
}

/**
 * A data set whose changes are counted by a version row. `bump` is called in the transaction of every change:
 * it moves the version row and NOTIFYs the channel (delivered to the other processes at commit), and moves this
 * process's generation now and again after the commit, so that a read racing the transaction cannot keep its
 * older result.
 */
export type Versioned = { channel: string; bumpSql: SQL; readSql: SQL };

/** A data set counted by a one-row table `table` (id 1, version), changes announced on `channel`. */
export function versionRow(channel: string, table: string): Versioned {
  const t = sql.identifier(table);
  return {
    channel,
    bumpSql: sql`UPDATE ${t} SET version = version + 1 WHERE id = 1 RETURNING version`,
    readSql: sql`SELECT version FROM ${t} WHERE id = 1`,
  };
}

export async function bump(tx: Db, v: Versioned) {
  nextGeneration(v.channel);
  afterCommit(tx, () => nextGeneration(v.channel));
  await tx.execute(sql`WITH v AS (${v.bumpSql}) SELECT pg_notify(${v.channel}, version::text) FROM v`);
}

export async function readVersion(db: Db, v: Versioned): Promise<number> {
  const [row] = await queryRows<{ version: number | string }>(db, v.readSql);
  return Number(row?.version ?? 0);
}

/**
 * A small LRU of built values, valid while the version they were built at is current.
 * On PostgreSQL the current version is pushed by LISTEN/NOTIFY (no query per request); while the listener is not
 * connected, every read asks the database. On PGlite the local generation is exact.
 */
export class VersionedCache {
  private entries = new Map<string, { stamp: string; value: unknown }>();
  /** Builds under way, by stamp and key. */
  private building = new Map<string, Promise<unknown>>();
  private pushedVersion: number | undefined;
  private listener: ChannelListener;

  constructor(
    private db: Db,
    private versioned: Versioned,
    private opts: { databaseUrl?: string; maxEntries?: number; onError?: (err: unknown) => void },
  ) {
    const channel = versioned.channel;
    this.listener = new ChannelListener({
      channel,
      databaseUrl: opts.databaseUrl,
      onNotify: (payload) => {
        this.pushedVersion = Math.max(this.pushedVersion ?? 0, Number(payload));
        changed(channel);
      },
      onConnect: async () => {
        const version = await readVersion(this.db, this.versioned);
        this.pushedVersion = Math.max(this.pushedVersion ?? 0, version);
      },
      // Until reconnected, ask the database on every read.
      onLost: () => (this.pushedVersion = undefined),
      onError: opts.onError,
    });
  }

  async start() {
    await this.listener.start();
  }

  /** The last stamp made from what this process knows (kept: every request's look-ups ask for it). */
  private known: { v: number | undefined; g: number; stamp: string } | undefined;

  /**
   * The stamp a cached value must carry to be fresh now, when the process knows it without a read (PGlite, or the
   * listener connected and a version heard); else undefined.
   */
  private stampKnown(): string | undefined {
    const g = generation(this.versioned.channel);
    let v: number | undefined;
    if (this.opts.databaseUrl) {
      if (!this.listener.connected || this.pushedVersion === undefined) return undefined;
      v = this.pushedVersion;
    }
    const k = this.known;
    if (k && k.v === v && k.g === g) return k.stamp;
    const stamp = v === undefined ? `g${g}` : `v${v}|g${g}`;
    this.known = { v, g, stamp };
    return stamp;
  }

  /** The stamp a cached value must carry to be fresh now. */
  private async stamp(): Promise<string> {
    const known = this.stampKnown();
    if (known !== undefined) return known;
    const g = generation(this.versioned.channel);
    return `v${await readVersion(this.db, this.versioned)}|g${g}`;
  }

  /**
   * The stamp to `remember` a fact under: take it before the read that learns the fact, so that any change
   * committed after that read (or not yet heard of when it was taken) makes the fact stale.
   */
  stampNow(): Promise<string> {
    return this.stamp();
  }

  /**
   * Like stampNow, but the version read from the database rather than the one this process has heard: a fact
   * remembered under it is fresh as soon as the process hears that version (a change it has not heard of yet, such as
   * the one that made the fact true, does not make it stale).
   */
  async stampRead(): Promise<string> {
    const g = generation(this.versioned.channel);
    if (!this.opts.databaseUrl) return `g${g}`;
    return `v${await readVersion(this.db, this.versioned)}|g${g}`;
  }

  /** Keeps a fact a statement or a read learned after `stamp` was taken, until the data changes (in any process). */
  remember(key: string, value: unknown, stamp: string) {
    this.entries.set(key, { stamp, value });
    trimOldest(this.entries, this.opts.maxEntries ?? 5000);
  }

  /**
   * A fact remembered (or a value built) that is still fresh, or undefined; never builds. With the listener
   * connected it asks nothing of the database (a request answered from it needs no pooled connection).
   */
  async peek<T>(key: string): Promise<T | undefined> {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    return hit.stamp === (this.stampKnown() ?? (await this.stamp())) ? (hit.value as T) : undefined;
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    // Known at once in the usual case (no await: a hit is answered in this turn's microtask).
    const stamp = this.stampKnown() ?? (await this.stamp());
    const hit = this.entries.get(key);
    if (hit && hit.stamp === stamp) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit.value as T;
    }
    // One build per key and stamp at a time: the requests that miss together wait for it rather than each running
    // the same query (a crowd arriving on a cold or just-invalidated page would otherwise queue N copies of it).
    const flight = `${stamp}\u0000${key}`;
    const running = this.building.get(flight);
    if (running) return running as Promise<T>;
    const built = load()
      .then((value) => {
        this.remember(key, value, stamp);
        return value;
      })
      .finally(() => this.building.delete(flight));
    this.building.set(flight, built);
    return built;
  }

  async close() {
    await this.listener.close();
  }
}
