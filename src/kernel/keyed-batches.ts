// Items of one key (a flash sale's SKU, a group gift) that come together go as batches, one statement each: at most
// `perKey` batches of a key are under way at once (one holds the key's row, the next waits on it ready to go when it
// commits); what comes meanwhile waits here, holding no connection, and goes with the next batch. The scheduling of
// orders/batched-checkout.ts and gifts/batched-claims.ts; each says what a batch is (take) and how it goes (run).

export type KeyedBatchesOptions<W> = {
  /** Batches of one key under way at once. */
  perKey: number;
  /** When the items that joined make a batch: setImmediate (after the turn's I/O callbacks) or queueMicrotask. */
  defer: (fn: () => void) => void;
  /** After a batch answered, the next one goes at once (true), or is deferred as the first was. */
  nextAtOnce: boolean;
  /** The next batch from the front of the queue (arrival order); what it leaves keeps its place. */
  take: (queue: W[]) => { batch: W[]; kept: W[] };
  /** Sends a batch; settles once every item of it is answered (it never rejects: each item is answered by run). */
  run: (batch: W[]) => Promise<unknown>;
};

type Key<W> = { queue: W[]; inFlight: number; scheduled: boolean };

export class KeyedBatches<W> {
  private keys = new Map<string, Key<W>>();

  constructor(private o: KeyedBatchesOptions<W>) {}

  /** Queues an item of `key`; it goes with the next batch of its key. */
  push(key: string, item: W) {
    let k = this.keys.get(key);
    if (!k) this.keys.set(key, (k = { queue: [], inFlight: 0, scheduled: false }));
    k.queue.push(item);
    this.schedule(key, k);
  }

  private schedule(key: string, k: Key<W>) {
    if (k.scheduled || k.inFlight >= this.o.perKey || !k.queue.length) return;
    k.scheduled = true;
    this.o.defer(() => {
      k.scheduled = false;
      this.flush(key, k);
    });
  }

  private flush(key: string, k: Key<W>) {
    while (k.inFlight < this.o.perKey && k.queue.length) {
      const { batch, kept } = this.o.take(k.queue);
      k.queue = kept;
      k.inFlight++;
      void this.o.run(batch).finally(() => {
        k.inFlight--;
        if (!k.inFlight && !k.queue.length) this.keys.delete(key);
        else if (this.o.nextAtOnce) this.flush(key, k);
        else this.schedule(key, k);
      });
    }
  }
}
