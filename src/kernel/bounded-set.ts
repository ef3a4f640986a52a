/** Drops the oldest entries (insertion order) of a Map or Set until it holds at most `limit`. */
export function trimOldest(entries: Map<unknown, unknown> | Set<unknown>, limit: number) {
  while (entries.size > limit) entries.delete(entries.keys().next().value);
}

/**
 * A set of facts known for good (a gift with no unit left, an offer sold out): once true they stay true, so a
 * process may answer from here without a read. Bounded: past `limit` the oldest is forgotten first (it is only
 * read again from the database, never wrong).
 */
export class BoundedSet<T> {
  private entries = new Set<T>();

  constructor(private limit: number) {}

  add(value: T) {
    this.entries.add(value);
    trimOldest(this.entries, this.limit);
  }

  has(value: T) {
    return this.entries.has(value);
  }

  get size() {
    return this.entries.size;
  }
}
