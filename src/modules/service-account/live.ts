// The inbox live: Server-Sent Events of a buyer's new messages while the inbox is open. Every message written NOTIFYs
// the channel trio_inbox with the buyer's id at its commit (inbox.ts); each process LISTENs once (the kernel's
// ChannelListener) and sends each open stream of that buyer the messages after the last id it sent. The event id is
// the message id: a browser that reconnects sends Last-Event-ID and gets what it missed, whichever process it
// reaches. Calls may repeat; a stream never sends an id twice.
import type { ServerResponse } from 'node:http';
import type { Database } from '../../db/client.ts';
import { ChannelListener } from '../../kernel/channel-listener.ts';
import type { Ctx } from '../../kernel/context.ts';
import { INBOX_CHANNEL, messagesAfter, unread } from './inbox.ts';

type Stream = { res: ServerResponse; buyerId: string; lastId: number; busy: boolean; again: boolean; timer: NodeJS.Timeout };

const BATCH = 200;

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
    const stream: Stream = { res, buyerId, lastId, busy: false, again: false, timer: setInterval(() => res.write(': keep-alive\n\n'), this.ctx.config.inboxLiveKeepAliveMs) };
    stream.timer.unref();
    let set = this.byBuyer.get(buyerId);
    if (!set) this.byBuyer.set(buyerId, (set = new Set()));
    set.add(stream);
    this.count++;
    res.on('close', () => this.end(stream));
    res.write(`retry: 2000\n\n`);
    await this.push(stream);
  }

  private end(stream: Stream) {
    const set = this.byBuyer.get(stream.buyerId);
    if (!set?.delete(stream)) return;
    this.count--;
    if (!set.size) this.byBuyer.delete(stream.buyerId);
    clearInterval(stream.timer);
    if (!stream.res.writableEnded) stream.res.end();
  }

  private wake(buyerId: string) {
    for (const s of this.byBuyer.get(buyerId) ?? []) this.push(s).catch(this.onError);
  }

  /** Sends the stream its messages after the last it got, then the unread count. One push per stream at a time. */
  private async push(stream: Stream) {
    if (stream.busy) {
      stream.again = true;
      return;
    }
    stream.busy = true;
    try {
      do {
        stream.again = false;
        let more = true;
        while (more) {
          const list = await messagesAfter(this.ctx.db, stream.buyerId, stream.lastId, BATCH);
          for (const m of list) {
            if (stream.res.writableEnded) return;
            stream.res.write(`id: ${m.id}\nevent: message\ndata: ${JSON.stringify(m)}\n\n`);
            stream.lastId = m.id;
          }
          more = list.length === BATCH;
        }
        const counts = await unread(this.ctx.db, stream.buyerId);
        if (!stream.res.writableEnded) stream.res.write(`event: unread\ndata: ${JSON.stringify(counts)}\n\n`);
      } while (stream.again);
    } finally {
      stream.busy = false;
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
