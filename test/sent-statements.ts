// The statements a test's pg clients send, seen as the driver is asked to send them (PostgreSQL only: PGlite has no
// pg client). One wrapper of the driver's query call, whatever number of listeners; the driver's own is put back when
// the last listener goes.
import pg from 'pg';

export type SentQuery = { text?: string; name?: string };
type Listener = (q: SentQuery) => void;

const driverQuery = pg.Client.prototype.query;
const listeners = new Set<Listener>();

/** Calls `listen` with each query sent from now on (synchronously, in the caller's async context); returns the stop. */
export function onStatement(listen: Listener): () => void {
  listeners.add(listen);
  if (listeners.size === 1) {
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0];
      const sent: SentQuery = typeof q === 'string' ? { text: q } : ((q ?? {}) as SentQuery);
      for (const l of listeners) l(sent);
      return (driverQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof driverQuery;
  }
  return () => {
    listeners.delete(listen);
    if (!listeners.size) pg.Client.prototype.query = driverQuery;
  };
}
