// Live data for open component cards: Server-Sent Events of product cards, sent again when the catalog changes.
// What wakes it is the catalog's version (kernel/versioned-cache.ts): a change committed in this process, or a NOTIFY
// from any process on PostgreSQL; the cards are read again through the catalog cache (one read per product per
// version, however many streams follow it) and a stream is sent only the cards that differ from what it last got.
// Streams are bounded (TRIO_COMPONENT_LIVE_MAX_STREAMS), end when their token expires (the card then asks for a new
// token), end at once when their mini-site's link with a product's store ends or its origin is no longer allowed (the
// links' version moves in every process: each stream is checked again, sent `unavailable` not_linked for each card,
// and closed), and are all ended when the server closes.
import type { ServerResponse } from 'node:http';
import type { AppError } from '../../kernel/errors.ts';
import type { Ctx } from '../../kernel/context.ts';
import { watchChannel } from '../../kernel/versioned-cache.ts';
import { watchCatalog, type CatalogCache } from '../catalog/index.ts';
import { productCard } from './components.ts';
import { linksVersioned } from './link-cache.ts';

/** Whether the stream's mini-site may still show its cards here (linked with their stores, origin allowed). */
type StillAllowed = () => Promise<boolean>;
type Stream = { res: ServerResponse; productIds: string[]; sent: Map<string, string>; timers: NodeJS.Timeout[]; allowed: StillAllowed };

export class ComponentLive {
  private streams = new Set<Stream>();
  private stopWatching: () => void;
  private stopWatchingLinks: () => void;

  constructor(private ctx: Ctx, private cache: CatalogCache, private onError: (err: unknown) => void) {
    // After a catalog change: every stream is sent its cards that changed.
    this.stopWatching = watchCatalog(this.everyStream((s) => this.push(s)));
    // After a link or allowed-origins change: every stream whose mini-site may no longer show its cards is told and ended.
    this.stopWatchingLinks = watchChannel(linksVersioned.channel, this.everyStream(async (s) => {
      if (await s.allowed()) return;
      for (const id of s.productIds) this.send(s, 'unavailable', JSON.stringify({ productId: id, code: 'not_linked' }));
      this.end(s);
    }));
  }

  get open() {
    return this.streams.size;
  }

  get full() {
    return this.streams.size >= this.ctx.config.componentLiveMaxStreams;
  }

  /** Takes over the response as an event stream for these (already checked) products, until `endsAt` or until `allowed` says no. */
  async add(res: ServerResponse, productIds: string[], endsAt: Date, allowed: StillAllowed) {
    const stream: Stream = { res, productIds, sent: new Map(), timers: [], allowed };
    this.streams.add(stream);
    const end = () => this.end(stream);
    res.on('close', end);
    stream.timers.push(setTimeout(() => this.send(stream, 'expired', '{}', true), Math.max(0, endsAt.getTime() - this.ctx.clock.now().getTime())));
    stream.timers.push(setInterval(() => res.write(': keep-alive\n\n'), this.ctx.config.componentLiveKeepAliveMs));
    for (const t of stream.timers) t.unref();
    await this.push(stream);
  }

  private end(stream: Stream) {
    if (!this.streams.delete(stream)) return;
    for (const t of stream.timers) clearTimeout(t);
    if (!stream.res.writableEnded) stream.res.end();
  }

  private send(stream: Stream, event: string, data: string, last = false) {
    if (stream.res.writableEnded) return;
    stream.res.write(`event: ${event}\ndata: ${data}\n\n`);
    if (last) this.end(stream);
  }

  /** Sends the stream each of its cards that changed since it was last sent. */
  private async push(stream: Stream) {
    for (const id of stream.productIds) {
      let json: string;
      try {
        json = (await productCard(this.cache, this.ctx, id)).json;
      } catch (err) {
        const code = (err as AppError).code;
        if (typeof code !== 'string') throw err;
        json = JSON.stringify({ productId: id, code });
        if (stream.sent.get(id) !== json) this.send(stream, 'unavailable', json);
        stream.sent.set(id, json);
        continue;
      }
      if (stream.sent.get(id) !== json) this.send(stream, 'product', json);
      stream.sent.set(id, json);
    }
  }

  /**
   * A function running `work` over every open stream, one round at a time: calls while a round runs make one more round
   * after it. A round starts after the change's own commit hooks have run (a change in this process calls before and
   * after its commit).
   */
  private everyStream(work: (s: Stream) => Promise<void>): () => void {
    let running = false;
    let again = false;
    return () => {
      if (running) {
        again = true;
        return;
      }
      if (!this.streams.size) return;
      running = true;
      setImmediate(async () => {
        try {
          do {
            again = false;
            await Promise.all([...this.streams].map(work));
          } while (again);
        } catch (err) {
          this.onError(err);
        } finally {
          running = false;
        }
      });
    };
  }

  /** Ends every stream (the server is closing: open streams would hold it open). */
  close() {
    this.stopWatching();
    this.stopWatchingLinks();
    for (const s of [...this.streams]) {
      this.send(s, 'closing', '{}');
      this.end(s);
    }
  }
}
