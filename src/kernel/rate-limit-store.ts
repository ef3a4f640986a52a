// The counters behind @fastify/rate-limit, kept in PostgreSQL (or PGlite): every process over one database shares
// them, nothing else has to run. One guarded upsert per hit: a window that has ended starts again at 1, otherwise
// the count goes up by one; concurrent hits on one key queue on its row, so none is lost. Time is the app's clock.
import { lt, sql } from 'drizzle-orm';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { queryPrepared, type Db } from '../db/client.ts';
import type { Clock } from './clock.ts';
import { rateLimitCounters } from './schema.ts';

/** Counts one hit on `key`: the hits in its current window and how many ms that window still runs. */
export async function hit(db: Db, now: Date, key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
  const ends = new Date(now.getTime() + windowMs).toISOString();
  const at = now.toISOString();
  const [row] = await queryPrepared<{ hits: number; windowEndsAt: Date | string }>(db, 'trio_rate_limit_hit', sql`
    insert into rate_limit_counters as c (key, hits, window_ends_at) values (${key}, 1, ${ends}::timestamptz)
    on conflict (key) do update set
      hits = case when c.window_ends_at <= ${at}::timestamptz then 1 else c.hits + 1 end,
      window_ends_at = case when c.window_ends_at <= ${at}::timestamptz then excluded.window_ends_at else c.window_ends_at end
    returning c.hits as "hits", c.window_ends_at as "windowEndsAt"`);
  return { current: Number(row.hits), ttl: Math.max(0, new Date(row.windowEndsAt).getTime() - now.getTime()) };
}

/** A store class for @fastify/rate-limit over this database and clock (the plugin makes it with `new`). */
export function databaseStore(db: Db, clock: Clock): FastifyRateLimitStoreCtor {
  return class DatabaseStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      hit(db, clock.now(), key, timeWindow).then((r) => callback(null, r), (err: Error) => callback(err));
    }

    // Keys already name their limit (kernel/rate-limit.ts), so every route shares this one store.
    child() {
      return this;
    }
  };
}

/** Forgets counters whose window has ended (the scheduler's sweep). */
export async function forgetRateLimitCounters(db: Db, now: Date): Promise<number> {
  const gone = await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowEndsAt, now)).returning({ key: rateLimitCounters.key });
  return gone.length;
}
