// GET /api/demo/logins: the sign-in page's list of demo accounts, from the one list `npm start` prints; nothing when
// demo data is off (a deployment with TRIO_DEMO=off must not advertise accounts or a password).
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../src/demo/logins.ts';
import { testEnv, type TestEnv } from '../helpers.ts';

let env: TestEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('GET /api/demo/logins', () => {
  it('with demo data on, answers every demo login (role and e-mail) and the password, to anyone', async () => {
    env = await testEnv({ TRIO_DEMO: 'on' });
    const res = await env.app.inject({ method: 'GET', url: '/api/demo/logins' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.password).toBe(DEMO_PASSWORD);
    expect(body.logins).toEqual(DEMO_LOGINS.map(({ role, email }) => ({ role, email })));
    expect(body.logins).toHaveLength(10);
  });

  it('with demo data off, answers no login and no password', async () => {
    env = await testEnv({ TRIO_DEMO: 'off' });
    const res = await env.app.inject({ method: 'GET', url: '/api/demo/logins' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ password: null, logins: [] });
    expect(res.body).not.toContain('trio.demo');
    expect(res.body).not.toContain(DEMO_PASSWORD);
  });
});
