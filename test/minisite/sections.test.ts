// The hosted mini-site's sections: its owners edit a draft (add, edit, hide, delete, reorder) and publish it; visitors
// of /m/<slug> read the published copy in their language, falling back to the mini-site's default language.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { account, multipart, pngImage, testEnv, type TestEnv } from '../helpers.ts';
import { testMiniSite, type TestMiniSite } from '../fixtures/minisite.ts';
import { listedProduct, openStore, type Store } from '../orders/fixtures.ts';
import { rows } from '../api/support.ts';

let env: TestEnv;
let store: Store;
let productId: string;
beforeAll(async () => {
  env = await testEnv();
  store = await openStore(env);
  ({ productId } = await listedProduct(env, store, [{ price: 12900, stock: 5 }], 'Oolong 乌龙茶'));
});
afterAll(async () => { await env?.close(); });

type Who = { headers: Record<string, string>; userId: string };
const base = (site: { id: string }) => `/api/minisites/${site.id}/sections`;
const hero = (title: string, over: Record<string, unknown> = {}) => ({ kind: 'hero', data: { imageId: null }, content: { en: { title, subtitle: 'Since 1998' } }, ...over });
const story = (body: string, over: Record<string, unknown> = {}) => ({ kind: 'story', data: {}, content: { en: { title: 'Our story', body } }, ...over });

async function site(owner: Who = store.merchant as Who, link = true): Promise<TestMiniSite> {
  return testMiniSite(env.ctx.db, { ownerId: owner.userId, linkStoreId: link ? store.storeId : undefined });
}
async function add(s: { id: string }, body: unknown, who: { headers: Record<string, string> } = store.merchant) {
  return env.app.inject({ method: 'POST', url: base(s), headers: who.headers, payload: body as object });
}
async function addOk(s: { id: string }, body: unknown) {
  const res = await add(s, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; position: number };
}
const draft = async (s: { id: string }) => (await env.app.inject({ method: 'GET', url: base(s), headers: store.merchant.headers })).json();
const publish = (s: { id: string }) => env.app.inject({ method: 'POST', url: `${base(s)}/publish`, headers: store.merchant.headers });
const visit = (slug: string, lang?: string, headers: Record<string, string> = {}) => env.app.inject({ method: 'GET', url: `/api/m/${slug}${lang ? `?lang=${lang}` : ''}`, headers });

describe('who may edit a mini-site\'s sections', () => {
  it('only its owners: another owner, a buyer and a visitor are refused; another owner learns nothing (404)', async () => {
    const s = await site();
    await addOk(s, hero('Spring tea'));
    const other = await account(env, 'merchant');
    for (const [method, url, payload] of [
      ['GET', base(s), undefined], ['POST', base(s), hero('Mine now')], ['POST', `${base(s)}/publish`, undefined], ['POST', `${base(s)}/reorder`, { sectionIds: [] }],
    ] as const) {
      const res = await env.app.inject({ method, url, headers: other.headers, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('mini_site_not_found');
    }
    const buyer = await account(env, 'buyer');
    expect((await add(s, hero('x'), buyer)).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'GET', url: base(s) })).statusCode).toBe(401);
    expect((await draft(s)).sections).toHaveLength(1);
  });
});

