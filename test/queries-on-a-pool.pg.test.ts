// Independent queries run together on a PostgreSQL pool (PGlite has one connection: that is the transaction case,
// test/queries-on-a-transaction.test.ts).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { together, type Db } from '../src/db/client.ts';
import { cloneDatabase } from './helpers.ts';

let database: Awaited<ReturnType<typeof cloneDatabase>>;
beforeAll(async () => {
  database = await cloneDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** Each query notes when it starts and ends; a short sleep makes overlap show if there is any. */
function traced(db: Db, trace: string[]) {
  return [1, 2, 3].map((n) => async () => {
    trace.push(`start ${n}`);
    await db.execute(sql`select pg_sleep(0.05)`);
    trace.push(`end ${n}`);
    return n;
  });
}

describe('together', () => {
  it('on a pool runs them at once, each on a connection of its own', async () => {
    const trace: string[] = [];
    expect(await together(database.db, traced(database.db, trace))).toEqual([1, 2, 3]);
    expect(trace.slice(0, 3)).toEqual(['start 1', 'start 2', 'start 3']);
  });
});
