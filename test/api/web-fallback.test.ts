// The same process serves the built web app: its files, index.html for client-side routes, problems for the API.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { appWithWeb, expectProblem } from './support.ts';

let web: Awaited<ReturnType<typeof appWithWeb>>;
let app: FastifyInstance;
beforeAll(async () => {
  // Building must not fail when the web app is there (it once set a second not-found handler and refused to start).
  web = await appWithWeb();
  app = web.app;
});
afterAll(async () => {
  await web?.close();
});

describe('with the web app built', () => {
  it('its files are served as they are', async () => {
    const res = await app.inject({ method: 'GET', url: '/app.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('trio');
  });

  it("the build's hashed files under assets/ are served, also those of a build made after the start", async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body).toContain('trio assets');
    writeFileSync(path.join(web.dist, 'assets', 'index-Ef56Gh78.js'), 'console.log("trio rebuilt")');
    const rebuilt = await app.inject({ method: 'GET', url: '/assets/index-Ef56Gh78.js' });
    expect(rebuilt.statusCode).toBe(200);
    expect(rebuilt.body).toContain('trio rebuilt');
    expectProblem(await app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: '*/*' } }), 404, 'route_not_found');
    expectProblem(await app.inject({ method: 'GET', url: '/assets/', headers: { accept: '*/*' } }), 404, 'route_not_found');
    expectProblem(await app.inject({ method: 'POST', url: '/assets/index-Ab12Cd34.js', headers: { accept: '*/*' } }), 404, 'route_not_found');
  });

  it('a browser opening a client-side route gets index.html', async () => {
    for (const url of ['/', '/merchant/stores/123', '/operator/categories?x=1']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('/ is the web app whatever the Accept header (curl, a health probe, no header at all)', async () => {
    for (const headers of [{}, { accept: '*/*' }, { accept: 'application/json' }]) {
      const res = await app.inject({ method: 'GET', url: '/', headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="root">');
    }
    const withQuery = await app.inject({ method: 'GET', url: '/?ref=abc', headers: { accept: '*/*' } });
    expect(withQuery.statusCode).toBe(200);
    expect(withQuery.body).toContain('<div id="root">');
  });

  it('other unknown paths asked without HTML stay 404 problems', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/merchant/stores/123', headers: { accept: '*/*' } }), 404, 'route_not_found');
    expectProblem(await app.inject({ method: 'GET', url: '/api/', headers: { accept: '*/*' } }), 404, 'route_not_found');
    expectProblem(await app.inject({ method: 'POST', url: '/', headers: { accept: '*/*' } }), 404, 'route_not_found');
  });

  it('an unknown API route is still a 404 problem, even when a browser asks', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/api/nothing-here', headers: { accept: 'text/html' } }), 404, 'route_not_found');
    expectProblem(await app.inject({ method: 'POST', url: '/merchant', headers: { accept: 'text/html' } }), 404, 'route_not_found');
    expectProblem(await app.inject({ method: 'GET', url: '/missing.js', headers: { accept: '*/*' } }), 404, 'route_not_found');
  });

  it('the API answers as usual', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/categories' });
    expect(res.statusCode).toBe(200);
    expect(res.json().categories.length).toBeGreaterThan(0);
  });
});
