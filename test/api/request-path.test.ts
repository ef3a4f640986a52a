// What every request runs: the hooks that only some requests need (the upload plugin's, a mini-site signature's) run
// for those alone, so a crowd of plain JSON requests (a flash sale's checkouts) does not pay for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, multipart, pngImage, testEnv, type TestEnv } from '../helpers.ts';

let env: TestEnv;
/** Listeners on the response's 'close' when the handler is about to run, by request. */
const closeListeners = new Map<string, number>();
beforeAll(async () => {
  env = await testEnv({}, {
    beforeReady: (app) => app.addHook('preHandler', (req, reply, done) => {
      closeListeners.set(String(req.headers['x-probe']), reply.raw.listenerCount('close'));
      done();
    }),
  });
});
afterAll(async () => env?.close());

/** The hooks of one kind printed for a route (Fastify's route tree with hooks). */
function routeHooks(method: string, url: string): string {
  const tree = env.app.printRoutes({ includeHooks: true, commonPrefix: false });
  const lines = tree.split('\n');
  const at = lines.findIndex((l) => l.includes(`${url} (${method})`));
  expect(at, `${method} ${url} in the route tree`).toBeGreaterThanOrEqual(0);
  const hooks: string[] = [];
  for (const l of lines.slice(at + 1)) {
    const m = /• \((\w+)\)/.exec(l);
    if (!m) break;
    hooks.push(m[1]);
  }
  return hooks.join(' ');
}

describe('the request path', () => {
  it("the upload plugin's per-request work happens on multipart requests, not on JSON ones", async () => {
    const b = await account(env, 'buyer');
    const json = await env.app.inject({ method: 'POST', url: '/api/checkout', headers: { ...b.headers, 'x-probe': 'json' }, payload: { lines: [{ skuId: '00000000-0000-4000-8000-000000000000', quantity: 1 }], address: { name: 'Lin Wei', phone: '13800000000', region: 'Shanghai', line: '1 Road' } } });
    expect(json.statusCode).toBeGreaterThanOrEqual(400); // no such SKU: what matters is that it reached the handler
    const up = multipart({}, { name: 'photo.png', type: 'image/png', data: await pngImage(64, 64) });
    const photo = await env.app.inject({ method: 'POST', url: '/api/after-sales/photos', headers: { ...b.headers, ...up.headers, 'x-probe': 'multipart' }, payload: up.payload });
    expect(photo.statusCode, photo.body).toBe(201);
    // The plugin listens for a multipart request's premature close (to remove files it saved): one listener more.
    expect(closeListeners.get('multipart')).toBe(closeListeners.get('json')! + 1);
  });

  it("a mini-site signature's hooks are on the signed routes alone", () => {
    expect(routeHooks('GET', '/api/mini-site/v1/app')).toContain('preParsing');
    expect(routeHooks('GET', '/api/mini-site/v1/app')).toContain('preValidation');
    expect(routeHooks('POST', '/api/checkout')).not.toContain('preParsing');
    expect(routeHooks('POST', '/api/checkout')).not.toContain('preValidation');
  });
});
