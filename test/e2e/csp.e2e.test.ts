// The built web app and the API docs run under Trio's Content-Security-Policy with no violation: the storefront,
// the merchant and operator consoles and /docs are opened in Chromium, and any blocked script, style, image or
// connection (a `securitypolicyviolation` event or a CSP console error) fails the journey.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { en as t } from '../../web/src/i18n/en.ts';
import { journey, signInThroughForm } from './harness.ts';

const e2e = journey('csp');

type Watched = { page: Page; violations: () => Promise<string[]> };

async function watchedPage(): Promise<Watched> {
  const page = await e2e.newPage();
  const console: string[] = [];
  page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) console.push(m.text());
  });
  await page.context().addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
  });
  return { page, violations: async () => [...console, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp ?? []))] };
}

async function visit(w: Watched, path: string, ready: (p: Page) => Promise<unknown>) {
  const res = await w.page.goto(`${e2e.server.url}${path}`);
  expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await ready(w.page);
  expect(await w.violations(), `CSP violations on ${path}`).toEqual([]);
}

const signIn = (page: Page, email: string, home: string) => signInThroughForm(page, e2e.server, email, home);

describe('the Content-Security-Policy', () => {
  it('the storefront and a product page run under it', async () => {
    const w = await watchedPage();
    await visit(w, '/', (p) => p.locator('a[href^="/c/"]').first().waitFor());
    const listed = await e2e.apiAs<{ id: string; imageIds: string[] }[]>(null, '/api/storefront/products?limit=50');
    const withImage = listed.find((p) => p.imageIds.length > 0) ?? listed[0];
    await visit(w, `/p/${withImage.id}`, (p) => p.getByRole('heading', { level: 1 }).waitFor());
    // Its images (same origin) are shown.
    if (withImage.imageIds.length) await w.page.locator('img[src*="/api/storefront/images/"]').first().waitFor();
    expect(await w.violations()).toEqual([]);
  });

  it('the merchant and operator consoles run under it', async () => {
    const merchant = await watchedPage();
    await signIn(merchant.page, 'tea@trio.demo', '/merchant');
    await visit(merchant, '/merchant', (p) => p.getByRole('heading', { level: 1 }).first().waitFor());
    const stores = await e2e.apiAs<{ id: string }[]>(await e2e.login('tea@trio.demo'), '/api/merchant/stores');
    await visit(merchant, `/merchant/stores/${stores[0].id}/products`, (p) => p.getByRole('heading', { level: 1 }).first().waitFor());
    await visit(merchant, `/merchant/stores/${stores[0].id}/orders`, (p) => p.getByRole('heading', { level: 1 }).first().waitFor());

    const operator = await watchedPage();
    await signIn(operator.page, 'operator@trio.demo', '/operator');
    await visit(operator, '/operator/categories', (p) => p.getByLabel(t.operator.categories.search).waitFor());
    await visit(operator, '/operator/applications', (p) => p.getByRole('heading', { level: 1 }).first().waitFor());
  });

  it('the API docs (swagger-ui) render under it', async () => {
    const w = await watchedPage();
    await visit(w, '/docs/', (p) => p.locator('.swagger-ui .opblock').first().waitFor());
  });
});
