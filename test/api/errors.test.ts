// Every refusal is application/problem+json with a stable code, writes nothing, and is never a 500.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, multipart, operator, PDF, pngImage, signUp, SLOW_TEST_MS, testEnv, type TestEnv } from '../helpers.ts';
import { apiOperations, expectProblem, fill, newStore, storeBody, upload, writesNothing, type Who } from './support.ts';

const UPLOAD_LIMIT = 2000;
let env: TestEnv;
let merchant: Who;
let op: Who;
let store: { id: string };
beforeAll(async () => {
  env = await testEnv({ TRIO_UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT) });
  merchant = await signUp(env.app, 'merchant');
  op = await operator(env);
  store = await newStore(env, merchant);
});
afterAll(async () => { await env?.close(); });

const uploadedFiles = () => {
  const dir = path.join(env.dataDir, 'uploads', 'qualifications', store.id);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
};

describe('the shape of every error', () => {
  it('a problem has type, title, status, code, detail and the instance that was asked for', async () => {
    const url = `/api/operator/stores/${randomUUID()}`;
    const body = expectProblem(await env.app.inject({ method: 'GET', url, headers: op.headers }), 404, 'store_not_found');
    expect(body).toEqual({ type: 'https://trio.dev/problems/store_not_found', title: 'Not found', status: 404, code: 'store_not_found', detail: expect.any(String), instance: url });
  });
});

describe('bodies the API cannot read', () => {
  it('malformed JSON is refused with 400 malformed_json and creates nothing', async () => {
    for (const payload of ['{"storeName": "A",', '{storeName: "A"}', "{'a': 1}", '[1,2', '']) {
      await writesNothing(env.ctx.db, async () => {
        expectProblem(await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: { ...merchant.headers, 'content-type': 'application/json' }, payload }), 400, 'malformed_json');
      });
    }
  });

  it('JSON that tries to set an object prototype is refused as malformed', async () => {
    const payload = '{"storeName":"Proto","__proto__":{"admin":true}}';
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: { ...merchant.headers, 'content-type': 'application/json' }, payload }), 400, 'malformed_json');
  });

  it('wrong types are refused with 400 validation_failed, naming every field at fault', async () => {
    await writesNothing(env.ctx.db, async () => {
      const res = await env.app.inject({
        method: 'POST', url: '/api/merchant/stores', headers: merchant.headers,
        payload: { storeName: 42, storeType: 'kiosk', subjectType: 'enterprise', legalEntity: { name: 'Acme Ltd', registrationNumber: 12345678 } },
      });
      const body = expectProblem(res, 400, 'validation_failed');
      const paths = body.errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual(['body.legalEntity.registrationNumber', 'body.storeName', 'body.storeType']);
      for (const e of body.errors) expect(e.message).toEqual(expect.any(String));
    });
  });

  it('a money amount with a fraction is refused: money is whole minor units', async () => {
    const body = expectProblem(await env.app.inject({ method: 'POST', url: `/api/operator/stores/${store.id}/deposit-ledger`, headers: op.headers, payload: { kind: 'payment', amount: 100.5 } }), 400, 'validation_failed');
    expect(body.errors[0].path).toBe('body.amount');
  });

  it('path and query parameters of the wrong type are named too', async () => {
    const p = expectProblem(await env.app.inject({ method: 'GET', url: '/api/merchant/stores/not-a-uuid', headers: merchant.headers }), 400, 'validation_failed');
    expect(p.errors[0].path).toBe('params.storeId');
    const q = expectProblem(await env.app.inject({ method: 'GET', url: '/api/operator/stores?limit=lots', headers: op.headers }), 400, 'validation_failed');
    expect(q.errors[0].path).toBe('querystring.limit');
    const e = expectProblem(await env.app.inject({ method: 'GET', url: '/api/operator/stores?status=sleeping', headers: op.headers }), 400, 'validation_failed');
    expect(e.errors[0].path).toBe('querystring.status');
  });

  it('a body over the size limit is refused with 413 before it is read', async () => {
    await writesNothing(env.ctx.db, async () => {
      const payload = JSON.stringify({ ...storeBody(), storeName: 'x'.repeat(env.ctx.config.bodyLimitBytes + 10) });
      expectProblem(await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: { ...merchant.headers, 'content-type': 'application/json' }, payload }), 413, 'payload_too_large');
    });
  });

  it('a body in a type the API does not speak is refused with 415', async () => {
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: { ...merchant.headers, 'content-type': 'application/xml' }, payload: '<store/>' }), 415, 'unsupported_media_type');
  });

  it('text that cannot be stored (NUL characters) is refused with 400, not a server error', async () => {
    await writesNothing(env.ctx.db, async () => {
      expectProblem(await env.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'nul@errors.test', password: 'long enough', displayName: 'Nul\u0000Byte' } }), 400, 'invalid_characters');
      expectProblem(await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: merchant.headers, payload: storeBody(undefined, { storeName: 'Bad\u0000Name' }) }), 400, 'invalid_characters');
    });
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x\u0000@errors.test', password: 'whatever' } }), 400, 'invalid_characters');
  });
});

