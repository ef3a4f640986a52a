// The answers served as cached JSON text (the category tree, the storefront's listing and product page) skip the
// response schema when they are sent, and the draft content is served through the body's schema: each must fit
// the schema the OpenAPI document states, key for key, or the web's generated types would lie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { testEnv, type TestEnv } from '../helpers.ts';
import { openStore, tee } from './fixtures.ts';
import { categoryTreeSchema, listingItemSchema, productContentSchema, storefrontProductSchema } from '../../src/modules/catalog/api-schemas.ts';
import { planStore, type DemoCatalogStore } from '../../src/demo/catalog.ts';
import { TEMPLATES } from '../../src/demo/catalog-templates.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

/** The value fits the schema exactly: it parses, and parsing drops or adds no key. */
function fits(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  expect(parsed.error).toBeUndefined();
  expect(parsed.data).toEqual(value);
}

describe('cached answers fit their schemas', () => {
  it('the category tree, recursively', async () => {
    const tree = (await env.app.inject({ method: 'GET', url: '/api/categories' })).json();
    expect(tree.categories.length).toBeGreaterThan(0);
    expect(tree.categories[0].children[0].children.length).toBeGreaterThan(0);
    fits(categoryTreeSchema, tree);
  });

  it('the storefront listing and product page', async () => {
    const s = await openStore(env);
    const created = (await env.app.inject({ method: 'POST', url: `${s.url}/products`, headers: s.merchant.headers, payload: tee(s.categoryIds[0]) })).json();
    fits(productContentSchema, created.draft.content);
    await env.app.inject({ method: 'POST', url: `${s.url}/products/${created.id}/submit`, headers: s.merchant.headers });
    expect((await env.app.inject({ method: 'POST', url: `/api/operator/products/${created.id}/pass`, headers: s.op.headers })).statusCode).toBe(200);
    const page = await env.app.inject({ method: 'GET', url: `/api/storefront/products/${created.id}` });
    expect(page.statusCode).toBe(200);
    fits(storefrontProductSchema, page.json());
    const list = (await env.app.inject({ method: 'GET', url: `/api/storefront/products?storeId=${s.storeId}` })).json();
    expect(list).toHaveLength(1);
    fits(listingItemSchema, list[0]);
  });

  it('every demo product draft fits the draft content schema', () => {
    const codes = Object.keys(TEMPLATES);
    const store: DemoCatalogStore = {
      storeId: '00000000-0000-4000-8000-000000000001', ownerId: '00000000-0000-4000-8000-000000000002',
      languages: { zh: 0.5, en: 0.3, vi: 0.2 }, products: 600, categories: codes.map((code, i) => ({ id: i + 1, code })),
    };
    const images = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    for (const p of planStore(store, Date.parse('2026-06-01T00:00:00Z'))) {
      // The same content the seed writes (src/demo/catalog.ts, insertProducts).
      fits(productContentSchema, {
        title: p.title, description: p.description, categoryId: p.categoryId, attributes: p.attributes,
        skus: p.skus.map((k) => ({ attrs: k.attrs, price: k.price, stock: k.stock })), imageIds: p.pictures.map((i) => images[i]),
      });
    }
  });
});
