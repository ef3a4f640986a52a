// A crowd's one-row questions share queries: one look-up under way at a time, the keys asked meanwhile go together next.
import { describe, expect, it, vi } from 'vitest';
import { BatchedLookup } from './batched-lookup.ts';

/** A look-up whose calls are answered by hand (each call's keys recorded). */
function byHand() {
  const calls: { keys: string[]; answer(found: Record<string, number>): void; fail(err: Error): void }[] = [];
  const lookup = new BatchedLookup<number>((keys) => new Promise((resolve, reject) => {
    calls.push({ keys, answer: (found) => resolve(new Map(Object.entries(found))), fail: reject });
  }), 3);
  return { lookup, calls };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('BatchedLookup', () => {
  it('asks the keys of one turn together, and those asked while it is under way together in the next, after it answered', async () => {
    const { lookup, calls } = byHand();
    const first = [lookup.get('a'), lookup.get('b'), lookup.get('a')];
    await turn();
    expect(calls.map((c) => c.keys)).toEqual([['a', 'b']]);
    // Asked over several turns while the first is under way: no query yet.
    const later = [lookup.get('c')];
    await turn();
    later.push(lookup.get('d'));
    await turn();
    later.push(lookup.get('c'));
    await turn();
    expect(calls).toHaveLength(1);
    calls[0].answer({ a: 1 });
    expect(await Promise.all(first)).toEqual([1, undefined, 1]);
    await vi.waitFor(() => expect(calls.map((c) => c.keys)).toEqual([['a', 'b'], ['c', 'd']]));
    calls[1].answer({ c: 3, d: 4 });
    expect(await Promise.all(later)).toEqual([3, 4, 3]);
  });

  it('splits a batch larger than its limit, and waits for every part before the next', async () => {
    const { lookup, calls } = byHand();
    const asked = ['a', 'b', 'c', 'd'].map((k) => lookup.get(k));
    await turn();
    expect(calls.map((c) => c.keys)).toEqual([['a', 'b', 'c'], ['d']]);
    const next = lookup.get('e');
    calls[1].answer({ d: 4 });
    await turn();
    expect(calls).toHaveLength(2); // one part is still under way
    calls[0].answer({ a: 1 });
    await vi.waitFor(() => expect(calls.map((c) => c.keys)).toEqual([['a', 'b', 'c'], ['d'], ['e']]));
    calls[2].answer({});
    expect([...(await Promise.all(asked)), await next]).toEqual([1, undefined, undefined, 4, undefined]);
  });

  it('a look-up that fails fails its own keys only; the next batch still goes', async () => {
    const { lookup, calls } = byHand();
    const failed = lookup.get('a');
    await turn();
    const next = lookup.get('b');
    calls[0].fail(new Error('connection lost'));
    await expect(failed).rejects.toThrow('connection lost');
    await vi.waitFor(() => expect(calls.map((c) => c.keys)).toEqual([['a'], ['b']]));
    calls[1].answer({ b: 2 });
    expect(await next).toBe(2);
  });
});
