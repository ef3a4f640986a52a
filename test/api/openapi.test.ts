// The API describes itself (OpenAPI 3), and operations can watch it: /health, /ready, /metrics.
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { cloneDatabase, operator, testEnv, type TestEnv } from '../helpers.ts';
import { apiOperations, expectProblem } from './support.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv({ TRIO_METRICS_TOKEN: 'openapi-test-metrics' }); });
afterAll(async () => { await env?.close(); });

/** Every route the running app has, from Fastify's own route tree (not from the document under test). */
function registeredRoutes(): string[] {
  const out: string[] = [];
  const lines = env.app.printRoutes({ commonPrefix: false }).split('\n');
  const stack: { depth: number; path: string }[] = [];
  for (const line of lines) {
    const m = /^([│ ]*)[├└]── (\S*)(?: \(([^)]*)\))?/.exec(line);
    if (!m) continue;
    const depth = m[1].length;
    while (stack.length && stack[stack.length - 1].depth >= depth) stack.pop();
    const full = (stack.length ? stack[stack.length - 1].path : '') + m[2];
    stack.push({ depth, path: full });
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) out.push(`${method} ${full}`);
  }
  return out;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
  });

  it('lists every /api route the app serves', async () => {
    const { ops } = await apiOperations(env.app);
    const documented = new Set(ops.map((o) => `${o.method} ${o.path}`));
    const served = registeredRoutes().filter((r) => r.split(' ')[1].startsWith('/api/') && !r.startsWith('HEAD '));
    expect(served.length).toBeGreaterThanOrEqual(30);
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !served.includes(r))).toEqual([]);
  });

  it('every operation documents its success and, when signed in, its 401 and 403; with a path parameter, its 404', async () => {
    const { ops } = await apiOperations(env.app);
    const PUBLIC = ['GET /api/categories', 'GET /api/carriers', 'POST /api/auth/register', 'POST /api/auth/login'];
    // Known gaps of other modules, to be documented by their owners (remove the entry when done).
    const KNOWN_GAPS: string[] = [];
    const gaps: string[] = [];
    for (const o of ops) {
      const codes = Object.keys((o.operation.responses ?? {}) as object);
      const name = `${o.method} ${o.path}`;
      if (!codes.some((c) => c.startsWith('2'))) gaps.push(`${name}: no 2xx`);
      const isPublic = PUBLIC.includes(name) || o.path.startsWith('/api/storefront/') || (Array.isArray(o.operation.security) && o.operation.security.length === 0);
      if (!isPublic) for (const c of ['401', '403']) if (!codes.includes(c)) gaps.push(`${name}: no ${c}`);
      if (o.path.includes(':') && !codes.includes('404')) gaps.push(`${name}: no 404`);
      if (o.operation.requestBody && !codes.includes('400')) gaps.push(`${name}: has a body but no 400`);
      if (!o.operation.summary) gaps.push(`${name}: no summary`);
    }
    expect(gaps.filter((g) => !KNOWN_GAPS.includes(g))).toEqual([]);
  });

  it('errors are documented as problem+json with a code', async () => {
    const { doc } = await apiOperations(env.app);
    const r404 = doc.paths['/api/operator/stores/{storeId}'].get.responses['404'];
    // One Problem component, referred to by every error answer.
    expect(r404.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    const schema = doc.components.schemas.Problem;
    expect(schema.properties).toHaveProperty('code');
    expect(schema.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'code', 'detail']));
  });

  it('the browsable docs are served at /docs', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('operations endpoints', () => {
  it('/health answers while the process lives', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/ready answers 200 with the database', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: env.database.kind });
  });

  it('/ready answers 503 database_unreachable when the database is gone, while /health still answers', async () => {
    const database = await cloneDatabase();
    const { app } = await buildApp({ database, config: env.ctx.config, logger: false });
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    await database.close();
    expectProblem(await app.inject({ method: 'GET', url: '/ready' }), 503, 'database_unreachable');
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await app.close().catch(() => {});
  });

  it('/metrics speaks the Prometheus text format and counts requests by route and status', async () => {
    const op = await operator(env);
    await env.app.inject({ method: 'GET', url: '/api/categories' });
    await env.app.inject({ method: 'GET', url: '/api/operator/stores', headers: op.headers });
    await env.app.inject({ method: 'GET', url: '/api/no-such-route' });
    const res = await env.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer openapi-test-metrics' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE trio_http_request_duration_seconds histogram');
    expect(res.body).toMatch(/trio_http_request_duration_seconds_count\{method="GET",route="\/api\/categories",status="200"\} [1-9]/);
    expect(res.body).toMatch(/trio_http_request_duration_seconds_count\{method="GET",route="\/api\/operator\/stores",status="200"\} [1-9]/);
    // Unknown URLs do not explode the label set: they share one route label.
    expect(res.body).not.toContain('no-such-route');
    expect(res.body).toContain('process_cpu_user_seconds_total');
    // Every sample line is "name{labels} value".
    for (const line of res.body.split('\n').filter((l) => l && !l.startsWith('#'))) expect(line).toMatch(/^[a-zA-Z_:][\w:]*(\{.*\})? -?[\d.e+-]+|NaN|[+-]Inf$/);
  });
});
