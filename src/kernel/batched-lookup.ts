// Many requests asking the same one-row question at once (a burst of fresh sessions, the Idempotency-Keys of a crowd
// refused) share one query: the keys asked while the previous look-up is under way, or during one turn of the event
// loop when none is, are looked up together. A crowd arriving over a few seconds then asks about one statement per
// round trip of the database, whatever the number of event-loop turns it is spread over (one per turn cost the
// server and PostgreSQL a query for every few requests when the turns were short).
type Waiting<V> = { resolve(v: V | undefined): void; reject(err: unknown): void };

export class BatchedLookup<V> {
  private pending = new Map<string, Waiting<V>[]>();
  private scheduled = false;
  /** Look-ups sent and not answered yet (the parts of one batch). */
  private underWay = 0;

  /** `lookup` answers the keys it found (at most `maxKeys` per call); a key it leaves out is answered undefined. */
  constructor(private lookup: (keys: string[]) => Promise<Map<string, V>>, private maxKeys = 500) {}

  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      this.schedule();
    });
  }

  /** The next batch goes at the end of this turn, unless one is under way (it goes when that one answered). */
  private schedule() {
    if (this.scheduled || this.underWay > 0 || this.pending.size === 0) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush() {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += this.maxKeys) {
      const part = keys.slice(i, i + this.maxKeys);
      this.underWay++;
      const answered = () => {
        this.underWay--;
        this.schedule();
      };
      this.lookup(part).then(
        (found) => {
          answered();
          for (const k of part) for (const w of batch.get(k)!) w.resolve(found.get(k));
        },
        (err) => {
          answered();
          for (const k of part) for (const w of batch.get(k)!) w.reject(err);
        },
      );
    }
  }
}
