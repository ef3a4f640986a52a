// The web never writes a second copy of a server state list: no list or union of three neighbouring values of a named
// enum of the API (web/src/lib/api/schema.ts) appears anywhere else in web/src. It uses `enumValues.X` and
// `Schemas['X']` instead, so a state added on the server reaches every screen (and its missing label fails a test).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enumValues } from '../../web/src/lib/api/schema.ts';

const webSrc = path.resolve(import.meta.dirname, '../../web/src');
const generated = path.join(webSrc, 'lib/api/schema.ts');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && p !== generated ? [p] : [];
  });
}

const RUN = 3;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('state lists', () => {
  it('no file of the web app repeats three neighbouring values of a server enum as a list or a union', () => {
    const files = sources(webSrc).map((f) => ({ f: path.relative(webSrc, f), text: readFileSync(f, 'utf8') }));
    const copies: string[] = [];
    for (const [name, values] of Object.entries(enumValues) as [string, readonly string[]][]) {
      // Two words in a row ('buyer', 'merchant') are too common to call a copy: a run of three is.
      for (let i = 0; i + RUN <= values.length; i++) {
        const run = values.slice(i, i + RUN);
        const pattern = new RegExp(run.map((v) => `['"\`]${escape(v)}['"\`]`).join('\\s*[,|]\\s*'));
        for (const { f, text } of files) if (pattern.test(text)) copies.push(`${f}: ${name} (${run.join(', ')})`);
      }
    }
    expect([...new Set(copies)]).toEqual([]);
  });
});
