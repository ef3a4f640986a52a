// Items of one key that come together go as one batch; at most `perKey` batches of a key are under way, and what comes
// meanwhile goes together in the next one, in arrival order.
import { describe, expect, it } from 'vitest';
import { KeyedBatches } from './keyed-batches.ts';

const turn = () => new Promise((r) => setImmediate(r));
/** Two turns: a batch that answered schedules the next in the turn after. */
const turns = async () => { await turn(); await turn(); };

/** Batches whose runs are ended by hand (each run's items recorded); `size`: items per batch at most. */
function byHand(o: { perKey: number; nextAtOnce: boolean; size?: number }) {
  const runs: { key: string; items: string[]; end(): void }[] = [];
  const batches = new KeyedBatches<{ key: string; id: string }>({
    perKey: o.perKey, defer: setImmediate, nextAtOnce: o.nextAtOnce,
    take: (queue) => ({ batch: queue.slice(0, o.size ?? Infinity), kept: queue.slice(o.size ?? Infinity) }),
    run: (batch) => new Promise<void>((end) => runs.push({ key: batch[0].key, items: batch.map((b) => b.id), end })),
  });
  const push = (key: string, ...ids: string[]) => ids.forEach((id) => batches.push(key, { key, id }));
  return { push, runs };
}

describe('KeyedBatches', () => {
  it('sends the items of one turn as one batch per key', async () => {
    const { push, runs } = byHand({ perKey: 1, nextAtOnce: false });
    push('sku-1', 'a', 'b');
    push('sku-2', 'x');
    push('sku-1', 'c');
    expect(runs).toHaveLength(0);
    await turn();
    expect(runs.map((r) => [r.key, r.items])).toEqual([['sku-1', ['a', 'b', 'c']], ['sku-2', ['x']]]);
  });

  it('keeps at most perKey batches of a key under way; those that came meanwhile go together once one answered', async () => {
    const { push, runs } = byHand({ perKey: 2, nextAtOnce: true, size: 2 });
    push('gift', 'a', 'b', 'c', 'd', 'e');
    await turn();
    expect(runs.map((r) => r.items)).toEqual([['a', 'b'], ['c', 'd']]);
    push('gift', 'f');
    await turn();
    expect(runs).toHaveLength(2);
    runs[0].end();
    await turns();
    expect(runs.map((r) => r.items)).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f']]);
  });

  it('defers the next batch as the first when told so, and forgets a key once nothing of it is left', async () => {
    const { push, runs } = byHand({ perKey: 1, nextAtOnce: false });
    push('sku', 'a');
    await turn();
    push('sku', 'b');
    runs[0].end();
    push('sku', 'c');
    await turns();
    expect(runs.map((r) => r.items)).toEqual([['a'], ['b', 'c']]);
    runs[1].end();
    await turns();
    push('sku', 'd');
    await turns();
    expect(runs.map((r) => r.items)).toEqual([['a'], ['b', 'c'], ['d']]);
  });
});
