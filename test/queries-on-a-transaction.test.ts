// Independent queries run together on a pool but one after another on a transaction: its one client runs one
// query at a time (pg warns about overlapping queries on a client; pg 9 refuses them).
import { describe, expect, it } from 'vitest';
import { together, type Db } from '../src/db/client.ts';
import { fileDatabase, traced } from './queries-support.ts';

const db = fileDatabase();

describe('together', () => {
  it('on a transaction runs the queries one after another and answers in order', async () => {
    const trace: string[] = [];
    const out = await db().db.transaction((tx) => together(tx as unknown as Db, traced(tx as unknown as Db, trace)));
    expect(out).toEqual([1, 2, 3]);
    expect(trace).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

});
