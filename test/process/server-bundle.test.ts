// `npm start` runs the server bundle (a script) through scripts/run-server.mjs: the first run keeps the code V8
// compiled beside the bundle, the next run takes it instead of compiling again, a rebuilt bundle never takes the old
// one; and stack traces name the TypeScript sources, not the bundle.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { readSourceMap, runServer } from '../../scripts/run-server.mjs';
import { buildServerIfStale, serverBundle } from '../../scripts/build-server.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'trio-server-bundle-'));
const source = path.join(dir, 'fixture.ts');
const bundle = path.join(dir, 'app.cjs');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small server-like bundle: `started` settles when it is up; `fail` throws on line 3 of fixture.ts. */
async function makeBundle(version: number) {
  writeFileSync(source, [
    `export const started = Promise.resolve(${version});`,
    'export function fail(): never {',
    "  throw new Error('fixture failed');",
    '}',
    ...Array.from({ length: 50 }, (_, i) => `export const f${i} = (a: number) => a * ${i} + ${version};`),
    '',
  ].join('\n'));
  await build({ entryPoints: [source], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', sourcemap: 'linked', sourcesContent: false, logLevel: 'error' });
}

type Fixture = { fail(): never; f3(a: number): number };

describe('the server bundle runner', () => {
  it('keeps the compiled code after the start, takes it at the next run, and not for a rebuilt bundle', async () => {
    await makeBundle(1);
    const first = runServer(bundle);
    expect(first.cacheUsed).toBe(false);
    expect(await first.cacheWritten).toBe(true);

    const second = runServer(bundle);
    expect(second.cacheUsed).toBe(true);
    expect((second.exports as unknown as Fixture).f3(2)).toBe(7);

    // Another build (here: of another length, as a changed source makes): the kept cache is not its code.
    await makeBundle(22);
    const third = runServer(bundle);
    expect(third.cacheUsed).toBe(false);
    expect((third.exports as unknown as Fixture).f3(2)).toBe(28);
    expect(await third.cacheWritten).toBe(true);
    expect(runServer(bundle).cacheUsed).toBe(true);
  });

  it('names the TypeScript source in stack traces', async () => {
    await makeBundle(3);
    const { exports } = runServer(bundle);
    let stack = '';
    try {
      (exports as unknown as Fixture).fail();
    } catch (err) {
      stack = (err as Error).stack ?? '';
    }
    expect(stack).toContain(`${source}:3:`);
    expect(stack).not.toContain(`${bundle}:`);
  });

  it('finds the same source places as Node’s own source maps', async () => {
    await makeBundle(4);
    const file = `${bundle}.map`;
    const ours = readSourceMap(file);
    if (!ours) throw new Error('the source map was not read');
    const node = new SourceMap(JSON.parse(readFileSync(file, 'utf8')));
    const lines = readFileSync(bundle, 'utf8').split('\n');
    for (let line = 0; line < lines.length + 2; line++) {
      for (let column = 0; column <= (lines[line]?.length ?? 3); column++) {
        const e = node.findEntry(line, column) as { originalSource?: string; originalLine: number; originalColumn: number };
        const expected = e.originalSource ? `${path.resolve(dir, e.originalSource)}:${e.originalLine + 1}:${e.originalColumn + 1}` : undefined;
        expect(ours.find(line, column), `${line}:${column}`).toBe(expected);
      }
    }
  });

  it('ends a start that fails with status 1, saying where in the TypeScript sources', { timeout: 120_000 }, async () => {
    await buildServerIfStale();
    // A data directory under a file: opening the database fails.
    const file = path.join(dir, 'a-file');
    writeFileSync(file, '');
    const root = path.resolve(import.meta.dirname, '..', '..');
    const env = { ...process.env, DATABASE_URL: '', TRIO_DATA_DIR: path.join(file, 'data'), PORT: '0', TRIO_DEMO_HOST_PORT: '0', LOG_LEVEL: 'warn' };
    const proc = spawn(process.execPath, ['--enable-source-maps', serverBundle], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => proc.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('ENOTDIR');
    expect(stderr).toContain(`${path.join(root, 'src', 'db')}${path.sep}`);
  });
});
