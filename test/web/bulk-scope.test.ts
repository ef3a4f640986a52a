// The bulk price panel starts from the rows the merchant ticked, not from "all products" (issue 13).
import { describe, expect, it } from 'vitest';
import { bulkScope } from '../../web/src/lib/catalog.ts';

describe('bulk price scope', () => {
  it('starts from the whole store with nothing ticked, and from the selection when rows are ticked', () => {
    expect(bulkScope(null, 0, true)).toBe('all');
    expect(bulkScope(null, 3, true)).toBe('selected');
  });

  it('a scope picked before rows were ticked gives way to the new selection', () => {
    expect(bulkScope({ scope: 'all', withSelection: false }, 0, true)).toBe('all');
    expect(bulkScope({ scope: 'category', withSelection: false }, 0, true)).toBe('category');
    expect(bulkScope({ scope: 'category', withSelection: false }, 2, true)).toBe('selected');
  });

  it('a scope picked with rows ticked holds while they stay ticked', () => {
    expect(bulkScope({ scope: 'all', withSelection: true }, 3, true)).toBe('all');
    expect(bulkScope({ scope: 'category', withSelection: true }, 5, true)).toBe('category');
  });

  it('never points at nothing: no ticked rows, or no approved category, falls back to the whole store', () => {
    expect(bulkScope({ scope: 'selected', withSelection: true }, 0, true)).toBe('all');
    expect(bulkScope({ scope: 'all', withSelection: true }, 0, true)).toBe('all');
    expect(bulkScope({ scope: 'category', withSelection: false }, 0, false)).toBe('all');
    expect(bulkScope({ scope: 'category', withSelection: true }, 2, false)).toBe('selected');
  });
});
