// On a first start the server listens before the demo accounts and stores are in (seconds of work on PGlite): until
// they are, requests wait for them, so nobody signs in to a platform without its demo accounts or sees it half made.
// GET /health, /ready, /metrics and /api/demo/* answer at once (the status says "accounts and stores").
import type { FastifyInstance } from 'fastify';

const ANSWER_AT_ONCE = /^\/(?:health|ready|metrics)(?:[/?]|$)|^\/api\/demo\//;

/** Adds the hook (before the app listens); the function it returns makes requests wait until `work` settles. */
export function holdRequests(app: FastifyInstance): (work: Promise<unknown>) => void {
  let pending: Promise<void> | undefined;
  app.addHook('onRequest', (req, _reply, done) => {
    if (!pending || ANSWER_AT_ONCE.test(req.url)) return done();
    void pending.then(() => done());
  });
  return (work) => {
    const settled: Promise<void> = work.then(() => undefined, () => undefined).then(() => {
      if (pending === settled) pending = undefined;
    });
    pending = settled;
  };
}
