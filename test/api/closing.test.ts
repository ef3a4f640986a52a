// A server that is closing (SIGTERM: app.close() drains in-flight requests and sweeps) answers a request that still
// reaches it with 503 problem+json `shutting_down` and `Connection: close`, so the client or the load balancer sends
// it again to a live process, rather than with Fastify's own 503 body.
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../helpers.ts';

describe('while the server closes', () => {
  it('a request that reaches it is answered 503 shutting_down in problem+json, with the connection closed', async () => {
    let closingStarted!: () => void;
    const closing = new Promise<void>((resolve) => (closingStarted = resolve));
    let finishClose!: () => void;
    const heldOpen = new Promise<void>((resolve) => (finishClose = resolve));
    const env = await testEnv({}, {
      // Runs after Trio's own preClose hook (registered earlier), and keeps the close going until the test lets it end.
      beforeReady: (app) => app.addHook('preClose', async () => {
        closingStarted();
        await heldOpen;
      }),
    });
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}/api/categories`;
    expect((await fetch(url)).status).toBe(200);
    const closed = env.close();
    await closing;
    // The listener is still open while the close hooks run: a request arriving now is turned away.
    const late = await fetch(url, { headers: { accept: 'application/json' } });
    expect(late.status).toBe(503);
    expect(late.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(late.headers.get('connection')).toBe('close');
    expect(await late.json()).toMatchObject({ status: 503, code: 'shutting_down' });
    finishClose();
    await closed;
  });
});
