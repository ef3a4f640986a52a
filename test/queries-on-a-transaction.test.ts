// Independent queries run together on a pool but one after another on a transaction: its one client runs one
// query at a time (pg warns about overlapping queries on a client; pg 9 refuses them).
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
  it('on a transaction runs the queries one after another and answers in order', async () => {
    const trace: string[] = [];
    const out = await database.db.transaction((tx) => together(tx as unknown as Db, traced(tx as unknown as Db, trace)));
    expect(out).toEqual([1, 2, 3]);
    expect(trace).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

});
