// The counters behind @fastify/rate-limit, kept in PostgreSQL (or PGlite): every process over one database shares
// them, nothing else has to run. One guarded upsert per key for the hits of one turn of the event loop: a window that
// has ended starts again at them, otherwise the count goes up by them; concurrent hits on one key queue on its row, so
// none is lost. Time is the app's clock.
import { lt, sql } from 'drizzle-orm';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { pgArray, queryPrepared, type Db } from '../db/client.ts';
import type { Clock } from './clock.ts';
import { rateLimitCounters } from './schema.ts';

/** Hits to count on one key: how many, and the window a new count starts (ms). */
type Hits = { key: string; n: number; windowMs: number };

/**
 * Counts hits on several keys in one statement (each key once): per key the hits in its current window after these
 * and how many ms that window still runs. Keys are written in order, so two such statements cannot deadlock.
 */
export async function countHits(db: Db, now: Date, hits: Hits[]): Promise<Map<string, { hits: number; ttl: number }>> {
  const sorted = [...hits].sort((a, z) => (a.key < z.key ? -1 : a.key > z.key ? 1 : 0));
  const at = now.toISOString();
  const rows = await queryPrepared<{ key: string; hits: number; windowEndsAt: Date | string }>(db, 'trio_rate_limit_hits', sql`
    insert into rate_limit_counters as c (key, hits, window_ends_at)
    select key, n, ${at}::timestamptz + make_interval(secs => ms / 1000.0)
    from unnest(${pgArray(sorted.map((h) => h.key))}::text[], ${pgArray(sorted.map((h) => h.n))}::int[], ${pgArray(sorted.map((h) => h.windowMs))}::bigint[]) with ordinality as h(key, n, ms, i)
    order by i
    on conflict (key) do update set
      hits = case when c.window_ends_at <= ${at}::timestamptz then excluded.hits else c.hits + excluded.hits end,
      window_ends_at = case when c.window_ends_at <= ${at}::timestamptz then excluded.window_ends_at else c.window_ends_at end
    returning c.key as "key", c.hits as "hits", c.window_ends_at as "windowEndsAt"`);
  return new Map(rows.map((r) => [r.key, { hits: Number(r.hits), ttl: Math.max(0, new Date(r.windowEndsAt).getTime() - now.getTime()) }]));
}

type Waiting = { resolve(r: { current: number; ttl: number }): void; reject(err: unknown): void };

/**
 * The hits of one turn of the event loop, counted together: a crowd (2,000 people claiming a group gift at once) is
 * one upsert per turn instead of a commit each. Each hit gets the count it would have got alone, in arrival order.
 */
class HitBatch {
  private pending = new Map<string, { windowMs: number; waiting: Waiting[] }>();
  private scheduled = false;

  constructor(private db: Db, private clock: Clock, private maxKeys = 500) {}

  add(key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
    return new Promise((resolve, reject) => {
      const entry = this.pending.get(key);
      if (entry) entry.waiting.push({ resolve, reject });
      else this.pending.set(key, { windowMs, waiting: [{ resolve, reject }] });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush() {
    this.scheduled = false;
    const batch = [...this.pending];
    this.pending = new Map();
    const now = this.clock.now();
    for (let i = 0; i < batch.length; i += this.maxKeys) {
      const part = batch.slice(i, i + this.maxKeys);
      countHits(this.db, now, part.map(([key, e]) => ({ key, n: e.waiting.length, windowMs: e.windowMs }))).then(
        (counted) => {
          for (const [key, e] of part) {
            const c = counted.get(key)!;
            // The window's count after this batch: the batch's hits were the last n of it.
            e.waiting.forEach((w, j) => w.resolve({ current: c.hits - e.waiting.length + 1 + j, ttl: c.ttl }));
          }
        },
        (err) => { for (const [, e] of part) for (const w of e.waiting) w.reject(err); },
      );
    }
  }
}

/** A store class for @fastify/rate-limit over this database and clock (the plugin makes it with `new`). */
export function databaseStore(db: Db, clock: Clock): FastifyRateLimitStoreCtor {
  const hits = new HitBatch(db, clock);
  return class DatabaseStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number) {
      hits.add(key, timeWindow).then((r) => callback(null, r), (err: Error) => callback(err));
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
