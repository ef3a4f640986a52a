// Planner statistics kept fresh by Trio itself (PostgreSQL). A table's statistics decide the plans every connection
// caches for Trio's named statements (planned once per connection, force_generic_plan) and for the foreign-key checks
// PostgreSQL runs inside them; those plans stay until the table is analyzed again. A table analyzed while empty or
// small (a new install, a bench's data load) keeps plans that scan it whole: the checkout's key look-up and the
// orders' foreign-key checks then read every row, and each checkout costs more as the tables grow. Autovacuum
// re-analyzes a table after 50 rows + 10 % changed, but only once a minute, and not at all where it is turned off; this
// upkeep applies the same rule, and every few seconds to a table that doubled since (a new install's tables: 50, 100,
// 200... rows). ANALYZE invalidates the cached plans in every backend, so each
// connection plans again with the table's real size.
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from './client.ts';
import { ADVISORY_LOCKS } from './advisory-locks.ts';

/** Autovacuum's default rule (autovacuum_analyze_threshold, autovacuum_analyze_scale_factor). */
const ANALYZE_THRESHOLD_ROWS = 50;
const ANALYZE_SCALE = 0.1;
/**
 * Within this long of its last analysis a table is analyzed again only when it at least doubled: plans change with
 * the order of magnitude of a table, and every analysis makes each connection plan its statements on that table again.
 */
const STEADY_ANALYZE_SECONDS = 60;

/**
 * Analyzes Trio's tables whose rows changed by more than 50 + 10 % since their last analysis (by anyone: autovacuum,
 * a person, this upkeep), at most once a minute per table unless it doubled meanwhile. Returns the tables analyzed;
 * none when another process is at it.
 */
export async function analyzeChangedTables(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [{ locked }] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${ADVISORY_LOCKS.analyze}) as locked`);
    if (!locked) return [];
    const due = await queryRows<{ name: string }>(tx, sql`
      select format('%I.%I', s.schemaname, s.relname) as name
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = current_schema()
        and s.n_mod_since_analyze > ${ANALYZE_THRESHOLD_ROWS} + ${ANALYZE_SCALE} * greatest(c.reltuples, 0)
        and (s.n_mod_since_analyze > ${ANALYZE_THRESHOLD_ROWS} + greatest(c.reltuples, 0)
          or coalesce(greatest(s.last_analyze, s.last_autoanalyze), '-infinity') < now() - make_interval(secs => ${STEADY_ANALYZE_SECONDS}))
      order by s.n_mod_since_analyze desc`);
    for (const { name } of due) await tx.execute(sql.raw(`analyze ${name}`));
    return due.map((d) => d.name);
  });
}

/** Autovacuum's default rules: dead rows past 50 + 20 %, or rows inserted past 1,000 + 20 % (the visibility map). */
const VACUUM_THRESHOLD_ROWS = 50;
const VACUUM_INSERT_THRESHOLD_ROWS = 1000;
const VACUUM_SCALE = 0.2;

/**
 * Vacuums Trio's tables that autovacuum does not look after (turned off for the server, or for the table) by
 * autovacuum's own rules. Queue tables (analytics_marks, the outbox, idempotency keys, rate-limit counters) are
 * appended to and emptied all day: without a vacuum their dead rows stay, and every sweep reads them again. VACUUM
 * runs outside a transaction; SKIP_LOCKED leaves a table another process is vacuuming. Where autovacuum runs, nothing.
 */
export async function vacuumWhereAutovacuumIsOff(db: Db): Promise<string[]> {
  const due = await queryRows<{ name: string }>(db, sql`
    select format('%I.%I', s.schemaname, s.relname) as name
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.schemaname = current_schema()
      and (current_setting('autovacuum') = 'off' or 'autovacuum_enabled=false' = any(coalesce(c.reloptions, '{}')))
      and (s.n_dead_tup > ${VACUUM_THRESHOLD_ROWS} + ${VACUUM_SCALE} * greatest(c.reltuples, 0)
        or s.n_ins_since_vacuum > ${VACUUM_INSERT_THRESHOLD_ROWS} + ${VACUUM_SCALE} * greatest(c.reltuples, 0))
    order by s.n_dead_tup desc`);
  for (const { name } of due) await db.execute(sql.raw(`vacuum (skip_locked) ${name}`));
  return due.map((d) => d.name);
}

/** Runs the upkeep every `intervalMs` until stopped; a failed round (database away, a table locked) waits for the next. */
export function keepStatistics(db: Db, intervalMs: number, log: { debug: (o: object, m: string) => void }) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = analyzeChangedTables(db)
      .then((tables) => { if (tables.length) log.debug({ tables }, 'planner statistics refreshed'); })
      .then(() => vacuumWhereAutovacuumIsOff(db))
      .then((tables) => { if (tables.length) log.debug({ tables }, 'tables vacuumed (autovacuum is off for them)'); })
      .catch((err) => log.debug({ err }, 'planner statistics not refreshed this time'))
      .finally(() => { if (!stopped) timer = setTimeout(tick, intervalMs).unref(); });
  };
  timer = setTimeout(tick, intervalMs).unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
