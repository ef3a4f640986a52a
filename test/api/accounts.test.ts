import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem, rows, scalar } from './support.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

const PASSWORD = 'correct horse battery';
let n = 0;
const email = (tag: string) => `${tag}${++n}-${Date.now().toString(36)}@accounts.test`;
const register = (payload: Record<string, unknown>) => env.app.inject({ method: 'POST', url: '/api/auth/register', payload });
const login = (e: string, password: string, remoteAddress?: string) =>
  env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: e, password }, ...(remoteAddress ? { remoteAddress } : {}) });
const me = (token: string) => env.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });

describe('registering', () => {
  it('a buyer and a merchant register themselves and can then sign in with their role', async () => {
    for (const role of ['buyer', 'merchant'] as const) {
      const e = email(role);
      const res = await register({ email: e, password: PASSWORD, displayName: `A ${role}`, role });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ email: e, role, displayName: `A ${role}` });
      expect(res.json()).not.toHaveProperty('passwordHash');
      expect(res.body).not.toContain(PASSWORD);
      const session = await login(e, PASSWORD);
      expect(session.statusCode).toBe(200);
      expect(session.json().user.role).toBe(role);
      expect((await me(session.json().token)).json()).toMatchObject({ email: e, role });
    }
  });

  it('without a role the new account is a buyer', async () => {
    const res = await register({ email: email('plain'), password: PASSWORD, displayName: 'Plain' });
    expect(res.statusCode).toBe(201);
    expect(res.json().role).toBe('buyer');
  });

  it('nobody can register as an operator, and no account is created by trying', async () => {
    const e = email('would-be-op');
    const res = await register({ email: e, password: PASSWORD, displayName: 'Sneaky', role: 'operator' });
    const body = expectProblem(res, 400, 'validation_failed');
    expect(body.errors.map((x: { path: string }) => x.path)).toContain('body.role');
    expect(await scalar(env.ctx.db, sql`select count(*) from users where email = ${e}`)).toBe(0);
  });

  it('the same e-mail cannot register twice, whatever its case and spaces', async () => {
    const e = email('twice');
    expect((await register({ email: e, password: PASSWORD, displayName: 'First' })).statusCode).toBe(201);
    expectProblem(await register({ email: e.toUpperCase(), password: 'another password', displayName: 'Second' }), 409, 'email_taken');
    expect(await scalar(env.ctx.db, sql`select count(*) from users where lower(email) = ${e}`)).toBe(1);
    // The first account still signs in with its own password.
    expect((await login(e, PASSWORD)).statusCode).toBe(200);
  });

  it('a password shorter than 8 characters or an invalid e-mail is refused, naming the field', async () => {
    const short = expectProblem(await register({ email: email('short'), password: 'short', displayName: 'S' }), 400, 'validation_failed');
    expect(short.errors[0].path).toBe('body.password');
    const bad = expectProblem(await register({ email: 'not-an-email', password: PASSWORD, displayName: 'S' }), 400, 'validation_failed');
    expect(bad.errors[0].path).toBe('body.email');
  });
});