describe('things that do not exist', () => {
  it('unknown ids are 404 with a code naming what was missing', async () => {
    const cases: [string, string, unknown, string][] = [
      ['GET', `/api/operator/stores/${randomUUID()}`, undefined, 'store_not_found'],
      ['POST', `/api/operator/applications/${randomUUID()}/approve`, undefined, 'category_application_not_found'],
      ['POST', `/api/operator/applications/${randomUUID()}/reject`, { reason: 'Not good enough' }, 'category_application_not_found'],
      ['GET', `/api/operator/documents/${randomUUID()}`, undefined, 'document_not_found'],
      ['PATCH', '/api/operator/categories/999999', { commissionBp: 100 }, 'category_not_found'],
      ['POST', `/api/operator/stores/${randomUUID()}/deposit-ledger`, { kind: 'payment', amount: 100 }, 'store_not_found'],
      ['POST', `/api/operator/stores/${randomUUID()}/status`, { event: 'close_by_operator' }, 'store_not_found'],
      ['POST', '/api/operator/categories/bulk/preview', { selection: { categoryIds: [999999] }, action: { type: 'set_policy', policy: 'open' } }, 'category_not_found'],
    ];
    for (const [method, url, payload, code] of cases) {
      await writesNothing(env.ctx.db, async () => {
        expectProblem(await env.app.inject({ method: method as 'GET', url, headers: op.headers, payload: payload as object }), 404, code);
      });
    }
    // A merchant's own store with ids that are not there.
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${store.id}/listing-eligibility?categoryId=999999`, headers: merchant.headers }), 404, 'category_not_found');
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/category-applications/${randomUUID()}/withdraw`, headers: merchant.headers }), 404, 'category_application_not_found');
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/category-applications`, headers: merchant.headers, payload: { categories: [{ categoryId: 999999 }] } }), 404, 'category_not_found');
    expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/category-applications`, headers: merchant.headers, payload: { categories: [{ categoryId: await categoryId(env, 'apparel.women.silk'), documentIds: [randomUUID()] }] } }), 404, 'document_not_found');
  });

  it('an unknown route is 404 route_not_found, as is a known path with a method it does not have', async () => {
    const a = expectProblem(await env.app.inject({ method: 'GET', url: '/api/nothing/here?x=1' }), 404, 'route_not_found');
    expect(a.detail).toContain('/api/nothing/here');
    expect(a.detail).not.toContain('x=1');
    expectProblem(await env.app.inject({ method: 'DELETE', url: '/api/categories' }), 404, 'route_not_found');
    expectProblem(await env.app.inject({ method: 'GET', url: '/nowhere' }), 404, 'route_not_found');
  });
});

