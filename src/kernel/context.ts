import type { Db } from '../db/client.ts';
import type { Config } from '../config.ts';
import type { Clock } from './clock.ts';

/** What every use-case needs: the database, the time, the settings. Passed explicitly, no container. */
export type Ctx = { db: Db; clock: Clock; config: Config };

const afterCommitHooks = new WeakMap<object, (() => void)[]>();

/**
 * Runs fn in one transaction (a savepoint when ctx.db already is a transaction).
 * Hooks registered with afterCommit(tx, ...) run once it has committed.
 */
export async function inTransaction<T>(ctx: Ctx, fn: (tx: Db) => Promise<T>): Promise<T> {
  const hooks: (() => void)[] = [];
  const result = await ctx.db.transaction((tx) => {
    afterCommitHooks.set(tx, hooks);
    return fn(tx as unknown as Db);
  });
  for (const hook of hooks) hook();
  return result;
}

/** Runs fn after the transaction tx commits (at once when tx is not one that inTransaction opened). */
export function afterCommit(tx: Db, fn: () => void) {
  const hooks = afterCommitHooks.get(tx);
  if (hooks) hooks.push(fn);
  else fn();
}
