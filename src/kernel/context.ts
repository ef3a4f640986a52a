import type { Db } from '../db/client.ts';
import type { Config } from '../config.ts';
import type { Clock } from './clock.ts';

/** What every use-case needs: the database, the time, the settings. Passed explicitly, no container. */
export type Ctx = { db: Db; clock: Clock; config: Config };

/** Runs fn in one transaction (or inside the caller's, when ctx.db already is one). */
export function inTransaction<T>(ctx: Ctx, fn: (tx: Db) => Promise<T>): Promise<T> {
  return ctx.db.transaction((tx) => fn(tx as unknown as Db));
}
