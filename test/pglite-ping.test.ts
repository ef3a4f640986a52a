// On PGlite (one connection, statements run synchronously): the ping of GET /ready answers while a transaction holds
// the connection, and a transaction's statements let the event loop take turns (requests are read meanwhile).
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, PGLITE_EXTENSIONS } from '../src/db/client.ts';

describe('PGlite', () => {
  it('pings while a transaction is under way, and lets the event loop turn between its statements', async () => {
    const database = await openDatabase({ pglite: await PGlite.create({ extensions: PGLITE_EXTENSIONS }) });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let began!: () => void;
      const begun = new Promise<void>((resolve) => (began = resolve));
      let turns = 0;
      const tx = database.db.transaction(async (t) => {
        began();
        await held;
        // Ten statements in a row: a turn of the loop (setImmediate) comes between them, not only after the last.
        const counting = setInterval(() => turns++, 0);
        for (let i = 0; i < 10; i++) await t.execute(sql`select ${i}::int`);
        const during = turns;
        clearInterval(counting);
        return during;
      });
      await begun;
      await database.ping();
      release();
      expect(await tx).toBeGreaterThan(0);
      await database.ping();
    } finally {
      await database.close();
    }
  });
});
