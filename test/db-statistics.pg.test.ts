// Planner statistics on PostgreSQL: a plan cached while a table was empty scans it whole as it grows, until the table
// is analyzed again; Trio's upkeep (src/db/statistics.ts) analyzes it once enough rows changed, and the same cached
// statement then uses the index.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { analyzeChangedTables, vacuumWhereAutovacuumIsOff } from '../src/db/statistics.ts';
import { cloneDatabase } from './helpers.ts';

let database: Awaited<ReturnType<typeof cloneDatabase>>;
// One connection: the prepared statement and its cached plan belong to it.
beforeAll(async () => { database = await cloneDatabase({ poolSize: 1 }); });
afterAll(async () => { await database?.close(); });

// A backend reports its row counts to the statistics at most once a second; the test asks for the report at once.
const reported = () => database.db.execute(sql`select pg_stat_force_next_flush()`);
const planOf = async () => (await queryRows<{ 'QUERY PLAN': string }>(database.db, sql`explain execute probe_by_id('00000000-0000-0000-0000-000000000000')`))[0]['QUERY PLAN'];

describe('planner statistics upkeep', () => {
  it('re-plans a cached statement on a table that grew since it was analyzed empty', async () => {
    const db = database.db;
    await db.execute(sql`create table stats_probe (id uuid primary key default gen_random_uuid(), note text)`);
    await db.execute(sql`analyze stats_probe`);
    await analyzeChangedTables(db); // whatever the template left to analyze
    await db.execute(sql`prepare probe_by_id(uuid) as select note from stats_probe where id = $1`);
    expect(await planOf()).toMatch(/^Seq Scan on stats_probe/);

    await db.execute(sql`insert into stats_probe (note) select 'row ' || g from generate_series(1, 20000) g`);
    await reported();
    // Not analyzed since: the connection keeps the plan made for an empty table.
    expect(await planOf()).toMatch(/^Seq Scan on stats_probe/);

    expect(await analyzeChangedTables(db)).toContain('public.stats_probe');
    expect(await planOf()).toMatch(/^Index Scan using stats_probe_pkey/);
    // Nothing changed since: nothing to analyze.
    expect(await analyzeChangedTables(db)).not.toContain('public.stats_probe');
  });

  it('leaves a table alone while fewer than 50 rows + 10 % changed, and within a minute of its analysis until it doubled', async () => {
    const db = database.db;
    await db.execute(sql`insert into stats_probe (note) select 'more ' || g from generate_series(1, 1500) g`);
    await reported();
    expect(await analyzeChangedTables(db)).not.toContain('public.stats_probe');
    // Past 10 %, but analyzed a moment ago: not yet.
    await db.execute(sql`insert into stats_probe (note) select 'more ' || g from generate_series(1, 600) g`);
    await reported();
    expect(await analyzeChangedTables(db)).not.toContain('public.stats_probe');
    // Doubled since: at once.
    await db.execute(sql`insert into stats_probe (note) select 'more ' || g from generate_series(1, 18000) g`);
    await reported();
    expect(await analyzeChangedTables(db)).toContain('public.stats_probe');
  });

  it('vacuums a queue table autovacuum does not look after once its dead rows pass 50 + 20 %, and leaves it alone otherwise', async () => {
    const db = database.db;
    await db.execute(sql`create table queue_probe (id bigint generated always as identity primary key, note text) with (autovacuum_enabled = false)`);
    await db.execute(sql`insert into queue_probe (note) select 'mark ' || g from generate_series(1, 100) g`);
    await reported();
    await vacuumWhereAutovacuumIsOff(db); // whatever else the template left
    const dead = async () => (await queryRows<{ dead: number }>(db, sql`select n_dead_tup::int as dead from pg_stat_user_tables where relname = 'queue_probe'`))[0].dead;
    // 40 dead rows: under 50 + 20 %.
    await db.execute(sql`delete from queue_probe where id <= 40`);
    await reported();
    expect(await vacuumWhereAutovacuumIsOff(db)).not.toContain('public.queue_probe');
    // Emptied, as a sweep empties a queue: past the rule.
    await db.execute(sql`delete from queue_probe`);
    await reported();
    expect(await dead()).toBe(100);
    expect(await vacuumWhereAutovacuumIsOff(db)).toContain('public.queue_probe');
    await reported();
    expect(await dead()).toBe(0);
    expect(await vacuumWhereAutovacuumIsOff(db)).not.toContain('public.queue_probe');
  });
});
