// Form errors in the buyer's language: every field issue a problem answer carries (`errors[].code`, from Zod's issue
// codes) has a text in English, Chinese and Vietnamese (validation.field in web/src/i18n), every Zod issue maps to one
// of those codes, and a refused request really carries them with the bound they speak of.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FIELD_ISSUE_CODES } from '../../src/kernel/errors.ts';
import { fieldIssueCode } from '../../src/kernel/problem.ts';
import { en } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { vi } from '../../web/src/i18n/vi.ts';
import { testEnv, type TestEnv } from '../helpers.ts';

const texts = { en: en.validation.field, zh: zh.validation.field, vi: vi.validation.field } as Record<string, Record<string, string>>;

describe('field issue codes', () => {
  it('each has a text in en, zh and vi (zh and vi translated, the same placeholders)', () => {
    const missing: string[] = [];
    for (const code of FIELD_ISSUE_CODES) {
      for (const [lang, t] of Object.entries(texts)) if (!t[code]?.trim()) missing.push(`${lang}: ${code}`);
      for (const lang of ['zh', 'vi']) {
        if (texts[lang][code] === texts.en[code]) missing.push(`${lang}: ${code} is the English text`);
        const holes = (s = '') => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort().join();
        if (holes(texts[lang][code]) !== holes(texts.en[code])) missing.push(`${lang}: ${code} placeholders differ`);
      }
    }
    // No text for a code the server never sends.
    for (const t of Object.values(texts)) for (const k of Object.keys(t)) if (!(FIELD_ISSUE_CODES as readonly string[]).includes(k)) missing.push(`extra: ${k}`);
    expect(missing).toEqual([]);
  });

  it('every issue Zod reports maps to one of them, with its bound', () => {
    const issues = (schema: z.ZodType, value: unknown) => {
      const r = schema.safeParse(value);
      if (r.success) throw new Error('expected issues');
      return r.error.issues.map((i) => fieldIssueCode(i.code, i as unknown as Record<string, unknown>, i.message));
    };
    expect(issues(z.object({ a: z.string() }), {})).toEqual([{ code: 'required' }]);
    expect(issues(z.string(), 5)).toEqual([{ code: 'invalid_type' }]);
    expect(issues(z.string().min(8), 'short')).toEqual([{ code: 'too_short', limit: 8 }]);
    expect(issues(z.string().max(3), 'long text')).toEqual([{ code: 'too_long', limit: 3 }]);
    expect(issues(z.number().min(1), 0)).toEqual([{ code: 'too_small', limit: 1 }]);
    expect(issues(z.number().max(10), 11)).toEqual([{ code: 'too_big', limit: 10 }]);
    expect(issues(z.array(z.string()).min(1), [])).toEqual([{ code: 'too_few', limit: 1 }]);
    expect(issues(z.array(z.string()).max(1), ['a', 'b'])).toEqual([{ code: 'too_many', limit: 1 }]);
    expect(issues(z.email(), 'nope')).toEqual([{ code: 'invalid_format' }]);
    expect(issues(z.string().regex(/^\d+$/), 'x')).toEqual([{ code: 'invalid_format' }]);
    expect(issues(z.enum(['a', 'b']), 'c')).toEqual([{ code: 'invalid_value' }]);
    expect(issues(z.number().multipleOf(5), 7)).toEqual([{ code: 'not_multiple_of' }]);
    expect(issues(z.strictObject({}), { x: 1 })).toEqual([{ code: 'unrecognized_keys' }]);
    expect(issues(z.string().refine(() => false, 'no'), 'x')).toEqual([{ code: 'custom' }]);
    expect(issues(z.union([z.string(), z.number()]), true)).toEqual([{ code: 'invalid' }]);
    for (const zodCode of ['invalid_union', 'invalid_key', 'invalid_element', 'something_new']) expect(FIELD_ISSUE_CODES).toContain(fieldIssueCode(zodCode).code);
  });
});

describe('a refused form', () => {
  let env: TestEnv;
  beforeAll(async () => { env = await testEnv(); });
  afterAll(async () => { await env?.close(); });

  it('names each field with its code and bound beside the English message', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'not-an-email', password: 'short' } });
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { path: string; code: string; limit?: number; message: string }[];
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'body.email', code: 'invalid_format' }),
      expect.objectContaining({ path: 'body.password', code: 'too_short', limit: 8, message: 'must have at least 8 characters' }),
      expect.objectContaining({ path: 'body.displayName', code: 'required' }),
    ]));
  });
});
