// What buyers see of the catalog is cached per process and invalidated exactly when it changes, in every process.
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { afterCommit } from '../../kernel/context.ts';
import { catalogVersion } from './schema.ts';

const CHANNEL = 'trio_catalog';
/** Changes made in this process (the only writer on PGlite). */
let localGeneration = 0;

/**
 * Marks the catalog changed, in the caller's transaction: the NOTIFY reaches the other processes at commit, and
 * this process's own next read is fresh at once (the local generation moves now and again after the commit, so a
 * read that raced the transaction cannot keep its older result).
 */
export async function bumpCatalog(tx: Db, _storeId?: string) {
  localGeneration++;
  afterCommit(tx, () => localGeneration++);
  await tx.execute(sql`WITH v AS (UPDATE catalog_version SET version = version + 1 WHERE id = 1 RETURNING version) SELECT pg_notify(${CHANNEL}, version::text) FROM v`);
}

export async function readCatalogVersion(db: Db): Promise<number> {
  const [v] = await db.select({ version: catalogVersion.version }).from(catalogVersion).where(eq(catalogVersion.id, 1));
  return v?.version ?? 0;
}

/**
 * A small LRU of rendered pages, valid while the catalog version they were built at is current.
 * On PostgreSQL the current version is pushed by LISTEN/NOTIFY (no query per request); while the listener is not
 * connected, every read asks the database. On PGlite, this process is the only writer: the local counter is exact.
 */
export class CatalogCache {
  private entries = new Map<string, { stamp: string; value: unknown }>();
  private pushedVersion: number | undefined;
  private listener: pg.Client | undefined;
  private closed = false;

  constructor(private db: Db, private opts: { databaseUrl?: string; maxEntries?: number; onError?: (err: unknown) => void }) {}

  async start() {
    if (!this.opts.databaseUrl) return;
    await this.connect();
  }

  private async connect() {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.opts.databaseUrl });
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) this.pushedVersion = Math.max(this.pushedVersion ?? 0, Number(n.payload));
    });
    const lost = (err?: unknown) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.pushedVersion = undefined; // until reconnected, ask the database on every read
      if (err) this.opts.onError?.(err);
      client.end().catch(() => {});
      if (!this.closed) setTimeout(() => this.connect().catch((e) => this.opts.onError?.(e)), 1000).unref();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
    this.pushedVersion = await readCatalogVersion(this.db);
  }

  /** The stamp a cached value must carry to be fresh now. */
  private async stamp(): Promise<string> {
    if (!this.opts.databaseUrl) return `g${localGeneration}`;
    if (this.listener && this.pushedVersion !== undefined) return `v${this.pushedVersion}|g${localGeneration}`;
    return `v${await readCatalogVersion(this.db)}|g${localGeneration}`;
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const stamp = await this.stamp();
    const hit = this.entries.get(key);
    if (hit && hit.stamp === stamp) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit.value as T;
    }
    const value = await load();
    this.entries.set(key, { stamp, value });
    if (this.entries.size > (this.opts.maxEntries ?? 5000)) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  async close() {
    this.closed = true;
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => {});
  }
}
