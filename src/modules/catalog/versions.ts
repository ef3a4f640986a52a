// What buyers see of the catalog is cached per process and invalidated exactly when it changes, in every process.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bump, VersionedCache, type Versioned } from '../../kernel/versioned-cache.ts';

export const catalogVersioned: Versioned = {
  channel: 'trio_catalog',
  bumpSql: sql`UPDATE catalog_version SET version = version + 1 WHERE id = 1 RETURNING version`,
  readSql: sql`SELECT version FROM catalog_version WHERE id = 1`,
};

/** Marks the catalog changed (price, stock, listing, channels), in the caller's transaction. */
export async function bumpCatalog(tx: Db, _storeId?: string) {
  await bump(tx, catalogVersioned);
}

export class CatalogCache extends VersionedCache {
  constructor(db: Db, opts: { databaseUrl?: string; maxEntries?: number; onError?: (err: unknown) => void }) {
    super(db, catalogVersioned, opts);
  }
}