describe('storing secrets', () => {
  it('passwords are kept as salted scrypt hashes, never as the password', async () => {
    const a = await signUp(env.app, 'buyer');
    const b = await signUp(env.app, 'buyer');
    const [ra] = await rows(env.ctx.db, `users where email = '${a.email}'`);
    const [rb] = await rows(env.ctx.db, `users where email = '${b.email}'`);
    expect(ra.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(JSON.stringify(ra)).not.toContain(PASSWORD);
    // Same password, different salt, different hash.
    expect(ra.password_hash).not.toBe(rb.password_hash);
  });

  it('session tokens are kept only as their SHA-256', async () => {
    const a = await signUp(env.app, 'merchant');
    const sessions = await rows(env.ctx.db, `sessions where user_id = '${a.userId}'`);
    expect(sessions).toHaveLength(1);
    expect(sessions[0].token_hash).toBe(createHash('sha256').update(a.token).digest('hex'));
    const everything = JSON.stringify(await rows(env.ctx.db, 'sessions'));
    expect(everything).not.toContain(a.token);
    expect(everything).not.toContain(a.token.slice(4));
  });
});

describe('signing in and out', () => {
  it('a wrong password and an unknown e-mail are refused alike with invalid_login', async () => {
    const a = await signUp(env.app, 'buyer');
    const wrong = expectProblem(await login(a.email, 'wrong password'), 401, 'invalid_login');
    const unknown = expectProblem(await login(email('nobody'), PASSWORD), 401, 'invalid_login');
    expect(wrong.detail).toBe(unknown.detail);
  });

  it('the e-mail is matched whatever its case', async () => {
    const a = await signUp(env.app, 'buyer');
    expect((await login(`  ${a.email.toUpperCase()} `, PASSWORD)).statusCode).toBe(200);
  });

  it('signing out revokes the token at once', async () => {
    const a = await signUp(env.app, 'buyer');
    expect((await me(a.token)).statusCode).toBe(200);
    const out = await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: a.headers });
    expect(out.statusCode).toBe(204);
    expectProblem(await me(a.token), 401, 'invalid_credentials');
    const [s] = await rows(env.ctx.db, `sessions where user_id = '${a.userId}'`);
    expect(s.revoked_at).not.toBeNull();
    // Signing out again with the dead token is refused too.
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: a.headers }), 401, 'invalid_credentials');
  });

  it('signing out ends only that session, not the same person on another device', async () => {
    const a = await signUp(env.app, 'buyer');
    const other = await signIn(env.app, a.email, PASSWORD);
    await env.app.inject({ method: 'POST', url: '/api/auth/logout', headers: a.headers });
    expect((await me(other.token)).statusCode).toBe(200);
  });

  it('a token that is not a Bearer token, or that nobody issued, is refused with 401', async () => {
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 401, 'invalid_credentials');
    expectProblem(await me('trs_made-up-token'), 401, 'invalid_credentials');
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/me' }), 401, 'unauthorized');
  });
});

