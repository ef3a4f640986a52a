// Every problem `code` the server can answer has a text in English, Chinese and Vietnamese (web/src/i18n problems.code),
// so the web shows a person a translated sentence rather than the server's English `detail`. The codes are collected
// from the server's source: the first argument of the typed errors (src/kernel/errors.ts), the `code` of the problems
// the HTTP layer answers itself, and the few codes chosen at run time (listed below by file).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { zh } from '../../web/src/i18n/zh.ts';
import { vi } from '../../web/src/i18n/vi.ts';

const src = path.resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'demo' ? [] : sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Codes a typed error takes from a variable; the test fails on a new one until it is listed here. */
const CHOSEN_AT_RUN_TIME: Record<string, string[]> = {
  'modules/catalog/products.ts': ['store_not_open', 'category_not_approved', 'deposit_insufficient'],
  // `${entity}_transition_not_allowed` for every state machine: collected from the defineMachine calls below.
  'kernel/state-machine.ts': [],
};

function collect() {
  const codes = new Set<string>(['forbidden', 'unauthorized', 'too_many_attempts', 'too_many_requests']);
  const unknownDynamic: string[] = [];
  for (const file of sources(src)) {
    const rel = path.relative(src, file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new (Invalid|BadRequest|Conflict|NotFound)\(\s*([^\s,)]+)/g)) {
      const literal = /^['"`]([a-z0-9_]+)['"`]$/.exec(m[2]);
      if (!literal) {
        if (!CHOSEN_AT_RUN_TIME[rel]) unknownDynamic.push(`${rel}: ${m[0]}`);
        continue;
      }
      codes.add(m[1] === 'NotFound' ? `${literal[1]}_not_found` : literal[1]);
    }
    for (const m of text.matchAll(/new AppError\(\s*\d+,\s*'([a-z0-9_]+)'/g)) codes.add(m[1]);
    for (const m of text.matchAll(/super\(\s*\d+,\s*'([a-z0-9_]+)'/g)) codes.add(m[1]);
    // Forbidden and Unauthorized take the code second: `new Forbidden(message, 'code')`.
    for (const m of text.matchAll(/new (Forbidden|Unauthorized)\((?:[^;]*?),\s*'([a-z0-9_]+)'\)/g)) codes.add(m[2]);
    // Problems the HTTP layer answers itself (kernel/problem.ts, app.ts): `{ status, code: '…', detail }`.
    for (const m of text.matchAll(/status: \d{3}, code: '([a-z0-9_]+)'/g)) codes.add(m[1]);
    for (const m of text.matchAll(/defineMachine<[^>]*>\(\s*'([a-z0-9_]+)'/g)) codes.add(`${m[1]}_transition_not_allowed`);
    // Deliveries (order notices, webhooks) share one machine, named per kind: deliveryMachine('…').
    for (const m of text.matchAll(/deliveryMachine\(\s*'([a-z0-9_]+)'\)/g)) codes.add(`${m[1]}_transition_not_allowed`);
    for (const c of CHOSEN_AT_RUN_TIME[rel] ?? []) codes.add(c);
  }
  return { codes: [...codes].sort(), unknownDynamic };
}

describe('problem codes', () => {
  const { codes, unknownDynamic } = collect();

  it('finds the codes the server throws (a sample of each kind is among them)', () => {
    for (const c of ['invalid_login', 'refund_transition_not_allowed', 'gift_not_found', 'order_not_found', 'validation_failed', 'stock_insufficient', 'malformed_json', 'store_not_open']) expect(codes).toContain(c);
    expect(codes.length).toBeGreaterThan(150);
  });

  it('every code chosen at run time is listed, so none escapes the check', () => {
    expect(unknownDynamic).toEqual([]);
  });

  for (const [lang, texts] of [['en', en], ['zh', zh], ['vi', vi]] as const) {
    it(`every code has a ${lang} text`, () => {
      const table = texts.problems.code as Record<string, string>;
      expect(codes.filter((c) => !table[c]?.trim())).toEqual([]);
    });
  }

  it('the three languages translate the same codes, and zh and vi do not repeat the English', () => {
    const keys = (t: typeof en) => Object.keys(t.problems.code).sort();
    expect(keys(zh)).toEqual(keys(en));
    expect(keys(vi)).toEqual(keys(en));
    const zhCode = zh.problems.code as Record<string, string>;
    const viCode = vi.problems.code as Record<string, string>;
    const enCode = en.problems.code as Record<string, string>;
    expect(Object.keys(enCode).filter((k) => zhCode[k] === enCode[k] || viCode[k] === enCode[k])).toEqual([]);
  });
});
