// What buyers see of the catalog is cached per process and invalidated exactly when it changes, in every process.
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bump, changedHere, VersionedCache, watchChannel, type Versioned } from '../../kernel/versioned-cache.ts';

/** Moves the catalog's version row when `when` holds (always, by default), returning the new version. */
const bumpVersionSql = (when: SQL = sql`true`) => sql`update catalog_version set version = version + 1 where id = 1 and ${when} returning version`;

export const catalogVersioned: Versioned = {
  channel: 'trio_catalog',
  bumpSql: bumpVersionSql(),
  readSql: sql`SELECT version FROM catalog_version WHERE id = 1`,
};

/** Marks the catalog changed (price, stock, listing, channels), in the caller's transaction. */
export async function bumpCatalog(tx: Db, _storeId?: string) {
  await bump(tx, catalogVersioned);
}

/**
 * For one statement that changes the catalog when `when` holds: CTEs `catalog_bumped` (the version row) and
 * `catalog_notified` (the NOTIFY; the final select must read it, or it does not run). After the statement,
 * `catalogChangedHere()` if it bumped.
 */
export function catalogBumpCtes(when: SQL) {
  return sql`catalog_bumped as (${bumpVersionSql(when)}),
    catalog_notified as (select pg_notify(${catalogVersioned.channel}, version::text) from catalog_bumped)`;
}

export const catalogChangedHere = () => changedHere(catalogVersioned);

/** Calls `fn` when what buyers see of the catalog may have changed (in this process or, on PostgreSQL, any). */
export const watchCatalog = (fn: () => void) => watchChannel(catalogVersioned.channel, fn);

export class CatalogCache extends VersionedCache {
  constructor(db: Db, opts: { databaseUrl?: string; maxEntries?: number; onError?: (err: unknown) => void }) {
    super(db, catalogVersioned, opts);
  }
}
