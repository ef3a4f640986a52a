// Shared by the together() tests: a cloned database for the file, and queries that note when they start and end.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import type { Db } from '../src/db/client.ts';
import { cloneDatabase } from './helpers.ts';

/** A database cloned for this file, opened before its tests and closed after. */
export function fileDatabase() {
  const holder: { database?: Awaited<ReturnType<typeof cloneDatabase>> } = {};
  beforeAll(async () => {
    holder.database = await cloneDatabase();
  });
  afterAll(async () => {
    await holder.database?.close();
  });
  return () => holder.database!;
}

/** Each query notes when it starts and ends; a short sleep makes overlap show if there is any. */
export function traced(db: Db, trace: string[]) {
  return [1, 2, 3].map((n) => async () => {
    trace.push(`start ${n}`);
    await db.execute(sql`select pg_sleep(0.05)`);
    trace.push(`end ${n}`);
    return n;
  });
}
