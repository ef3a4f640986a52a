import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';
import { seedFromTemplate } from './pglite-template.ts';
import { ADVISORY_LOCKS } from './advisory-locks.ts';

export type Schema = typeof schema;
/**
 * One type for both drivers, and for a transaction inside either. The drivers are made without the schema: Trio uses
 * no relational queries (`db.query.*`), and Drizzle builds their tables' relations config from a schema at each
 * drizzle() call (~0.05 s of CPU for Trio's tables, twice at each start: the database and its migrator).
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs the committed migrations; safe when several processes start at once. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  pglite?: PGlite;
};

export type OpenOptions = { databaseUrl?: string; dataDir?: string; pglite?: PGlite; poolSize?: number; /** Give up connecting after this (PostgreSQL). */ connectTimeoutMs?: number; /** PGlite's shared_buffers (its own default, 128MB, when not given). */ sharedBuffers?: string };

/** SQLSTATE classes and codes that mean the server is away, shutting down or starting: the request may be tried again. */
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[1-3]|53300)$/;
/** Socket errors of a server that is not there (or went away mid-query). */
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** node-postgres reports a lost or refused connection in plain messages, without a code. */
const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end/i;

/**
 * Whether an error (or what it wraps: Drizzle puts the driver's error on `cause`) says the database cannot be
 * reached right now, as opposed to refusing a statement. Such requests are answered 503, not 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    // Several addresses tried (localhost: ::1 and 127.0.0.1), each refused.
    if (e instanceof AggregateError && e.errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}

const PGLITE_EXTENSIONS = { pg_trgm, unaccent };

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // The PostgreSQL driver is loaded only for PostgreSQL: a start on PGlite does not pay for it (~0.1 s of CPU).
    const [{ default: pg }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([
      import('pg'), import('drizzle-orm/node-postgres'), import('drizzle-orm/node-postgres/migrator'),
    ]);
    // Trio's named statements (queryPrepared) are the hot, fixed ones: plan them once, not at every call.
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      options: '-c plan_cache_mode=force_generic_plan',
      // A request waits at most this long for a connection (a new one, or a free one of the pool), then is answered 503.
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 30_000,
    });
    // An idle connection the server dropped (restart, failover) is removed from the pool; the next query opens another.
    pool.on('error', () => {});
    // A connection lost while checked out (inside a transaction, between two statements) emits 'error' on its client,
    // which the pool does not listen to then: without a listener that would end the process. Its next statement
    // fails instead (answered 503), and the pool drops it when it is released.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = drizzlePg(pool) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      async migrate() {
        const client = await pool.connect();
        try {
          await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.migrate]);
          await migratePg(drizzlePg(client), { migrationsFolder });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.migrate]).catch(() => {});
          client.release();
        }
      },
      async ping() {
        await pool.query('SELECT 1');
      },
      close: () => pool.end(),
    };
  }
  let client = opts.pglite;
  if (!client) {
    const dir = opts.dataDir ? path.join(opts.dataDir, 'pglite') : undefined;
    if (dir) await seedFromTemplate(dir);
    const startParams = opts.sharedBuffers ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${opts.sharedBuffers}`] } : {};
    client = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), extensions: PGLITE_EXTENSIONS, ...startParams });
  }
  const pglite = client;
  // PGlite has one connection: a transaction holds it until it ends, and any other statement waits for it. The ping
  // (GET /ready) does not queue behind one (a demo store's products, a sweep): a transaction under way is an answer.
  // PGlite runs a statement synchronously, so a transaction's statements chained by promises alone would keep the
  // event loop from any request until it ends: each statement of a transaction first lets the loop take a turn.
  let transactions = 0;
  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = async (fn) => {
    transactions++;
    try {
      return await transaction((tx) => fn(takingTurns(tx)));
    } finally {
      transactions--;
    }
  };
  const db = drizzlePglite(pglite) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite,
    async migrate() {
      await migratePglite(drizzlePglite(pglite), { migrationsFolder });
    },
    async ping() {
      if (pglite.closed) throw new Error('PGlite is closed');
      if (transactions === 0) await db.execute(sql`SELECT 1`);
    },
    close: () => pglite.close(),
  };
}

export { PGLITE_EXTENSIONS };

type PgliteTransaction = Parameters<Parameters<PGlite['transaction']>[0]>[0];

/** A PGlite transaction whose statements each wait for a turn of the event loop first (setImmediate: after I/O). */
function takingTurns(tx: PgliteTransaction): PgliteTransaction {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return new Proxy(tx, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if ((key !== 'query' && key !== 'exec' && key !== 'sql') || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await turn();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Rows of a raw SQL statement, the same on both drivers. */
export async function queryRows<T>(db: Db, query: import('drizzle-orm').SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A PostgreSQL array literal for one parameter (`${pgArray(ids)}::uuid[]`): a JS array in a sql template would
 * become a list of parameters instead. Elements are quoted and escaped, so any text is safe.
 */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}

/**
 * `column in ('a', 'b')` with the values written in the statement's text, not sent as parameters: Trio's connections
 * plan each statement once for any values (force_generic_plan), and such a plan uses a partial index (a sweep's
 * `where state = 'pending'`) only when the statement states the index's condition itself; with `state = $1` it reads
 * the table whole. For fixed states and kinds (plain words only).
 */
export function fixedIn(column: SQLWrapper, values: readonly string[]): SQL {
  for (const v of values) if (!/^[A-Za-z_]+$/.test(v)) throw new Error(`fixedIn: '${v}' is not a plain word`);
  return sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
}

type SessionOf = { session: { prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: string | undefined, arrayMode: boolean): { execute(): Promise<unknown> } }; dialect: { sqlToQuery(q: import('drizzle-orm').SQL): { sql: string; params: unknown[] } } };

/**
 * Rows of a hot statement whose text never changes, as a named prepared statement: on PostgreSQL each connection
 * parses and plans it once instead of at every call (the same statement on PGlite runs as an ordinary one).
 * The name must belong to one statement text only.
 */
export async function queryPrepared<T>(db: Db, name: string, query: import('drizzle-orm').SQL): Promise<T[]> {
  const d = db as unknown as SessionOf;
  const result = (await d.session.prepareQuery(d.dialect.sqlToQuery(query), undefined, name, false).execute()) as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
}

/**
 * Runs independent queries: together on a pool (each on a connection of its own), one after another on a
 * transaction, whose one client runs one query at a time (pg warns when queries overlap on a client; its next major
 * version refuses them).
 */
export async function together<const T extends readonly (() => Promise<unknown>)[]>(db: Db, queries: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!(db instanceof PgTransaction)) return Promise.all(queries.map((q) => q())) as never;
  const out: unknown[] = [];
  for (const q of queries) out.push(await q());
  return out as never;
}

/** Why a statement refused itself (trio_refuse: the reason is its message), or null for another error. Drizzle may wrap the driver's error. */
export function statementRefusal(err: unknown): string | null {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const pgErr = e?.code === 'T0001' ? e : e?.cause?.code === 'T0001' ? e.cause : null;
  return pgErr ? (pgErr.message ?? '') : null;
}
