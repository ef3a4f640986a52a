// Abuse limits: registration and sign-in per client address, gift claims and uploads per account, counted in the
// database so that every process shares them; the client address is believed only from the configured proxies.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { forgetRateLimitCounters } from '../../src/kernel/rate-limit-store.ts';
import { signUp, testEnv, type TestEnv } from '../helpers.ts';
import { cluster, expectProblem, newStore, scalar, upload } from './support.ts';

const PASSWORD = 'correct horse battery';
const email = () => `limits-${randomBytes(4).toString('hex')}@limits.test`;
const register = (app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/register', remoteAddress, headers, payload: { email: email(), password: PASSWORD, displayName: 'Limit' } });
const login = (app: FastifyInstance, e: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers, payload: { email: e, password } });

/** A 429 too_many_requests problem with a Retry-After of at most the window. */
function expectLimited(res: Awaited<ReturnType<FastifyInstance['inject']>>, windowMinutes: number) {
  expectProblem(res, 429, 'too_many_requests');
  const wait = Number(res.headers['retry-after']);
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(windowMinutes * 60);
  expect(res.json().retryAfterSeconds).toBe(wait);
}

describe('registration and sign-in, per client address', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv({ TRIO_REGISTER_MAX_PER_ADDRESS: '3', TRIO_REGISTER_WINDOW_MINUTES: '60', TRIO_LOGIN_MAX_PER_ADDRESS: '4' });
  });
  afterAll(async () => { await env?.close(); });

  it('an address creates a few accounts, then is refused with 429 until the window has passed; other addresses are not', async () => {
    for (let i = 0; i < 3; i++) expect((await register(env.app, '198.51.100.7')).statusCode).toBe(201);
    const before = await scalar(env.ctx.db, sql`select count(*) from users`);
    expectLimited(await register(env.app, '198.51.100.7'), 60);
    expect(await scalar(env.ctx.db, sql`select count(*) from users`)).toBe(before);
    expect((await register(env.app, '198.51.100.8')).statusCode).toBe(201);
    env.clock.advance(61 * 60_000);
    expect((await register(env.app, '198.51.100.7')).statusCode).toBe(201);
  });

  it('sign-ins from one address are limited even when the password is right', async () => {
    const e = email();
    expect((await register(env.app, '198.51.100.20')).statusCode).toBe(201);
    const who = (await env.app.inject({ method: 'POST', url: '/api/auth/register', remoteAddress: '198.51.100.21', payload: { email: e, password: PASSWORD, displayName: 'Me' } }));
    expect(who.statusCode).toBe(201);
    for (let i = 0; i < 4; i++) expect((await login(env.app, e, PASSWORD, '203.0.113.5')).statusCode).toBe(200);
    expectLimited(await login(env.app, e, PASSWORD, '203.0.113.5'), env.ctx.config.loginWindowMinutes);
    expect((await login(env.app, e, PASSWORD, '203.0.113.6')).statusCode).toBe(200);
  });

  it('ended windows are swept away', async () => {
    expect(await scalar(env.ctx.db, sql`select count(*) from rate_limit_counters`)).toBeGreaterThan(0);
    env.clock.advance(2 * 3600_000);
    expect(await forgetRateLimitCounters(env.ctx.db, env.clock.now())).toBeGreaterThan(0);
    expect(await scalar(env.ctx.db, sql`select count(*) from rate_limit_counters`)).toBe(0);
  });
});

