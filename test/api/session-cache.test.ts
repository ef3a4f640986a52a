// Sessions are served from each process's cache; signing out anywhere ends the session everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster } from './support.ts';
import { signUp, WAIT } from '../helpers.ts';

let c: Awaited<ReturnType<typeof cluster>>;
beforeAll(async () => { c = await cluster(2); });
afterAll(async () => c?.close());

describe('session cache across processes', () => {
  it('a session signed out in one process is refused by the other, which had it cached', async () => {
    const b = await signUp(c.apps[0], 'buyer');
    // Both processes have served (and cached) the session.
    for (const app of c.apps) expect((await app.inject({ method: 'GET', url: '/api/me', headers: b.headers })).statusCode).toBe(200);
    expect((await c.apps[0].inject({ method: 'POST', url: '/api/auth/logout', headers: b.headers })).statusCode).toBeLessThan(300);
    // The other process hears of it by NOTIFY (PostgreSQL) or at once (PGlite).
    await expect.poll(async () => (await c.apps[1].inject({ method: 'GET', url: '/api/me', headers: b.headers })).statusCode, WAIT).toBe(401);
    expect((await c.apps[0].inject({ method: 'GET', url: '/api/me', headers: b.headers })).statusCode).toBe(401);
  });

});
