// One LISTEN on a PostgreSQL channel for this process: its own connection, reconnected in a moment whenever it is lost
// (and again after every failed try) until closed. On PGlite (no database URL) the embedded database's own listen.
// Used by whatever must hear NOTIFYs from every process: the versioned caches, the inbox live.
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

/** How long a lost listener waits before connecting again. */
const RETRY_MS = 1000;

export type ChannelListenerOptions = {
  channel: string;
  /** PostgreSQL: a connection of its own. Without it, `pglite` (if given) is listened to; else nothing is. */
  databaseUrl?: string;
  pglite?: PGlite;
  /** Each NOTIFY's payload (empty payloads are dropped). */
  onNotify: (payload: string) => void;
  /**
   * After every LISTEN (the first one and each one after a reconnect), before the listener counts as connected:
   * catch up on what was written while nobody listened. A failure here fails that connection (it is tried again).
   */
  onConnect?: () => Promise<void> | void;
  /** The connection was lost (or a try failed): NOTIFYs may be missed until `onConnect` runs again. */
  onLost?: () => void;
  onError?: (err: unknown) => void;
};

export class ChannelListener {
  private client: pg.Client | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private closed = false;

  constructor(private opts: ChannelListenerOptions) {}

  /** Listening now (PostgreSQL: connected and caught up). */
  get connected() {
    return this.client !== undefined;
  }

  /** Starts listening; throws if the first connection fails (nothing is retried then). */
  async start() {
    if (this.opts.databaseUrl) await this.connect();
    else if (this.opts.pglite) {
      this.unlisten = await this.opts.pglite.listen(this.opts.channel, (payload) => payload && this.opts.onNotify(payload));
      await this.opts.onConnect?.();
    }
  }

  private async connect() {
    // Loaded here: a process on PGlite never loads the PostgreSQL driver.
    const { default: pgDriver } = await import('pg');
    if (this.closed) return;
    const { channel } = this.opts;
    const client = new pgDriver.Client({ connectionString: this.opts.databaseUrl });
    // Before the LISTEN a failure is the caller's (connect throws); after it, a lost connection is handled here, once.
    let listened = false;
    let dropped = false;
    const drop = () => {
      dropped = true;
      if (this.client === client) this.client = undefined;
      this.opts.onLost?.();
      client.end().catch(() => {});
    };
    const lost = (err?: unknown) => {
      if (!listened || dropped) return;
      drop();
      if (err) this.opts.onError?.(err);
      this.reconnectLater();
    };
    client.on('notification', (n) => {
      if (n.channel === channel && n.payload) this.opts.onNotify(n.payload);
    });
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      listened = true;
      await this.opts.onConnect?.();
    } catch (err) {
      if (dropped) return; // lost while catching up: already being tried again
      dropped = true;
      this.opts.onLost?.();
      client.end().catch(() => {});
      throw err;
    }
    if (dropped) return;
    if (this.closed) return void drop();
    this.client = client;
  }

  private reconnectLater() {
    if (this.closed) return;
    setTimeout(() => {
      this.connect().catch((err) => {
        this.opts.onError?.(err);
        this.reconnectLater();
      });
    }, RETRY_MS).unref();
  }

  async close() {
    this.closed = true;
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
    await this.unlisten?.().catch(() => {});
  }
}
