// Facts known for good are kept up to a bound, the oldest forgotten first.
import { describe, expect, it } from 'vitest';
import { BoundedSet } from './bounded-set.ts';

describe('BoundedSet', () => {
  it('keeps what was added up to its limit and forgets the oldest first', () => {
    const gone = new BoundedSet<string>(2);
    gone.add('a');
    gone.add('b');
    gone.add('a'); // already known: still the oldest
    expect([gone.has('a'), gone.has('b'), gone.size]).toEqual([true, true, 2]);
    gone.add('c');
    expect([gone.has('a'), gone.has('b'), gone.has('c'), gone.size]).toEqual([false, true, true, 2]);
  });
});