describe('every answer of the server is a problem, the router\'s and the HTTP parser\'s too', () => {
  it('an over-long path parameter is 414 uri_too_long, a broken escape 400 malformed_url', async () => {
    const long = expectProblem(await env.app.inject({ method: 'GET', url: `/api/merchant/stores/${'a'.repeat(300)}`, headers: merchant.headers }), 414, 'uri_too_long');
    expect(long.title).toBe('URI too long');
    expectProblem(await env.app.inject({ method: 'GET', url: `/api/storefront/products/${'9'.repeat(150)}` }), 414, 'uri_too_long');
    expectProblem(await env.app.inject({ method: 'GET', url: '/api/storefront/products/%zz' }), 400, 'malformed_url');
  });

  it('404, 400 bad JSON, 413 and 415 each carry their own code', async () => {
    const json = { ...merchant.headers, 'content-type': 'application/json' };
    expectProblem(await env.app.inject({ method: 'PUT', url: '/api/nothing' }), 404, 'route_not_found');
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: json, payload: '{' }), 400, 'malformed_json');
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: json, payload: `"${'x'.repeat(env.ctx.config.bodyLimitBytes)}"` }), 413, 'payload_too_large');
    expectProblem(await env.app.inject({ method: 'POST', url: '/api/merchant/stores', headers: { ...merchant.headers, 'content-type': 'application/xml' }, payload: '<a/>' }), 415, 'unsupported_media_type');
  });

  it('requests that are not HTTP, or whose headers are too large, get problem+json on the socket', async () => {
    const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = (text: string) => new Promise<string>((resolve, reject) => {
      let got = '';
      const s = net.connect(Number(port), '127.0.0.1', () => s.write(text));
      s.on('data', (d) => (got += d.toString()));
      s.on('error', reject);
      s.on('close', () => resolve(got));
    });
    const answer = (text: string) => {
      const [head, body] = text.split('\r\n\r\n');
      return { status: Number(head.split(' ')[1]), type: /content-type: ([^\r]+)/i.exec(head)?.[1], body: JSON.parse(body) };
    };
    const garbage = answer(await raw('NOT HTTP AT ALL\r\n\r\n'));
    expect(garbage).toMatchObject({ status: 400, type: expect.stringMatching(/^application\/problem\+json/), body: { status: 400, code: 'malformed_request' } });
    const big = answer(await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(big).toMatchObject({ status: 431, type: expect.stringMatching(/^application\/problem\+json/), body: { status: 431, code: 'headers_too_large', title: expect.any(String) } });
  });
});

