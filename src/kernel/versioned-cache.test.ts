// The per-process cache builds a value once for the requests that miss together, and again after a change.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/client.ts';
import { changedHere, VersionedCache, type Versioned } from './versioned-cache.ts';

const versioned: Versioned = { channel: 'trio_test_single_flight', bumpSql: sql`select 1`, readSql: sql`select 1` };

describe('VersionedCache', () => {
  it('runs one build for concurrent misses of a key, shares its failure, and builds again after a change', async () => {
    const cache = new VersionedCache({} as Db, versioned, {}); // no database URL: the stamp is this process's generation
    let builds = 0;
    let release!: (v: string) => void;
    const slow = () => {
      builds++;
      return new Promise<string>((r) => (release = r));
    };
    const waiting = Promise.all(Array.from({ length: 20 }, () => cache.get('page', slow)));
    await expect.poll(() => builds).toBe(1);
    release('built');
    expect(await waiting).toEqual(Array(20).fill('built'));
    expect(await cache.get('page', slow)).toBe('built');
    expect(builds).toBe(1);

    changedHere(versioned);
    const again = cache.get('page', async () => `rebuilt ${++builds}`);
    expect(await again).toBe('rebuilt 2');

    // A failed build is not kept: all its waiters see the error, the next request builds again.
    changedHere(versioned);
    const failing = () => Promise.reject(new Error('database away'));
    await expect(Promise.all([cache.get('page', failing), cache.get('page', failing)])).rejects.toThrow('database away');
    expect(await cache.get('page', async () => 'back')).toBe('back');
  });
});

describe('facts remembered at a stamp', () => {
  it('are peeked without building while nothing changed, and forgotten by a change made after the stamp was taken', async () => {
    const cache = new VersionedCache({} as Db, versioned, {});
    const before = await cache.stampNow();
    cache.remember('sold-out', true, before);
    expect(await cache.peek('sold-out')).toBe(true);
    expect(await cache.peek('never-remembered')).toBeUndefined();
    changedHere(versioned);
    expect(await cache.peek('sold-out')).toBeUndefined();
    // A fact learned after a stamp taken before a change is stale at once.
    const stale = await cache.stampNow();
    changedHere(versioned);
    cache.remember('sold-out', true, stale);
    expect(await cache.peek('sold-out')).toBeUndefined();
  });
});
