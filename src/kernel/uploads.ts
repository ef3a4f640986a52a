// @fastify/multipart for the upload routes, without a cost to every other request.
import multipart, { type FastifyMultipartOptions } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type Hook = (this: FastifyInstance, req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => unknown;

/** The hooks @fastify/multipart adds to every route, which only a multipart request needs. */
const PER_REQUEST = new Set(['onRequest', 'onResponse']);

/** A request that may carry a multipart body (any Content-Type naming multipart: never fewer than the plugin parses). */
const mayBeMultipart = (req: FastifyRequest) => {
  const type = req.headers['content-type'];
  return typeof type === 'string' && /multipart/i.test(type);
};

/** The hook, run for multipart requests alone; any other request goes on at once (no promise made). */
function onMultipartOnly(hook: Hook): Hook {
  return function (req, reply, done) {
    if (!mayBeMultipart(req)) return done();
    const result = hook.call(this, req, reply, done) as Promise<unknown> | undefined;
    if (result && typeof result.then === 'function') result.then(() => done(), done);
  };
}

/**
 * Registers @fastify/multipart (its parser, req.file(), req.parts() for every route, as before). Its two hooks on
 * every route (an onRequest that listens for each response's premature close, an onResponse that removes the files
 * a request saved to disk) can only find something to do on a multipart request: every other request (a flash
 * sale's crowd of JSON checkouts among them) paid for both, with two promises and a listener each. They run for
 * requests whose Content-Type is multipart.
 */
export async function registerUploads(app: FastifyInstance, opts: FastifyMultipartOptions) {
  const addHook = app.addHook;
  const add = addHook as unknown as (this: FastifyInstance, name: string, hook: Hook) => FastifyInstance;
  // The plugin adds its hooks while it registers (this await): only then are they wrapped.
  app.addHook = function (this: FastifyInstance, name: string, hook: Hook) {
    return add.call(this, name, PER_REQUEST.has(name) ? onMultipartOnly(hook) : hook);
  } as unknown as typeof addHook;
  try {
    await app.register(multipart, opts);
  } finally {
    app.addHook = addHook;
  }
}
