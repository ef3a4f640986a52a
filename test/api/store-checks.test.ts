// A new legal entity's first store, and every flagship store, is checked by the operator before it first opens, even
// when all its categories are open: the licence (and the brand authorisation) go with the request; the store's
// documents must be readable (images that decode at a readable size, whole PDFs with a page).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { categoryId, operator, PDF, pngImage, signUp, testEnv, type TestEnv } from '../helpers.ts';
import { expectProblem, getStore, newStore, regNumber, storeBody, upload, uploadOk, writesNothing } from './support.ts';
import { textPdf } from '../../src/demo/pdf.ts';
import { demoPdf } from '../../src/demo/seed.ts';

let env: TestEnv;
beforeAll(async () => { env = await testEnv(); });
afterAll(async () => { await env?.close(); });

type Who = Awaited<ReturnType<typeof signUp>>;
const askWith = async (who: Who, storeId: string, code: string, documentIds: string[]) =>
  env.app.inject({ method: 'POST', url: `/api/merchant/stores/${storeId}/category-applications`, headers: who.headers, payload: { categories: [{ categoryId: await categoryId(env, code), documentIds }] } });

describe('the first store of a new legal entity', () => {
  it('waits for the operator on an open category; once approved it opens, and the entity\'s next store opens at once', async () => {
    const m = await signUp(env.app, 'merchant');
    const op = await operator(env);
    const reg = regNumber('FIRST');
    const store = await newStore(env, m, storeBody(reg));
    expect((await getStore(env, m, store.id)).checks).toEqual({ reasons: ['first_store_of_entity'], documents: ['business_licence'] });

    // Without the licence the request is refused, and nothing is written.
    const refused = await writesNothing(env.ctx.db, () => askWith(m, store.id, 'apparel.women.dresses', []));
    expect(expectProblem(refused, 422, 'store_documents_missing')).toMatchObject({ missing: ['business_licence'] });

    const licence = await uploadOk(env, m, store.id, 'business_licence');
    const asked = await askWith(m, store.id, 'apparel.women.dresses', [licence]);
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject([{ status: 'in_review', reviewReasons: ['first_store_of_entity'], documentIds: [licence] }]);
    expect((await getStore(env, m, store.id)).status).toBe('opening');

    // The operator's card says why, with the licence to open.
    const queue = (await env.app.inject({ method: 'GET', url: '/api/operator/applications?status=in_review&limit=200', headers: op.headers })).json();
    const card = queue.applications.find((a: { storeId: string }) => a.storeId === store.id);
    expect(card).toMatchObject({ reviewReasons: ['first_store_of_entity'], documents: [{ id: licence, kind: 'business_licence', mimeType: 'application/pdf' }] });
    const opened = await env.app.inject({ method: 'GET', url: `/api/operator/documents/${licence}`, headers: op.headers });
    expect(opened.rawPayload.equals(PDF)).toBe(true);

    const approved = await env.app.inject({ method: 'POST', url: `/api/operator/applications/${card.id}/approve`, headers: op.headers });
    expect(approved.statusCode, approved.body).toBe(200);
    const after = await getStore(env, m, store.id);
    expect(after.status).toBe('open');
    expect(after.checks).toEqual({ reasons: [], documents: [] });

    // The entity is checked now: its second store on an open category opens at once, with no licence asked.
    const second = await newStore(env, m, storeBody(reg, { storeName: 'Second Store' }));
    expect((await getStore(env, m, second.id)).checks).toEqual({ reasons: [], documents: [] });
    const again = await askWith(m, second.id, 'apparel.women.dresses', []);
    expect(again.json()).toMatchObject([{ status: 'approved', reviewReasons: [] }]);
    expect((await getStore(env, m, second.id)).status).toBe('open');
  });

  it('an open store asking for more open categories is not checked again', async () => {
    const m = await signUp(env.app, 'merchant');
    const store = await newStore(env, m);
    const licence = await uploadOk(env, m, store.id, 'business_licence');
    const first = (await askWith(m, store.id, 'apparel.women.dresses', [licence])).json()[0];
    const op = await operator(env);
    await env.app.inject({ method: 'POST', url: `/api/operator/applications/${first.id}/approve`, headers: op.headers });
    const more = await askWith(m, store.id, 'apparel.women.coats', []);
    expect(more.json()).toMatchObject([{ status: 'approved', reviewReasons: [] }]);
  });
});

