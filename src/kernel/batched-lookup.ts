// Many requests asking the same one-row question at once (a burst of fresh sessions, the Idempotency-Keys of a crowd
// refused) share one query: the keys asked during one turn of the event loop are looked up together, so a crowd
// queues a few statements for the pool's connections instead of one per person.
type Waiting<V> = { resolve(v: V | undefined): void; reject(err: unknown): void };

export class BatchedLookup<V> {
  private pending = new Map<string, Waiting<V>[]>();
  private scheduled = false;

  /** `lookup` answers the keys it found (at most `maxKeys` per call); a key it leaves out is answered undefined. */
  constructor(private lookup: (keys: string[]) => Promise<Map<string, V>>, private maxKeys = 500) {}

  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush() {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += this.maxKeys) {
      const part = keys.slice(i, i + this.maxKeys);
      this.lookup(part).then(
        (found) => { for (const k of part) for (const w of batch.get(k)!) w.resolve(found.get(k)); },
        (err) => { for (const k of part) for (const w of batch.get(k)!) w.reject(err); },
      );
    }
  }
}
