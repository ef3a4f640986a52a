// Headers and exposure: every answer carries the security headers (a CSP that forbids framing, nosniff, a referrer
// policy), uploaded documents come back as downloads that cannot run, and /metrics answers only to who may read it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { cloneDatabase, operator, PDF, pngImage, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { EMBEDDABLE_PAGES } from '../../src/kernel/security-headers.ts';
import { appWithWeb, expectProblem, newStore, upload } from './support.ts';

type Res = Awaited<ReturnType<FastifyInstance['inject']>>;
const expectSecurityHeaders = (res: Res) => {
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  expect(csp).not.toContain('unsafe-eval');
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
};

describe('security headers on every answer', () => {
  let web: Awaited<ReturnType<typeof appWithWeb>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    web = await appWithWeb();
    app = web.app;
  });
  afterAll(async () => { await web?.close(); });

  it('the web app, the API, its errors, /docs and the health checks all carry them', async () => {
    const html = { accept: 'text/html' };
    const answers = [
      await app.inject({ method: 'GET', url: '/', headers: html }),
      await app.inject({ method: 'GET', url: '/merchant/stores', headers: html }),
      await app.inject({ method: 'GET', url: '/api/categories' }),
      await app.inject({ method: 'GET', url: '/api/nothing' }),
      await app.inject({ method: 'GET', url: `/api/merchant/stores/${'x'.repeat(300)}` }),
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@x.test', password: 'wrong password' } }),
      await app.inject({ method: 'GET', url: '/docs/' }),
      await app.inject({ method: 'GET', url: '/health' }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 404, 414, 401, 200, 200]);
    for (const res of answers) expectSecurityHeaders(res);
    // Only storefront images may be loaded by other sites (mini-sites, shared cards).
    expect(answers.map((r) => r.headers['cross-origin-resource-policy'])).toEqual(answers.map(() => 'same-origin'));
    const image = await app.inject({ method: 'GET', url: `/api/storefront/images/${randomUUID()}/thumb` });
    expect(image.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expectSecurityHeaders(image);
    // Inline styles only where swagger-ui needs them.
    expect(answers.filter((r) => String(r.headers['content-security-policy']).includes('unsafe-inline'))).toEqual([answers[6]]);
  });

  it('a page listed as embeddable may be framed by the origins listed for it, and only that page', async () => {
    EMBEDDABLE_PAGES.push({ prefix: '/embed-test/', frameAncestors: ['https://brand.example'] });
    try {
      const html = { accept: 'text/html' };
      const framed = await app.inject({ method: 'GET', url: '/embed-test/card', headers: html });
      expect(framed.headers['x-frame-options']).toBeUndefined();
      const csp = String(framed.headers['content-security-policy']);
      expect(csp).toContain('frame-ancestors https://brand.example');
      expect(csp).not.toContain("frame-ancestors 'none'");
      // The rest of the policy is the same as everywhere else.
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expectSecurityHeaders(await app.inject({ method: 'GET', url: '/embed-other/card', headers: html }));
    } finally {
      EMBEDDABLE_PAGES.pop();
    }
  });
});

describe('uploaded documents', () => {
  let env: TestEnv;
  beforeAll(async () => { env = await testEnv(); });
  afterAll(async () => { await env?.close(); });

  it('a PDF document comes back as an attachment of its stored type that cannot run; an image is shown in place', async () => {
    const merchant = await signUp(env.app, 'merchant');
    const op = await operator(env);
    const store = await newStore(env, merchant);
    const pdf = (await upload(env, merchant, store.id, 'business_licence', { name: 'licence final (v2).pdf', data: PDF })).json();
    const png = (await upload(env, merchant, store.id, 'brand_authorisation', { name: 'scan.png', type: 'application/octet-stream', data: await pngImage() })).json();
    for (const [url, who] of [[`/api/operator/documents/${pdf.id}`, op], [`/api/merchant/stores/${store.id}/documents/${pdf.id}`, merchant]] as const) {
      const res = await env.app.inject({ method: 'GET', url, headers: who.headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe('attachment; filename="licence_final__v2_.pdf"');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.rawPayload.equals(PDF)).toBe(true);
    }
    const img = await env.app.inject({ method: 'GET', url: `/api/operator/documents/${png.id}`, headers: op.headers });
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['content-disposition']).toBe('inline; filename="scan.png"');
  });
});

describe('metrics', () => {
  it('/metrics is not served without a token or a port of its own', async () => {
    const env = await testEnv({ TRIO_METRICS_TOKEN: '', TRIO_METRICS_PORT: '' });
    try {
      expectProblem(await env.app.inject({ method: 'GET', url: '/metrics' }), 404, 'route_not_found');
    } finally {
      await env.close();
    }
  });

  it('with TRIO_METRICS_TOKEN, /metrics answers only to that bearer token', async () => {
    const env = await testEnv({ TRIO_METRICS_TOKEN: 'scrape-me-7f3a' });
    try {
      for (const authorization of [undefined, 'Bearer wrong', 'scrape-me-7f3a', 'Bearer scrape-me-7f3']) {
        const res = await env.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
        expectProblem(res, 401, 'metrics_token_required');
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      const ok = await env.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-me-7f3a' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('process_cpu_user_seconds_total');
    } finally {
      await env.close();
    }
  });

  it('with TRIO_METRICS_PORT, /metrics is on a listener of its own bound to 127.0.0.1, and not on the main one', async () => {
    const database = await cloneDatabase();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trio-metrics-'));
    const built = await buildApp({ database, config: loadConfig({ ...process.env, TRIO_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TRIO_METRICS_PORT: '0' }), logger: false });
    try {
      await built.app.ready();
      expectProblem(await built.app.inject({ method: 'GET', url: '/metrics' }), 404, 'route_not_found');
      expect(built.metricsApp).toBeDefined();
      const address = await built.metricsApp!.listen({ port: 0, host: '127.0.0.1' });
      const res = await fetch(`${address}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('trio_http_request_duration_seconds');
      const missing = await fetch(`${address}/api/categories`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      await built.app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
