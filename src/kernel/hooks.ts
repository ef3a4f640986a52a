import type { Db } from '../db/client.ts';

/**
 * A named point where one module lets others react, inside the same transaction. The owner calls `run`;
 * app.ts wires the listeners (so the owner never imports the modules that listen).
 */
export function createHook<T>() {
  const listeners: ((tx: Db, payload: T) => Promise<void>)[] = [];
  return {
    on(fn: (tx: Db, payload: T) => Promise<void>) {
      listeners.push(fn);
    },
    async run(tx: Db, payload: T) {
      for (const fn of listeners) await fn(tx, payload);
    },
  };
}