describe('too many failed sign-ins', () => {
  it('after five failures for an e-mail within 15 minutes it is refused with 429, even with the right password, until the window has passed', async () => {
    const a = await signUp(env.app, 'buyer');
    for (let i = 0; i < 5; i++) expectProblem(await login(a.email, `wrong ${i}`), 401, 'invalid_login');
    const locked = await login(a.email, PASSWORD);
    expectProblem(locked, 429, 'too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);

    env.clock.advance(14 * 60_000);
    expectProblem(await login(a.email, PASSWORD), 429, 'too_many_attempts');
    env.clock.advance(60_000 + 1000);
    const back = await login(a.email, PASSWORD);
    expect(back.statusCode).toBe(200);
    expect((await me(back.json().token)).statusCode).toBe(200);
  });

  it('four failures still leave the fifth attempt to the right password', async () => {
    const a = await signUp(env.app, 'buyer');
    for (let i = 0; i < 4; i++) expectProblem(await login(a.email, `wrong ${i}`), 401, 'invalid_login');
    expect((await login(a.email, PASSWORD)).statusCode).toBe(200);
  });

  it("one account's failures do not lock another account", async () => {
    const a = await signUp(env.app, 'buyer');
    const b = await signUp(env.app, 'buyer');
    for (let i = 0; i < 6; i++) await login(a.email, 'wrong password');
    expectProblem(await login(a.email, PASSWORD), 429, 'too_many_attempts');
    expect((await login(b.email, PASSWORD)).statusCode).toBe(200);
  });

  it('too many failures from one address lock that address for every e-mail, and only that address', async () => {
    const a = await signUp(env.app, 'buyer');
    const limit = env.ctx.config.loginMaxFailuresPerIp;
    for (let i = 0; i < limit; i++) expectProblem(await login(email('guess'), 'guess', '203.0.113.7'), 401, 'invalid_login');
    expectProblem(await login(a.email, PASSWORD, '203.0.113.7'), 429, 'too_many_attempts');
    expect((await login(a.email, PASSWORD, '198.51.100.2')).statusCode).toBe(200);
  });
});

describe('sessions expire', () => {
  it('a session is refused once sessionTtlHours have passed since sign-in', async () => {
    const a = await signUp(env.app, 'merchant');
    const session = await login(a.email, PASSWORD);
    const ttlMs = env.ctx.config.sessionTtlHours * 3600_000;
    expect(new Date(session.json().expiresAt).getTime()).toBe(env.clock.now().getTime() + ttlMs);
    env.clock.advance(ttlMs - 1000);
    expect((await me(session.json().token)).statusCode).toBe(200);
    env.clock.advance(2000);
    expectProblem(await me(session.json().token), 401, 'invalid_credentials');
    // Signing in again gives a fresh session.
    expect((await me((await login(a.email, PASSWORD)).json().token)).statusCode).toBe(200);
  });
});

describe('the buyer profile', () => {
  it('birth year, gender, city and city tier are saved with PATCH /api/me and read back', async () => {
    const a = await signUp(env.app, 'buyer');
    const res = await env.app.inject({ method: 'PATCH', url: '/api/me', headers: a.headers, payload: { birthYear: 1994, gender: 'female', city: 'Hangzhou', cityTier: 'new_tier_1', locale: 'zh' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ birthYear: 1994, gender: 'female', city: 'Hangzhou', cityTier: 'new_tier_1', locale: 'zh' });
    const [row] = await rows(env.ctx.db, `users where id = '${a.userId}'`);
    expect(row).toMatchObject({ birth_year: 1994, gender: 'female', city: 'Hangzhou', city_tier: 'new_tier_1', locale: 'zh' });
    expect((await me(a.token)).json()).toMatchObject({ birthYear: 1994, cityTier: 'new_tier_1' });

    // A field left out stays; null clears it.
    const cleared = await env.app.inject({ method: 'PATCH', url: '/api/me', headers: a.headers, payload: { city: null } });
    expect(cleared.json()).toMatchObject({ birthYear: 1994, gender: 'female', city: null, cityTier: 'new_tier_1' });
  });

  it('the profile can be given at registration', async () => {
    const res = await register({ email: email('profiled'), password: PASSWORD, displayName: 'Minh', birthYear: 2001, gender: 'male', city: 'Hanoi', cityTier: 'overseas' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ birthYear: 2001, gender: 'male', city: 'Hanoi', cityTier: 'overseas' });
  });

  it('impossible values are refused with the field named, and change nothing', async () => {
    const a = await signUp(env.app, 'buyer');
    const before = await rows(env.ctx.db, `users where id = '${a.userId}'`);
    for (const [payload, field] of [
      [{ birthYear: 1800 }, 'body.birthYear'],
      [{ birthYear: 1990.5 }, 'body.birthYear'],
      [{ gender: 'unknown' }, 'body.gender'],
      [{ cityTier: 'tier_9' }, 'body.cityTier'],
      [{ displayName: '' }, 'body.displayName'],
    ] as const) {
      const body = expectProblem(await env.app.inject({ method: 'PATCH', url: '/api/me', headers: a.headers, payload }), 400, 'validation_failed');
      expect(body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    expect(await rows(env.ctx.db, `users where id = '${a.userId}'`)).toEqual(before);
  });

  it('an empty change answers with the profile as it is', async () => {
    const a = await signUp(env.app, 'buyer');
    const res = await env.app.inject({ method: 'PATCH', url: '/api/me', headers: a.headers, payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(a.userId);
    const unknownOnly = await env.app.inject({ method: 'PATCH', url: '/api/me', headers: a.headers, payload: { favouriteColour: 'red' } });
    expect(unknownOnly.statusCode).toBe(200);
  });

  it('nobody can change their own role through the profile', async () => {
    const a = await signUp(env.app, 'buyer');
    await env.app.inject({ method: 'PATCH', url: '/api/me', headers: a.headers, payload: { role: 'operator', displayName: 'Still a buyer' } });
    const [row] = await rows(env.ctx.db, `users where id = '${a.userId}'`);
    expect(row.role).toBe('buyer');
    expect(row.display_name).toBe('Still a buyer');
  });
});