describe('a flagship store', () => {
  it('is refused without a brand authorisation, and with one waits for the operator even for a checked entity', async () => {
    const m = await signUp(env.app, 'merchant');
    const op = await operator(env);
    const reg = regNumber('FLAG');
    const flagship = await newStore(env, m, storeBody(reg, { storeType: 'flagship' }));
    expect((await getStore(env, m, flagship.id)).checks).toEqual({ reasons: ['first_store_of_entity', 'flagship_brand_authorisation'], documents: ['business_licence', 'brand_authorisation'] });
    const licence = await uploadOk(env, m, flagship.id, 'business_licence');
    const refused = await askWith(m, flagship.id, 'apparel.women.dresses', [licence]);
    expect(expectProblem(refused, 422, 'store_documents_missing')).toMatchObject({ missing: ['brand_authorisation'] });

    const brand = await uploadOk(env, m, flagship.id, 'brand_authorisation');
    const asked = (await askWith(m, flagship.id, 'apparel.women.dresses', [licence, brand])).json();
    expect(asked).toMatchObject([{ status: 'in_review', reviewReasons: ['first_store_of_entity', 'flagship_brand_authorisation'] }]);
    await env.app.inject({ method: 'POST', url: `/api/operator/applications/${asked[0].id}/approve`, headers: op.headers });
    expect((await getStore(env, m, flagship.id)).status).toBe('open');

    // A second flagship of the same (now checked) entity: its brand authorisation is still checked.
    const second = await newStore(env, m, storeBody(reg, { storeType: 'flagship', storeName: 'Second Flagship' }));
    expect((await getStore(env, m, second.id)).checks).toEqual({ reasons: ['flagship_brand_authorisation'], documents: ['brand_authorisation'] });
    expectProblem(await askWith(m, second.id, 'apparel.women.dresses', []), 422, 'store_documents_missing');
    const brand2 = await uploadOk(env, m, second.id, 'brand_authorisation');
    expect((await askWith(m, second.id, 'apparel.women.dresses', [brand2])).json()).toMatchObject([{ status: 'in_review', reviewReasons: ['flagship_brand_authorisation'] }]);
  });
});

describe('documents are checked by their content', () => {
  let m: Who;
  let storeId: string;
  beforeAll(async () => {
    m = await signUp(env.app, 'merchant');
    storeId = (await newStore(env, m)).id;
  });

  it('accepts a real PNG, JPEG and PDF, whatever their names and declared types', async () => {
    const png = await upload(env, m, storeId, 'business_licence', { name: 'scan.bin', type: 'application/octet-stream', data: await pngImage(400, 300) });
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json().mimeType).toBe('image/png');
    const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#eee' } }).jpeg().toBuffer();
    expect((await upload(env, m, storeId, 'business_licence', { name: 'photo.pdf', data: jpeg })).json().mimeType).toBe('image/jpeg');
    expect((await upload(env, m, storeId, 'business_licence', { name: 'licence.pdf', data: textPdf(['Business licence']) })).statusCode).toBe(201);
    // The demo's documents are real PDFs too.
    expect((await upload(env, m, storeId, 'business_licence', { name: 'demo.pdf', data: demoPdf('Business Licence', 'Jade Mountain Tea 翠山茶庄') })).statusCode).toBe(201);
  });

  it('refuses an empty, truncated, pageless or renamed file, and an image too small to read', async () => {
    const pdf = textPdf(['Business licence']);
    const png = await pngImage(400, 300);
    const cases: [string, Buffer, number, string][] = [
      ['empty.pdf', Buffer.alloc(0), 422, 'file_empty'],
      ['truncated.pdf', pdf.subarray(0, Math.floor(pdf.length / 2)), 422, 'document_unreadable'],
      ['pageless.pdf', Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'), 422, 'document_unreadable'],
      ['notes.pdf', Buffer.from('These are my notes, not a licence.\n'), 415, 'file_type_not_allowed'],
      ['truncated.png', png.subarray(0, Math.floor(png.length / 2)), 422, 'document_unreadable'],
      ['header-only.png', png.subarray(0, 40), 422, 'document_unreadable'],
      ['tiny.png', await pngImage(40, 40), 422, 'document_unreadable'],
    ];
    for (const [name, data, status, code] of cases) {
      const res = await writesNothing(env.ctx.db, () => upload(env, m, storeId, 'business_licence', { name, data }));
      expectProblem(res, status, code);
    }
  });
});
