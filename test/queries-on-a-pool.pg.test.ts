// Independent queries run together on a PostgreSQL pool (PGlite has one connection: that is the transaction case,
// test/queries-on-a-transaction.test.ts).
import { describe, expect, it } from 'vitest';
import { together, type Db } from '../src/db/client.ts';
import { fileDatabase, traced } from './queries-support.ts';

const db = fileDatabase();

describe('together', () => {
  it('on a pool runs them at once, each on a connection of its own', async () => {
    const trace: string[] = [];
    expect(await together(db().db, traced(db().db, trace))).toEqual([1, 2, 3]);
    expect(trace.slice(0, 3)).toEqual(['start 1', 'start 2', 'start 3']);
  });
});
