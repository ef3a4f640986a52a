// The inbox live: Server-Sent Events of a buyer's new messages while the inbox is open. Every message written NOTIFYs
// the channel trio_inbox with the buyer's id at its commit (inbox.ts); each process LISTENs once (the kernel's
// ChannelListener) and sends each open stream of that buyer the messages after the last id it sent. Streams woken
// together (a broadcast wakes thousands at once) are served by one read of their messages and one of their unread
// counts, not two reads each. The event id is
// the message id: a browser that reconnects sends Last-Event-ID and gets what it missed, whichever process it
// reaches. Calls may repeat; a stream never sends an id twice.
import type { ServerResponse } from 'node:http';
import type { Database } from '../../db/client.ts';
import { ChannelListener } from '../../kernel/channel-listener.ts';
import type { Ctx } from '../../kernel/context.ts';
import { INBOX_CHANNEL, messagesAfterMany, unreadMany } from './inbox.ts';

type Stream = { res: ServerResponse; buyerId: string; lastId: number; timer: NodeJS.Timeout };

/** Messages sent to one stream per read (more wait for the next read). */
const BATCH = 200;
/** Streams served by one read. */
const STREAMS_PER_READ = 500;
/** After a failed read, the woken streams are served again this much later. */
const RETRY_MS = 1000;

export class InboxLive {
  private byBuyer = new Map<string, Set<Stream>>();
  private count = 0;
  private listener: ChannelListener;

  constructor(private ctx: Ctx, database: Database, private onError: (err: unknown) => void) {
    this.listener = new ChannelListener({
      channel: INBOX_CHANNEL,
      databaseUrl: ctx.config.databaseUrl,
      pglite: database.pglite,
      onNotify: (buyerId) => this.wake(buyerId),
      // What was written while nobody listened reaches the open streams now.
      onConnect: () => {
        for (const buyerId of this.byBuyer.keys()) this.wake(buyerId);
      },
      onError,
    });
  }

  async start() {
    await this.listener.start();
  }

  get open() {
    return this.count;
  }

  get full() {
    return this.count >= this.ctx.config.inboxLiveMaxStreams;
  }

  /** Takes over the response as the buyer's stream, first sending what came after `lastId` (a resumed stream). */
  async add(res: ServerResponse, buyerId: string, lastId: number) {
    const stream: Stream = { res, buyerId, lastId, timer: setInterval(() => res.write(': keep-alive\n\n'), this.ctx.config.inboxLiveKeepAliveMs) };
    stream.timer.unref();
    let set = this.byBuyer.get(buyerId);
    if (!set) this.byBuyer.set(buyerId, (set = new Set()));
    set.add(stream);
    this.count++;
    res.on('close', () => this.end(stream));
    res.write(`retry: 2000\n\n`);
    this.waiting.add(stream);
    this.schedule();
  }

  private end(stream: Stream) {
    const set = this.byBuyer.get(stream.buyerId);
    if (!set?.delete(stream)) return;
    this.count--;
    this.waiting.delete(stream);
    if (!set.size) this.byBuyer.delete(stream.buyerId);
    clearInterval(stream.timer);
    if (!stream.res.writableEnded) stream.res.end();
  }

  private wake(buyerId: string) {
    for (const s of this.byBuyer.get(buyerId) ?? []) this.waiting.add(s);
    this.schedule();
  }

  /** Streams woken and not yet served; one serving runs at a time (a stream woken meanwhile is served after it). */
  private waiting = new Set<Stream>();
  private serving = false;

  private schedule() {
    if (this.serving || !this.waiting.size) return;
    this.serving = true;
    setImmediate(() => {
      this.serve().then(
        () => { this.serving = false; this.schedule(); },
        (err) => { this.serving = false; this.onError(err); setTimeout(() => this.schedule(), RETRY_MS).unref(); },
      );
    });
  }

  /** Sends the waiting streams their messages after the last each got, then their unread counts. */
  private async serve() {
    while (this.waiting.size) {
      const streams = [...this.waiting].slice(0, STREAMS_PER_READ);
      const lists = await messagesAfterMany(this.ctx.db, streams.map((s) => ({ buyerId: s.buyerId, lastId: s.lastId })), BATCH);
      const counts = await unreadMany(this.ctx.db, [...new Set(streams.map((s) => s.buyerId))]);
      streams.forEach((stream, i) => {
        this.waiting.delete(stream);
        if (stream.res.writableEnded) return;
        for (const m of lists[i]) {
          stream.res.write(`id: ${m.id}\nevent: message\ndata: ${JSON.stringify(m)}\n\n`);
          stream.lastId = m.id;
        }
        // More than one read's worth: the rest on the next round (the counts follow then).
        if (lists[i].length === BATCH) this.waiting.add(stream);
        else stream.res.write(`event: unread\ndata: ${JSON.stringify(counts.get(stream.buyerId))}\n\n`);
      });
    }
  }

  /** Ends every stream (the server is closing). */
  async close() {
    for (const set of [...this.byBuyer.values()]) {
      for (const s of [...set]) {
        if (!s.res.writableEnded) s.res.write('event: closing\ndata: {}\n\n');
        this.end(s);
      }
    }
    await this.listener.close();
  }
}