describe('bad input, per kind, is refused with a stable code and writes nothing', () => {
  it('each kind checks its own fields', async () => {
    const s = await site();
    const cases: [unknown, number, string][] = [
      [{ kind: 'hero', data: { imageId: null }, content: { en: { title: '' } } }, 400, 'validation_failed'],
      [{ kind: 'hero', data: { imageId: null }, content: { en: { title: 'x'.repeat(81) } } }, 400, 'validation_failed'],
      [{ kind: 'story', content: { en: { body: '   ' } } }, 400, 'validation_failed'],
      [{ kind: 'featured', data: { productIds: [] }, content: { en: {} } }, 400, 'validation_failed'],
      [{ kind: 'featured', data: { productIds: [productId, productId] }, content: { en: {} } }, 400, 'validation_failed'],
      [{ kind: 'featured', data: { productIds: ['not-a-uuid'] }, content: { en: {} } }, 400, 'validation_failed'],
      [{ kind: 'coupons', data: {}, content: { en: {} } }, 400, 'validation_failed'],
      [{ kind: 'gift', data: {}, content: { en: { title: 'A gift' } } }, 400, 'validation_failed'],
      [{ kind: 'membership', data: {}, content: { en: { title: 'Join', body: 'x'.repeat(501) } } }, 400, 'validation_failed'],
      [{ kind: 'banner', data: {}, content: { en: { title: 'x' } } }, 400, 'validation_failed'],
      [{ kind: 'hero', data: { imageId: null }, content: { zh: { title: '春茶' } } }, 422, 'section_default_language_missing'],
      [{ kind: 'hero', data: { imageId: crypto.randomUUID() }, content: { en: { title: 'x' } } }, 404, 'image_not_found'],
      [{ kind: 'store', data: { storeId: crypto.randomUUID() }, content: { en: {} } }, 422, 'section_store_not_linked'],
      [{ kind: 'coupons', data: { storeId: crypto.randomUUID(), couponIds: [] }, content: { en: {} } }, 422, 'section_store_not_linked'],
    ];
    for (const [body, status, code] of cases) {
      const res = await add(s, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe(code);
    }
    expect((await draft(s)).sections).toEqual([]);
  });

  it('a featured product must come from a store linked to the mini-site: an unlinked store\'s product is refused', async () => {
    const other = await openStore(env);
    const { productId: foreign } = await listedProduct(env, other);
    const s = await site();
    const res = await add(s, { kind: 'featured', data: { productIds: [productId, foreign] }, content: { en: { title: 'Picks' } } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'section_product_not_linked', productId: foreign });
    // Not linked at all: even the store's own product is refused.
    const unlinked = await site(store.merchant as Who, false);
    expect((await add(unlinked, { kind: 'featured', data: { productIds: [productId] }, content: { en: {} } })).json().code).toBe('section_product_not_linked');
    await addOk(s, { kind: 'featured', data: { productIds: [productId] }, content: { en: { title: 'Picks' } } });
  });

  it('a section keeps its kind', async () => {
    const s = await site();
    const h = await addOk(s, hero('Spring'));
    const res = await env.app.inject({ method: 'PUT', url: `${base(s)}/${h.id}`, headers: store.merchant.headers, payload: story('Text') });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('section_kind_fixed');
  });
});

describe('the brand story is the safe rich text of product descriptions', () => {
  it('markup stays text, exactly as written; too long a story is refused', async () => {
    const s = await site();
    const body = '## Since 1998\n**Hand-rolled** <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n- Wuyi\n- Anxi';
    await addOk(s, story(body));
    expect((await publish(s)).statusCode).toBe(200);
    const page = (await visit(s.slug)).json();
    expect(page.sections[0]).toMatchObject({ kind: 'story', title: 'Our story', body });
    const long = await add(s, story('x'.repeat(20001)));
    expect(long.statusCode).toBe(400);
    expect(long.json().code).toBe('validation_failed');
  });
});

describe('order of the sections', () => {
  it('reorder puts every section in the new order at once; positions stay 0..n-1 after a delete', async () => {
    const s = await site();
    const a = await addOk(s, hero('A'));
    const b = await addOk(s, story('B'));
    const c = await addOk(s, { kind: 'store', data: { storeId: store.storeId }, content: { en: { title: 'C' } } });
    expect([a.position, b.position, c.position]).toEqual([0, 1, 2]);
    const moved = await env.app.inject({ method: 'POST', url: `${base(s)}/reorder`, headers: store.merchant.headers, payload: { sectionIds: [c.id, a.id, b.id] } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().sections.map((x: { id: string; position: number }) => [x.id, x.position])).toEqual([[c.id, 0], [a.id, 1], [b.id, 2]]);
    const del = await env.app.inject({ method: 'DELETE', url: `${base(s)}/${a.id}`, headers: store.merchant.headers });
    expect(del.statusCode).toBe(204);
    expect((await draft(s)).sections.map((x: { id: string; position: number }) => [x.id, x.position])).toEqual([[c.id, 0], [b.id, 1]]);
  });

  it('a list that is not exactly the sections (missing, repeated, foreign) changes nothing', async () => {
    const s = await site();
    const a = await addOk(s, hero('A'));
    const b = await addOk(s, story('B'));
    const before = await rows(env.ctx.db, 'mini_site_sections', 'id');
    for (const sectionIds of [[b.id], [b.id, b.id], [b.id, a.id, crypto.randomUUID()], [b.id, crypto.randomUUID()]]) {
      const res = await env.app.inject({ method: 'POST', url: `${base(s)}/reorder`, headers: store.merchant.headers, payload: { sectionIds } });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('sections_order_mismatch');
    }
    expect(await rows(env.ctx.db, 'mini_site_sections', 'id')).toEqual(before);
  });

  it('edits at the same time queue one after another: positions end dense, each reorder whole', async () => {
    const s = await site();
    const ids: string[] = [];
    for (const t of ['A', 'B', 'C']) ids.push((await addOk(s, hero(t))).id);
    const orders = [[ids[2], ids[1], ids[0]], [ids[1], ids[0], ids[2]], [ids[0], ids[2], ids[1]]];
    const results = await Promise.all([
      ...orders.map((sectionIds) => env.app.inject({ method: 'POST', url: `${base(s)}/reorder`, headers: store.merchant.headers, payload: { sectionIds } })),
      ...['D', 'E', 'F'].map((t) => add(s, hero(t))),
    ]);
    // A reorder that ran after an add no longer names every section and is refused whole; the others apply whole.
    for (const r of results) expect([200, 201, 409]).toContain(r.statusCode);
    const final = (await draft(s)).sections as { id: string; position: number }[];
    expect(final.map((x) => x.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(final.map((x) => x.id)).size).toBe(6);
    const firstThree = final.filter((x) => ids.includes(x.id)).map((x) => x.id);
    const applied = results.slice(0, 3).filter((r) => r.statusCode === 200);
    if (applied.length) expect(orders.map((o) => o.join())).toContain(firstThree.join());
  });
});

describe('draft and published copy', () => {
  it('visitors see only what was published, with visible sections only; editing after that does not show until published again', async () => {
    const s = await site();
    const empty = await visit(s.slug);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ version: 0, sections: [], miniSite: { name: s.name, slug: s.slug, appId: s.appId } });
    const h = await addOk(s, hero('Spring tea'));
    await addOk(s, story('Hidden for now', { visible: false }));
    await addOk(s, { kind: 'featured', data: { productIds: [productId] }, content: { en: { title: 'Picks' } } });
    expect((await visit(s.slug)).json().sections).toEqual([]);
    expect((await draft(s)).unpublishedChanges).toBe(true);
    const pub = await publish(s);
    expect(pub.json()).toMatchObject({ unpublishedChanges: false, publishedVersion: 1 });
    const page = (await visit(s.slug, 'en')).json();
    expect(page.sections.map((x: { kind: string }) => x.kind)).toEqual(['hero', 'featured']);
    expect(page.sections[1]).toMatchObject({ productIds: [productId] });
    const edited = await env.app.inject({ method: 'PUT', url: `${base(s)}/${h.id}`, headers: store.merchant.headers, payload: hero('Autumn tea') });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await draft(s)).unpublishedChanges).toBe(true);
    expect((await visit(s.slug)).json().sections[0].title).toBe('Spring tea');
    await publish(s);
    expect((await visit(s.slug)).json()).toMatchObject({ version: 2, sections: [{ title: 'Autumn tea' }, { kind: 'featured' }] });
  });

  it('the page is cacheable: the same ETag answers 304 until the next publication', async () => {
    const s = await site();
    await addOk(s, hero('One'));
    await publish(s);
    const first = await visit(s.slug, 'en');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"m-/);
    expect((await visit(s.slug, 'en', { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await visit(s.slug, 'zh', { 'if-none-match': etag })).statusCode).toBe(200);
    await addOk(s, hero('Two'));
    expect((await visit(s.slug, 'en', { 'if-none-match': etag })).statusCode).toBe(304);
    await publish(s);
    expect((await visit(s.slug, 'en', { 'if-none-match': etag })).statusCode).toBe(200);
  });

  it('a product or store whose link ended leaves the page without a new publication', async () => {
    const s = await site();
    await addOk(s, { kind: 'featured', data: { productIds: [productId] }, content: { en: { title: 'Picks' } } });
    await addOk(s, { kind: 'store', data: { storeId: store.storeId }, content: { en: {} } });
    await addOk(s, hero('Stays'));
    await publish(s);
    expect((await visit(s.slug)).json().sections).toHaveLength(3);
    await env.ctx.db.execute(sql`update mini_site_links set state = 'unlinked' where mini_site_id = ${s.id}`);
    expect((await visit(s.slug)).json().sections.map((x: { kind: string }) => x.kind)).toEqual(['hero']);
  });

  it('an unknown slug is 404', async () => {
    const res = await visit('no-such-brand');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('mini_site_not_found');
  });
});

describe('languages', () => {
  it('each section reads in the visitor\'s language, else in the mini-site\'s default language', async () => {
    const s = await site();
    await env.ctx.db.execute(sql`update mini_sites set default_locale = 'zh' where id = ${s.id}`);
    const refused = await add(s, hero('Only English'));
    expect(refused.json().code).toBe('section_default_language_missing');
    await addOk(s, { kind: 'hero', data: { imageId: null }, content: { zh: { title: '春茶', subtitle: '' }, vi: { title: 'Trà xuân', subtitle: '' } } });
    await addOk(s, { kind: 'story', data: {}, content: { zh: { title: '故事', body: '**手工**制作' } } });
    await publish(s);
    const vi = (await visit(s.slug, 'vi')).json();
    expect(vi.lang).toBe('vi');
    expect(vi.sections.map((x: { lang: string; title: string }) => [x.lang, x.title])).toEqual([['vi', 'Trà xuân'], ['zh', '故事']]);
    const en = (await visit(s.slug, 'en')).json();
    expect(en.sections.map((x: { lang: string }) => x.lang)).toEqual(['zh', 'zh']);
    const dflt = (await visit(s.slug)).json();
    expect(dflt.lang).toBe('zh');
    expect((await visit(s.slug, 'fr')).statusCode).toBe(400);
  });
});

describe('hero banner image', () => {
  it('is checked by its content, belongs to its mini-site, and is served as WebP to anyone', async () => {
    const s = await site();
    const up = (data: Buffer, on = s) => {
      const body = multipart({}, { name: 'banner.png', type: 'image/png', data });
      return env.app.inject({ method: 'POST', url: `${base(on)}/images`, headers: { ...store.merchant.headers, ...body.headers }, payload: body.payload });
    };
    const fake = await up(Buffer.from('not an image, whatever the name says'));
    expect(fake.statusCode).toBe(415);
    expect(fake.json().code).toBe('image_type_not_allowed');
    const img = await up(await pngImage(1200, 400));
    expect(img.statusCode, img.body).toBe(201);
    const { id, urls } = img.json();
    const served = await env.app.inject({ method: 'GET', url: urls.large });
    expect(served.headers['content-type']).toBe('image/webp');
    await addOk(s, hero('With a picture', { data: { imageId: id } }));
    const other = await site();
    expect((await add(other, hero('Borrowed', { data: { imageId: id } }))).json().code).toBe('image_not_found');
    await publish(s);
    expect((await visit(s.slug)).json().sections[0].image).toMatchObject({ id, width: 1200, height: 400, urls });
  });
});

describe('the hosted page\'s own origin (Trio\'s) counts as allowed for its mini-site\'s components', () => {
  const OWN = 'http://localhost';
  const token = (s: TestMiniSite, origin: string) => env.app.inject({ method: 'POST', url: '/api/components/token', headers: { origin, 'content-type': 'application/json' }, payload: { appId: s.appId } });
  const card = (tok: string, headers: Record<string, string>) => env.app.inject({ method: 'GET', url: `/api/components/products/${productId}?token=${encodeURIComponent(tok)}`, headers });

  it('a card on /m/<slug> gets a token and reads a linked store\'s product (same-origin GET: no Origin, Sec-Fetch-Site same-origin)', async () => {
    const s = await site();
    const t = await token(s, OWN);
    expect(t.statusCode, t.body).toBe(200);
    const read = await card(t.json().token, { 'sec-fetch-site': 'same-origin' });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ id: productId, price: 12900 });
  });

  it('still refuses another site, a token carried elsewhere, and a store not linked', async () => {
    const s = await site();
    expect((await token(s, 'https://evil.example')).json().code).toBe('origin_not_allowed');
    const t = (await token(s, OWN)).json().token as string;
    expect((await card(t, { origin: 'https://evil.example' })).json().code).toBe('not_linked');
    expect((await card(t, { 'sec-fetch-site': 'cross-site' })).json().code).toBe('not_linked');
    const unlinked = await site(store.merchant as Who, false);
    const t2 = (await token(unlinked, OWN)).json().token as string;
    const refused = await card(t2, { 'sec-fetch-site': 'same-origin' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('not_linked');
  });
});