describe('qualification uploads', () => {
  it('an accepted document is kept with its type found from its content', async () => {
    const png = await pngImage();
    const res = await upload(env, merchant, store.id, 'brand_authorisation', { name: 'scan.png', type: 'application/octet-stream', data: png });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'brand_authorisation', mimeType: 'image/png', sizeBytes: png.length, fileName: 'scan.png' });
    expect(uploadedFiles()).toContain(`${res.json().id}.png`);
  });

  it('a file that is not a document is refused with 415 whatever its name and declared type, and nothing is kept', async () => {
    const files = uploadedFiles();
    for (const data of [Buffer.from('<html><script>alert(1)</script></html>'), Buffer.from('MZ\x90\x00 an executable'), Buffer.from('GIF89a')]) {
      await writesNothing(env.ctx.db, async () => {
        const body = expectProblem(await upload(env, merchant, store.id, 'brand_authorisation', { name: 'licence.pdf', type: 'application/pdf', data }), 415, 'file_type_not_allowed');
        expect(body.allowed).toContain('application/pdf');
      });
    }
    expect(uploadedFiles()).toEqual(files);
  });

  it('a file over the limit is refused with 413 file_too_large, just over or far over, and nothing is kept', async () => {
    const files = uploadedFiles();
    // A whole PDF padded to the limit with blank space after its header line (it still ends in %%EOF).
    const header = PDF.indexOf('\n') + 1;
    const atLimit = Buffer.concat([PDF.subarray(0, header), Buffer.alloc(UPLOAD_LIMIT - PDF.length, ' '), PDF.subarray(header)]);
    for (const extra of [1, 50 * UPLOAD_LIMIT]) {
      await writesNothing(env.ctx.db, async () => {
        expectProblem(await upload(env, merchant, store.id, 'brand_authorisation', { data: Buffer.concat([atLimit, Buffer.alloc(extra)]) }), 413, 'file_too_large');
      });
    }
    expect(uploadedFiles()).toEqual(files);
    expect((await upload(env, merchant, store.id, 'brand_authorisation', { data: atLimit })).statusCode).toBe(201);
  });

  it('an empty file, a missing file or a missing kind is refused and nothing is kept', async () => {
    await writesNothing(env.ctx.db, async () => {
      expectProblem(await upload(env, merchant, store.id, 'brand_authorisation', { data: Buffer.alloc(0) }), 422, 'file_empty');
      const noFile = multipart({ kind: 'brand_authorisation' });
      const a = expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/documents`, headers: { ...merchant.headers, ...noFile.headers }, payload: noFile.payload }), 400, 'validation_failed');
      expect(a.errors[0].path).toBe('body.file');
      const noKind = multipart({}, { name: 'a.pdf', type: 'application/pdf', data: PDF });
      const b = expectProblem(await env.app.inject({ method: 'POST', url: `/api/merchant/stores/${store.id}/documents`, headers: { ...merchant.headers, ...noKind.headers }, payload: noKind.payload }), 400, 'validation_failed');
      expect(b.errors[0].path).toBe('body.kind');
      expectProblem(await upload(env, merchant, store.id, '../../etc/passwd'), 400, 'validation_failed');
    });
  });

  it('a broken or non-multipart upload is refused with 400, not a server error', async () => {
    await writesNothing(env.ctx.db, async () => {
      const url = `/api/merchant/stores/${store.id}/documents`;
      expectProblem(await env.app.inject({ method: 'POST', url, headers: { ...merchant.headers, 'content-type': 'multipart/form-data; boundary=xyz' }, payload: 'garbage' }), 400, 'malformed_multipart');
      expectProblem(await env.app.inject({ method: 'POST', url, headers: { ...merchant.headers, 'content-type': 'multipart/form-data' }, payload: 'garbage' }), 400, 'malformed_multipart');
      const up = multipart({ kind: 'brand_authorisation' }, { name: 'a.pdf', type: 'application/pdf', data: PDF });
      expectProblem(await env.app.inject({ method: 'POST', url, headers: { ...merchant.headers, ...up.headers }, payload: up.payload.subarray(0, up.payload.length - 40) }), 400, 'malformed_multipart');
      expectProblem(await env.app.inject({ method: 'POST', url, headers: merchant.headers, payload: { kind: 'brand_authorisation', file: 'JVBERi0=' } }), 400, 'multipart_expected');
    });
  });

  it('two files, or too many fields, in one upload are refused with 413 too_many_parts', async () => {
    await writesNothing(env.ctx.db, async () => {
      const up = multipart({ kind: 'brand_authorisation' }, { name: 'a.pdf', type: 'application/pdf', data: PDF });
      const boundary = up.headers['content-type'].split('boundary=')[1];
      const second = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="b.pdf"\r\ncontent-type: application/pdf\r\n\r\n${PDF}\r\n`);
      const url = `/api/merchant/stores/${store.id}/documents`;
      expectProblem(await env.app.inject({ method: 'POST', url, headers: { ...merchant.headers, ...up.headers }, payload: Buffer.concat([second, up.payload]) }), 413, 'too_many_parts');
      const many = multipart(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i}`, 'x'])), { name: 'a.pdf', type: 'application/pdf', data: PDF });
      expectProblem(await env.app.inject({ method: 'POST', url, headers: { ...merchant.headers, ...many.headers }, payload: many.payload }), 413, 'too_many_parts');
    });
  });
});

// ---- fuzzing: junk in every field of every operation, never a 500.
type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[]; enum?: unknown[]; items?: Schema; oneOf?: Schema[]; anyOf?: Schema[]; format?: string; minLength?: number; minimum?: number };

/** A plausible value for a schema, so that one junk field at a time reaches deep into the handler. */
function sample(s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 5) return null;
  if (s.oneOf?.length) return sample(s.oneOf[0], depth + 1);
  if (s.anyOf?.length) return sample(s.anyOf[0], depth + 1);
  if (s.enum?.length) return s.enum[0];
  switch (s.type) {
    case 'object': return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]));
    case 'array': return [sample(s.items, depth + 1)];
    case 'integer': case 'number': return Math.max(1, s.minimum ?? 1);
    case 'boolean': return true;
    case 'string':
      if (s.format === 'email') return `fuzz-${randomUUID().slice(0, 8)}@errors.test`;
      if (s.format === 'uuid') return randomUUID();
      return 'abcdefgh'.padEnd(s.minLength ?? 0, 'x');
    default: return null;
  }
}

const JUNK: unknown[] = [null, -1, 1.5, 2 ** 53, 1e308, '', 'x'.repeat(5000), '\u0000', "😀' OR 1=1 --", true, [null], { $gt: '' }];
/** One level down, fewer values: one of each kind. */
const NESTED_JUNK: unknown[] = [null, -1, 1.5, 2 ** 53, '', 'x'.repeat(5000), '\u0000', true, [], {}];
const TOP_JUNK = ['null', '[]', '"text"', '123', 'true', '{}', '{"a":{"b":{"c":[[[[{}]]]]}}}', '[{"categoryId":1}]'];
const PARAM_JUNK = ['not-a-uuid', '-1', '99999999999999999999', '%00', '..%2F..%2Fetc', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '1.5'];

describe('junk never breaks the server', () => {
  it('junk in any body field, path parameter or query of any operation is answered below 500 with a problem', { timeout: SLOW_TEST_MS }, async () => {
    const { ops } = await apiOperations(env.app);
    const buyer = await signUp(env.app, 'buyer');
    const params = { storeId: store.id, keyId: randomUUID(), applicationId: randomUUID(), documentId: randomUUID(), categoryId: await categoryId(env, 'apparel.women.dresses') };
    const failures: string[] = [];
    let requests = 0;
    const send = async (method: string, url: string, who: Who | undefined, payload?: string) => {
      requests++;
      const res = await env.app.inject({
        method: method as 'POST', url, remoteAddress: '192.0.2.99',
        headers: { ...(who?.headers ?? {}), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(payload !== undefined ? { payload } : {}),
      });
      const problem = res.statusCode >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json');
      if (res.statusCode >= 500 || problem) failures.push(`${method} ${url} ${payload?.slice(0, 120) ?? ''} -> ${res.statusCode} ${res.body.slice(0, 200)}`);
    };
    for (const { method, path: p, operation } of ops) {
      if (p === '/api/auth/logout') continue; // would end the session the rest of the run uses
      const who = p.startsWith('/api/operator') ? op : p.startsWith('/api/merchant') ? merchant : p === '/api/me' ? buyer : undefined;
      const url = fill(p, params, () => randomUUID());
      const bodySchema = (operation.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content?.['application/json']?.schema;
      if (bodySchema) {
        const base = sample(bodySchema) as Record<string, unknown>;
        for (const raw of TOP_JUNK) await send(method, url, who, raw);
        for (const key of Object.keys(bodySchema.properties ?? {})) {
          for (const junk of JUNK) await send(method, url, who, JSON.stringify({ ...base, [key]: junk }));
          // One level down too (legalEntity.registrationNumber, action.percent, selection.categoryIds...).
          const inner = base[key];
          if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
            for (const innerKey of Object.keys(inner)) {
              for (const junk of NESTED_JUNK) await send(method, url, who, JSON.stringify({ ...base, [key]: { ...inner, [innerKey]: junk } }));
            }
          }
          if (Array.isArray(inner) && inner[0] && typeof inner[0] === 'object') {
            for (const innerKey of Object.keys(inner[0] as object)) {
              for (const junk of NESTED_JUNK) await send(method, url, who, JSON.stringify({ ...base, [key]: [{ ...(inner[0] as object), [innerKey]: junk }] }));
            }
          }
        }
      }
      for (const name of p.match(/:(\w+)/g) ?? []) {
        for (const junk of PARAM_JUNK) await send(method, fill(p, { ...params, [name.slice(1)]: junk }, () => randomUUID()), who, bodySchema ? JSON.stringify(sample(bodySchema)) : undefined);
      }
      const query = ((operation.parameters ?? []) as { in: string; name: string }[]).filter((q) => q.in === 'query');
      for (const q of query) {
        for (const junk of PARAM_JUNK) await send(method, `${url}?${q.name}=${junk}`, who);
        await send(method, `${url}?${q.name}=1&${q.name}=2`, who);
      }
    }
    expect(requests).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });
});