describe('the client address behind proxies', () => {
  it('TRIO_TRUST_PROXY names the proxies; "every hop" and hop counts are refused at start', () => {
    expect(loadConfig({ TRIO_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,loopback,::1' }).trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16', 'loopback', '::1']);
    expect(loadConfig({}).trustProxy).toBe(false);
    for (const bad of ['true', '*', '1', '2', 'proxy.example', '10.0.0.300', '10.0.0.0/33', '10.0.0.0/8;']) expect(() => loadConfig({ TRIO_TRUST_PROXY: bad })).toThrow(/TRIO_TRUST_PROXY/);
  });

  it('behind one trusted proxy, a forged X-Forwarded-For hop is not believed: the address the proxy saw is counted', async () => {
    const env = await testEnv({ TRIO_TRUST_PROXY: '127.0.0.1', TRIO_LOGIN_MAX_FAILURES_PER_IP: '3', TRIO_REGISTER_MAX_PER_ADDRESS: '2' });
    try {
      // The client names a new address in every request; the proxy (127.0.0.1) appends the one it saw.
      const via = (i: number, client = '203.0.113.50') => ({ 'x-forwarded-for': `10.9.${i}.1, ${client}` });
      for (let i = 0; i < 3; i++) expectProblem(await login(env.app, email(), 'wrong password', '127.0.0.1', via(i)), 401, 'invalid_login');
      expectProblem(await login(env.app, email(), 'wrong password', '127.0.0.1', via(3)), 429, 'too_many_attempts');
      for (let i = 0; i < 2; i++) expect((await register(env.app, '127.0.0.1', via(10 + i))).statusCode).toBe(201);
      expectLimited(await register(env.app, '127.0.0.1', via(12)), env.ctx.config.limits.register.windowMinutes);
      // Everyone else behind the same proxy still gets in: they are not the proxy's address.
      expectProblem(await login(env.app, email(), 'wrong password', '127.0.0.1', via(20, '203.0.113.51')), 401, 'invalid_login');
      expect((await register(env.app, '127.0.0.1', via(21, '203.0.113.51'))).statusCode).toBe(201);
    } finally {
      await env.close();
    }
  });

  it('with no proxy configured, X-Forwarded-For is ignored', async () => {
    const env = await testEnv({ TRIO_REGISTER_MAX_PER_ADDRESS: '2' });
    try {
      for (let i = 0; i < 2; i++) expect((await register(env.app, '198.51.100.99', { 'x-forwarded-for': `10.8.${i}.1` })).statusCode).toBe(201);
      expectLimited(await register(env.app, '198.51.100.99', { 'x-forwarded-for': '10.8.2.1' }), 60);
    } finally {
      await env.close();
    }
  });
});

describe('gift claims and uploads, per account', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv({ TRIO_CLAIM_MAX_PER_ACCOUNT: '2', TRIO_UPLOAD_MAX_PER_ACCOUNT: '2' });
  });
  afterAll(async () => { await env?.close(); });

  it('claims and lottery joins share one counter per account', async () => {
    const [a, b] = [await signUp(env.app, 'buyer'), await signUp(env.app, 'buyer')];
    const token = 'x'.repeat(43);
    const claim = (who: { headers: Record<string, string> }, what: 'claim' | 'join') =>
      env.app.inject({ method: 'POST', url: `/api/gift-links/${token}/${what}`, headers: { ...who.headers, 'idempotency-key': randomBytes(8).toString('hex') }, payload: { addressId: undefined } });
    expectProblem(await claim(a, 'claim'), 404, 'gift_not_found');
    expectProblem(await claim(a, 'join'), 404, 'gift_not_found');
    expectLimited(await claim(a, 'claim'), 10);
    expectProblem(await claim(b, 'claim'), 404, 'gift_not_found');
  });

  it('claims sent at the same moment (counted together) are each counted once: the account\'s first two go on, the others are refused', async () => {
    const [a, b] = [await signUp(env.app, 'buyer'), await signUp(env.app, 'buyer')];
    const token = 'y'.repeat(43);
    const claim = (who: { headers: Record<string, string> }) =>
      env.app.inject({ method: 'POST', url: `/api/gift-links/${token}/claim`, headers: { ...who.headers, 'idempotency-key': randomBytes(8).toString('hex') }, payload: {} });
    const all = await Promise.all([claim(a), claim(a), claim(b), claim(a), claim(a), claim(b)]);
    const codes = (who: number[]) => who.map((i) => all[i].json().code).sort();
    expect(codes([0, 1, 3, 4])).toEqual(['gift_not_found', 'gift_not_found', 'too_many_requests', 'too_many_requests']);
    expect(codes([2, 5])).toEqual(['gift_not_found', 'gift_not_found']);
    expect(await scalar(env.ctx.db, sql`select hits from rate_limit_counters where key = ${`claim|user:${a.userId}`}`)).toBe(4);
  });

  it('uploads of one merchant are limited; another merchant uploads on', async () => {
    const [m1, m2] = [await signUp(env.app, 'merchant'), await signUp(env.app, 'merchant')];
    const [s1, s2] = [await newStore(env, m1), await newStore(env, m2)];
    for (let i = 0; i < 2; i++) expect((await upload(env, m1, s1.id, 'business_licence')).statusCode).toBe(201);
    expectLimited(await upload(env, m1, s1.id, 'business_licence'), 10);
    expect((await upload(env, m2, s2.id, 'business_licence')).statusCode).toBe(201);
  });
});

describe('one limit for every process', () => {
  it('two app instances over one database count together, and a crowd of registrations at once gets exactly the limit through', async () => {
    const c = await cluster(2, { TRIO_REGISTER_MAX_PER_ADDRESS: '4' });
    try {
      const first = [];
      for (let i = 0; i < 3; i++) first.push((await register(c.app(i), '192.0.2.10')).statusCode);
      expect(first).toEqual([201, 201, 201]);
      expect((await register(c.app(1), '192.0.2.10')).statusCode).toBe(201);
      expectLimited(await register(c.app(0), '192.0.2.10'), 60);
      expectLimited(await register(c.app(1), '192.0.2.10'), 60);

      const crowd = await Promise.all(Array.from({ length: 12 }, (_, i) => register(c.app(i), '192.0.2.11')));
      expect(crowd.filter((r) => r.statusCode === 201)).toHaveLength(4);
      for (const r of crowd.filter((x) => x.statusCode !== 201)) expectProblem(r, 429, 'too_many_requests');
    } finally {
      await c.close();
    }
  });
});
